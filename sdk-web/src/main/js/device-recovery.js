// A LocalStream's devices: recapturing a camera or microphone that stopped on its own (v4's
// 'device-auto-recovered'), and switchDevice(). Functions of the stream, kept apart from local-stream.js.

import { mediaDevices, mediaError } from './devices.js';
import { ErrorCode, invalid, rtcError } from './errors.js';
import { audioConstraints, videoConstraints } from './profiles.js';

/** @typedef {import('./local-stream.js').LocalStream} LocalStream */

/**
 * A camera or microphone the SDK captured: when its capture ends by itself (unplugged, taken by
 * the system), capture that device again (else any) and swap it in — v4's auto recovery, reported
 * as 'device-auto-recovered', or 'error' DEVICE_AUTO_RECOVER_FAILED.
 * @param {LocalStream} stream
 * @param {MediaStreamTrack} track
 */
export function watchDevice(stream, track) {
  const onEnded = () => {
    track.removeEventListener('ended', onEnded);
    const kind = /** @type {'audio' | 'video'} */ (track.kind);
    const current = kind === 'audio' ? stream._rawAudioTrack() : stream._videoTrack;
    if (stream._state !== 'initialized' || current !== track) return; // closed or replaced meanwhile
    recoverDevice(stream, kind, track).catch((e) => stream._log.error('device recovery failed', e));
  };
  track.addEventListener('ended', onEnded);
}

/**
 * @param {LocalStream} stream
 * @param {'audio' | 'video'} kind
 * @param {MediaStreamTrack} lost
 */
async function recoverDevice(stream, kind, lost) {
  const settings = typeof lost.getSettings === 'function' ? lost.getSettings() : {};
  const deviceId = settings.deviceId || (kind === 'audio' ? stream._config.microphoneId : stream._config.cameraId) || '';
  const what = kind === 'audio' ? 'microphone' : 'camera';
  stream._log.warn(`the ${what} stopped capturing; capturing it again`);
  const attempts = deviceId ? [deviceId, ''] : [''];
  /** @type {MediaStreamTrack | null} */
  let track = null;
  for (const id of attempts) {
    try {
      const media = await mediaDevices().getUserMedia(kind === 'audio'
        ? { audio: audioConstraints(stream._audioProfile, id) }
        : { video: videoConstraints(stream._videoProfile, id, id ? '' : stream._config.facingMode) });
      track = media.getTracks()[0] || null;
      if (track) break;
    } catch (e) {
      stream._log.debug(`recapturing the ${what}${id ? ' ' + id : ''} failed`, e);
    }
  }
  if (stream._state !== 'initialized') {
    if (track) track.stop();
    return;
  }
  if (!track) {
    const err = rtcError(ErrorCode.DEVICE_AUTO_RECOVER_FAILED, `the ${what} stopped and could not be captured again: check that it is connected and not used by another application`);
    stream._log.error(err.message);
    stream._emit('error', err);
    return;
  }
  stream._ownedTracks.add(track);
  await stream._swapTrack(kind === 'audio' ? stream._audioTrack : lost, track);
  stream._ownedTracks.delete(lost);
  watchDevice(stream, track);
  const newId = (typeof track.getSettings === 'function' && track.getSettings().deviceId) || '';
  stream._config = Object.freeze(Object.assign({}, stream._config, kind === 'audio' ? { microphoneId: newId } : { cameraId: newId }));
  const rawAudio = stream._rawAudioTrack();
  stream._emit('device-auto-recovered', {
    isCamera: kind === 'video',
    isMicrophone: kind === 'audio',
    cameraId: kind === 'video' ? newId : (stream._videoTrack && stream._videoTrack.getSettings ? stream._videoTrack.getSettings().deviceId || '' : ''),
    microphoneId: kind === 'audio' ? newId : (rawAudio && rawAudio.getSettings ? rawAudio.getSettings().deviceId || '' : ''),
  });
}

/**
 * switchDevice('audio' | 'video', deviceId): recaptures from another device, live if published. For
 * video, 'user' or 'environment' picks the front or rear camera (facingMode) instead of a deviceId.
 * @param {LocalStream} stream
 * @param {'audio' | 'video'} type
 * @param {string} deviceId
 */
export async function switchDevice(stream, type, deviceId) {
  if (type !== 'audio' && type !== 'video') throw invalid("switchDevice(type, deviceId): type is 'audio' or 'video'");
  if (typeof deviceId !== 'string' || !deviceId) throw invalid('switchDevice: pass a deviceId from TRTC.getCameras()/getMicrophones() (or, for video, \'user\' or \'environment\')');
  if (stream._state !== 'initialized') throw rtcError(ErrorCode.INVALID_OPERATION, 'switchDevice(): initialize() the stream first');
  const old = type === 'audio' ? stream._rawAudioTrack() : stream._videoTrack;
  if (!old || !stream._ownedTracks.has(old) || (type === 'video' && stream._config.screen)) {
    throw rtcError(ErrorCode.INVALID_OPERATION, `switchDevice(): this stream has no ${type === 'audio' ? 'microphone' : 'camera'} track captured by the SDK`);
  }
  const facing = type === 'video' && (deviceId === 'user' || deviceId === 'environment') ? deviceId : '';
  const constraints = type === 'audio'
    ? { audio: audioConstraints(stream._audioProfile, deviceId) }
    : { video: videoConstraints(stream._videoProfile, facing ? '' : deviceId, facing) };
  let media;
  try {
    media = await mediaDevices().getUserMedia(constraints);
  } catch (e) {
    if (e && e.name === 'NotReadableError') {
      // Some cameras cannot be opened twice: release the old one and try once more.
      old.stop();
      try {
        media = await mediaDevices().getUserMedia(constraints);
      } catch (e2) {
        throw mediaError(e2, type === 'audio' ? 'microphone' : 'camera');
      }
    } else {
      throw mediaError(e, type === 'audio' ? 'microphone' : 'camera');
    }
  }
  const track = media.getTracks()[0];
  stream._ownedTracks.add(track);
  await stream._swapTrack(type === 'audio' ? stream._audioTrack : old, track);
  old.stop();
  stream._ownedTracks.delete(old);
  watchDevice(stream, track);
  stream._config = Object.freeze(Object.assign({}, stream._config, type === 'audio'
    ? { microphoneId: deviceId }
    : facing ? { cameraId: '', facingMode: /** @type {'user' | 'environment'} */ (facing) } : { cameraId: deviceId }));
}
