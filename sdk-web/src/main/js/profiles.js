// TRTC's video, screen and audio profiles (bitrates in kbps) and the capture constraints made from them.
// The tables are Tencent's v4 ones (its setVideoProfile/setScreenProfile/setAudioProfile pages); a
// name v4 does not know is not an error there: it logs a warning and the default profile is used.

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

/** @type {Readonly<Record<string, VideoProfile>>} v4's table, then the lower-bitrate `_2` variants (TRTC 5.1.1+ names, a Parley addition: v4 itself would use its default for them) */
export const VIDEO_PROFILES = Object.freeze({
  '120p': { width: 160, height: 120, frameRate: 15, bitrate: 200 },
  '180p': { width: 320, height: 180, frameRate: 15, bitrate: 350 },
  '240p': { width: 320, height: 240, frameRate: 15, bitrate: 400 },
  '360p': { width: 640, height: 360, frameRate: 15, bitrate: 800 },
  '480p': { width: 640, height: 480, frameRate: 15, bitrate: 900 },
  '720p': { width: 1280, height: 720, frameRate: 15, bitrate: 1500 },
  '1080p': { width: 1920, height: 1080, frameRate: 15, bitrate: 2000 },
  '1440p': { width: 2560, height: 1440, frameRate: 30, bitrate: 4860 },
  '4K': { width: 3840, height: 2160, frameRate: 30, bitrate: 9000 },
  '120p_2': { width: 160, height: 120, frameRate: 15, bitrate: 100 },
  '180p_2': { width: 320, height: 180, frameRate: 15, bitrate: 150 },
  '240p_2': { width: 320, height: 240, frameRate: 15, bitrate: 200 },
  '360p_2': { width: 640, height: 360, frameRate: 15, bitrate: 400 },
  '480p_2': { width: 640, height: 480, frameRate: 15, bitrate: 500 },
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
 * table's default → a frozen VideoProfile. A name the table lacks is v4's leniency: `onUnknownName`
 * is told (the caller logs a warning) and the default profile comes back. A malformed object or
 * another type throws INVALID_PARAMETER naming what is wrong.
 * @param {unknown} profile
 * @param {Readonly<Record<string, VideoProfile>>} [table] VIDEO_PROFILES (default) or SCREEN_PROFILES
 * @param {string} [what] the API name for messages
 * @param {(message: string) => void} [onUnknownName]
 * @returns {Readonly<VideoProfile>}
 */
export function resolveVideoProfile(profile, table, what, onUnknownName) {
  const names = table || VIDEO_PROFILES;
  const label = what || 'setVideoProfile';
  const defaultName = names === SCREEN_PROFILES ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE;
  if (typeof profile === 'string') {
    const found = Object.prototype.hasOwnProperty.call(names, profile) ? names[profile] : null;
    if (found) return Object.freeze(Object.assign({}, found));
    if (onUnknownName) onUnknownName(`${label}: unknown profile ${JSON.stringify(profile)}; using the default '${defaultName}' (known: ${Object.keys(names).join(', ')})`);
    return Object.freeze(Object.assign({}, names[defaultName]));
  }
  if (profile && typeof profile === 'object') {
    const base = names[defaultName];
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
  throw invalid(`${label}(profile): pass a name such as '${defaultName}' or {width, height, frameRate, bitrate}`);
}

/**
 * An audio profile name → its profile; an unknown name is told to `onUnknownName` and gives the default.
 * @param {unknown} profile
 * @param {(message: string) => void} [onUnknownName]
 * @returns {AudioProfile}
 */
export function resolveAudioProfile(profile, onUnknownName) {
  const name = /** @type {string} */ (profile);
  if (typeof profile === 'string' && Object.prototype.hasOwnProperty.call(AUDIO_PROFILES, name)) return AUDIO_PROFILES[name];
  if (onUnknownName) onUnknownName(`setAudioProfile: unknown profile ${JSON.stringify(profile)}; using the default '${DEFAULT_AUDIO_PROFILE}' (known: ${Object.keys(AUDIO_PROFILES).join(', ')})`);
  return AUDIO_PROFILES[DEFAULT_AUDIO_PROFILE];
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
