/*!
 * Parley Web SDK — the TRTC Web SDK v4 API on a self-hosted Parley server.
 * A page written for Tencent's trtc.js v4 runs unchanged: load this file instead of Tencent's.
 * Plain ES2020, no dependencies, no build step. Sets the global `TRTC`.
 * Signaling: docs/PROTOCOL.md (JSON over one WebSocket at <origin>/ws). API: docs/WEB-SDK.md.
 */
(function (root, factory) {
  'use strict';
  const built = factory(root);
  if (typeof module === 'object' && module && module.exports) {
    // CommonJS (node --test): the same object, plus the pure helpers the unit tests exercise.
    module.exports = built.TRTC;
    Object.defineProperty(module.exports, '__internals', { value: built.internals });
  } else {
    root.TRTC = built.TRTC;
  }
})(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Constants
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const VERSION = '4.15.0-parley.0.1.0';
  const PROTOCOL_VERSION = 1;
  const JOIN_TIMEOUT_MS = 10000;
  const REQUEST_TIMEOUT_MS = 10000;
  const LEAVE_TIMEOUT_MS = 3000;
  const ICE_CONNECT_TIMEOUT_MS = 15000;
  const DEFAULT_HEARTBEAT_MS = 2000;
  const PLAY_SETTLE_MS = 800;
  const NETWORK_QUALITY_INTERVAL_MS = 2000;
  // The server is ICE-lite with a host candidate (PROTOCOL.md): no STUN/TURN needed.
  const PC_CONFIG = Object.freeze({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  // The downlink answers the server's offers. 'balanced' accepts an offered BUNDLE all the same, and
  // also an offer with every section rejected (after the last unsubscribe), which has no BUNDLE
  // group (RFC 8843 §7.3.3) and which 'max-bundle' refuses.
  const DOWNLINK_PC_CONFIG = Object.freeze({ iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });

  // Read while this script executes: document.currentScript is null afterwards.
  const DEFAULT_SERVER_URL = computeDefaultServerUrl(root);

  function computeDefaultServerUrl(scope) {
    try {
      const doc = scope.document;
      const script = doc && doc.currentScript;
      const base = (script && script.src) || (scope.location && scope.location.href);
      if (!base) return null;
      const url = new URL(base);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
      // Served at <prefix>/sdk/trtc.js → signaling at <prefix>/ws (keeps working behind a path prefix).
      const m = script && script.src ? /^(.*)\/sdk\/[^/]+$/.exec(url.pathname) : null;
      const prefix = m ? m[1] : '';
      return (url.protocol === 'https:' ? 'wss://' : 'ws://') + url.host + prefix + '/ws';
    } catch (e) {
      return null;
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // RtcError and error codes (TRTC Web SDK v4 names and values)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const ErrorCode = Object.freeze({
    INVALID_PARAMETER: 0x1000,
    INVALID_OPERATION: 0x1001,
    NOT_SUPPORTED: 0x1002,
    DEVICE_NOT_FOUND: 0x1003,
    SIGNAL_CHANNEL_SETUP_FAILED: 0x4001,
    SIGNAL_CHANNEL_ERROR: 0x4002,
    ICE_TRANSPORT_ERROR: 0x4003,
    JOIN_ROOM_FAILED: 0x4004,
    CREATE_OFFER_FAILED: 0x4005,
    SIGNAL_CHANNEL_RECONNECTION_FAILED: 0x4006,
    UPLINK_RECONNECTION_FAILED: 0x4007,
    DOWNLINK_RECONNECTION_FAILED: 0x4008,
    REMOTE_STREAM_NOT_EXIST: 0x4010,
    CLIENT_BANNED: 0x4011,
    SERVER_TIMEOUT: 0x4012,
    SUBSCRIPTION_TIMEOUT: 0x4013,
    PLAY_NOT_ALLOWED: 0x4043,
    DEVICE_AUTO_RECOVER_FAILED: 0x4044,
    UNKNOWN: 0xffff,
  });

  class RtcError extends Error {
    /**
     * @param {{code?: number, message?: string, name?: string, extraCode?: number, cause?: any}} options
     *   `name` keeps a DOMException's name (e.g. 'NotAllowedError'), as TRTC does for device errors.
     */
    constructor(options) {
      const opts = options || {};
      super(opts.message || '');
      this.name = opts.name || 'RtcError';
      this.code = typeof opts.code === 'number' ? opts.code : ErrorCode.UNKNOWN;
      if (opts.extraCode !== undefined) this.extraCode = opts.extraCode;
      if (opts.cause !== undefined) this.cause = opts.cause;
    }
    getCode() {
      return this.code;
    }
    getExtraCode() {
      return this.extraCode;
    }
    toString() {
      return `RtcError: ${this.message} <0x${this.code.toString(16)}>`;
    }
  }

  function rtcError(code, message, extra) {
    return new RtcError(Object.assign({ code, message }, extra || {}));
  }

  /** Wraps anything thrown into an RtcError, keeping an RtcError as it is. */
  function toRtcError(e, fallbackCode, context) {
    if (e instanceof RtcError) return e;
    const detail = e && e.message ? e.message : String(e);
    return new RtcError({ code: fallbackCode, message: context ? `${context}: ${detail}` : detail, cause: e });
  }

  /** The `error` object of a failed response or `error` event (PROTOCOL.md "Frames"). */
  function errorFromWire(wire, fallbackCode) {
    const w = wire || {};
    const code = typeof w.code === 'number' ? w.code : fallbackCode;
    return new RtcError({ code, message: w.message || w.name || 'server error' });
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Logger
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const LogLevel = Object.freeze({ TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, NONE: 5 });
  const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
  let logLevel = LogLevel.INFO;

  function timestamp() {
    const d = new Date();
    const pad = (n, w) => String(n).padStart(w, '0');
    return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
  }

  function write(level, tag, args) {
    if (level < logLevel || !root.console) return;
    const c = root.console;
    const sink = level >= LogLevel.ERROR ? c.error : level === LogLevel.WARN ? c.warn : level === LogLevel.INFO ? c.info : c.debug;
    (sink || c.log).call(c, `[Parley] ${timestamp()} ${LEVEL_NAMES[level]} ${tag}:`, ...args);
  }

  function createLog(tag) {
    return {
      trace: (...a) => write(LogLevel.TRACE, tag, a),
      debug: (...a) => write(LogLevel.DEBUG, tag, a),
      info: (...a) => write(LogLevel.INFO, tag, a),
      warn: (...a) => write(LogLevel.WARN, tag, a),
      error: (...a) => write(LogLevel.ERROR, tag, a),
    };
  }

  const Logger = Object.freeze({
    LogLevel,
    setLogLevel(level) {
      const value = typeof level === 'string' ? LogLevel[level.toUpperCase()] : level;
      if (!Number.isInteger(value) || value < LogLevel.TRACE || value > LogLevel.NONE) {
        throw rtcError(ErrorCode.INVALID_PARAMETER, 'setLogLevel(level): use one of TRTC.Logger.LogLevel.TRACE … NONE');
      }
      logLevel = value;
    },
    getLogLevel() {
      return logLevel;
    },
    // TRTC uploads logs to Tencent; Parley keeps everything local. Kept so existing calls work.
    enableUploadLog() {},
    disableUploadLog() {},
  });

  const sdkLog = createLog('TRTC');

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Emitter
  // ───────────────────────────────────────────────────────────────────────────────────────────

  class Emitter {
    constructor(log) {
      this._handlers = new Map();
      this._emitterLog = log || sdkLog;
    }
    /** on(event, handler[, context]) — TRTC's signature. */
    on(event, handler, context) {
      if (typeof event !== 'string' || typeof handler !== 'function') {
        throw rtcError(ErrorCode.INVALID_PARAMETER, 'on(eventName, handler): eventName must be a string and handler a function');
      }
      if (!this._handlers.has(event)) this._handlers.set(event, []);
      this._handlers.get(event).push({ handler, context });
    }
    /** off(event, handler) removes one handler; off(event) all of that event; off('*') every handler. */
    off(event, handler) {
      if (event === '*') {
        this._handlers.clear();
        return;
      }
      const list = this._handlers.get(event);
      if (!list) return;
      if (!handler) {
        this._handlers.delete(event);
        return;
      }
      const kept = list.filter((h) => h.handler !== handler);
      if (kept.length) this._handlers.set(event, kept);
      else this._handlers.delete(event);
    }
    _emit(event, payload) {
      const list = this._handlers.get(event);
      if (!list) return;
      for (const { handler, context } of list.slice()) {
        try {
          handler.call(context, payload);
        } catch (e) {
          // A page's handler bug must not break the SDK's state machine.
          this._emitterLog.error(`a '${event}' handler threw`, e);
        }
      }
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Parameter validation (PROTOCOL.md "join" rules, TRTC's messages)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const MODES = ['rtc', 'videoCall', 'live'];
  const ROLES = ['anchor', 'audience'];
  const USER_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
  const STRING_ROOM_ID_RE = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;
  const MAX_NUMERIC_ROOM_ID = 4294967294;

  function invalid(message) {
    return rtcError(ErrorCode.INVALID_PARAMETER, message);
  }

  function normalizeUserId(userId, where) {
    if (typeof userId !== 'string' || !USER_ID_RE.test(userId)) {
      throw invalid(`${where}: userId must be 1-32 characters of A-Z a-z 0-9 _ - (got ${JSON.stringify(userId)})`);
    }
    return userId;
  }

  function normalizeServerUrl(serverUrl) {
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

  /** createClient's options → a normalized, frozen config; throws INVALID_PARAMETER saying what to fix. */
  function validateClientConfig(options) {
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
    return Object.freeze({
      mode,
      sdkAppId,
      userId,
      userSig,
      serverUrl: normalizeServerUrl(options.serverUrl),
      autoSubscribe: options.autoSubscribe !== false,
      useStringRoomId: options.useStringRoomId === true,
      enableAutoPlayDialog: options.enableAutoPlayDialog !== false,
    });
  }

  /**
   * A number is a numeric room; a string is a string room when useStringRoomId is set. Without it, a
   * string of digits is taken as the numeric room (pages often read roomId from an <input>).
   */
  function normalizeRoomId(roomId, useStringRoomId) {
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

  /** TRTC: role only matters in 'live' mode; elsewhere everybody is an anchor. */
  function normalizeRole(role, mode) {
    if (role === undefined || role === null) return 'anchor';
    if (!ROLES.includes(role)) throw invalid(`role must be 'anchor' or 'audience' (got ${JSON.stringify(role)})`);
    return mode === 'live' ? role : 'anchor';
  }

  function validateStreamConfig(options) {
    if (!options || typeof options !== 'object') {
      throw invalid('createStream({userId, audio, video}): pass an options object');
    }
    const o = options;
    if (o.userId !== undefined && typeof o.userId !== 'string') throw invalid('createStream: userId must be a string');
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

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Profiles (TRTC's tables; bitrates in kbps)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const VIDEO_PROFILES = Object.freeze({
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
  const DEFAULT_VIDEO_PROFILE = '480p';

  const SCREEN_PROFILES = Object.freeze({
    '480p': { width: 640, height: 480, frameRate: 5, bitrate: 900 },
    '480p_2': { width: 640, height: 480, frameRate: 30, bitrate: 1000 },
    '720p': { width: 1280, height: 720, frameRate: 5, bitrate: 1200 },
    '720p_2': { width: 1280, height: 720, frameRate: 30, bitrate: 3000 },
    '1080p': { width: 1920, height: 1080, frameRate: 5, bitrate: 1600 },
    '1080p_2': { width: 1920, height: 1080, frameRate: 30, bitrate: 4000 },
  });
  const DEFAULT_SCREEN_PROFILE = '1080p';

  const AUDIO_PROFILES = Object.freeze({
    standard: { sampleRate: 48000, channelCount: 1, bitrate: 40 },
    high: { sampleRate: 48000, channelCount: 1, bitrate: 128 },
    'standard-stereo': { sampleRate: 48000, channelCount: 2, bitrate: 64 },
    'high-stereo': { sampleRate: 48000, channelCount: 2, bitrate: 192 },
  });
  const DEFAULT_AUDIO_PROFILE = 'standard';

  function resolveVideoProfile(profile, table, what) {
    const names = table || VIDEO_PROFILES;
    const label = what || 'setVideoProfile';
    if (typeof profile === 'string') {
      const found = names[profile];
      if (!found) throw invalid(`${label}: unknown profile ${JSON.stringify(profile)}; use one of ${Object.keys(names).join(', ')} or {width, height, frameRate, bitrate}`);
      return Object.freeze(Object.assign({}, found));
    }
    if (profile && typeof profile === 'object') {
      const base = names[table === SCREEN_PROFILES ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE];
      const out = {};
      for (const key of ['width', 'height', 'frameRate', 'bitrate']) {
        const v = profile[key] === undefined ? base[key] : profile[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
          throw invalid(`${label}: ${key} must be a positive number (got ${JSON.stringify(profile[key])})`);
        }
        out[key] = v;
      }
      return Object.freeze(out);
    }
    throw invalid(`${label}(profile): pass a name such as '480p' or {width, height, frameRate, bitrate}`);
  }

  function resolveAudioProfile(profile) {
    const found = AUDIO_PROFILES[profile];
    if (!found) throw invalid(`setAudioProfile: unknown profile ${JSON.stringify(profile)}; use one of ${Object.keys(AUDIO_PROFILES).join(', ')}`);
    return found;
  }

  /** getUserMedia video constraints for a profile: `ideal` so a camera that cannot match still opens. */
  function videoConstraints(profile, deviceId, facingMode) {
    const c = { width: { ideal: profile.width }, height: { ideal: profile.height }, frameRate: { ideal: profile.frameRate } };
    if (deviceId) c.deviceId = { exact: deviceId };
    else if (facingMode) c.facingMode = facingMode;
    return c;
  }

  function audioConstraints(profile, deviceId) {
    const c = { sampleRate: profile.sampleRate, channelCount: profile.channelCount, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    if (deviceId) c.deviceId = { exact: deviceId };
    return c;
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // SDP: the per-section facts the downlink needs (RFC 8866 §5.14 m=, RFC 8830 a=msid, RFC 8843 a=mid)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

  /**
   * Parses the media sections of an SDP into
   * [{index, kind, port, mid, direction, streamId, trackId, bundleOnly, rejected}].
   * streamId/trackId come from `a=msid:<stream> <track>` (or the legacy `a=ssrc:<n> msid:` form);
   * a '-' stream id (RFC 8830 §2: no stream) is reported as null. Port 0 means rejected unless the
   * section is `a=bundle-only` (RFC 8843 §6, as Firefox offers new sections). Never throws.
   */
  function parseSdpSections(sdp) {
    const sections = [];
    if (typeof sdp !== 'string') return sections;
    let sessionDirection = 'sendrecv';
    let current = null;
    for (const raw of sdp.split(/\r?\n/)) {
      const line = raw.trim();
      if (line.startsWith('m=')) {
        const parts = line.slice(2).split(/\s+/);
        const port = Number.parseInt(parts[1], 10);
        current = { index: sections.length, kind: parts[0] || '', port: Number.isFinite(port) ? port : 0, mid: null, direction: null, streamId: null, trackId: null, bundleOnly: false, rejected: false };
        sections.push(current);
        continue;
      }
      if (!line.startsWith('a=')) continue;
      const attr = line.slice(2);
      const dir = DIRECTIONS.find((d) => attr === d);
      if (dir) {
        if (current) current.direction = dir;
        else sessionDirection = dir;
        continue;
      }
      if (!current) continue;
      if (attr.startsWith('mid:')) {
        current.mid = attr.slice(4).trim();
      } else if (attr === 'bundle-only') {
        current.bundleOnly = true;
      } else if (attr.startsWith('msid:')) {
        const [stream, track] = attr.slice(5).trim().split(/\s+/);
        current.streamId = stream && stream !== '-' ? stream : null;
        current.trackId = track || null;
        current.msidSeen = true;
      } else if (attr.startsWith('ssrc:') && !current.msidSeen) {
        const m = /^ssrc:\d+\s+msid:(\S+)(?:\s+(\S+))?/.exec(attr);
        if (m && !current.streamId) {
          current.streamId = m[1] !== '-' ? m[1] : null;
          current.trackId = m[2] || null;
        }
      }
    }
    for (const s of sections) {
      if (!s.direction) s.direction = sessionDirection;
      s.rejected = s.port === 0 && !s.bundleOnly;
      delete s.msidSeen;
    }
    return sections;
  }

  /** The sections of an offer that carry media towards us: streamId → {audio: mid, video: mid}. */
  function receivingMidsByStream(sections) {
    const out = new Map();
    for (const s of sections) {
      if (s.rejected || !s.mid || !s.streamId) continue;
      if (s.direction !== 'sendonly' && s.direction !== 'sendrecv') continue;
      if (s.kind !== 'audio' && s.kind !== 'video') continue;
      if (!out.has(s.streamId)) out.set(s.streamId, {});
      out.get(s.streamId)[s.kind] = s.mid;
    }
    return out;
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Small async helpers
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function randomId(length) {
    const alphabet = '0123456789abcdef';
    let out = '';
    const bytes = root.crypto && root.crypto.getRandomValues ? root.crypto.getRandomValues(new Uint8Array(length)) : null;
    for (let i = 0; i < length; i++) out += alphabet[(bytes ? bytes[i] : Math.floor(Math.random() * 256)) & 15];
    return out;
  }

  /**
   * Calls onTick every intervalMs. Prefers a tiny Blob worker: page timers in background tabs are
   * throttled hard enough to miss the server's 3-interval liveness window; worker timers are not.
   */
  function startTicker(intervalMs, onTick) {
    let worker = null;
    let timer = null;
    const fallback = () => {
      if (worker) worker.terminate();
      worker = null;
      if (!timer) timer = setInterval(onTick, intervalMs);
    };
    try {
      if (root.Worker && root.Blob && root.URL && typeof root.URL.createObjectURL === 'function') {
        const url = root.URL.createObjectURL(new root.Blob([`setInterval(function(){postMessage(0)},${intervalMs | 0});`], { type: 'text/javascript' }));
        worker = new root.Worker(url);
        let revoked = false;
        worker.onmessage = () => {
          if (!revoked) {
            revoked = true;
            root.URL.revokeObjectURL(url);
          }
          onTick();
        };
        worker.onerror = fallback; // e.g. a CSP without worker-src blob:
      }
    } catch (e) {
      worker = null;
    }
    if (!worker) fallback();
    return () => {
      if (worker) worker.terminate();
      if (timer) clearInterval(timer);
      worker = null;
      timer = null;
    };
  }

  /** Resolves once pc is connected; rejects ICE_TRANSPORT_ERROR on failure, close or timeout. */
  function waitForConnected(pc, timeoutMs, what) {
    const stateOf = () => pc.connectionState || pc.iceConnectionState;
    return new Promise((resolve, reject) => {
      let timer = null;
      const check = () => {
        const s = stateOf();
        if (s === 'connected' || s === 'completed') done(null);
        else if (s === 'failed' || s === 'closed') done(rtcError(ErrorCode.ICE_TRANSPORT_ERROR, `${what}: media connection ${s} (is UDP to the Parley media port reachable?)`));
      };
      const done = (err) => {
        clearTimeout(timer);
        pc.removeEventListener('connectionstatechange', check);
        pc.removeEventListener('iceconnectionstatechange', check);
        if (err) reject(err);
        else resolve();
      };
      timer = setTimeout(() => done(rtcError(ErrorCode.ICE_TRANSPORT_ERROR, `${what}: media connection not established within ${timeoutMs / 1000} s (is UDP to the Parley media port reachable?)`)), timeoutMs);
      pc.addEventListener('connectionstatechange', check);
      pc.addEventListener('iceconnectionstatechange', check);
      check();
    });
  }

  /**
   * Sets maxBitrate (kbps) on a sender's big encoding (the only one, or rid 'h' when the small stream
   * is sent as well); best effort (older browsers lack it).
   */
  async function applyMaxBitrate(sender, kbps, log) {
    if (!sender || typeof sender.getParameters !== 'function' || !kbps) return;
    try {
      const params = sender.getParameters();
      if (!params.encodings || params.encodings.length === 0) params.encodings = [{}];
      params.encodings[bigEncodingIndex(params.encodings)].maxBitrate = Math.round(kbps * 1000);
      await sender.setParameters(params);
    } catch (e) {
      log.debug('could not set maxBitrate', e);
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Small stream (TRTC's dual stream): rid-based simulcast of the main video, RFC 8853 + RFC 8851
  // ───────────────────────────────────────────────────────────────────────────────────────────

  // The offer lists the layers lowest first (`a=simulcast:send l;h`); the server reads that order as
  // low → high (PROTOCOL.md "publish").
  const SMALL_RID = 'l';
  const BIG_RID = 'h';
  const DEFAULT_SMALL_STREAM_PROFILE = Object.freeze({ width: 160, height: 120, bitrate: 100, frameRate: 15 });

  /** True where the browser can send rid-based simulcast and change its encodings while sending. */
  function smallStreamSupported() {
    const Sender = root.RTCRtpSender;
    const Pc = root.RTCPeerConnection;
    return typeof root.RTCRtpTransceiver === 'function' && typeof Sender === 'function' && typeof Pc === 'function'
      && !!Sender.prototype && typeof Sender.prototype.setParameters === 'function' && typeof Sender.prototype.getParameters === 'function'
      && !!Pc.prototype && typeof Pc.prototype.addTransceiver === 'function';
  }

  /**
   * setSmallStreamProfile's argument → a frozen {width, height, bitrate (kbps), frameRate}. A field left
   * out keeps its current value; a present one must be a positive integer (INVALID_PARAMETER naming it).
   */
  function resolveSmallStreamProfile(profile, current) {
    if (!profile || typeof profile !== 'object') {
      throw invalid('setSmallStreamProfile(profile): pass {width, height, bitrate, frameRate} (bitrate in kbps), e.g. {width: 160, height: 120, bitrate: 100, frameRate: 15}');
    }
    const out = {};
    for (const key of ['width', 'height', 'bitrate', 'frameRate']) {
      const v = profile[key] === undefined ? current[key] : profile[key];
      if (!Number.isSafeInteger(v) || v <= 0) {
        throw invalid(`setSmallStreamProfile: ${key} must be a positive integer${key === 'bitrate' ? ' (kbps)' : ''} (got ${JSON.stringify(profile[key])})`);
      }
      out[key] = v;
    }
    return Object.freeze(out);
  }

  /** How much the small layer scales the camera picture down: the track's real width over the small width. */
  function smallStreamScale(track, bigProfile, small) {
    const settings = track && typeof track.getSettings === 'function' ? track.getSettings() : {};
    const bigWidth = settings && settings.width > 0 ? settings.width : bigProfile.width;
    return Math.max(1, bigWidth / small.width);
  }

  /** sendEncodings for addTransceiver: the small layer first, then the big one (PROTOCOL.md: read low → high). */
  function simulcastEncodings(track, bigProfile, small) {
    return [
      { rid: SMALL_RID, scaleResolutionDownBy: smallStreamScale(track, bigProfile, small), maxBitrate: small.bitrate * 1000, maxFramerate: small.frameRate },
      { rid: BIG_RID, maxBitrate: Math.round(bigProfile.bitrate * 1000) },
    ];
  }

  /** The big layer among a sender's encodings: the only one, else rid 'h' (else the last, the highest). */
  function bigEncodingIndex(encodings) {
    if (encodings.length <= 1) return 0;
    const i = encodings.findIndex((e) => e.rid === BIG_RID);
    return i >= 0 ? i : encodings.length - 1;
  }

  /** Index of the small layer, or -1 when the sender has one encoding only. */
  function smallEncodingIndex(encodings) {
    if (!encodings || encodings.length <= 1) return -1;
    return encodings.findIndex((e) => e.rid === SMALL_RID);
  }

  /** Changes the small layer's encoding (active, maxBitrate, …); false when the sender has none. */
  async function updateSmallEncoding(sender, changes) {
    const params = sender.getParameters();
    const i = smallEncodingIndex(params.encodings);
    if (i < 0) return false;
    Object.assign(params.encodings[i], changes);
    await sender.setParameters(params);
    return true;
  }

  /**
   * After the answer: did the simulcast survive negotiation? An answer without `a=simulcast:recv`
   * (RFC 8853 §5.3) leaves the browser with the first encoding only, which is the small one: make it
   * the big stream again (full size, full frame rate) so a server without simulcast still gets it.
   */
  async function settleSimulcast(sender, log) {
    const params = sender.getParameters();
    if (params.encodings && params.encodings.length > 1) return true;
    log.warn('the server did not accept the small stream (no a=simulcast in its answer): publishing the big stream only');
    if (params.encodings && params.encodings.length === 1) {
      params.encodings[0].scaleResolutionDownBy = 1;
      delete params.encodings[0].maxFramerate;
      try {
        await sender.setParameters(params);
      } catch (e) {
        log.warn('could not restore the full-size encoding', e);
      }
    }
    return false;
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // SignalChannel: one WebSocket, request/response by id, server events (PROTOCOL.md "Frames")
  // ───────────────────────────────────────────────────────────────────────────────────────────

  class SignalChannel {
    /**
     * @param {string} url ws(s)://host/ws
     * @param {{onEvent: function(string, object), onClose: function({code, reason}), log: object}} hooks
     */
    constructor(url, hooks) {
      this._url = url;
      this._hooks = hooks;
      this._log = hooks.log;
      this._ws = null;
      this._nextId = 1;
      this._pending = new Map();
      this._closedByUs = false;
      this._closed = false;
      this.lastReceivedAt = Date.now();
    }

    get isOpen() {
      return !!this._ws && this._ws.readyState === 1 && !this._closed;
    }

    /** Opens the socket; rejects SIGNAL_CHANNEL_SETUP_FAILED when it cannot. */
    open(timeoutMs) {
      const Ws = root.WebSocket;
      if (typeof Ws !== 'function') {
        return Promise.reject(rtcError(ErrorCode.NOT_SUPPORTED, 'this environment has no WebSocket'));
      }
      return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (why) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.close();
          reject(rtcError(ErrorCode.SIGNAL_CHANNEL_SETUP_FAILED, `cannot reach the Parley server at ${this._url}: ${why}`));
        };
        const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
        let ws;
        try {
          ws = new Ws(this._url);
        } catch (e) {
          fail(e && e.message ? e.message : String(e));
          return;
        }
        this._ws = ws;
        ws.onopen = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.lastReceivedAt = Date.now();
          this._log.debug(`signaling open ${this._url}`);
          resolve();
        };
        ws.onmessage = (ev) => this._onMessage(ev.data);
        ws.onerror = () => {
          if (!settled) fail('WebSocket error (wrong serverUrl, server down, or TLS problem)');
        };
        ws.onclose = (ev) => {
          if (!settled) {
            fail(`closed (${ev.code}${ev.reason ? ' ' + ev.reason : ''})`);
            return;
          }
          this._onClosed(ev.code, ev.reason);
        };
      });
    }

    /**
     * Sends one request; resolves with the response's `data`, rejects an RtcError with the server's
     * code, or SERVER_TIMEOUT (or options.timeoutCode) when no response comes in time.
     */
    request(type, data, options) {
      const opts = options || {};
      if (!this.isOpen) {
        return Promise.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `cannot send '${type}': the signaling connection is not open`));
      }
      const id = this._nextId++;
      const timeoutMs = opts.timeoutMs || REQUEST_TIMEOUT_MS;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this._pending.delete(id);
          reject(rtcError(opts.timeoutCode || ErrorCode.SERVER_TIMEOUT, `server did not answer '${type}' within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        this._pending.set(id, { type, resolve, reject, timer });
        const frame = JSON.stringify({ v: PROTOCOL_VERSION, id, type, data: data || {} });
        this._log.trace(`→ ${type} #${id}`, frame.length > 400 ? frame.slice(0, 400) + '…' : frame);
        try {
          this._ws.send(frame);
        } catch (e) {
          clearTimeout(timer);
          this._pending.delete(id);
          reject(toRtcError(e, ErrorCode.SIGNAL_CHANNEL_ERROR, `sending '${type}'`));
        }
      });
    }

    close() {
      this._closedByUs = true;
      const ws = this._ws;
      if (ws && (ws.readyState === 0 || ws.readyState === 1)) {
        try {
          ws.close(1000, 'client closed');
        } catch (e) {
          // already closing
        }
      }
      this._onClosed(1000, 'client closed');
    }

    _onClosed(code, reason) {
      if (this._closed) return;
      this._closed = true;
      for (const [, p] of this._pending) {
        clearTimeout(p.timer);
        p.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `signaling connection closed before the server answered '${p.type}'`));
      }
      this._pending.clear();
      if (!this._closedByUs) {
        this._log.warn(`signaling closed by the server or network (code ${code}${reason ? ', ' + reason : ''})`);
        this._hooks.onClose({ code, reason: reason || '' });
      }
    }

    _onMessage(text) {
      this.lastReceivedAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(text);
      } catch (e) {
        this._log.warn('ignoring a frame that is not JSON');
        return;
      }
      if (!frame || typeof frame !== 'object') return;
      if (frame.type === 'response') {
        const p = this._pending.get(frame.id);
        if (!p) {
          if (frame.ok === false) this._log.warn(`server error for request #${frame.id}:`, frame.error);
          return;
        }
        this._pending.delete(frame.id);
        clearTimeout(p.timer);
        this._log.trace(`← response #${frame.id} ${frame.ok ? 'ok' : 'error'}`);
        if (frame.ok) p.resolve(frame.data || {});
        else p.reject(errorFromWire(frame.error, ErrorCode.UNKNOWN));
      } else if (frame.type === 'event') {
        this._log.trace(`← event ${frame.name}`, frame.data);
        this._hooks.onEvent(frame.name, frame.data || {});
      }
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // AutoplayPrompt: TRTC's enableAutoPlayDialog — one button that resumes blocked audio on click
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const AutoplayPrompt = {
    blocked: new Set(),
    button: null,
    show(stream) {
      this.blocked.add(stream);
      const doc = root.document;
      if (this.button || !doc || !doc.body) return;
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'parley-autoplay-prompt';
      b.textContent = 'Click to play audio';
      b.style.cssText = 'position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;' +
        'padding:10px 18px;border:0;border-radius:20px;background:#1f6feb;color:#fff;font:600 14px system-ui,sans-serif;' +
        'box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;';
      b.addEventListener('click', () => {
        const streams = Array.from(this.blocked);
        this.hide();
        for (const s of streams) s.resume().catch((e) => sdkLog.warn('resume after click failed', e));
      });
      doc.body.appendChild(b);
      this.button = b;
    },
    forget(stream) {
      this.blocked.delete(stream);
      if (this.blocked.size === 0) this.hide();
    },
    hide() {
      this.blocked.clear();
      if (this.button && this.button.parentNode) this.button.parentNode.removeChild(this.button);
      this.button = null;
    },
  };

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Player: <div id="player_<id>"> with a <video> and (remote only) an <audio>
  // ───────────────────────────────────────────────────────────────────────────────────────────

  const OBJECT_FITS = ['cover', 'contain', 'fill'];

  class Player {
    constructor(stream, container, options) {
      this._stream = stream;
      this._container = container;
      this._options = options; // {objectFit, muted, mirror, withAudio}
      this._log = stream._log;
      this._tracks = { audio: null, video: null };
      this._trackListeners = [];
      this._div = null;
      this._video = null;
      this._audio = null;
      this._volume = 1;
      this._sinkId = '';
    }

    mount() {
      const doc = root.document;
      const id = this._stream.getId();
      const div = doc.createElement('div');
      div.id = `player_${id}`;
      div.className = 'parley-player';
      div.style.cssText = 'width:100%;height:100%;position:relative;overflow:hidden;background-color:#000;';
      const video = doc.createElement('video');
      video.id = `video_${id}`;
      video.autoplay = true;
      video.muted = true; // audio goes through <audio>: muted video always autoplays
      video.playsInline = true;
      video.setAttribute('playsinline', '');
      video.setAttribute('autoplay', '');
      video.setAttribute('muted', '');
      video.style.cssText = `width:100%;height:100%;position:absolute;left:0;top:0;object-fit:${this._options.objectFit};background-color:#000;` +
        (this._options.mirror ? 'transform:rotateY(180deg);' : '');
      div.appendChild(video);
      this._watchElement(video, 'video');
      if (this._options.withAudio) {
        const audio = doc.createElement('audio');
        audio.id = `audio_${id}`;
        audio.autoplay = true;
        audio.muted = !!this._options.muted;
        audio.setAttribute('playsinline', '');
        div.appendChild(audio);
        this._watchElement(audio, 'audio');
        this._audio = audio;
      }
      this._video = video;
      this._div = div;
      this._container.appendChild(div);
    }

    get container() {
      return this._container;
    }

    _watchElement(el, type) {
      el.addEventListener('playing', () => this._stream._emitPlayerState(type, 'PLAYING', 'playing'));
      el.addEventListener('pause', () => {
        if (this._div) this._stream._emitPlayerState(type, 'PAUSED', 'pause');
      });
    }

    /**
     * Points the elements at the stream's current tracks; safe to call when nothing changed.
     * startPlayback: play elements whose track changed (tracks arriving while the stream plays).
     */
    setTracks(audioTrack, videoTrack, startPlayback) {
      for (const off of this._trackListeners) off();
      this._trackListeners = [];
      this._attach('video', this._video, videoTrack, startPlayback !== false);
      if (this._audio) this._attach('audio', this._audio, audioTrack, startPlayback !== false);
      else this._tracks.audio = audioTrack;
    }

    _attach(type, el, track, startPlayback) {
      const changed = this._tracks[type] !== track;
      this._tracks[type] = track;
      if (track) {
        const onMute = () => this._stream._emitPlayerState(type, 'PAUSED', 'mute');
        const onUnmute = () => this._stream._emitPlayerState(type, 'PLAYING', 'unmute');
        const onEnded = () => this._stream._emitPlayerState(type, 'STOPPED', 'ended');
        track.addEventListener('mute', onMute);
        track.addEventListener('unmute', onUnmute);
        track.addEventListener('ended', onEnded);
        this._trackListeners.push(() => {
          track.removeEventListener('mute', onMute);
          track.removeEventListener('unmute', onUnmute);
          track.removeEventListener('ended', onEnded);
        });
      }
      if (!changed || !el) return;
      el.srcObject = track ? new root.MediaStream([track]) : null;
      if (track && this._div && startPlayback) {
        this._playElement(type, el).then((err) => {
          if (err) this._stream._onPlayBlocked(err);
        });
      }
    }

    /** Starts every element that has media; rejects PLAY_NOT_ALLOWED when autoplay is blocked. */
    async play() {
      const jobs = [];
      if (this._video && this._video.srcObject) jobs.push(this._playElement('video', this._video));
      if (this._audio && this._audio.srcObject && !this._audio.muted) jobs.push(this._playElement('audio', this._audio));
      const errors = (await Promise.all(jobs)).filter(Boolean);
      if (errors.length) throw errors[0];
    }

    /**
     * Resolves null when playing (or still waiting for the first frame: a media element's play()
     * only settles when data flows, which may be long after play() was called), or an RtcError.
     */
    async _playElement(type, el) {
      let late = false;
      const attempt = el.play().then(
        () => null,
        (e) => {
          if (!e || e.name === 'AbortError') return null; // a newer srcObject or stop() won the race
          const err = e.name === 'NotAllowedError'
            ? rtcError(ErrorCode.PLAY_NOT_ALLOWED, `the browser blocked autoplay of ${type}: call stream.resume() from a user gesture (click)`, { name: e.name })
            : toRtcError(e, ErrorCode.UNKNOWN, `playing ${type}`);
          if (late) this._stream._onPlayBlocked(err);
          return err;
        },
      );
      const result = await Promise.race([attempt, sleep(PLAY_SETTLE_MS).then(() => 'pending')]);
      if (result === 'pending') {
        late = true;
        return null;
      }
      return result;
    }

    async resume() {
      const jobs = [];
      for (const [type, el] of [['video', this._video], ['audio', this._audio]]) {
        if (el && el.srcObject && el.paused) jobs.push(this._playElement(type, el));
      }
      const errors = (await Promise.all(jobs)).filter(Boolean);
      if (errors.length) throw errors[0];
    }

    setVolume(volume) {
      this._volume = volume;
      if (this._audio) this._audio.volume = volume;
    }

    async setSinkId(deviceId) {
      this._sinkId = deviceId;
      if (this._audio && typeof this._audio.setSinkId === 'function') await this._audio.setSinkId(deviceId);
    }

    get isPlaying() {
      return !!this._div;
    }

    get videoElement() {
      return this._video;
    }

    stop() {
      for (const off of this._trackListeners) off();
      this._trackListeners = [];
      for (const el of [this._video, this._audio]) {
        if (!el) continue;
        try {
          el.pause();
        } catch (e) {
          // detached already
        }
        el.srcObject = null;
      }
      if (this._div && this._div.parentNode) this._div.parentNode.removeChild(this._div);
      this._div = null;
      this._video = null;
      this._audio = null;
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Audio level: Web Audio analyser for local tracks (remote ones use the receiver's RTP levels)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  let sharedAudioContext = null;

  class AudioLevelMeter {
    constructor(track) {
      this.track = track;
      this._analyser = null;
      try {
        const Ctx = root.AudioContext || root.webkitAudioContext;
        if (!Ctx) return;
        if (!sharedAudioContext) sharedAudioContext = new Ctx();
        const source = sharedAudioContext.createMediaStreamSource(new root.MediaStream([track]));
        this._analyser = sharedAudioContext.createAnalyser();
        this._analyser.fftSize = 2048; // ~43 ms at 48 kHz: long enough to catch a syllable at a random instant
        source.connect(this._analyser);
        this._source = source;
        this._buffer = new Float32Array(this._analyser.fftSize);
      } catch (e) {
        this._analyser = null;
      }
    }
    /** RMS of the last analysis window, scaled to 0..1 the way TRTC's getAudioLevel() reports. */
    level() {
      if (!this._analyser || !this.track.enabled) return 0;
      if (sharedAudioContext.state === 'suspended') sharedAudioContext.resume().catch(() => {});
      this._analyser.getFloatTimeDomainData(this._buffer);
      let sum = 0;
      for (const v of this._buffer) sum += v * v;
      return Math.min(1, Math.sqrt(sum / this._buffer.length) * 2);
    }
    dispose() {
      try {
        if (this._source) this._source.disconnect();
      } catch (e) {
        // already disconnected
      }
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Stream: what LocalStream and RemoteStream share (play, tracks, player events)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  class Stream extends Emitter {
    constructor(id, userId, type, log) {
      super(log);
      this._id = id;
      this._userId = userId;
      this._type = type;
      this._log = log;
      this._audioTrack = null;
      this._videoTrack = null;
      this._mediaStream = root.MediaStream ? new root.MediaStream() : null;
      this._player = null;
      this._volume = 1;
      this._sinkId = '';
    }

    getId() {
      return this._id;
    }
    getUserId() {
      return this._userId;
    }
    getType() {
      return this._type;
    }
    getAudioTrack() {
      return this._audioTrack;
    }
    getVideoTrack() {
      return this._videoTrack;
    }
    getMediaStream() {
      return this._mediaStream;
    }
    isPlaying() {
      return !!this._player && this._player.isPlaying;
    }

    /**
     * play(elementId | HTMLElement, {objectFit, muted, mirror}) — renders into that element.
     * Rejects PLAY_NOT_ALLOWED (and emits 'error' on the stream) when the browser blocks autoplay.
     */
    async play(elementId, options) {
      const container = this._resolveContainer(elementId);
      const opts = options || {};
      const objectFit = opts.objectFit === undefined ? this._defaultObjectFit() : opts.objectFit;
      if (!OBJECT_FITS.includes(objectFit)) throw invalid(`play: objectFit must be 'cover', 'contain' or 'fill' (got ${JSON.stringify(objectFit)})`);
      if (this._player && this._player.container !== container) this.stop();
      if (!this._player) {
        const player = new Player(this, container, {
          objectFit,
          muted: !!opts.muted,
          mirror: opts.mirror === undefined ? this._defaultMirror() : !!opts.mirror,
          withAudio: this._playsAudio(),
        });
        player.mount();
        player.setVolume(this._volume);
        if (this._sinkId) player.setSinkId(this._sinkId).catch((e) => this._log.warn('setSinkId failed', e));
        this._player = player;
        player.setTracks(this._audioTrack, this._videoTrack, false);
      }
      try {
        await this._player.play();
      } catch (e) {
        this._onPlayBlocked(e);
        throw e;
      }
    }

    _resolveContainer(elementId) {
      const doc = root.document;
      if (!doc) throw rtcError(ErrorCode.NOT_SUPPORTED, 'play() needs a DOM document');
      if (elementId && typeof elementId === 'object' && elementId.nodeType === 1) return elementId;
      if (typeof elementId !== 'string' || !elementId) throw invalid('play(elementId): pass the id of a <div> (or the element itself)');
      const el = doc.getElementById(elementId);
      if (!el) throw invalid(`play: no element with id "${elementId}"; create <div id="${elementId}"></div> before calling play()`);
      return el;
    }

    _onPlayBlocked(error) {
      if (error && error.getCode && error.getCode() === ErrorCode.PLAY_NOT_ALLOWED) {
        this._log.warn(error.message);
        if (this._autoPlayDialogEnabled()) AutoplayPrompt.show(this);
      } else {
        this._log.error('play failed', error);
      }
      this._emit('error', error);
    }

    /** Retries playback after PLAY_NOT_ALLOWED; call it from a click handler. */
    async resume() {
      if (!this._player) throw rtcError(ErrorCode.INVALID_OPERATION, 'resume(): the stream is not playing; call play() first');
      AutoplayPrompt.forget(this);
      await this._player.resume();
    }

    stop() {
      if (!this._player) return;
      AutoplayPrompt.forget(this);
      this._player.stop();
      this._player = null;
    }

    setAudioVolume(volume) {
      if (typeof volume !== 'number' || !(volume >= 0 && volume <= 1)) throw invalid('setAudioVolume(volume): volume is a number from 0 to 1');
      this._volume = volume;
      if (this._player) this._player.setVolume(volume);
    }

    async setAudioOutput(deviceId) {
      if (typeof deviceId !== 'string') throw invalid('setAudioOutput(deviceId): pass a deviceId from TRTC.getSpeakers()');
      this._sinkId = deviceId;
      if (this._player) await this._player.setSinkId(deviceId);
    }

    /** A PNG data URL of the current video frame ('' when there is no video playing). */
    getVideoFrame() {
      const video = this._player && this._player.videoElement;
      const doc = root.document;
      if (!video || !video.videoWidth || !doc) return '';
      const canvas = doc.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      return canvas.toDataURL('image/png');
    }

    _emitPlayerState(type, state, reason) {
      this._emit('player-state-changed', { type, state, reason });
    }

    /** Replaces the tracks of this stream's MediaStream and of a playing player. */
    _setTracks(audioTrack, videoTrack) {
      const ms = this._mediaStream;
      for (const [old, next] of [[this._audioTrack, audioTrack], [this._videoTrack, videoTrack]]) {
        if (old === next || !ms) continue;
        if (old) ms.removeTrack(old);
        if (next) ms.addTrack(next);
      }
      this._audioTrack = audioTrack;
      this._videoTrack = videoTrack;
      if (this._player) this._player.setTracks(audioTrack, videoTrack);
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // LocalStream: capture (camera, microphone, screen or given tracks), mute, profiles, devices
  // ───────────────────────────────────────────────────────────────────────────────────────────

  /** Maps a getUserMedia/getDisplayMedia failure to TRTC's error, keeping the DOMException name. */
  function mediaError(e, what) {
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
        return rtcError(ErrorCode.UNKNOWN, `the ${what} is in use by another application or failed to start${detail}`, { name, cause: e });
      case 'TypeError':
        return rtcError(ErrorCode.INVALID_PARAMETER, `invalid capture request for the ${what}${detail}`, { name, cause: e });
      default:
        return rtcError(ErrorCode.UNKNOWN, `capturing the ${what} failed: ${name}${detail}`, { name, cause: e });
    }
  }

  function mediaDevices() {
    const md = root.navigator && root.navigator.mediaDevices;
    if (!md || typeof md.getUserMedia !== 'function') {
      throw rtcError(ErrorCode.NOT_SUPPORTED, 'navigator.mediaDevices is unavailable: serve the page over https:// (or from localhost) in a WebRTC browser');
    }
    return md;
  }

  class LocalStream extends Stream {
    constructor(config) {
      super(randomId(16), config.userId, 'main', createLog('local-stream'));
      this._config = config;
      this._state = 'new'; // new | initializing | initialized | closed
      this._initPromise = null;
      this._videoProfile = resolveVideoProfile(config.screen ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE, config.screen ? SCREEN_PROFILES : VIDEO_PROFILES);
      this._audioProfile = AUDIO_PROFILES[DEFAULT_AUDIO_PROFILE];
      this._muted = { audio: false, video: false };
      this._publisher = null; // {client, senders: {audio, video}} while published
      this._ownedTracks = new Set(); // tracks we captured (and so stop on close)
      this._meter = null;
    }

    _defaultObjectFit() {
      return this._config.screen ? 'contain' : 'cover';
    }
    _defaultMirror() {
      return this._config.mirror;
    }
    _playsAudio() {
      return false; // the local preview never plays the microphone back (echo)
    }
    _autoPlayDialogEnabled() {
      return false;
    }

    hasAudio() {
      return this._state === 'initialized' ? !!this._audioTrack : !!(this._config.audio || this._config.audioSource);
    }
    hasVideo() {
      return this._state === 'initialized' ? !!this._videoTrack : !!(this._config.video || this._config.videoSource || this._config.screen);
    }

    /** Captures the requested devices. Rejects an RtcError whose `name` is the browser's DOMException name. */
    initialize() {
      if (this._state === 'closed') return Promise.reject(rtcError(ErrorCode.INVALID_OPERATION, 'initialize(): the stream was closed; create a new one with TRTC.createStream()'));
      if (this._state === 'initialized') {
        this._log.warn('initialize() called again; the stream is already initialized');
        return Promise.resolve();
      }
      if (!this._initPromise) {
        this._state = 'initializing';
        this._initPromise = this._capture().then(
          () => {
            this._state = 'initialized';
            this._log.info(`initialized: audio=${!!this._audioTrack} video=${!!this._videoTrack}`);
          },
          (e) => {
            this._state = 'new';
            this._initPromise = null;
            throw e;
          },
        );
      }
      return this._initPromise;
    }

    async _capture() {
      const c = this._config;
      let audioTrack = c.audioSource;
      let videoTrack = c.videoSource;
      const captured = [];
      try {
        if (c.screen) {
          const md = mediaDevices();
          if (typeof md.getDisplayMedia !== 'function') throw rtcError(ErrorCode.NOT_SUPPORTED, 'screen sharing is not supported by this browser');
          const p = this._videoProfile;
          let display;
          try {
            display = await md.getDisplayMedia({ video: { width: { ideal: p.width }, height: { ideal: p.height }, frameRate: { ideal: p.frameRate } }, audio: c.screenAudio });
          } catch (e) {
            throw mediaError(e, 'screen');
          }
          captured.push(...display.getTracks());
          videoTrack = display.getVideoTracks()[0] || null;
          if (c.screenAudio && !audioTrack) audioTrack = display.getAudioTracks()[0] || null;
          if (videoTrack) videoTrack.addEventListener('ended', () => this._onScreenEnded(videoTrack));
        }
        const wantMic = c.audio && !audioTrack;
        const wantCam = c.video && !videoTrack;
        if (wantMic || wantCam) {
          const constraints = {
            audio: wantMic ? audioConstraints(this._audioProfile, c.microphoneId) : false,
            video: wantCam ? videoConstraints(this._videoProfile, c.cameraId, c.facingMode) : false,
          };
          const what = wantMic && wantCam ? 'camera and microphone' : wantCam ? 'camera' : 'microphone';
          let media;
          try {
            media = await mediaDevices().getUserMedia(constraints);
          } catch (e) {
            throw e instanceof RtcError ? e : mediaError(e, what);
          }
          captured.push(...media.getTracks());
          if (wantMic) audioTrack = media.getAudioTracks()[0] || null;
          if (wantCam) videoTrack = media.getVideoTracks()[0] || null;
        }
      } catch (e) {
        for (const t of captured) t.stop();
        throw e;
      }
      for (const t of captured) this._ownedTracks.add(t);
      if (audioTrack) audioTrack.enabled = !this._muted.audio;
      if (videoTrack) videoTrack.enabled = !this._muted.video;
      this._setTracks(audioTrack || null, videoTrack || null);
    }

    /** The browser ended the screen capture ("Stop sharing"): TRTC's 'screen-sharing-stopped'. */
    _onScreenEnded(track) {
      if (track !== this._videoTrack) return; // replaced meanwhile
      this._log.info('screen sharing stopped');
      this._emit('screen-sharing-stopped', {});
      if (this._publisher) this._publisher.client._onScreenTrackEnded(this);
    }

    /** Stops capture and the player. A published stream should be unpublished first. */
    close() {
      if (this._publisher) this._log.warn('close() on a published stream: call client.unpublish(stream) first');
      this.stop();
      for (const t of [this._audioTrack, this._videoTrack]) if (t && this._ownedTracks.has(t)) t.stop();
      if (this._meter) this._meter.dispose();
      this._meter = null;
      this._ownedTracks.clear();
      this._setTracks(null, null);
      this._state = 'closed';
    }

    muteAudio() {
      return this._setMuted('audio', true);
    }
    muteVideo() {
      return this._setMuted('video', true);
    }
    unmuteAudio() {
      return this._setMuted('audio', false);
    }
    unmuteVideo() {
      return this._setMuted('video', false);
    }

    _setMuted(kind, muted) {
      const track = kind === 'audio' ? this._audioTrack : this._videoTrack;
      if (!track) return false;
      track.enabled = !muted;
      if (this._muted[kind] === muted) return true;
      this._muted[kind] = muted;
      if (this._publisher) this._publisher.client._sendMute(kind, muted, this._publisher.type);
      return true;
    }

    /** setVideoProfile('480p' | {width, height, frameRate, bitrate}); applies live when capturing. */
    setVideoProfile(profile) {
      const resolved = resolveVideoProfile(profile, VIDEO_PROFILES, 'setVideoProfile');
      if (this._config.screen) return Promise.resolve(); // a screen stream uses setScreenProfile
      return this._applyVideoProfile(resolved, !this._config.videoSource);
    }

    /** setScreenProfile('1080p' | {width, height, frameRate, bitrate}) for screen streams. */
    setScreenProfile(profile) {
      const resolved = resolveVideoProfile(profile, SCREEN_PROFILES, 'setScreenProfile');
      return this._applyVideoProfile(resolved, !!this._config.screen);
    }

    async _applyVideoProfile(profile, constrainTrack) {
      this._videoProfile = profile;
      const track = this._videoTrack;
      if (constrainTrack && track && typeof track.applyConstraints === 'function') {
        try {
          await track.applyConstraints({ width: { ideal: profile.width }, height: { ideal: profile.height }, frameRate: { ideal: profile.frameRate } });
        } catch (e) {
          this._log.warn('the camera did not accept the new profile', e);
        }
      }
      if (this._publisher) {
        await applyMaxBitrate(this._publisher.senders.video, profile.bitrate, this._log);
        await this._publisher.client._onLocalVideoChanged(this);
      }
    }

    /** setAudioProfile('standard' | 'high' | 'standard-stereo' | 'high-stereo'); call before initialize(). */
    setAudioProfile(profile) {
      this._audioProfile = resolveAudioProfile(profile);
      if (this._publisher) applyMaxBitrate(this._publisher.senders.audio, this._audioProfile.bitrate, this._log);
    }

    /** switchDevice('audio' | 'video', deviceId): recaptures from another device, live if published. */
    async switchDevice(type, deviceId) {
      if (type !== 'audio' && type !== 'video') throw invalid("switchDevice(type, deviceId): type is 'audio' or 'video'");
      if (typeof deviceId !== 'string' || !deviceId) throw invalid('switchDevice: pass a deviceId from TRTC.getCameras()/getMicrophones()');
      if (this._state !== 'initialized') throw rtcError(ErrorCode.INVALID_OPERATION, 'switchDevice(): initialize() the stream first');
      const old = type === 'audio' ? this._audioTrack : this._videoTrack;
      if (!old || !this._ownedTracks.has(old) || (type === 'video' && this._config.screen)) {
        throw rtcError(ErrorCode.INVALID_OPERATION, `switchDevice(): this stream has no ${type === 'audio' ? 'microphone' : 'camera'} track captured by the SDK`);
      }
      const constraints = type === 'audio'
        ? { audio: audioConstraints(this._audioProfile, deviceId) }
        : { video: videoConstraints(this._videoProfile, deviceId) };
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
      this._ownedTracks.add(track);
      await this._swapTrack(old, track);
      old.stop();
      this._ownedTracks.delete(old);
      this._config = Object.freeze(Object.assign({}, this._config, type === 'audio' ? { microphoneId: deviceId } : { cameraId: deviceId }));
    }

    /** replaceTrack(track): swaps the track of the same kind, live if published (no renegotiation). */
    async replaceTrack(track) {
      const kind = track && track.kind;
      if (kind !== 'audio' && kind !== 'video') throw invalid('replaceTrack(track): pass an audio or video MediaStreamTrack');
      const old = kind === 'audio' ? this._audioTrack : this._videoTrack;
      if (!old) throw rtcError(ErrorCode.INVALID_OPERATION, `replaceTrack(): the stream has no ${kind} track; use addTrack()`);
      await this._swapTrack(old, track);
    }

    async _swapTrack(old, track) {
      const kind = track.kind;
      track.enabled = !this._muted[kind];
      if (this._publisher && this._publisher.senders[kind]) await this._publisher.senders[kind].replaceTrack(track);
      if (kind === 'audio') {
        this._setTracks(track, this._videoTrack);
        if (this._meter) this._meter.dispose();
        this._meter = null;
      } else {
        this._setTracks(this._audioTrack, track);
        if (this._publisher) await this._publisher.client._onLocalVideoChanged(this);
      }
    }

    /** addTrack(track) before publish (a published stream would need renegotiation: not yet). */
    async addTrack(track) {
      const kind = track && track.kind;
      if (kind !== 'audio' && kind !== 'video') throw invalid('addTrack(track): pass an audio or video MediaStreamTrack');
      if (this._publisher) throw rtcError(ErrorCode.NOT_SUPPORTED, 'addTrack() on a published stream is not supported yet: unpublish(), addTrack(), publish()');
      if ((kind === 'audio' ? this._audioTrack : this._videoTrack)) throw rtcError(ErrorCode.INVALID_OPERATION, `addTrack(): the stream already has a ${kind} track; use replaceTrack()`);
      track.enabled = !this._muted[kind];
      if (kind === 'audio') this._setTracks(track, this._videoTrack);
      else this._setTracks(this._audioTrack, track);
      if (this._state === 'new') this._state = 'initialized';
    }

    /** removeTrack(track) before publish. */
    async removeTrack(track) {
      if (!track || (track !== this._audioTrack && track !== this._videoTrack)) throw invalid('removeTrack(track): the track is not part of this stream');
      if (this._publisher) throw rtcError(ErrorCode.NOT_SUPPORTED, 'removeTrack() on a published stream is not supported yet: unpublish() first');
      if (track.kind === 'audio') this._setTracks(null, this._videoTrack);
      else this._setTracks(this._audioTrack, null);
    }

    /** 0..1, the loudness of the microphone right now. */
    getAudioLevel() {
      const track = this._audioTrack;
      if (!track) return 0;
      if (!this._meter || this._meter.track !== track) {
        if (this._meter) this._meter.dispose();
        this._meter = new AudioLevelMeter(track);
      }
      return this._meter.level();
    }

    _bindPublisher(client, senders, type) {
      this._publisher = { client, senders, type: type || 'main' };
      this._type = this._publisher.type;
      if (client._config.userId && !this._userId) this._userId = client._config.userId;
    }
    _unbindPublisher(client) {
      if (this._publisher && this._publisher.client === client) {
        this._publisher = null;
        this._type = 'main';
      }
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // RemoteStream: a stream another user publishes; tracks arrive through the downlink
  // ───────────────────────────────────────────────────────────────────────────────────────────

  class RemoteStream extends Stream {
    constructor(client, info) {
      super(info.streamId, info.userId, info.type === 'auxiliary' ? 'auxiliary' : 'main', createLog(`remote-stream(${info.userId}/${info.streamId})`));
      this._client = client;
      this._info = info;
      this._subscription = null; // {audio, video} once subscribed
      this._wanted = null; // what the page (or autoSubscribe) asked for, possibly still queued
      this._optedOut = false; // the page called unsubscribe(): autoSubscribe leaves it alone
      this._localMute = { audio: false, video: false };
      this._meter = null; // AudioLevelMeter when the packets carry no RFC 6464 level
    }

    _defaultObjectFit() {
      return this._type === 'auxiliary' ? 'contain' : 'cover';
    }
    _defaultMirror() {
      return false;
    }
    _playsAudio() {
      return true;
    }
    _autoPlayDialogEnabled() {
      return this._client._config.enableAutoPlayDialog;
    }

    hasAudio() {
      return !!this._info.hasAudio;
    }
    hasVideo() {
      return !!this._info.hasVideo;
    }

    /** Stops playing the audio locally (the publisher keeps sending). */
    muteAudio() {
      return this._setLocalMute('audio', true);
    }
    muteVideo() {
      return this._setLocalMute('video', true);
    }
    unmuteAudio() {
      return this._setLocalMute('audio', false);
    }
    unmuteVideo() {
      return this._setLocalMute('video', false);
    }

    _setLocalMute(kind, muted) {
      this._localMute[kind] = muted;
      const track = kind === 'audio' ? this._audioTrack : this._videoTrack;
      if (track) track.enabled = !muted;
      return !!track;
    }

    /**
     * 0..1, the loudness of this remote stream right now: the sender's RFC 6464 audio level when the
     * packets carry it (RTCRtpReceiver.getSynchronizationSources), else measured with Web Audio on the
     * received track (Chrome feeds it to Web Audio only while it plays, i.e. after play()). 0 while the
     * publisher has muted the microphone, or when the stream is not subscribed.
     */
    getAudioLevel() {
      const track = this._audioTrack;
      if (!track || this._info.audioMuted) return 0;
      const receiver = this._client._receiverFor(track);
      if (receiver && typeof receiver.getSynchronizationSources === 'function') {
        const sources = receiver.getSynchronizationSources();
        if (sources.length && typeof sources[0].audioLevel === 'number') return sources[0].audioLevel;
      }
      if (!this._meter || this._meter.track !== track) {
        if (this._meter) this._meter.dispose();
        this._meter = new AudioLevelMeter(track);
      }
      return this._meter.level();
    }

    _setTracks(audioTrack, videoTrack) {
      if (audioTrack) audioTrack.enabled = !this._localMute.audio;
      if (videoTrack) videoTrack.enabled = !this._localMute.video;
      super._setTracks(audioTrack, videoTrack);
    }

    _updateInfo(info) {
      this._info = Object.assign({}, this._info, info);
    }

    /** The stream left (unsubscribed, removed, or we left): stop playing and drop the tracks. */
    _detach() {
      this._subscription = null;
      if (this._meter) this._meter.dispose();
      this._meter = null;
      this.stop();
      this._setTracks(null, null);
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Downlink: the one RTCPeerConnection that receives every subscribed stream (server offers)
  // ───────────────────────────────────────────────────────────────────────────────────────────

  class Downlink {
    constructor(log) {
      this._log = log;
      this.pc = new root.RTCPeerConnection(DOWNLINK_PC_CONFIG);
      this._streamOfTransceiver = new Map(); // fallback when a section's msid cannot be parsed
      this.pc.addEventListener('track', (ev) => {
        // a=msid:<streamId> <trackId> (PROTOCOL.md "subscribe") makes streams[0].id the streamId.
        const streamId = ev.streams && ev.streams[0] ? ev.streams[0].id : null;
        if (streamId && ev.transceiver) this._streamOfTransceiver.set(ev.transceiver, streamId);
        this._log.debug(`downlink track ${ev.track.kind} for stream ${streamId}`);
      });
    }

    /** Applies the server's offer and returns our answer's SDP. */
    async answer(offer) {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      return this.pc.localDescription.sdp;
    }

    /** streamId → {audio, video}: the tracks the offer's active sections deliver (matched by mid). */
    tracksByStream(offer) {
      const transceivers = new Map(this.pc.getTransceivers().filter((t) => t.mid).map((t) => [t.mid, t]));
      const sections = parseSdpSections(offer);
      for (const s of sections) {
        // No parsable msid: fall back to the stream id the browser reported in 'track'.
        if (!s.streamId && s.mid && transceivers.has(s.mid)) s.streamId = this._streamOfTransceiver.get(transceivers.get(s.mid)) || null;
      }
      const tracks = new Map();
      for (const [streamId, mids] of receivingMidsByStream(sections)) {
        const entry = {};
        for (const kind of ['audio', 'video']) {
          const t = mids[kind] ? transceivers.get(mids[kind]) : null;
          if (t) entry[kind] = t.receiver.track;
        }
        tracks.set(streamId, entry);
      }
      return tracks;
    }

    receiverFor(track) {
      if (!track) return null;
      const t = this.pc.getTransceivers().find((x) => x.receiver.track === track);
      return t ? t.receiver : null;
    }

    close() {
      this.pc.close();
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // ClientStats: TRTC's stats getters and the 'network-quality' scale, from getStats()
  // ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * TRTC's network-quality scale: 1 excellent … 5 very bad, 6 disconnected (0, unknown, is decided by
   * the caller). TRTC derives it from RTT and loss without publishing its thresholds; these are ours.
   */
  function qualityFrom(rttMs, lossPercent) {
    if (lossPercent < 1 && rttMs < 50) return 1;
    if (lossPercent < 3 && rttMs < 100) return 2;
    if (lossPercent < 5 && rttMs < 200) return 3;
    if (lossPercent < 10 && rttMs < 400) return 4;
    if (lossPercent < 20) return 5;
    return 6;
  }

  /**
   * RTT in ms of the ICE candidate pair in use (webrtc-stats §7.18 currentRoundTripTime, measured by
   * the STUN consent checks of RFC 7675), or null when there is none yet. The pair in use is the one
   * the transport names (selectedCandidatePairId); Firefox has no transport stats and flags it instead.
   */
  function selectedPairRtt(report) {
    const pairs = [];
    let selectedId = null;
    report.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) selectedId = s.selectedCandidatePairId;
      if (s.type === 'candidate-pair') pairs.push(s);
    });
    const pair = pairs.find((s) => s.id === selectedId) || pairs.find((s) => s.selected) || pairs.find((s) => s.nominated && s.state === 'succeeded');
    if (!pair || typeof pair.currentRoundTripTime !== 'number') return null;
    return Math.round(pair.currentRoundTripTime * 1000);
  }

  /** Uplink RTT from the RTCP receiver reports the server sends (RFC 3550 §6.4.1 LSR/DLSR). */
  function remoteInboundRtt(report) {
    let rtt = null;
    report.forEach((s) => {
      if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') rtt = Math.max(rtt || 0, Math.round(s.roundTripTime * 1000));
    });
    return rtt;
  }

  /** The first stats entry of `type` in a report (a sender's or receiver's getStats() has one). */
  function firstOfType(report, type) {
    let found = null;
    report.forEach((s) => {
      if (!found && s.type === type) found = s;
    });
    return found;
  }

  /** The sender's outbound-rtp entry of the big layer: rid 'h' when the small stream is sent, else the only one. */
  function bigLayerOutbound(report) {
    let first = null;
    let big = null;
    report.forEach((s) => {
      if (s.type !== 'outbound-rtp') return;
      if (!first) first = s;
      if (s.rid === BIG_RID) big = s;
    });
    return big || first;
  }

  class ClientStats {
    constructor(client) {
      this._client = client;
      this._previous = new WeakMap(); // RTCPeerConnection → {lost, total} at the last network-quality tick
    }

    _uplinks() {
      return STREAM_TYPES.map((t) => this._client._uplinks[t]).filter(Boolean);
    }
    get _downlinkPc() {
      return this._client._downlink ? this._client._downlink.pc : null;
    }

    /** TRTC's TransportStats: rtt (uplink, ms) and downlinksRTT {userId: ms} of every subscribed user. */
    async transport() {
      const result = { rtt: 0, downlinksRTT: {} };
      const main = this._client._uplinks.main || this._uplinks()[0];
      let up = null;
      if (main) {
        const report = await main.pc.getStats();
        up = selectedPairRtt(report);
        if (up === null) up = remoteInboundRtt(report);
      }
      const down = this._downlinkPc ? selectedPairRtt(await this._downlinkPc.getStats()) : null;
      result.rtt = up !== null ? up : down !== null ? down : 0;
      // One downlink connection carries every subscription, so every user shares its RTT.
      for (const s of this._client._remoteStreams.values()) if (down !== null && s._subscription) result.downlinksRTT[s.getUserId()] = down;
      return result;
    }

    /** TRTC's LocalAudioStats / LocalVideoStats of the main stream, keyed by our userId. */
    async local(kind) {
      const out = {};
      const uplink = this._client._uplinks.main;
      const sender = uplink && uplink.senders[kind];
      if (!sender) return out;
      const s = bigLayerOutbound(await sender.getStats());
      if (!s) return out;
      const base = { bytesSent: s.bytesSent || 0, packetsSent: s.packetsSent || 0 };
      out[this._client._config.userId] = kind === 'audio' ? base : Object.assign(base, {
        framesEncoded: s.framesEncoded || 0,
        framesSent: s.framesSent || 0,
        frameWidth: s.frameWidth || 0,
        frameHeight: s.frameHeight || 0,
        frameRate: Math.round(s.framesPerSecond || 0), // Parley addition
      });
      return out;
    }

    /** TRTC's RemoteAudioStats / RemoteVideoStats of the subscribed streams of `type`, keyed by userId. */
    async remote(kind, type) {
      const out = {};
      const downlink = this._client._downlink;
      if (!downlink) return out;
      for (const stream of this._client._remoteStreams.values()) {
        if (stream.getType() !== type) continue;
        const receiver = downlink.receiverFor(kind === 'audio' ? stream._audioTrack : stream._videoTrack);
        if (!receiver) continue;
        const s = firstOfType(await receiver.getStats(), 'inbound-rtp');
        if (!s) continue;
        const base = { bytesReceived: s.bytesReceived || 0, packetsReceived: s.packetsReceived || 0, packetsLost: Math.max(0, s.packetsLost || 0) };
        out[stream.getUserId()] = kind === 'audio' ? base : Object.assign(base, {
          framesDecoded: s.framesDecoded || 0,
          frameWidth: s.frameWidth || 0,
          frameHeight: s.frameHeight || 0,
          frameRate: Math.round(s.framesPerSecond || 0), // Parley addition
        });
      }
      return out;
    }

    /**
     * The 'network-quality' payload. Uplink: the worst of our publishing connections; downlink: the
     * receiving connection. RTT in ms, loss in % over the last interval.
     */
    async networkQuality() {
      let up = { quality: 0, rtt: 0, loss: 0 };
      for (const uplink of this._uplinks()) {
        const q = await this._linkQuality(uplink.pc, 'up');
        if (q.quality > up.quality) up = q;
      }
      const down = await this._linkQuality(this._downlinkPc, 'down');
      return {
        uplinkNetworkQuality: up.quality,
        downlinkNetworkQuality: down.quality,
        uplinkRTT: up.rtt,
        downlinkRTT: down.rtt,
        uplinkLoss: up.loss,
        downlinkLoss: down.loss,
      };
    }

    /**
     * One connection's quality. Loss over the last interval: uplink from the RTCP receiver reports the
     * server sends (remote-inbound-rtp packetsLost, RFC 3550 §6.4.1), downlink from what arrived
     * (inbound-rtp packetsLost). Unknown (0) until media has flowed for one interval.
     */
    async _linkQuality(pc, direction) {
      if (!pc || pc.connectionState === 'closed' || pc.signalingState === 'closed') return { quality: 0, rtt: 0, loss: 0 };
      const state = pc.connectionState || pc.iceConnectionState;
      if (state === 'failed' || state === 'disconnected') return { quality: 6, rtt: 0, loss: 100 };
      const report = await pc.getStats();
      let rtt = selectedPairRtt(report);
      if (rtt === null && direction === 'up') rtt = remoteInboundRtt(report);
      let lost = 0;
      let total = 0;
      report.forEach((s) => {
        if (direction === 'up' && s.type === 'remote-inbound-rtp') lost += Math.max(0, s.packetsLost || 0);
        if (direction === 'up' && s.type === 'outbound-rtp') total += s.packetsSent || 0;
        if (direction === 'down' && s.type === 'inbound-rtp') {
          lost += Math.max(0, s.packetsLost || 0);
          total += (s.packetsReceived || 0) + Math.max(0, s.packetsLost || 0);
        }
      });
      const last = this._previous.get(pc);
      this._previous.set(pc, { lost, total });
      if (!last) return { quality: 0, rtt: rtt || 0, loss: 0 }; // first look: no interval to judge yet
      const dTotal = total - last.total;
      if (dTotal <= 0) return { quality: 0, rtt: rtt || 0, loss: 0 }; // nothing flowed: unknown
      const dLost = Math.max(0, lost - last.lost);
      const loss = Math.min(100, Math.round((dLost / dTotal) * 100)); // packetsSent counts the lost ones too
      return { quality: qualityFrom(rtt || 0, loss), rtt: rtt || 0, loss };
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // Client: join/leave, the uplink (publish) and the downlink (subscribe) peer connections
  // ───────────────────────────────────────────────────────────────────────────────────────────

  function parseStreamInfo(wire) {
    const s = (wire && wire.stream) || {};
    if (typeof s.streamId !== 'string' || typeof s.userId !== 'string') return null;
    return {
      streamId: s.streamId,
      userId: s.userId,
      type: s.type === 'auxiliary' ? 'auxiliary' : 'main',
      hasAudio: !!s.hasAudio,
      hasVideo: !!s.hasVideo,
      hasSmall: !!s.hasSmall, // the publication has ≥ 2 video layers (PROTOCOL.md StreamInfo)
      audioMuted: !!s.audioMuted,
      videoMuted: !!s.videoMuted,
    };
  }

  const STREAM_TYPES = ['main', 'auxiliary'];

  /** TRTC's audioVolume: the 0..1 level as an integer 0..100. */
  function toVolume(level) {
    return Math.max(0, Math.min(100, Math.round((Number(level) || 0) * 100)));
  }

  const MUTE_EVENTS = {
    'mute-audio': ['audioMuted', true],
    'unmute-audio': ['audioMuted', false],
    'mute-video': ['videoMuted', true],
    'unmute-video': ['videoMuted', false],
  };

  class Client extends Emitter {
    constructor(config) {
      const log = createLog(`client(${config.userId})`);
      super(log);
      this._config = config;
      this._log = log;
      this._state = 'DISCONNECTED';
      this._phase = 'idle'; // idle | joining | joined | leaving
      this._session = 0; // bumped on every join/teardown so late async work can tell it is stale
      this._signal = null;
      this._roomId = null;
      this._role = 'anchor';
      this._stopHeartbeat = null;
      this._stopQuality = null;
      this._stopVolume = null;
      this._peers = new Set();
      this._remoteStreams = new Map(); // streamId → RemoteStream
      // One uplink RTCPeerConnection per published stream type (PROTOCOL.md "publish" `type`):
      // 'main' (camera) and 'auxiliary' (screen), each {pc, stream, streamId, type, senders}.
      this._uplinks = { main: null, auxiliary: null };
      this._publishing = { main: false, auxiliary: false };
      this._downlink = null; // Downlink, created by the first subscribe
      this._stats = new ClientStats(this);
      this._downlinkQueue = Promise.resolve();
      this._banned = false;
      this._leavePromise = null;
      this._pendingRole = undefined; // switchRole() before join()
      // TRTC's dual stream: a client setting, applied by publish() (and live to a published main stream).
      this._smallStream = { enabled: false, profile: DEFAULT_SMALL_STREAM_PROFILE };
    }

    // ── join / leave ────────────────────────────────────────────────────────────────────────

    /** join({roomId, role, privateMapKey}) — enters the room; rejects JOIN_ROOM_FAILED (with the server's reason). */
    async join(options) {
      if (this._phase !== 'idle') {
        throw rtcError(ErrorCode.INVALID_OPERATION, `join() called while ${this._phase === 'joined' ? 'already in room ' + this._roomId : this._phase}: call leave() first`);
      }
      const opts = options || {};
      const roomId = normalizeRoomId(opts.roomId, this._config.useStringRoomId);
      const role = normalizeRole(opts.role === undefined ? this._pendingRole : opts.role, this._config.mode);
      if (opts.privateMapKey !== undefined && opts.privateMapKey !== null && typeof opts.privateMapKey !== 'string') {
        throw invalid('join: privateMapKey must be a string (from your backend\'s genPrivateMapKey)');
      }
      const url = this._config.serverUrl || DEFAULT_SERVER_URL;
      if (!url) {
        throw rtcError(ErrorCode.INVALID_PARAMETER, 'no Parley server address: load trtc.js from the Parley server, or pass createClient({..., serverUrl: "wss://host/ws"})');
      }
      this._phase = 'joining';
      this._banned = false;
      const session = ++this._session;
      this._setState('CONNECTING');
      const signal = new SignalChannel(url, {
        log: this._log,
        onEvent: (name, data) => this._onServerEvent(session, name, data),
        onClose: (info) => this._onSignalLost(session, info),
      });
      this._signal = signal;
      try {
        await signal.open(JOIN_TIMEOUT_MS);
        const data = await signal.request('join', {
          sdkAppId: this._config.sdkAppId,
          userId: this._config.userId,
          userSig: this._config.userSig,
          roomId,
          role,
          mode: this._config.mode,
          sdkVersion: VERSION,
          ...(opts.privateMapKey ? { privateMapKey: opts.privateMapKey } : {}),
        }, { timeoutMs: JOIN_TIMEOUT_MS });
        if (session !== this._session || this._phase !== 'joining') {
          throw rtcError(ErrorCode.JOIN_ROOM_FAILED, 'leave() was called before join() completed');
        }
        this._phase = 'joined';
        this._roomId = roomId;
        this._role = role;
        this._startHeartbeat(session, Number(data.heartbeatIntervalMs) > 0 ? Number(data.heartbeatIntervalMs) : DEFAULT_HEARTBEAT_MS);
        this._startNetworkQuality(session);
        this._log.info(`joined room ${roomId} as ${role}`);
        this._setState('CONNECTED');
      } catch (e) {
        if (session === this._session) {
          this._teardown();
          this._setState('DISCONNECTED');
        }
        const err = toRtcError(e, ErrorCode.JOIN_ROOM_FAILED, 'join failed');
        this._log.error(`join room ${roomId} failed: ${err.message}`);
        throw err;
      }
    }

    /** leave() — leaves the room; always resolves (a dead connection is simply dropped). */
    leave() {
      if (this._phase === 'idle') {
        this._log.debug('leave(): not in a room');
        return Promise.resolve();
      }
      if (this._phase === 'leaving') return this._leavePromise;
      const signal = this._signal;
      const wasJoined = this._phase === 'joined';
      this._phase = 'leaving';
      this._leavePromise = (async () => {
        if (wasJoined && signal && signal.isOpen) {
          try {
            await signal.request('leave', {}, { timeoutMs: LEAVE_TIMEOUT_MS });
          } catch (e) {
            this._log.warn('leave request failed; closing anyway', e.message);
          }
        }
        this._teardown();
        this._setState('DISCONNECTED');
        this._log.info('left the room');
      })();
      return this._leavePromise;
    }

    /** Closes everything of the current session and makes join() possible again. */
    _teardown() {
      this._session++;
      for (const stop of [this._stopHeartbeat, this._stopQuality, this._stopVolume]) if (stop) stop();
      this._stopHeartbeat = this._stopQuality = this._stopVolume = null;
      if (this._signal) this._signal.close();
      this._signal = null;
      for (const type of STREAM_TYPES) {
        const uplink = this._uplinks[type];
        if (!uplink) continue;
        uplink.stream._unbindPublisher(this);
        uplink.pc.close();
        this._uplinks[type] = null;
      }
      if (this._downlink) this._downlink.close();
      this._downlink = null;
      this._downlinkQueue = Promise.resolve();
      for (const stream of this._remoteStreams.values()) stream._detach();
      this._remoteStreams.clear();
      this._peers.clear();
      this._roomId = null;
      this._phase = 'idle';
    }

    _setState(state) {
      if (state === this._state) return;
      const prevState = this._state;
      this._state = state;
      this._emit('connection-state-changed', { prevState, state });
    }

    _startHeartbeat(session, intervalMs) {
      // PROTOCOL.md "heartbeat": the server drops a client silent for 3 intervals + 2 s; we drop a
      // server that is silent as long (a half-open TCP connection never fires 'close').
      const deadAfterMs = intervalMs * 3 + 2000;
      this._stopHeartbeat = startTicker(intervalMs, () => {
        const signal = this._signal;
        if (session !== this._session || !signal) return;
        if (Date.now() - signal.lastReceivedAt > deadAfterMs) {
          this._log.warn(`no frame from the server for ${deadAfterMs} ms`);
          this._onSignalLost(session, { code: 4000, reason: 'server silent' });
          return;
        }
        signal.request('heartbeat', {}, { timeoutMs: deadAfterMs }).catch((e) => this._log.debug('heartbeat failed', e.message));
      });
    }

    _onSignalLost(session, info) {
      if (session !== this._session || this._phase !== 'joined') return;
      const banned = this._banned;
      this._teardown();
      this._setState('DISCONNECTED');
      if (banned) return;
      const err = rtcError(ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED,
        `lost the signaling connection (${info.code}${info.reason ? ' ' + info.reason : ''}); this Parley version does not reconnect: call join() again`);
      this._log.error(err.message);
      this._emit('error', err);
    }

    _assertJoined(session, what) {
      if (this._phase !== 'joined' || (session !== undefined && session !== this._session)) {
        throw rtcError(ErrorCode.INVALID_OPERATION, `${what}: not in a room (call join() and wait for it to resolve)`);
      }
    }

    // ── server events ──────────────────────────────────────────────────────────────────────

    _onServerEvent(session, name, data) {
      if (session !== this._session || (this._phase !== 'joined' && this._phase !== 'joining')) return;
      switch (name) {
        case 'peer-join':
          if (typeof data.userId !== 'string') return;
          this._peers.add(data.userId);
          this._emit('peer-join', { userId: data.userId });
          return;
        case 'peer-leave':
          if (typeof data.userId !== 'string') return;
          for (const stream of Array.from(this._remoteStreams.values())) {
            if (stream.getUserId() === data.userId) this._removeRemoteStream(stream);
          }
          this._peers.delete(data.userId);
          this._emit('peer-leave', { userId: data.userId });
          return;
        case 'stream-added':
          return this._onStreamAdded(data);
        case 'stream-removed': {
          const info = parseStreamInfo(data);
          const stream = info && this._remoteStreams.get(info.streamId);
          if (stream) this._removeRemoteStream(stream);
          return;
        }
        case 'stream-updated': {
          const info = parseStreamInfo(data);
          const stream = info && this._remoteStreams.get(info.streamId);
          if (!stream) return;
          stream._updateInfo(info);
          this._emit('stream-updated', { stream });
          return;
        }
        case 'mute-audio':
        case 'unmute-audio':
        case 'mute-video':
        case 'unmute-video': {
          const [field, value] = MUTE_EVENTS[name];
          const stream = this._remoteStreams.get(data.streamId);
          if (stream) stream._updateInfo({ [field]: value });
          this._emit(name, { userId: data.userId, stream });
          return;
        }
        case 'client-banned': {
          this._banned = true;
          const err = rtcError(ErrorCode.CLIENT_BANNED, data.message || `removed from the room (${data.reason || 'kick'})`);
          err.reason = data.reason || 'kick';
          this._log.warn(`banned: ${err.message}`);
          this._emit('client-banned', err);
          return;
        }
        case 'error': {
          const err = errorFromWire(data.error, ErrorCode.UNKNOWN);
          this._log.error(`server error: ${err.message}`);
          this._emit('error', err);
          return;
        }
        default:
          this._log.debug(`ignoring unknown event '${name}'`);
      }
    }

    _onStreamAdded(data) {
      const info = parseStreamInfo(data);
      if (!info) return;
      const existing = this._remoteStreams.get(info.streamId);
      if (existing) {
        existing._updateInfo(info);
        this._emit('stream-updated', { stream: existing });
        return;
      }
      const stream = new RemoteStream(this, info);
      this._remoteStreams.set(info.streamId, stream);
      if (info.userId) this._peers.add(info.userId);
      this._emit('stream-added', { stream });
      // TRTC's autoSubscribe: only if the page's handler did not subscribe (or unsubscribe) itself.
      if (this._config.autoSubscribe && !stream._wanted && !stream._optedOut && this._remoteStreams.get(info.streamId) === stream) {
        this.subscribe(stream).catch((e) => this._log.warn(`auto-subscribe to ${info.streamId} failed: ${e.message}`));
      }
    }

    _removeRemoteStream(stream) {
      this._remoteStreams.delete(stream.getId());
      // The server drops the subscription; the downlink's next offer marks its sections inactive.
      stream._detach();
      this._emit('stream-removed', { stream });
    }

    // ── publish / unpublish (uplink) ───────────────────────────────────────────────────────

    /** The main uplink (camera stream), or null. Kept for code that predates the auxiliary stream. */
    get _uplink() {
      return this._uplinks.main;
    }

    /**
     * publish(localStream, {isAuxiliary}) — sends the stream; resolves when media is connected.
     * isAuxiliary: true publishes it as the user's auxiliary (screen-share) stream, next to the main one.
     */
    async publish(stream, options) {
      if (!(stream instanceof LocalStream)) throw invalid('publish(stream): pass the LocalStream from TRTC.createStream()');
      const type = options && options.isAuxiliary ? 'auxiliary' : 'main';
      this._assertJoined(undefined, 'publish()');
      if (this._role === 'audience') throw rtcError(ErrorCode.INVALID_OPERATION, "publish(): an audience cannot publish; join with role 'anchor' or call switchRole('anchor')");
      if (this._uplinks[type] || this._publishing[type]) {
        throw rtcError(ErrorCode.INVALID_OPERATION, `publish(): already publishing a ${type} stream; unpublish() it first${type === 'main' ? ' (a screen share goes out as {isAuxiliary: true})' : ''}`);
      }
      if (stream._state !== 'initialized' || (!stream._audioTrack && !stream._videoTrack)) {
        throw rtcError(ErrorCode.INVALID_OPERATION, 'publish(): the stream is not initialized; await localStream.initialize() first');
      }
      if (stream._publisher) throw rtcError(ErrorCode.INVALID_OPERATION, 'publish(): the stream is already published');
      this._publishing[type] = true;
      const session = this._session;
      const pc = new root.RTCPeerConnection(PC_CONFIG);
      // small: the video goes out as two layers (enableSmallStream() before publish, main stream only).
      const uplink = { pc, stream, streamId: null, type, senders: { audio: null, video: null }, small: false };
      let registered = false;
      try {
        for (const [kind, track] of [['audio', stream._audioTrack], ['video', stream._videoTrack]]) {
          if (!track) continue;
          const tx = this._addSendTransceiver(pc, kind, track, stream, uplink);
          uplink.senders[kind] = tx.sender;
        }
        let offer;
        try {
          offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
        } catch (e) {
          throw toRtcError(e, ErrorCode.CREATE_OFFER_FAILED, 'creating the publish offer');
        }
        this._assertJoined(session, 'publish()');
        const data = await this._signal.request('publish', {
          offer: pc.localDescription.sdp,
          type,
          hasAudio: !!stream._audioTrack,
          hasVideo: !!stream._videoTrack,
          audioMuted: stream._muted.audio,
          videoMuted: stream._muted.video,
        });
        registered = true;
        this._assertJoined(session, 'publish()');
        await pc.setRemoteDescription({ type: 'answer', sdp: data.answer });
        if (uplink.small) uplink.small = await settleSimulcast(uplink.senders.video, this._log);
        uplink.streamId = data.streamId || null;
        this._uplinks[type] = uplink;
        stream._bindPublisher(this, uplink.senders, type);
        await applyMaxBitrate(uplink.senders.video, stream._videoProfile.bitrate, this._log);
        await applyMaxBitrate(uplink.senders.audio, stream._audioProfile.bitrate, this._log);
        await waitForConnected(pc, ICE_CONNECT_TIMEOUT_MS, 'publish');
        this._watchConnection(pc, session, ErrorCode.UPLINK_RECONNECTION_FAILED, 'uplink');
        this._log.info(`published ${type} ${uplink.streamId} (audio=${!!uplink.senders.audio} video=${!!uplink.senders.video} small=${uplink.small})`);
      } catch (e) {
        if (this._uplinks[type] === uplink) this._uplinks[type] = null;
        stream._unbindPublisher(this);
        pc.close();
        if (registered && session === this._session && this._signal) {
          this._signal.request('unpublish', { type }).catch(() => {});
        }
        const err = toRtcError(e, ErrorCode.UNKNOWN, 'publish failed');
        this._log.error(`publish failed: ${err.message}`);
        throw err;
      } finally {
        this._publishing[type] = false;
      }
    }

    /** Adds a send-only transceiver; the main video with the small layer when it is enabled. */
    _addSendTransceiver(pc, kind, track, stream, uplink) {
      const init = { direction: 'sendonly', streams: [stream.getMediaStream()] };
      if (kind !== 'video' || uplink.type !== 'main' || !this._smallStream.enabled) return pc.addTransceiver(track, init);
      try {
        const tx = pc.addTransceiver(track, Object.assign({ sendEncodings: simulcastEncodings(track, stream._videoProfile, this._smallStream.profile) }, init));
        uplink.small = true;
        return tx;
      } catch (e) {
        this._log.warn('this browser refused the small stream encodings; publishing the big stream only', e);
        return pc.addTransceiver(track, init);
      }
    }

    /** unpublish(localStream) — stops sending that stream (main or auxiliary); the others get stream-removed. */
    async unpublish(stream) {
      if (!(stream instanceof LocalStream)) throw invalid('unpublish(stream): pass the published LocalStream');
      this._assertJoined(undefined, 'unpublish()');
      const uplink = STREAM_TYPES.map((t) => this._uplinks[t]).find((u) => u && u.stream === stream);
      if (!uplink) throw rtcError(ErrorCode.INVALID_OPERATION, 'unpublish(): this stream is not published by this client');
      this._uplinks[uplink.type] = null;
      stream._unbindPublisher(this);
      try {
        await this._signal.request('unpublish', { type: uplink.type });
      } finally {
        uplink.pc.close();
        this._log.info(`unpublished ${uplink.type} ${uplink.streamId}`);
      }
    }

    /**
     * A published screen track ended (the browser's "Stop sharing"): 'screen-sharing-stopped' has been
     * emitted on the stream; if the page did not unpublish in its handler and the stream has nothing
     * else live to send, unpublish it so the others get 'stream-removed' instead of a frozen picture.
     */
    _onScreenTrackEnded(stream) {
      const uplink = STREAM_TYPES.map((t) => this._uplinks[t]).find((u) => u && u.stream === stream);
      if (!uplink || this._phase !== 'joined') return;
      const audio = stream._audioTrack;
      if (audio && audio.readyState === 'live') return;
      this.unpublish(stream).catch((e) => this._log.warn(`unpublishing the stopped screen share failed: ${e.message}`));
    }

    /** Tells the server, which tells the others (PROTOCOL.md `mute`, with the stream's type). */
    _sendMute(kind, muted, type) {
      if (!this._signal || this._phase !== 'joined') return;
      this._signal.request('mute', { kind, muted, type: type || 'main' })
        .catch((e) => this._log.warn(`mute ${kind} failed: ${e.message}`));
    }

    _watchConnection(pc, session, code, what) {
      const onChange = () => {
        const s = pc.connectionState || pc.iceConnectionState;
        if (s !== 'failed' || session !== this._session) return;
        pc.removeEventListener('connectionstatechange', onChange);
        pc.removeEventListener('iceconnectionstatechange', onChange);
        const err = rtcError(code, `the ${what} media connection failed; this Parley version does not reconnect media: ${what === 'uplink' ? 'unpublish() and publish()' : 'leave() and join()'} again`);
        this._log.error(err.message);
        this._emit('error', err);
      };
      pc.addEventListener('connectionstatechange', onChange);
      pc.addEventListener('iceconnectionstatechange', onChange);
    }

    // ── subscribe / unsubscribe (downlink) ─────────────────────────────────────────────────

    /**
     * subscribe(remoteStream, {audio = true, video = true}) — receives the stream; 'stream-subscribed'
     * follows once its tracks are here. Subscribing again changes which tracks are received.
     */
    subscribe(stream, options) {
      try {
        this._checkRemote(stream, 'subscribe');
      } catch (e) {
        return Promise.reject(e);
      }
      const opts = options || {};
      const want = { audio: opts.audio !== false, video: opts.video !== false };
      stream._wanted = want;
      stream._optedOut = false;
      const session = this._session;
      return this._enqueueDownlink(() => this._doSubscribe(session, stream, want));
    }

    /** unsubscribe(remoteStream) — stops receiving it (the stream stays in the room). */
    unsubscribe(stream) {
      try {
        this._checkRemote(stream, 'unsubscribe');
      } catch (e) {
        return Promise.reject(e);
      }
      stream._wanted = null;
      stream._optedOut = true;
      const session = this._session;
      return this._enqueueDownlink(() => this._doUnsubscribe(session, stream));
    }

    _checkRemote(stream, what) {
      if (!(stream instanceof RemoteStream) || stream._client !== this) {
        throw invalid(`${what}(stream): pass a RemoteStream from this client's 'stream-added' event`);
      }
      this._assertJoined(undefined, `${what}()`);
    }

    /** Downlink renegotiations run one at a time: the server has at most one offer pending. */
    _enqueueDownlink(operation) {
      const run = this._downlinkQueue.then(operation);
      this._downlinkQueue = run.catch(() => {});
      return run;
    }

    async _doSubscribe(session, stream, want) {
      this._assertJoined(session, 'subscribe()');
      const id = stream.getId();
      if (this._remoteStreams.get(id) !== stream) {
        throw rtcError(ErrorCode.REMOTE_STREAM_NOT_EXIST, `subscribe(): stream ${id} of ${stream.getUserId()} is no longer published`);
      }
      if (stream._wanted !== want) return; // a newer subscribe/unsubscribe for this stream is queued
      const cur = stream._subscription;
      if (cur && cur.audio === want.audio && cur.video === want.video) return;
      const data = await this._signal.request('subscribe', { streamId: id, audio: want.audio, video: want.video }, { timeoutCode: ErrorCode.SUBSCRIPTION_TIMEOUT });
      await this._renegotiateDownlink(session, data.offer);
      if (this._remoteStreams.get(id) !== stream) return; // removed while we negotiated
      stream._subscription = want;
      this._log.info(`subscribed ${id} of ${stream.getUserId()} (audio=${!!stream._audioTrack} video=${!!stream._videoTrack})`);
      this._emit('stream-subscribed', { stream });
    }

    async _doUnsubscribe(session, stream) {
      this._assertJoined(session, 'unsubscribe()');
      if (!stream._subscription || this._remoteStreams.get(stream.getId()) !== stream) {
        stream._detach();
        return;
      }
      const data = await this._signal.request('unsubscribe', { streamId: stream.getId() });
      await this._renegotiateDownlink(session, data.offer);
      stream._detach();
      this._log.info(`unsubscribed ${stream.getId()}`);
    }

    /** Answers a server offer, then gives each RemoteStream the tracks now flowing to it. */
    async _renegotiateDownlink(session, offer) {
      if (typeof offer !== 'string' || !offer) throw rtcError(ErrorCode.UNKNOWN, 'the server sent no downlink offer');
      this._assertJoined(session, 'subscribe()');
      if (!this._downlink) {
        this._downlink = new Downlink(this._log);
        this._watchConnection(this._downlink.pc, session, ErrorCode.DOWNLINK_RECONNECTION_FAILED, 'downlink');
      }
      const answer = await this._downlink.answer(offer);
      this._assertJoined(session, 'subscribe()');
      await this._signal.request('downlink-answer', { answer });
      const tracks = this._downlink.tracksByStream(offer);
      for (const stream of this._remoteStreams.values()) {
        const t = tracks.get(stream.getId()) || {};
        stream._setTracks(t.audio || null, t.video || null);
      }
    }

    _receiverFor(track) {
      return this._downlink ? this._downlink.receiverFor(track) : null;
    }

    // ── role, state, stats ─────────────────────────────────────────────────────────────────

    /** switchRole('anchor' | 'audience') in 'live' mode (PROTOCOL.md extension `switch-role`). */
    async switchRole(role) {
      if (!ROLES.includes(role)) throw invalid(`switchRole(role): role must be 'anchor' or 'audience' (got ${JSON.stringify(role)})`);
      if (this._config.mode !== 'live') {
        this._log.warn("switchRole() only matters in 'live' mode; ignored");
        return;
      }
      if (this._phase !== 'joined') {
        this._pendingRole = role; // used by the next join()
        return;
      }
      if (role === this._role) return;
      if (role === 'audience') {
        for (const type of STREAM_TYPES) if (this._uplinks[type]) await this.unpublish(this._uplinks[type].stream);
      }
      try {
        await this._signal.request('switch-role', { role });
      } catch (e) {
        if (e.getCode && e.getCode() === ErrorCode.INVALID_PARAMETER) {
          throw rtcError(ErrorCode.NOT_SUPPORTED, `switchRole(): the server does not support switching roles (${e.message})`);
        }
        throw e;
      }
      this._role = role;
    }

    getRemoteMutedState() {
      const users = new Set(this._peers);
      for (const s of this._remoteStreams.values()) users.add(s.getUserId());
      const out = [];
      for (const userId of users) {
        const streams = Array.from(this._remoteStreams.values()).filter((s) => s.getUserId() === userId);
        const main = streams.find((s) => s.getType() === 'main') || streams[0];
        const info = main ? main._info : {};
        out.push({ userId, hasAudio: !!info.hasAudio, hasVideo: !!info.hasVideo, audioMuted: !!info.audioMuted, videoMuted: !!info.videoMuted, hasSmall: !!info.hasSmall });
      }
      return out;
    }

    /** The connection state: 'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED'. */
    getConnectionState() {
      return this._state;
    }

    /** {rtt, downlinksRTT} in ms, from the selected ICE candidate pairs. */
    getTransportStats() {
      return this._stats.transport();
    }
    getLocalAudioStats() {
      return this._stats.local('audio');
    }
    getLocalVideoStats() {
      return this._stats.local('video');
    }
    getRemoteAudioStats() {
      return this._stats.remote('audio', 'main');
    }
    /** getRemoteVideoStats('main' | 'auxiliary') (TRTC v4); {type} is accepted as well. */
    getRemoteVideoStats(type) {
      const t = typeof type === 'string' ? type : (type && type.type) || 'main';
      if (!STREAM_TYPES.includes(t)) return Promise.reject(invalid(`getRemoteVideoStats(type): type is 'main' or 'auxiliary' (got ${JSON.stringify(t)})`));
      return this._stats.remote('video', t);
    }

    /** 'network-quality' every 2 s while joined. */
    _startNetworkQuality(session) {
      const timer = setInterval(async () => {
        if (session !== this._session) return;
        try {
          const quality = await this._stats.networkQuality();
          if (session === this._session) this._emit('network-quality', quality);
        } catch (e) {
          this._log.debug('network quality failed', e);
        }
      }, NETWORK_QUALITY_INTERVAL_MS);
      this._stopQuality = () => clearInterval(timer);
    }

    /**
     * enableAudioVolumeEvaluation(intervalMs = 2000): 'audio-volume' {result: [{userId, audioVolume,
     * stream}]} every interval while joined: our published streams with audio, then every subscribed
     * remote stream with audio. audioVolume = round(stream.getAudioLevel() × 100).
     */
    enableAudioVolumeEvaluation(interval) {
      if (this._stopVolume) this._stopVolume();
      this._stopVolume = null;
      const ms = interval === undefined ? 2000 : Number(interval);
      if (!(ms > 0)) return; // TRTC: a value <= 0 turns it off
      const timer = setInterval(() => {
        if (this._phase !== 'joined') return;
        const result = [];
        for (const type of STREAM_TYPES) {
          const uplink = this._uplinks[type];
          if (uplink && uplink.stream._audioTrack) result.push({ userId: this._config.userId, audioVolume: toVolume(uplink.stream.getAudioLevel()), stream: uplink.stream });
        }
        for (const s of this._remoteStreams.values()) {
          if (s._audioTrack) result.push({ userId: s.getUserId(), audioVolume: toVolume(s.getAudioLevel()), stream: s });
        }
        this._emit('audio-volume', { result });
      }, Math.max(16, ms));
      this._stopVolume = () => clearInterval(timer);
    }

    // ── small stream (TRTC's dual stream, sent as rid simulcast: see "Small stream" above) ────────

    /**
     * enableSmallStream(): call it before publish() (TRTC's order); the main video then goes out as a
     * big and a small layer. On a stream published with the small layer it resumes that layer; on one
     * published without it, it rejects INVALID_OPERATION (unpublish, enable, publish again).
     */
    async enableSmallStream() {
      if (!smallStreamSupported()) throw rtcError(ErrorCode.NOT_SUPPORTED, 'enableSmallStream(): this browser cannot send simulcast (RTCRtpSender.setParameters and addTransceiver sendEncodings are needed)');
      const uplink = this._uplinks.main;
      if (uplink && uplink.senders.video) {
        if (!uplink.small) {
          throw rtcError(ErrorCode.INVALID_OPERATION, 'enableSmallStream(): the main stream was published without the small stream; call enableSmallStream() before publish() (or unpublish(), enableSmallStream(), publish() again)');
        }
        try {
          await updateSmallEncoding(uplink.senders.video, { active: true });
        } catch (e) {
          throw toRtcError(e, ErrorCode.UNKNOWN, 'enableSmallStream(): resuming the small layer failed');
        }
      }
      this._smallStream.enabled = true;
    }

    /** disableSmallStream(): before publish, clears the setting; after, stops sending the small layer. */
    async disableSmallStream() {
      this._smallStream.enabled = false;
      const uplink = this._uplinks.main;
      if (!uplink || !uplink.small) return;
      try {
        await updateSmallEncoding(uplink.senders.video, { active: false });
      } catch (e) {
        throw toRtcError(e, ErrorCode.UNKNOWN, 'disableSmallStream(): pausing the small layer failed');
      }
    }

    /**
     * setSmallStreamProfile({width, height, bitrate (kbps), frameRate}); default 160×120, 100 kbps, 15 fps.
     * Applies live (best effort) to a stream published with the small layer.
     */
    setSmallStreamProfile(profile) {
      this._smallStream.profile = resolveSmallStreamProfile(profile, this._smallStream.profile);
      const uplink = this._uplinks.main;
      if (uplink && uplink.small) this._applySmallStreamProfile(uplink).catch((e) => this._log.warn('could not apply the small stream profile', e));
    }

    /** Sets the small layer's bitrate, frame rate and scale from the profile and the track's size now. */
    async _applySmallStreamProfile(uplink) {
      const small = this._smallStream.profile;
      const sender = uplink.senders.video;
      await updateSmallEncoding(sender, {
        maxBitrate: small.bitrate * 1000,
        maxFramerate: small.frameRate,
        scaleResolutionDownBy: smallStreamScale(sender.track, uplink.stream._videoProfile, small),
      });
    }

    /** The published stream's video size may have changed (profile, device): rescale the small layer. */
    async _onLocalVideoChanged(stream) {
      const uplink = this._uplinks.main;
      if (!uplink || uplink.stream !== stream || !uplink.small) return;
      try {
        await this._applySmallStreamProfile(uplink);
      } catch (e) {
        this._log.warn('could not rescale the small stream', e);
      }
    }

    /**
     * setRemoteVideoStreamType(remoteStream, 'big' | 'small'): which layer of that stream to receive
     * (PROTOCOL.md `set-remote-video-stream-type`). Works before subscribe() too. A stream published
     * without the small layer keeps coming as the big one.
     */
    async setRemoteVideoStreamType(stream, type) {
      if (type !== 'big' && type !== 'small') throw invalid(`setRemoteVideoStreamType(stream, type): type is 'big' or 'small' (got ${JSON.stringify(type)})`);
      this._checkRemote(stream, 'setRemoteVideoStreamType');
      const id = stream.getId();
      if (this._remoteStreams.get(id) !== stream) {
        throw rtcError(ErrorCode.REMOTE_STREAM_NOT_EXIST, `setRemoteVideoStreamType(): stream ${id} of ${stream.getUserId()} is no longer published`);
      }
      await this._signal.request('set-remote-video-stream-type', { streamId: id, type });
      this._log.info(`remote video stream type of ${id}: ${type}`);
    }

    // Features of TRTC that Parley does not offer: they reject NOT_SUPPORTED rather than vanish.
    startPublishCDNStream() {
      return Promise.reject(rtcError(ErrorCode.NOT_SUPPORTED, 'CDN relay is a Tencent Cloud service; Parley does not offer it'));
    }
    stopPublishCDNStream() {
      return Promise.resolve();
    }
    startMixTranscode() {
      return Promise.reject(rtcError(ErrorCode.NOT_SUPPORTED, 'mix transcoding is not supported by Parley'));
    }
    stopMixTranscode() {
      return Promise.resolve();
    }
  }

  // ───────────────────────────────────────────────────────────────────────────────────────────
  // TRTC: the global namespace
  // ───────────────────────────────────────────────────────────────────────────────────────────

  async function listDevices(kind) {
    const md = root.navigator && root.navigator.mediaDevices;
    if (!md || typeof md.enumerateDevices !== 'function') return [];
    const all = await md.enumerateDevices();
    // TRTC lists real devices only; Chrome's "default"/"communications" aliases repeat one of them.
    return all.filter((d) => (!kind || d.kind === kind) && d.deviceId !== 'communications' && !(kind !== 'audiooutput' && d.deviceId === 'default' && all.length > 1));
  }

  async function codecSupport() {
    const out = { h264Encode: false, vp8Encode: false, h264Decode: false, vp8Decode: false };
    const has = (caps, mime) => !!(caps && caps.codecs && caps.codecs.some((c) => c.mimeType.toLowerCase() === mime));
    if (root.RTCRtpSender && typeof root.RTCRtpSender.getCapabilities === 'function') {
      const send = root.RTCRtpSender.getCapabilities('video');
      const recv = root.RTCRtpReceiver && root.RTCRtpReceiver.getCapabilities ? root.RTCRtpReceiver.getCapabilities('video') : send;
      out.h264Encode = has(send, 'video/h264');
      out.vp8Encode = has(send, 'video/vp8');
      out.h264Decode = has(recv, 'video/h264');
      out.vp8Decode = has(recv, 'video/vp8');
      return out;
    }
    if (!root.RTCPeerConnection) return out;
    // Older browsers: read the codecs from a throwaway offer.
    const pc = new root.RTCPeerConnection();
    try {
      const offer = await pc.createOffer({ offerToReceiveVideo: true });
      const sdp = offer.sdp || '';
      out.h264Encode = out.h264Decode = /a=rtpmap:\d+ H264\//i.test(sdp);
      out.vp8Encode = out.vp8Decode = /a=rtpmap:\d+ VP8\//i.test(sdp);
    } finally {
      pc.close();
    }
    return out;
  }

  const TRTC = {
    VERSION,
    Logger,
    RtcError,
    ErrorCode,

    /** createClient({mode, sdkAppId, userId, userSig, serverUrl?, autoSubscribe?, useStringRoomId?, enableAutoPlayDialog?}) */
    createClient(options) {
      const config = validateClientConfig(options);
      sdkLog.info(`createClient ${config.userId} mode=${config.mode} server=${config.serverUrl || DEFAULT_SERVER_URL || '(none)'}`);
      return new Client(config);
    },

    /** createStream({userId, audio, video, cameraId, microphoneId, facingMode, audioSource, videoSource, screen, screenAudio, mirror}) */
    createStream(options) {
      return new LocalStream(validateStreamConfig(options));
    },

    /** Promise<{result, detail}> like TRTC's: result is true when this browser can call through Parley. */
    async checkSystemRequirements() {
      const nav = root.navigator || {};
      const isWebRTCSupported = typeof root.RTCPeerConnection === 'function';
      const isMediaDevicesSupported = !!(nav.mediaDevices && typeof nav.mediaDevices.getUserMedia === 'function');
      let codecs = { h264Encode: false, vp8Encode: false, h264Decode: false, vp8Decode: false };
      try {
        codecs = await codecSupport();
      } catch (e) {
        sdkLog.warn('codec check failed', e);
      }
      // Unified Plan transceivers (addTransceiver) and WebSocket are what the SDK itself needs.
      const isBrowserSupported = isWebRTCSupported && typeof root.WebSocket === 'function' && typeof root.RTCRtpTransceiver === 'function';
      const detail = {
        isBrowserSupported,
        isWebRTCSupported,
        isMediaDevicesSupported,
        isH264EncodeSupported: codecs.h264Encode,
        isVp8EncodeSupported: codecs.vp8Encode,
        isH264DecodeSupported: codecs.h264Decode,
        isVp8DecodeSupported: codecs.vp8Decode,
      };
      const result = isBrowserSupported && isMediaDevicesSupported && (codecs.vp8Encode || codecs.h264Encode) && (codecs.vp8Decode || codecs.h264Decode);
      return { result, detail };
    },

    isScreenShareSupported() {
      const md = root.navigator && root.navigator.mediaDevices;
      return !!(md && typeof md.getDisplayMedia === 'function');
    },
    /** True where the browser can send rid simulcast (Chromium, Firefox, Safari). */
    isSmallStreamSupported() {
      return smallStreamSupported();
    },

    getDevices() {
      return listDevices(null);
    },
    getCameras() {
      return listDevices('videoinput');
    },
    getMicrophones() {
      return listDevices('audioinput');
    },
    getSpeakers() {
      return listDevices('audiooutput');
    },
  };

  const internals = Object.freeze({
    parseSdpSections,
    receivingMidsByStream,
    resolveVideoProfile,
    resolveAudioProfile,
    resolveSmallStreamProfile,
    simulcastEncodings,
    bigEncodingIndex,
    DEFAULT_SMALL_STREAM_PROFILE,
    videoConstraints,
    validateClientConfig,
    validateStreamConfig,
    normalizeRoomId,
    normalizeRole,
    computeDefaultServerUrl,
    qualityFrom,
    selectedPairRtt,
    toVolume,
    mediaError,
    Emitter,
    SignalChannel,
    Client,
    LocalStream,
    RemoteStream,
    VIDEO_PROFILES,
    SCREEN_PROFILES,
    AUDIO_PROFILES,
    PROTOCOL_VERSION,
  });

  return { TRTC, internals };
});
