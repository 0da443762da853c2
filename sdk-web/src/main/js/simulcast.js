// The small stream (TRTC's dual stream): rid-based simulcast of the main video, RFC 8853 + RFC 8851.
// The offer lists the layers lowest first (`a=simulcast:send l;h`); the server reads that order as
// low → high (PROTOCOL.md "publish").

import { invalid } from './errors.js';
import { editEncodings } from './sender-parameters.js';

export const SMALL_RID = 'l';
export const BIG_RID = 'h';

/**
 * setSmallStreamProfile's profile: bitrate in kbps; the small layer keeps the picture's aspect ratio
 * (height is informational).
 * @typedef {object} SmallStreamProfile
 * @property {number} width
 * @property {number} height
 * @property {number} bitrate
 * @property {number} frameRate
 */

/** @type {Readonly<SmallStreamProfile>} */
export const DEFAULT_SMALL_STREAM_PROFILE = Object.freeze({ width: 160, height: 120, bitrate: 100, frameRate: 15 });

/** True where the browser can send rid-based simulcast and change its encodings while sending. */
export function smallStreamSupported() {
  const Sender = globalThis.RTCRtpSender;
  const Pc = globalThis.RTCPeerConnection;
  return typeof globalThis.RTCRtpTransceiver === 'function' && typeof Sender === 'function' && typeof Pc === 'function'
    && !!Sender.prototype && typeof Sender.prototype.setParameters === 'function' && typeof Sender.prototype.getParameters === 'function'
    && !!Pc.prototype && typeof Pc.prototype.addTransceiver === 'function';
}

/**
 * setSmallStreamProfile's argument → a frozen {width, height, bitrate (kbps), frameRate}. A field left
 * out keeps its current value; a present one must be a positive integer (INVALID_PARAMETER naming it).
 * @param {unknown} profile
 * @param {Readonly<SmallStreamProfile>} current
 * @returns {Readonly<SmallStreamProfile>}
 */
export function resolveSmallStreamProfile(profile, current) {
  if (!profile || typeof profile !== 'object') {
    throw invalid('setSmallStreamProfile(profile): pass {width, height, bitrate, frameRate} (bitrate in kbps), e.g. {width: 160, height: 120, bitrate: 100, frameRate: 15}');
  }
  /** @type {any} */
  const out = {};
  for (const key of ['width', 'height', 'bitrate', 'frameRate']) {
    const given = /** @type {any} */ (profile)[key];
    const v = given === undefined ? /** @type {any} */ (current)[key] : given;
    if (!Number.isSafeInteger(v) || v <= 0) {
      throw invalid(`setSmallStreamProfile: ${key} must be a positive integer${key === 'bitrate' ? ' (kbps)' : ''} (got ${JSON.stringify(given)})`);
    }
    out[key] = v;
  }
  return Object.freeze(out);
}

/**
 * How much the small layer scales the camera picture down: the track's real width over the small width.
 * @param {MediaStreamTrack | null} track
 * @param {{width: number}} bigProfile
 * @param {SmallStreamProfile} small
 */
export function smallStreamScale(track, bigProfile, small) {
  const settings = track && typeof track.getSettings === 'function' ? track.getSettings() : {};
  const bigWidth = settings && settings.width > 0 ? settings.width : bigProfile.width;
  return Math.max(1, bigWidth / small.width);
}

/**
 * sendEncodings for addTransceiver: the small layer first, then the big one (PROTOCOL.md: read low → high).
 * @param {MediaStreamTrack} track
 * @param {{width: number, bitrate: number}} bigProfile
 * @param {SmallStreamProfile} small
 * @returns {RTCRtpEncodingParameters[]}
 */
export function simulcastEncodings(track, bigProfile, small) {
  return [
    { rid: SMALL_RID, scaleResolutionDownBy: smallStreamScale(track, bigProfile, small), maxBitrate: small.bitrate * 1000, maxFramerate: small.frameRate },
    { rid: BIG_RID, maxBitrate: Math.round(bigProfile.bitrate * 1000) },
  ];
}

/**
 * The big layer among a sender's encodings: the only one, else rid 'h' (else the last, the highest).
 * @param {Array<{rid?: string}>} encodings
 */
export function bigEncodingIndex(encodings) {
  if (encodings.length <= 1) return 0;
  const i = encodings.findIndex((e) => e.rid === BIG_RID);
  return i >= 0 ? i : encodings.length - 1;
}

/**
 * Index of the small layer, or -1 when the sender has one encoding only.
 * @param {Array<{rid?: string}> | undefined} encodings
 */
export function smallEncodingIndex(encodings) {
  if (!encodings || encodings.length <= 1) return -1;
  return encodings.findIndex((e) => e.rid === SMALL_RID);
}

/**
 * Changes the small layer's encoding (active, maxBitrate, …); false when the sender has none.
 * @param {RTCRtpSender} sender
 * @param {Partial<RTCRtpEncodingParameters>} changes
 */
export function updateSmallEncoding(sender, changes) {
  return editEncodings(sender, (params) => {
    const i = smallEncodingIndex(params.encodings);
    if (i < 0) return false;
    Object.assign(params.encodings[i], changes);
    return true;
  });
}

/**
 * After the answer: did the simulcast survive negotiation? An answer without `a=simulcast:recv`
 * (RFC 8853 §5.3) leaves the browser with the first encoding only, which is the small one: make it
 * the big stream again (full size, full frame rate) so a server without simulcast still gets it.
 * @param {RTCRtpSender} sender
 * @param {import('./log.js').Log} log
 * @returns {Promise<boolean>} whether both layers are sent
 */
export async function settleSimulcast(sender, log) {
  let both = false;
  try {
    await editEncodings(sender, (params) => {
      if (params.encodings && params.encodings.length > 1) {
        both = true;
        return false;
      }
      log.warn('the server did not accept the small stream (no a=simulcast in its answer): publishing the big stream only');
      if (!params.encodings || params.encodings.length !== 1) return false;
      params.encodings[0].scaleResolutionDownBy = 1;
      delete params.encodings[0].maxFramerate;
      return true;
    });
  } catch (e) {
    log.warn('could not restore the full-size encoding', e);
  }
  return both;
}
