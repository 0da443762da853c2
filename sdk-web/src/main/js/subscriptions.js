// The subscribe side of a Client: the one downlink connection, subscribe/unsubscribe renegotiations
// run one at a time, and which layer of a remote stream to receive.

import { Downlink } from './downlink.js';
import { ErrorCode, invalid, rtcError } from './errors.js';
import { RemoteStream } from './remote-stream.js';
import { seiPeerConnectionConfig } from './sei-transform.js';

export class Subscriptions {
  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
    this._log = client._log;
    /** @type {Downlink | null} created by the first subscribe */
    this.downlink = null;
    /** @type {Promise<unknown>} */
    this._queue = Promise.resolve();
  }

  /**
   * subscribe(remoteStream, {audio = true, video = true}) — receives the stream; 'stream-subscribed'
   * follows once its tracks are here. Subscribing again changes which tracks are received.
   * @param {RemoteStream} stream
   * @param {{audio?: boolean, video?: boolean}} [options]
   * @returns {Promise<void>}
   */
  subscribe(stream, options) {
    try {
      this.checkRemote(stream, 'subscribe');
    } catch (e) {
      return Promise.reject(e);
    }
    const opts = options || {};
    const want = { audio: opts.audio !== false, video: opts.video !== false };
    stream._wanted = want;
    stream._optedOut = false;
    const session = this._client._session;
    return this._enqueue(() => this._doSubscribe(session, stream, want));
  }

  /**
   * unsubscribe(remoteStream) — stops receiving it (the stream stays in the room).
   * @param {RemoteStream} stream
   * @returns {Promise<void>}
   */
  unsubscribe(stream) {
    try {
      this.checkRemote(stream, 'unsubscribe');
    } catch (e) {
      return Promise.reject(e);
    }
    stream._wanted = null;
    stream._optedOut = true;
    const session = this._client._session;
    return this._enqueue(() => this._doUnsubscribe(session, stream));
  }

  /**
   * The publisher renegotiated the stream's tracks: the server has dropped our subscription to the
   * old ones; subscribe again with what was wanted (no second 'stream-subscribed': the stream's
   * tracks, and a playing player, just change).
   * @param {RemoteStream} stream
   */
  renew(stream) {
    if (!stream._wanted) return; // not subscribed, nor about to be
    // A subscription in flight may still complete against the old tracks: the renewal queued behind
    // it must not take it for current.
    stream._stale = true;
    const want = stream._wanted;
    const session = this._client._session;
    this._enqueue(() => this._doSubscribe(session, stream, want, false))
      .catch((e) => this._log.warn(`renewing the subscription to ${stream.getId()} failed: ${e.message}`));
  }

  /**
   * Throws INVALID_PARAMETER unless `stream` came from this client, INVALID_OPERATION unless joined.
   * @param {unknown} stream
   * @param {string} what the API name for messages
   */
  checkRemote(stream, what) {
    if (!(stream instanceof RemoteStream) || stream._client !== this._client) {
      throw invalid(`${what}(stream): pass a RemoteStream from this client's 'stream-added' event`);
    }
    this._client._assertJoined(undefined, `${what}()`);
  }

  /**
   * Downlink renegotiations run one at a time: the server has at most one offer pending.
   * @param {() => Promise<void>} operation
   */
  _enqueue(operation) {
    const run = this._queue.then(operation);
    this._queue = run.catch(() => {});
    return run;
  }

  /**
   * @param {number} session
   * @param {RemoteStream} stream
   * @param {{audio: boolean, video: boolean}} want
   * @param {boolean} [announce] emit 'stream-subscribed' (default true)
   */
  async _doSubscribe(session, stream, want, announce) {
    this._client._assertJoined(session, 'subscribe()');
    const id = stream.getId();
    if (this._client._remoteStreams.get(id) !== stream) {
      throw rtcError(ErrorCode.REMOTE_STREAM_NOT_EXIST, `subscribe(): stream ${id} of ${stream.getUserId()} is no longer published`);
    }
    if (stream._wanted !== want) return; // a newer subscribe/unsubscribe for this stream is queued
    if (stream._stale) stream._subscription = null;
    stream._stale = false;
    const cur = stream._subscription;
    if (cur && cur.audio === want.audio && cur.video === want.video) return;
    if (!cur) stream._setConnectionState('CONNECTING');
    let data;
    try {
      data = await this._client._signal.request('subscribe', { streamId: id, audio: want.audio, video: want.video }, { timeoutCode: ErrorCode.SUBSCRIPTION_TIMEOUT });
      await this._renegotiate(session, data.offer);
    } catch (e) {
      if (!stream._subscription) stream._setConnectionState('DISCONNECTED');
      throw e;
    }
    if (this._client._remoteStreams.get(id) !== stream) return; // removed while we negotiated
    stream._subscription = want;
    if (this.downlink && this.downlink.pc.connectionState === 'connected') stream._setConnectionState('CONNECTED');
    this._log.info(`subscribed ${id} of ${stream.getUserId()} (audio=${!!stream._audioTrack} video=${!!stream._videoTrack})`);
    if (announce !== false) this._client._emit('stream-subscribed', { stream });
  }

  /** @param {number} session @param {RemoteStream} stream */
  async _doUnsubscribe(session, stream) {
    this._client._assertJoined(session, 'unsubscribe()');
    if (stream._stale) stream._subscription = null; // the server ended it when the publisher republished
    stream._stale = false;
    if (!stream._subscription || this._client._remoteStreams.get(stream.getId()) !== stream) {
      stream._detach();
      return;
    }
    const data = await this._client._signal.request('unsubscribe', { streamId: stream.getId() });
    await this._renegotiate(session, data.offer);
    stream._detach();
    this._log.info(`unsubscribed ${stream.getId()}`);
  }

  /**
   * Answers a server offer, then gives each RemoteStream the tracks now flowing to it.
   * @param {number} session
   * @param {unknown} offer
   */
  async _renegotiate(session, offer) {
    if (typeof offer !== 'string' || !offer) throw rtcError(ErrorCode.UNKNOWN, 'the server sent no downlink offer');
    this._client._assertJoined(session, 'subscribe()');
    if (!this.downlink) {
      const sei = this._client._sei;
      const extraConfig = this._client._pcConfig(sei ? seiPeerConnectionConfig() : {});
      this.downlink = new Downlink(this._log, sei ? { extraConfig, onReceiver: (r) => sei.attachReceiver(r) } : { extraConfig });
      const downlink = this.downlink;
      this._client._watchConnection(downlink.pc, session, 'downlink', () => this.restartIce(session, downlink));
      this._watchStreamStates(this.downlink.pc);
    }
    const answer = await this.downlink.answer(offer);
    this._client._assertJoined(session, 'subscribe()');
    await this._client._signal.request('downlink-answer', { answer });
    const tracks = this.downlink.tracksByStream(offer);
    for (const stream of this._client._remoteStreams.values()) {
      const t = tracks.get(stream.getId()) || {};
      stream._setTracks(t.audio || null, t.video || null);
    }
  }

  /**
   * Every subscribed stream's 'connection-state-changed' follows the one downlink that carries them.
   * @param {RTCPeerConnection} pc
   */
  _watchStreamStates(pc) {
    pc.addEventListener('connectionstatechange', () => {
      /** @type {Record<string, import('./events.js').ConnectionState>} */
      const states = { connected: 'CONNECTED', disconnected: 'RECONNECTING', failed: 'DISCONNECTED', closed: 'DISCONNECTED', connecting: 'CONNECTING', new: 'CONNECTING' };
      const state = states[pc.connectionState];
      if (!state || this.downlink === null || this.downlink.pc !== pc) return;
      for (const stream of this._client._remoteStreams.values()) if (stream._subscription) stream._setConnectionState(state);
    });
  }

  /** @param {MediaStreamTrack | null} track @returns {RTCRtpReceiver | null} */
  receiverFor(track) {
    return this.downlink ? this.downlink.receiverFor(track) : null;
  }

  /**
   * setRemoteVideoStreamType(remoteStream, 'big' | 'small'): which layer of that stream to receive
   * (PROTOCOL.md `set-remote-video-stream-type`). Works before subscribe() too. A stream published
   * without the small layer keeps coming as the big one.
   * @param {RemoteStream} stream
   * @param {'big' | 'small'} type
   */
  async setRemoteVideoStreamType(stream, type) {
    if (type !== 'big' && type !== 'small') throw invalid(`setRemoteVideoStreamType(stream, type): type is 'big' or 'small' (got ${JSON.stringify(type)})`);
    this.checkRemote(stream, 'setRemoteVideoStreamType');
    const id = stream.getId();
    if (this._client._remoteStreams.get(id) !== stream) {
      throw rtcError(ErrorCode.REMOTE_STREAM_NOT_EXIST, `setRemoteVideoStreamType(): stream ${id} of ${stream.getUserId()} is no longer published`);
    }
    await this._client._signal.request('set-remote-video-stream-type', { streamId: id, type });
    this._log.info(`remote video stream type of ${id}: ${type}`);
  }

  /**
   * After a reconnection (reconnection.js): `serverSubscribed` is what the server still forwards to us;
   * `fresh` means a new participant (a rejoin), whose downlink is gone. Every stream the page wants and the
   * server does not send is subscribed again, quietly (no second 'stream-subscribed'); a downlink the
   * server no longer has is replaced.
   * @param {string[]} serverSubscribed
   * @param {boolean} fresh
   */
  restore(serverSubscribed, fresh) {
    const c = this._client;
    const wanted = Array.from(c._remoteStreams.values()).filter((s) => s._wanted);
    const missing = wanted.filter((s) => !serverSubscribed.includes(s.getId()));
    // The server dropped our downlink while we were away (its media died): none of it is any use.
    const downlinkGone = fresh || (missing.some((s) => s._subscription) && serverSubscribed.length === 0);
    if (downlinkGone && this.downlink) {
      this.downlink.close();
      this.downlink = null;
      this._queue = Promise.resolve();
    }
    for (const stream of downlinkGone ? wanted : missing) {
      stream._stale = true;
      this._log.info(`subscribing again to ${stream.getId()} of ${stream.getUserId()}`);
      this.renew(stream);
    }
  }

  /**
   * ICE restart of the downlink (PROTOCOL.md `restart-ice`): the server's new offer, answered as any
   * other, in the renegotiation queue.
   * @param {number} session
   * @param {Downlink} downlink the connection that needs it (a replaced one is left alone)
   */
  restartIce(session, downlink) {
    return this._enqueue(async () => {
      if (this.downlink !== downlink) return;
      const data = await this._client._signal.request('restart-ice', { target: 'downlink' });
      await this._renegotiate(session, data.offer);
    });
  }

  /** The server ended our downlink (its ICE consent expired): close it; the page may subscribe again. */
  onLost() {
    if (this.downlink) this.downlink.close();
    this.downlink = null;
    this._queue = Promise.resolve();
    for (const stream of this._client._remoteStreams.values()) {
      if (!stream._subscription) continue;
      stream._detach();
      stream._wanted = null;
    }
  }

  /** Closes the downlink (the client leaves the room); queued renegotiations find the session over. */
  close() {
    if (this.downlink) this.downlink.close();
    this.downlink = null;
    this._queue = Promise.resolve();
  }
}
