// TRTC's video, screen and audio profiles (bitrates in kbps) and the capture constraints made from them.

import { invalid } from './errors.js';

/**
 * @typedef {object} VideoProfile
 * @property {number} width
 * @property {number} height
 * @property {number} frameRate
 * @property {number} bitrate kbps
 */

/**
 * @typedef {object} AudioProfile
 * @property {number} sampleRate
 * @property {number} channelCount
 * @property {number} bitrate kbps
 */

/** @type {Readonly<Record<string, VideoProfile>>} */
export const VIDEO_PROFILES = Object.freeze({
  '120p': { width: 160, height: 120, frameRate: 15, bitrate: 200 },
  '180p': { width: 320, height: 180, frameRate: 15, bitrate: 350 },
  '240p': { width: 320, height: 240, frameRate: 15, bitrate: 400 },
  '360p': { width: 640, height: 360, frameRate: 15, bitrate: 400 },
  '480p': { width: 640, height: 480, frameRate: 15, bitrate: 500 },
  '720p': { width: 1280, height: 720, frameRate: 15, bitrate: 1200 },
  '1080p': { width: 1920, height: 1080, frameRate: 15, bitrate: 2000 },
  '1440p': { width: 2560, height: 1440, frameRate: 30, bitrate: 4860 },
  '4K': { width: 3840, height: 2160, frameRate: 30, bitrate: 9000 },
});
export const DEFAULT_VIDEO_PROFILE = '480p';

/** @type {Readonly<Record<string, VideoProfile>>} */
export const SCREEN_PROFILES = Object.freeze({
  '480p': { width: 640, height: 480, frameRate: 5, bitrate: 900 },
  '480p_2': { width: 640, height: 480, frameRate: 30, bitrate: 1000 },
  '720p': { width: 1280, height: 720, frameRate: 5, bitrate: 1200 },
  '720p_2': { width: 1280, height: 720, frameRate: 30, bitrate: 3000 },
  '1080p': { width: 1920, height: 1080, frameRate: 5, bitrate: 1600 },
  '1080p_2': { width: 1920, height: 1080, frameRate: 30, bitrate: 4000 },
});
export const DEFAULT_SCREEN_PROFILE = '1080p';

/** @type {Readonly<Record<string, AudioProfile>>} */
export const AUDIO_PROFILES = Object.freeze({
  standard: { sampleRate: 48000, channelCount: 1, bitrate: 40 },
  high: { sampleRate: 48000, channelCount: 1, bitrate: 128 },
  'standard-stereo': { sampleRate: 48000, channelCount: 2, bitrate: 64 },
  'high-stereo': { sampleRate: 48000, channelCount: 2, bitrate: 192 },
});
export const DEFAULT_AUDIO_PROFILE = 'standard';

/**
 * A profile name of `table`, or {width, height, frameRate, bitrate} with missing fields from the
 * table's default → a frozen VideoProfile; INVALID_PARAMETER naming what is wrong.
 * @param {unknown} profile
 * @param {Readonly<Record<string, VideoProfile>>} [table] VIDEO_PROFILES (default) or SCREEN_PROFILES
 * @param {string} [what] the API name for messages
 * @returns {Readonly<VideoProfile>}
 */
export function resolveVideoProfile(profile, table, what) {
  const names = table || VIDEO_PROFILES;
  const label = what || 'setVideoProfile';
  if (typeof profile === 'string') {
    const found = names[profile];
    if (!found) throw invalid(`${label}: unknown profile ${JSON.stringify(profile)}; use one of ${Object.keys(names).join(', ')} or {width, height, frameRate, bitrate}`);
    return Object.freeze(Object.assign({}, found));
  }
  if (profile && typeof profile === 'object') {
    const base = names[table === SCREEN_PROFILES ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE];
    /** @type {any} */
    const out = {};
    for (const key of ['width', 'height', 'frameRate', 'bitrate']) {
      const v = /** @type {any} */ (profile)[key] === undefined ? /** @type {any} */ (base)[key] : /** @type {any} */ (profile)[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw invalid(`${label}: ${key} must be a positive number (got ${JSON.stringify(/** @type {any} */ (profile)[key])})`);
      }
      out[key] = v;
    }
    return Object.freeze(out);
  }
  throw invalid(`${label}(profile): pass a name such as '480p' or {width, height, frameRate, bitrate}`);
}

/** @param {unknown} profile @returns {AudioProfile} */
export function resolveAudioProfile(profile) {
  const found = AUDIO_PROFILES[/** @type {string} */ (profile)];
  if (!found) throw invalid(`setAudioProfile: unknown profile ${JSON.stringify(profile)}; use one of ${Object.keys(AUDIO_PROFILES).join(', ')}`);
  return found;
}

/**
 * getUserMedia video constraints for a profile: `ideal` so a camera that cannot match still opens.
 * @param {VideoProfile} profile
 * @param {string} [deviceId]
 * @param {string} [facingMode]
 * @returns {MediaTrackConstraints}
 */
export function videoConstraints(profile, deviceId, facingMode) {
  /** @type {MediaTrackConstraints} */
  const c = { width: { ideal: profile.width }, height: { ideal: profile.height }, frameRate: { ideal: profile.frameRate } };
  if (deviceId) c.deviceId = { exact: deviceId };
  else if (facingMode) c.facingMode = facingMode;
  return c;
}

/**
 * @param {AudioProfile} profile
 * @param {string} [deviceId]
 * @returns {MediaTrackConstraints}
 */
export function audioConstraints(profile, deviceId) {
  /** @type {MediaTrackConstraints} */
  const c = { sampleRate: profile.sampleRate, channelCount: profile.channelCount, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  if (deviceId) c.deviceId = { exact: deviceId };
  return c;
}
