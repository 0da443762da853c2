// createClient / createStream / join parameters: normalized and frozen, or INVALID_PARAMETER saying
// what to fix (PROTOCOL.md "join" rules, TRTC's messages).

import { invalid } from './errors.js';

export const MODES = ['rtc', 'videoCall', 'live'];
export const ROLES = ['anchor', 'audience'];
const USER_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const STRING_ROOM_ID_RE = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;
const MAX_NUMERIC_ROOM_ID = 4294967294;

/** @typedef {'rtc' | 'videoCall' | 'live'} Mode */
/** @typedef {'anchor' | 'audience'} Role */

/**
 * createClient's options, normalized.
 * @typedef {object} ClientConfig
 * @property {Mode} mode
 * @property {number} sdkAppId
 * @property {string} userId
 * @property {string} userSig
 * @property {string | null} serverUrl ws(s)://…, or null for the default (server-url.js)
 * @property {boolean} autoSubscribe
 * @property {boolean} useStringRoomId
 * @property {boolean} enableAutoPlayDialog
 * @property {boolean} enableSEI send and receive SEI messages (sendSEIMessage, 'sei-message'); the publisher's video is then H.264
 * @property {string} streamId TRTC's CDN stream id: kept, unused (Parley has no CDN relay)
 * @property {string} userDefineRecordId TRTC's cloud-recording id: kept, unused (Parley has no cloud recording)
 * @property {0 | 1 | 2} pureAudioPushMode TRTC's audio-only CDN mode: kept, unused
 */

/**
 * createStream's options, normalized.
 * @typedef {object} StreamConfig
 * @property {string} userId
 * @property {boolean} audio
 * @property {boolean} video
 * @property {boolean} screen
 * @property {boolean} screenAudio
 * @property {string} cameraId
 * @property {string} microphoneId
 * @property {'user' | 'environment' | ''} facingMode
 * @property {MediaStreamTrack | null} audioSource
 * @property {MediaStreamTrack | null} videoSource
 * @property {boolean} mirror
 */

/** @param {unknown} userId @param {string} where @returns {string} */
export function normalizeUserId(userId, where) {
  if (typeof userId !== 'string' || !USER_ID_RE.test(userId)) {
    throw invalid(`${where}: userId must be 1-32 characters of A-Z a-z 0-9 _ - (got ${JSON.stringify(userId)})`);
  }
  return userId;
}

/** @param {unknown} serverUrl @returns {string | null} */
export function normalizeServerUrl(serverUrl) {
  if (serverUrl === undefined || serverUrl === null || serverUrl === '') return null;
  if (typeof serverUrl !== 'string') throw invalid('createClient: serverUrl must be a string like "wss://parley.example.com/ws"');
  let url;
  try {
    url = new URL(serverUrl);
  } catch (e) {
    throw invalid(`createClient: serverUrl ${JSON.stringify(serverUrl)} is not a URL; use "wss://host[:port]/ws"`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw invalid(`createClient: serverUrl must start with ws://, wss://, http:// or https:// (got ${JSON.stringify(serverUrl)})`);
  }
  return url.toString();
}

/**
 * createClient's options → a normalized, frozen config; throws INVALID_PARAMETER saying what to fix.
 * @param {any} options
 * @returns {Readonly<ClientConfig>}
 */
export function validateClientConfig(options) {
  if (!options || typeof options !== 'object') {
    throw invalid('createClient({mode, sdkAppId, userId, userSig}): pass an options object');
  }
  const { mode, userSig } = options;
  if (!MODES.includes(mode)) {
    throw invalid(`createClient: mode must be 'rtc' or 'live' ('videoCall' is accepted as 'rtc'); got ${JSON.stringify(mode)}`);
  }
  let sdkAppId = options.sdkAppId;
  if (typeof sdkAppId === 'string' && /^[0-9]{1,10}$/.test(sdkAppId)) sdkAppId = Number(sdkAppId);
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0 || sdkAppId > 0xffffffff) {
    throw invalid(`createClient: sdkAppId must be a positive integer such as 1400000000 (got ${JSON.stringify(options.sdkAppId)})`);
  }
  const userId = normalizeUserId(options.userId, 'createClient');
  if (typeof userSig !== 'string' || userSig.length === 0) {
    throw invalid('createClient: userSig must be the non-empty UserSig string for this sdkAppId and userId');
  }
  for (const key of ['streamId', 'userDefineRecordId']) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw invalid(`createClient: ${key} must be a string`);
  }
  if (options.pureAudioPushMode !== undefined && options.pureAudioPushMode !== 1 && options.pureAudioPushMode !== 2) {
    throw invalid(`createClient: pureAudioPushMode is 1 or 2 (got ${JSON.stringify(options.pureAudioPushMode)})`);
  }
  return Object.freeze({
    mode,
    sdkAppId,
    userId,
    userSig,
    serverUrl: normalizeServerUrl(options.serverUrl),
    autoSubscribe: options.autoSubscribe !== false,
    useStringRoomId: options.useStringRoomId === true,
    enableAutoPlayDialog: options.enableAutoPlayDialog !== false,
    enableSEI: !!options.enableSEI,
    streamId: options.streamId || '',
    userDefineRecordId: options.userDefineRecordId || '',
    pureAudioPushMode: options.pureAudioPushMode || 0,
  });
}

