// Client: what TRTC.createClient() makes. This file holds the session — join/leave, the signaling
// connection and its heartbeat, the remote streams and peers in the room, role and state — and the
// public API, whose other parts are delegated by concern: the server's events (room-events.js), the
// publish side (publications.js), the subscribe side (subscriptions.js), stats and periodic quality
// events (quality.js).

import { Emitter } from './emitter.js';
import { ErrorCode, invalid, rtcError, toRtcError } from './errors.js';
import { createLog } from './log.js';
import { Publications } from './publications.js';
import { CallQuality } from './quality.js';
import { DEFAULT_SERVER_URL } from './server-url.js';
import { SignalChannel } from './signal-channel.js';
import { RoomEvents } from './room-events.js';
import { SeiTransforms } from './sei-transform.js';
import { STREAM_TYPES } from './stream-info.js';
import { Subscriptions } from './subscriptions.js';
import { startTicker } from './ticker.js';
import { ROLES, normalizeRole, normalizeRoomId } from './validation.js';
import { VERSION } from './version.js';
import { iceServersFromJoin, notOffered, proxySignalUrl, turnServersFrom } from './cloud-services.js';
import { watchConnection } from './media-recovery.js';
import { Reconnection } from './reconnection.js';
import { RoomStateSync } from './room-state.js';

/** @typedef {import('./events.js').ClientEventMap} ClientEventMap */
/** @typedef {import('./events.js').ConnectionState} ConnectionState */
/** @typedef {import('./remote-stream.js').RemoteStream} RemoteStream */
/** @typedef {import('./stream-info.js').StreamInfo} StreamInfo */
/** @typedef {import('./local-stream.js').LocalStream} LocalStream */
/** @typedef {{url: string, username?: string, credential?: string, credentialType?: 'password'}} TurnServerConfig */

const JOIN_TIMEOUT_MS = 10000;
const LEAVE_TIMEOUT_MS = 3000;
const DEFAULT_HEARTBEAT_MS = 2000;

/**
 * @extends {Emitter<ClientEventMap>}
 */
// Over ~400 lines on purpose: v4 puts some forty methods on Client; each here is the public entry, the
// work is in its concern's module (room-events, publications, subscriptions, quality, cloud-services).
export class Client extends Emitter {
  /** @param {Readonly<import('./validation.js').ClientConfig>} config */
  constructor(config) {
    const log = createLog(`client(${config.userId})`);
    super(log);
    this._config = config;
    this._log = log;
    /** @type {ConnectionState} */
    this._state = 'DISCONNECTED';
    /** @type {'idle' | 'joining' | 'joined' | 'leaving'} */
    this._phase = 'idle';
    this._session = 0; // bumped on every join/teardown so late async work can tell it is stale
    /** @type {SignalChannel | null} */
    this._signal = null;
    /** @type {number | string | null} */
    this._roomId = null;
    /** @type {'anchor' | 'audience'} */
    this._role = 'anchor';
    /** @type {(() => void) | null} */
    this._stopHeartbeat = null;
    /** @type {Set<string>} */
    this._peers = new Set();
    /** @type {Map<string, RemoteStream>} streamId → RemoteStream */
    this._remoteStreams = new Map();
    this._banned = false;
    /** @type {Promise<void> | null} */
    this._leavePromise = null;
    /** @type {'anchor' | 'audience' | undefined} switchRole() before join() */
    this._pendingRole = undefined;
    this._destroyed = false;
    /** @type {RTCIceServer[]} setTurnServer(): the page's TURN servers, in every connection's iceServers */
    this._turnServers = [];
    /** @type {RTCIceServer[]} the server's TURN servers and credentials, from the join response */
    this._serverIceServers = [];
    /** setProxyServer(): where signaling goes instead of the server's own URL ('' for no proxy) */
    this._proxyServer = '';
    /** @type {string | undefined} callExperimentalAPI('updatePrivateMapKey') before the next join */
    this._privateMapKey = undefined;
    /** @type {SeiTransforms | null} createClient({enableSEI: true}): SEI messages in and out */
    this._sei = config.enableSEI ? new SeiTransforms((m, receiver) => this._onSeiMessage(m, receiver), log) : null;
    this._roomEvents = new RoomEvents(this);
    this._publications = new Publications(this);
    this._subscriptions = new Subscriptions(this);
    this._quality = new CallQuality(this);
    this._reconnection = new Reconnection(this);
    this._roomState = new RoomStateSync(this);
    /** @type {object | null} the join request's data, for a rejoin after a reconnection */
    this._joinRequest = null;
  }

