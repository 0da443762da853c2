// Cameras, microphones and speakers: navigator.mediaDevices, the device lists, and capture errors
// mapped to TRTC's codes: permission → NOT_SUPPORTED, no such device → DEVICE_NOT_FOUND, a device
// that would not start → INITIALIZE_FAILED (v4's initialize() rejection), each keeping the browser's name.

import { ErrorCode, rtcError } from './errors.js';

/**
 * Maps a getUserMedia/getDisplayMedia failure to TRTC's error, keeping the DOMException name (the
 * legacy names are older Chrome's and Firefox's).
 * @param {any} e
 * @param {string} what 'camera', 'microphone', 'screen', …
 */
export function mediaError(e, what) {
  const name = (e && e.name) || 'Error';
  const detail = e && e.message ? ` (${e.message})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return rtcError(ErrorCode.NOT_SUPPORTED, `permission to use the ${what} was denied: allow it in the browser's site settings${detail}`, { name, cause: e });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return rtcError(ErrorCode.DEVICE_NOT_FOUND, `no ${what} found: connect one, or create the stream without it${detail}`, { name, cause: e });
    case 'OverconstrainedError':
      return rtcError(ErrorCode.DEVICE_NOT_FOUND, `the ${what} cannot satisfy the request (deviceId from TRTC.getCameras()/getMicrophones()? constraint ${e && e.constraint})`, { name, cause: e });
    case 'NotReadableError':
    case 'TrackStartError':
      return rtcError(ErrorCode.INITIALIZE_FAILED, `the ${what} is in use by another application or failed to start${detail}`, { name, cause: e });
    case 'TypeError':
      return rtcError(ErrorCode.INVALID_PARAMETER, `invalid capture request for the ${what}${detail}`, { name, cause: e });
    default:
      return rtcError(ErrorCode.INITIALIZE_FAILED, `capturing the ${what} failed: ${name}${detail}`, { name, cause: e });
  }
}

/** navigator.mediaDevices, or NOT_SUPPORTED (it is missing on plain-http pages). @returns {MediaDevices} */
export function mediaDevices() {
  const md = globalThis.navigator && globalThis.navigator.mediaDevices;
  if (!md || typeof md.getUserMedia !== 'function') {
    throw rtcError(ErrorCode.NOT_SUPPORTED, 'navigator.mediaDevices is unavailable: serve the page over https:// (or from localhost) in a WebRTC browser');
  }
  return md;
}

/**
 * TRTC.getDevices()/getCameras()/…: the devices of one kind (all for null).
 * @param {MediaDeviceKind | null} kind
 * @returns {Promise<MediaDeviceInfo[]>}
 */
export async function listDevices(kind) {
  const md = globalThis.navigator && globalThis.navigator.mediaDevices;
  if (!md || typeof md.enumerateDevices !== 'function') return [];
  const all = await md.enumerateDevices();
  // TRTC lists real devices only; Chrome's "default"/"communications" aliases repeat one of them.
  return all.filter((d) => (!kind || d.kind === kind) && d.deviceId !== 'communications' && !(kind !== 'audiooutput' && d.deviceId === 'default' && all.length > 1));
}