/**
 * A number is a numeric room; a string is a string room when useStringRoomId is set. Without it, a
 * string of digits is taken as the numeric room (pages often read roomId from an <input>).
 * @param {unknown} roomId
 * @param {boolean} useStringRoomId
 * @returns {number | string}
 */
export function normalizeRoomId(roomId, useStringRoomId) {
  if (typeof roomId === 'number') {
    if (!Number.isInteger(roomId) || roomId < 1 || roomId > MAX_NUMERIC_ROOM_ID) {
      throw invalid(`join: a numeric roomId must be an integer 1 … ${MAX_NUMERIC_ROOM_ID} (got ${roomId})`);
    }
    return roomId;
  }
  if (typeof roomId === 'string') {
    if (!useStringRoomId && /^[0-9]{1,10}$/.test(roomId)) return normalizeRoomId(Number(roomId), false);
    if (!STRING_ROOM_ID_RE.test(roomId)) {
      throw invalid(`join: a string roomId must be 1-64 characters of A-Z a-z 0-9 and !#$%&()+-:;<=.>?@[]^_{}|~, space (got ${JSON.stringify(roomId)})`);
    }
    return roomId;
  }
  throw invalid(`join({roomId}): roomId is required, a number 1 … ${MAX_NUMERIC_ROOM_ID} or a string (got ${JSON.stringify(roomId)})`);
}

/**
 * TRTC: role only matters in 'live' mode; elsewhere everybody is an anchor.
 * @param {unknown} role
 * @param {Mode} mode
 * @returns {Role}
 */
export function normalizeRole(role, mode) {
  if (role === undefined || role === null) return 'anchor';
  if (!ROLES.includes(/** @type {string} */ (role))) throw invalid(`role must be 'anchor' or 'audience' (got ${JSON.stringify(role)})`);
  return mode === 'live' ? /** @type {Role} */ (role) : 'anchor';
}

/**
 * createStream's options → a normalized, frozen config; throws INVALID_PARAMETER saying what to fix.
 * @param {any} options
 * @returns {Readonly<StreamConfig>}
 */
export function validateStreamConfig(options) {
  if (!options || typeof options !== 'object') {
    throw invalid('createStream({userId, audio, video}): pass an options object');
  }
  const o = options;
  if (o.userId !== undefined && typeof o.userId !== 'string') throw invalid('createStream: userId must be a string');
  /** @param {any} t @param {string} kind */
  const isTrack = (t, kind) => t && typeof t === 'object' && t.kind === kind && typeof t.stop === 'function';
  if (o.audioSource !== undefined && !isTrack(o.audioSource, 'audio')) {
    throw invalid('createStream: audioSource must be an audio MediaStreamTrack');
  }
  if (o.videoSource !== undefined && !isTrack(o.videoSource, 'video')) {
    throw invalid('createStream: videoSource must be a video MediaStreamTrack');
  }
  if (o.screen && (o.video || o.videoSource)) {
    throw invalid('createStream: screen:true captures the screen as the video; do not also set video or videoSource');
  }
  if (!o.audio && !o.video && !o.screen && !o.audioSource && !o.videoSource) {
    throw invalid('createStream: enable at least one of audio, video, screen, audioSource, videoSource');
  }
  for (const key of ['cameraId', 'microphoneId']) {
    if (o[key] !== undefined && typeof o[key] !== 'string') throw invalid(`createStream: ${key} must be a deviceId string from TRTC.get${key === 'cameraId' ? 'Cameras' : 'Microphones'}()`);
  }
  if (o.facingMode !== undefined && !['user', 'environment'].includes(o.facingMode)) {
    throw invalid("createStream: facingMode must be 'user' or 'environment'");
  }
  return Object.freeze({
    userId: o.userId || '',
    audio: !!o.audio,
    video: !!o.video,
    screen: !!o.screen,
    screenAudio: !!o.screenAudio,
    cameraId: o.cameraId || '',
    microphoneId: o.microphoneId || '',
    facingMode: o.facingMode || '',
    audioSource: o.audioSource || null,
    videoSource: o.videoSource || null,
    // TRTC mirrors the local camera preview by default; never a screen.
    mirror: o.mirror === undefined ? !o.screen : !!o.mirror,
  });
}