  // ── join / leave ────────────────────────────────────────────────────────────────────────

  /**
   * join({roomId, role, privateMapKey}) — enters the room; rejects JOIN_ROOM_FAILED (with the server's reason).
   * @param {{roomId: number | string, role?: 'anchor' | 'audience', privateMapKey?: string}} options
   */
  async join(options) {
    if (this._destroyed) throw rtcError(ErrorCode.INVALID_OPERATION, 'join(): this client was destroyed; create a new one with TRTC.createClient()');
    if (this._phase !== 'idle') {
      throw rtcError(ErrorCode.INVALID_OPERATION, `join() called while ${this._phase === 'joined' ? 'already in room ' + this._roomId : this._phase}: call leave() first`);
    }
    const opts = options || /** @type {typeof options} */ ({});
    const roomId = normalizeRoomId(opts.roomId, this._config.useStringRoomId);
    const role = normalizeRole(opts.role === undefined ? this._pendingRole : opts.role, this._config.mode);
    if (opts.privateMapKey !== undefined && opts.privateMapKey !== null && typeof opts.privateMapKey !== 'string') {
      throw invalid('join: privateMapKey must be a string (from your backend\'s genPrivateMapKey)');
    }
    const privateMapKey = opts.privateMapKey || this._privateMapKey;
    const url = this._proxyServer || this._config.serverUrl || DEFAULT_SERVER_URL;
    if (!url) {
      throw rtcError(ErrorCode.INVALID_PARAMETER, 'no Parley server address: load trtc.js from the Parley server, or pass createClient({..., serverUrl: "wss://host/ws"})');
    }
    this._phase = 'joining';
    this._banned = false;
    const session = ++this._session;
    this._setState('CONNECTING');
    const signal = new SignalChannel(url, {
      log: this._log,
      onEvent: (name, data) => this._roomEvents.handle(session, name, data),
      onClose: (info) => this._onSignalLost(session, info),
    });
    this._signal = signal;
    try {
      await signal.open(JOIN_TIMEOUT_MS);
      this._joinRequest = {
        sdkAppId: this._config.sdkAppId,
        userId: this._config.userId,
        userSig: this._config.userSig,
        roomId,
        role,
        mode: this._config.mode,
        sdkVersion: VERSION,
        // PROTOCOL.md "Room state": the room in the response, one code path with a rejoin's.
        roomState: 'response',
        ...(privateMapKey ? { privateMapKey } : {}),
      };
      const data = await signal.request('join', this._joinRequest, { timeoutMs: JOIN_TIMEOUT_MS, onlyWhenOpen: true });
      if (session !== this._session || this._phase !== 'joining') {
        throw rtcError(ErrorCode.JOIN_ROOM_FAILED, 'leave() was called before join() completed');
      }
      this._phase = 'joined';
      this._serverIceServers = iceServersFromJoin(data.iceServers);
      this._roomId = roomId;
      this._role = role;
      this._startHeartbeat(session, Number(data.heartbeatIntervalMs) > 0 ? Number(data.heartbeatIntervalMs) : DEFAULT_HEARTBEAT_MS);
      this._quality.startNetworkQuality(session);
      this._reconnection.remember(data);
      this._log.info(`joined room ${roomId} as ${role}`);
      this._setState('CONNECTED');
      if (data.room) this._roomState.apply(data.room, 'join');
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

  /** The join request again (a rejoin after a reconnection), with the role the client has now. */
  _joinData() {
    return Object.assign({}, this._joinRequest, { role: this._role });
  }

  /** Closes everything of the current session and makes join() possible again. */
  _teardown() {
    this._session++;
    this._reconnection.stop();
    this._roomState.clear();
    if (this._stopHeartbeat) this._stopHeartbeat();
    this._stopHeartbeat = null;
    this._quality.stop();
    if (this._signal) this._signal.close();
    this._signal = null;
    this._publications.close();
    this._subscriptions.close();
    for (const stream of this._remoteStreams.values()) stream._detach();
    this._remoteStreams.clear();
    this._peers.clear();
    this._roomId = null;
    this._phase = 'idle';
  }

  /**
   * An SEI message in a received frame → 'sei-message' from the user whose stream that receiver carries.
   * @param {import('./sei-transform.js').SeiMessage} m
   * @param {RTCRtpReceiver} receiver
   */
  _onSeiMessage(m, receiver) {
    const stream = Array.from(this._remoteStreams.values()).find((s) => s._videoTrack && s._videoTrack === receiver.track);
    if (!stream) {
      this._log.debug('an SEI message from a stream no longer here');
      return;
    }
    this._emit('sei-message', { userId: stream.getUserId(), data: m.data.slice().buffer, seiPayloadType: m.payloadType === 5 ? 5 : 243 });
  }

  /** @param {ConnectionState} state */
  _setState(state) {
    if (state === this._state) return;
    const prevState = this._state;
    this._state = state;
    this._emit('connection-state-changed', { prevState, state });
  }

  /** @param {number} session @param {number} intervalMs */
  _startHeartbeat(session, intervalMs) {
    // PROTOCOL.md "heartbeat": the server drops a client silent for 3 intervals + 2 s; we drop a
    // server that is silent as long (a half-open TCP connection never fires 'close').
    const deadAfterMs = intervalMs * 3 + 2000;
    this._stopHeartbeat = startTicker(intervalMs, () => {
      const signal = this._signal;
      if (session !== this._session || !signal || !signal.isOpen) return;
      if (Date.now() - signal.lastReceivedAt > deadAfterMs) {
        this._log.warn(`no frame from the server for ${deadAfterMs} ms`);
        signal.abandonSocket();
        this._onSignalLost(session, { code: 4000, reason: 'server silent' });
        return;
      }
      signal.request('heartbeat', {}, { timeoutMs: deadAfterMs, onlyWhenOpen: true }).catch((e) => this._log.debug('heartbeat failed', e.message));
    });
  }

  /** @param {number} session @param {{code: number, reason: string}} info */
  _onSignalLost(session, info) {
    if (session !== this._session || this._phase !== 'joined') return;
    // Reconnect and resume (reconnection.js), unless replaced, kicked, dismissed or banned.
    if (this._reconnection.onSignalLost(info)) return;
    const banned = this._banned;
    this._teardown();
    this._setState('DISCONNECTED');
    if (banned || [4001, 4002, 4003].includes(info.code)) return;
    const err = rtcError(ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED,
      `lost the signaling connection (${info.code}${info.reason ? ' ' + info.reason : ''}): call join() again`);
    this._log.error(err.message);
    this._emit('error', err);
  }

  /**
   * Throws INVALID_OPERATION unless joined (and, given a session, still in that one).
   * @param {number | undefined} session
   * @param {string} what the API name for messages
   */
  _assertJoined(session, what) {
    if (this._phase !== 'joined' || (session !== undefined && session !== this._session)) {
      throw rtcError(ErrorCode.INVALID_OPERATION, `${what}: not in a room (call join() and wait for it to resolve)`);
    }
  }

  /**
   * Restarts ICE on pc when it goes down during `session` (media-recovery.js).
   * @param {RTCPeerConnection} pc
   * @param {number} session
   * @param {'uplink' | 'downlink'} what
   * @param {() => Promise<void>} restart
   */
  _watchConnection(pc, session, what, restart) {
    watchConnection(this, pc, session, what, restart);
  }

  // ── role and state ─────────────────────────────────────────────────────────────────────

  /**
   * switchRole('anchor' | 'audience') in 'live' mode (PROTOCOL.md `switch-role`). A refusal (the
   * server's, or a failed unpublish on the way to audience) rejects SWITCH_ROLE_FAILED, as v4.
   * @param {'anchor' | 'audience'} role
   */
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
    try {
      if (role === 'audience') {
        for (const type of STREAM_TYPES) if (this._uplinks[type]) await this.unpublish(this._uplinks[type].stream);
      }
      await this._signal.request('switch-role', { role });
    } catch (e) {
      const err = toRtcError(e, ErrorCode.SWITCH_ROLE_FAILED);
      throw rtcError(ErrorCode.SWITCH_ROLE_FAILED, `switchRole('${role}') failed: ${err.message}`, { extraCode: err.getCode(), cause: e });
    }
    this._role = role;
    this._pendingRole = role;
  }

  // ── lifecycle and network settings ───────────────────────────────────────────────────────

  /**
   * destroy(): releases everything the client holds (it leaves the room first if joined, stops the
   * periodic events, drops every handler); the client cannot join again (create a new one).
   */
  destroy() {
    if (this._destroyed) return;
    if (this._phase !== 'idle') {
      this._log.warn('destroy() while in a room: leaving it first');
      this.leave().catch(() => {});
    }
    this._destroyed = true;
    if (this._sei) this._sei.close();
    this._quality.stop();
    this._quality.enableAudioVolumeEvaluation(0);
    this.off('*');
    this._log.info('destroyed');
  }

  /**
   * setDefaultMuteRemoteStreams(muted): v4 before 4.8.2, which replaced it by createClient's
   * `autoSubscribe`: true means remote streams are not received unless the page subscribes to them
   * (a screen-sharing client's usual call). Meant for before join(); later, it applies to the streams
   * added from then on.
   * @param {boolean} muted
   */
  setDefaultMuteRemoteStreams(muted) {
    if (typeof muted !== 'boolean') throw invalid('setDefaultMuteRemoteStreams(muted): muted is true or false');
    if (this._phase !== 'idle') this._log.warn('setDefaultMuteRemoteStreams() after join(): it applies to streams added from now on');
    this._config = Object.freeze(Object.assign({}, this._config, { autoSubscribe: !muted }));
  }

  /**
   * setProxyServer(url): TRTC's proxy in front of the server (e.g. nginx): from the next join() the
   * signaling WebSocket goes to `url` (its path, or '/ws' when it has none) instead of the server's own URL.
   * @param {string} url e.g. 'wss://proxy.example.com:443'
   */
  setProxyServer(url) {
    const signalUrl = proxySignalUrl(url);
    if (this._phase !== 'idle') this._log.warn('setProxyServer() applies to the next join()');
    this._proxyServer = signalUrl;
    this._log.info(`signaling through proxy ${signalUrl}`);
  }

  /**
   * setTurnServer({url, username?, credential?, credentialType?} | [...]): TURN servers for the media
   * connections, beside those the server hands out at join: every connection made from now on has them.
   * @param {TurnServerConfig | TurnServerConfig[]} config
   */
  setTurnServer(config) {
    const servers = turnServersFrom(config);
    if (this._phase !== 'idle') this._log.warn('setTurnServer() applies to connections made from now on');
    this._turnServers = servers;
    this._log.info(`${servers.length} TURN server(s) set`);
  }

  /**
   * A peer connection's configuration: `base` with the page's and the server's TURN servers.
   * @template {object} T
   * @param {T} base
   * @returns {T & {iceServers: RTCIceServer[]}}
   */
  _pcConfig(base) {
    return Object.assign({}, base, { iceServers: [...this._turnServers, ...this._serverIceServers] });
  }

  /**
   * callExperimentalAPI(name, options): v4's only name is 'updatePrivateMapKey' ({privateMapKey}):
   * the key is used by the next join(); when joined, the server is asked to apply it now
   * (PROTOCOL.md `update-private-map-key`). Another name rejects INVALID_PARAMETER.
   * @param {string} name
   * @param {{privateMapKey?: string}} options
   * @returns {Promise<void>}
   */
  async callExperimentalAPI(name, options) {
    if (name !== 'updatePrivateMapKey') throw invalid(`callExperimentalAPI(name, options): unknown name ${JSON.stringify(name)} (known: 'updatePrivateMapKey')`);
    const key = options && options.privateMapKey;
    if (typeof key !== 'string' || !key) throw invalid("callExperimentalAPI('updatePrivateMapKey', {privateMapKey}): privateMapKey is the non-empty key from your backend");
    this._privateMapKey = key;
    if (this._phase !== 'joined') return;
    try {
      await this._signal.request('update-private-map-key', { privateMapKey: key });
    } catch (e) {
      if (e.getCode && e.getCode() === ErrorCode.INVALID_PARAMETER && /unknown request type/.test(e.message)) {
        throw rtcError(ErrorCode.NOT_SUPPORTED, `updatePrivateMapKey: this server cannot change privileges during a call (${e.message}); the key applies to the next join()`);
      }
      throw e;
    }
  }

  getRemoteMutedState() {
    const users = new Set(this._peers);
    for (const s of this._remoteStreams.values()) users.add(s.getUserId());
    /** @type {Array<{userId: string, hasAudio: boolean, hasVideo: boolean, audioMuted: boolean, videoMuted: boolean, hasSmall: boolean}>} */
    const out = [];
    for (const userId of users) {
      const streams = Array.from(this._remoteStreams.values()).filter((s) => s.getUserId() === userId);
      const main = streams.find((s) => s.getType() === 'main') || streams[0];
      const info = main ? main._info : /** @type {Partial<StreamInfo>} */ ({});
      out.push({ userId, hasAudio: !!info.hasAudio, hasVideo: !!info.hasVideo, audioMuted: !!info.audioMuted, videoMuted: !!info.videoMuted, hasSmall: !!info.hasSmall });
    }
    return out;
  }

  /**
   * The connection state: 'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED'.
   * @returns {ConnectionState}
   */
  getConnectionState() {
    return this._state;
  }

  // ── publish side (publications.js) ─────────────────────────────────────────────────────

  /**
   * publish(localStream, {isAuxiliary}) — sends the stream; resolves when media is connected.
   * @param {LocalStream} stream
   * @param {{isAuxiliary?: boolean}} [options]
   */
  publish(stream, options) {
    return this._publications.publish(stream, options);
  }
  /** @param {LocalStream} stream */
  unpublish(stream) {
    return this._publications.unpublish(stream);
  }
  /**
   * sendSEIMessage(buffer, {seiPayloadType}) — an SEI message in the next frames of the published
   * main video (H.264, createClient({enableSEI: true})); receivers get 'sei-message'.
   * @param {ArrayBuffer} buffer
   * @param {{seiPayloadType?: number}} [options]
   */
  sendSEIMessage(buffer, options) {
    return this._publications.sendSEIMessage(buffer, options);
  }
  enableSmallStream() {
    return this._publications.enableSmallStream();
  }
  disableSmallStream() {
    return this._publications.disableSmallStream();
  }
  /** @param {Partial<import('./simulcast.js').SmallStreamProfile>} profile */
  setSmallStreamProfile(profile) {
    return this._publications.setSmallStreamProfile(profile);
  }

  // ── subscribe side (subscriptions.js) ──────────────────────────────────────────────────

  /**
   * subscribe(remoteStream, {audio = true, video = true}) — 'stream-subscribed' follows.
   * @param {RemoteStream} stream
   * @param {{audio?: boolean, video?: boolean}} [options]
   */
  subscribe(stream, options) {
    return this._subscriptions.subscribe(stream, options);
  }
  /** @param {RemoteStream} stream */
  unsubscribe(stream) {
    return this._subscriptions.unsubscribe(stream);
  }
  /** @param {RemoteStream} stream @param {'big' | 'small'} type */
  setRemoteVideoStreamType(stream, type) {
    return this._subscriptions.setRemoteVideoStreamType(stream, type);
  }
  /** @param {MediaStreamTrack | null} track */
  _receiverFor(track) {
    return this._subscriptions.receiverFor(track);
  }

  // ── stats and quality events (quality.js, stats.js) ────────────────────────────────────

  /** {rtt, downlinksRTT} in ms, from the selected ICE candidate pairs. */
  getTransportStats() {
    return this._quality.stats.transport();
  }
  getLocalAudioStats() {
    return this._quality.stats.local('audio');
  }
  getLocalVideoStats() {
    return this._quality.stats.local('video');
  }
  getRemoteAudioStats() {
    return this._quality.stats.remote('audio', 'main');
  }
  /** @param {'main' | 'auxiliary' | {type?: 'main' | 'auxiliary'}} [type] */
  getRemoteVideoStats(type) {
    return this._quality.remoteVideoStats(type);
  }
  /**
   * @param {number} [interval] ms, default 2000; <= 0 stops
   * @param {boolean} [enableInBackground] keep emitting while the page is hidden (default false, as v4)
   */
  enableAudioVolumeEvaluation(interval, enableInBackground) {
    return this._quality.enableAudioVolumeEvaluation(interval, enableInBackground);
  }

  // CDN relay and mix transcoding: Tencent Cloud services this server does not offer (cloud-services.js).
  /** @param {unknown} [options] */
  startPublishCDNStream(options) {
    return notOffered(ErrorCode.START_PUBLISH_CDN_FAILED, 'startPublishCDNStream', 'CDN relay', options);
  }
  stopPublishCDNStream() {
    return notOffered(ErrorCode.STOP_PUBLISH_CDN_FAILED, 'stopPublishCDNStream', 'CDN relay');
  }
  /** @param {unknown} [config] */
  startMixTranscode(config) {
    return notOffered(ErrorCode.START_MIX_TRANSCODE_FAILED, 'startMixTranscode', 'mix transcoding', config);
  }
  stopMixTranscode() {
    return notOffered(ErrorCode.STOP_MIX_TRANSCODE_FAILED, 'stopMixTranscode', 'mix transcoding');
  }

  // White-box views of the parts' state, for the stats and the tests.
  get _uplinks() {
    return this._publications.uplinks;
  }
  /** The main uplink (camera stream), or null. Kept for code that predates the auxiliary stream. */
  get _uplink() {
    return this._publications.uplinks.main;
  }
  get _smallStream() {
    return this._publications.smallStream;
  }
  get _downlink() {
    return this._subscriptions.downlink;
  }
}
