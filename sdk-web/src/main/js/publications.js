// The publish side of a Client: one uplink connection per published stream type (main, auxiliary),
// mute state sent to the server, and the small stream (TRTC's dual stream) of the main video.

import { ErrorCode, invalid, rtcError, toRtcError } from './errors.js';
import { LocalStream } from './local-stream.js';
import {
  DEFAULT_SMALL_STREAM_PROFILE, resolveSmallStreamProfile, settleSimulcast, simulcastEncodings, smallStreamScale,
  smallStreamSupported, updateSmallEncoding,
} from './simulcast.js';
import { STREAM_TYPES } from './stream-info.js';
import { ICE_CONNECT_TIMEOUT_MS, PC_CONFIG, applyMaxBitrate, waitForConnected } from './uplink.js';
import { preferH264, seiPeerConnectionConfig } from './sei-transform.js';

// TRTC's sendSEIMessage limits: bytes a message, messages and bytes a second.
const SEI_MAX_BYTES = 1000;
const SEI_MAX_PER_SECOND = 30;
const SEI_MAX_BYTES_PER_SECOND = 8000;

/** @typedef {import('./uplink.js').Uplink} Uplink */
/** @typedef {import('./stream-info.js').StreamType} StreamType */
/** @typedef {import('./simulcast.js').SmallStreamProfile} SmallStreamProfile */

/** @typedef {import('./local-stream.js').PublisherLink} PublisherLink */

/**
 * Whether the uplink's video went out as H.264 (the answer's first video codec).
 * @param {Uplink} uplink
 */
function sentCodecIsH264(uplink) {
  const params = uplink.senders.video.getParameters();
  if (params.codecs && params.codecs.length) return /h264/i.test(params.codecs[0].mimeType);
  const sdp = uplink.pc.remoteDescription ? uplink.pc.remoteDescription.sdp : '';
  const video = sdp.split('\r\nm=').find((s) => s.startsWith('video'));
  const pt = video ? video.split(' ')[3] : null;
  return !!pt && new RegExp(`a=rtpmap:${pt} H264/`, 'i').test(video);
}

/** @implements {PublisherLink} */
// Over ~400 lines (~490): the publish side's whole life (publish, republish, small stream, unpublish, and
// publishing again or restarting ICE after a fault) in
// one place; splitting it would separate the uplink from the state that renegotiates it.
export class Publications {
  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
    this._log = client._log;
    // One uplink RTCPeerConnection per published stream type (PROTOCOL.md "publish" `type`):
    // 'main' (camera) and 'auxiliary' (screen).
    /** @type {{main: Uplink | null, auxiliary: Uplink | null}} */
    this.uplinks = { main: null, auxiliary: null };
    this._publishing = { main: false, auxiliary: false };
    // TRTC's dual stream: a client setting, applied by publish() (and live to a published main stream).
    /** @type {{enabled: boolean, profile: Readonly<SmallStreamProfile>}} */
    this.smallStream = { enabled: false, profile: DEFAULT_SMALL_STREAM_PROFILE };
    /** @type {Array<{t: number, n: number}>} SEI messages of the last second (the rate limits) */
    this._seiSent = [];
  }

  /** The client's userId (a LocalStream without one takes it when published). */
  get userId() {
    return this._client._config.userId;
  }

  /**
   * publish(localStream, {isAuxiliary}) — sends the stream; resolves when media is connected.
   * isAuxiliary: true publishes it as the user's auxiliary (screen-share) stream, next to the main one.
   * @param {LocalStream} stream
   * @param {{isAuxiliary?: boolean}} [options]
   */
  async publish(stream, options) {
    if (!(stream instanceof LocalStream)) throw invalid('publish(stream): pass the LocalStream from TRTC.createStream()');
    const type = options && options.isAuxiliary ? 'auxiliary' : 'main';
    this._client._assertJoined(undefined, 'publish()');
    if (this._client._role === 'audience') throw rtcError(ErrorCode.INVALID_OPERATION, "publish(): an audience cannot publish; join with role 'anchor' or call switchRole('anchor')");
    if (this.uplinks[type] || this._publishing[type]) {
      throw rtcError(ErrorCode.INVALID_OPERATION, `publish(): already publishing a ${type} stream; unpublish() it first${type === 'main' ? ' (a screen share goes out as {isAuxiliary: true})' : ''}`);
    }
    if (stream._state !== 'initialized' || (!stream._audioTrack && !stream._videoTrack)) {
      throw rtcError(ErrorCode.INVALID_OPERATION, 'publish(): the stream is not initialized; await localStream.initialize() first');
    }
    if (stream._publisher) throw rtcError(ErrorCode.INVALID_OPERATION, 'publish(): the stream is already published');
    this._publishing[type] = true;
    stream._setConnectionState('CONNECTING');
    const session = this._client._session;
    const uplink = this._newUplink(stream, type);
    try {
      await this._negotiate(uplink, 'publish', session);
      this.uplinks[type] = uplink;
      stream._bindPublisher(this, uplink.senders, type);
      await this._connect(uplink, session, 'publish');
      this._log.info(`published ${type} ${uplink.streamId} (audio=${!!uplink.senders.audio} video=${!!uplink.senders.video} small=${uplink.small})`);
    } catch (e) {
      if (this.uplinks[type] === uplink) this.uplinks[type] = null;
      stream._unbindPublisher(this);
      stream._setConnectionState('DISCONNECTED');
      uplink.pc.close();
      if (uplink.streamId !== null && session === this._client._session && this._client._signal) {
        this._client._signal.request('unpublish', { type }).catch(() => {});
      }
      const err = toRtcError(e, ErrorCode.UNKNOWN, 'publish failed');
      this._log.error(`publish failed: ${err.message}`);
      throw err;
    } finally {
      this._publishing[type] = false;
    }
  }

  /**
   * A published stream's tracks changed (LocalStream addTrack/removeTrack): a new uplink connection
   * with the new tracks replaces the old one under the same stream id (PROTOCOL.md `republish`); the
   * subscribers get 'stream-updated' and subscribe to the new tracks. A refusal leaves the stream
   * unpublished (the server has dropped the old uplink by then only if it accepted the new one).
   * @param {LocalStream} stream
   */
  async onTracksChanged(stream) {
    const old = STREAM_TYPES.map((t) => this.uplinks[t]).find((u) => u && u.stream === stream);
    if (!old) return;
    const type = old.type;
    const session = this._client._session;
    this._client._assertJoined(session, 'addTrack()/removeTrack()');
    const uplink = this._newUplink(stream, type);
    try {
      await this._negotiate(uplink, 'republish', session);
    } catch (e) {
      uplink.pc.close();
      throw toRtcError(e, ErrorCode.UNKNOWN, 'renegotiating the published stream failed');
    }
    // The server now takes this stream from the new connection only.
    this.uplinks[type] = uplink;
    stream._bindPublisher(this, uplink.senders, type);
    old.pc.close();
    try {
      await this._connect(uplink, session, 'republish');
      this._log.info(`republished ${type} ${uplink.streamId} (audio=${!!uplink.senders.audio} video=${!!uplink.senders.video})`);
    } catch (e) {
      const err = toRtcError(e, ErrorCode.UNKNOWN, 'republish failed');
      this._log.error(`republish failed (${err.message}); unpublishing`);
      await this.unpublish(stream).catch(() => {});
      throw err;
    }
  }

  /**
   * A connection for `stream` with a send-only transceiver per track.
   * @param {LocalStream} stream
   * @param {StreamType} type
   * @returns {Uplink}
   */
  _newUplink(stream, type) {
    const sei = this._client._sei;
    const pc = new globalThis.RTCPeerConnection(this._client._pcConfig(sei ? Object.assign({}, PC_CONFIG, seiPeerConnectionConfig()) : PC_CONFIG));
    // small: the video goes out as two layers (enableSmallStream() before publish, main stream only).
    /** @type {Uplink} */
    const uplink = { pc, stream, streamId: null, type, senders: { audio: null, video: null }, small: false, h264: false };
    for (const [kind, track] of /** @type {Array<['audio' | 'video', MediaStreamTrack | null]>} */ ([['audio', stream._audioTrack], ['video', stream._videoTrack]])) {
      if (!track) continue;
      const tx = this._addSendTransceiver(pc, kind, track, stream, uplink);
      uplink.senders[kind] = tx.sender;
      // enableSEI: the camera's video goes out as H.264 with SEI messages inserted (sei-transform.js).
      const carriesSei = !!sei && kind === 'video' && type === 'main';
      if (carriesSei) uplink.h264 = preferH264(tx);
      if (sei) sei.attachSender(tx.sender, carriesSei);
    }
    return uplink;
  }

  /**
   * Our offer → `request` ('publish' or 'republish') → the server's answer applied. `uplink.streamId`
   * is set as soon as the server has taken the offer (the caller then owes it an unpublish on failure).
   * @param {Uplink} uplink
   * @param {'publish' | 'republish'} request
   * @param {number} session
   */
  async _negotiate(uplink, request, session) {
    const { pc, stream, type } = uplink;
    try {
      await pc.setLocalDescription(await pc.createOffer());
    } catch (e) {
      throw toRtcError(e, ErrorCode.CREATE_OFFER_FAILED, `creating the ${request} offer`);
    }
    this._client._assertJoined(session, `${request}()`);
    const data = await this._client._signal.request(request, {
      offer: pc.localDescription.sdp,
      type,
      hasAudio: !!stream._audioTrack,
      hasVideo: !!stream._videoTrack,
      audioMuted: stream._muted.audio,
      videoMuted: stream._muted.video,
    });
    uplink.streamId = typeof data.streamId === 'string' ? data.streamId : '';
    this._client._assertJoined(session, `${request}()`);
    await pc.setRemoteDescription({ type: 'answer', sdp: data.answer });
    if (uplink.small) uplink.small = await settleSimulcast(uplink.senders.video, this._log);
  }

  /**
   * Bitrates, then the media connection: resolves once connected (ICE_TRANSPORT_ERROR after 15 s).
   * @param {Uplink} uplink
   * @param {number} session
   * @param {string} what
   */
  async _connect(uplink, session, what) {
    const { pc, stream } = uplink;
    await applyMaxBitrate(uplink.senders.video, stream._videoProfile.bitrate, this._log);
    await applyMaxBitrate(uplink.senders.audio, stream._audioProfile.bitrate, this._log);
    await waitForConnected(pc, ICE_CONNECT_TIMEOUT_MS, what);
    this._client._watchConnection(pc, session, 'uplink', () => this.restartIce(uplink, session));
    stream._setConnectionState('CONNECTED');
    this._watchStreamState(pc, stream);
  }

  /**
   * Adds a send-only transceiver; the main video with the small layer when it is enabled.
   * @param {RTCPeerConnection} pc
   * @param {'audio' | 'video'} kind
   * @param {MediaStreamTrack} track
   * @param {LocalStream} stream
   * @param {Uplink} uplink
   */
  _addSendTransceiver(pc, kind, track, stream, uplink) {
    /** @type {RTCRtpTransceiverInit} */
    const init = { direction: 'sendonly', streams: [stream.getMediaStream()] };
    if (kind !== 'video' || uplink.type !== 'main' || !this.smallStream.enabled) return pc.addTransceiver(track, init);
    try {
      const tx = pc.addTransceiver(track, Object.assign({ sendEncodings: simulcastEncodings(track, stream._videoProfile, this.smallStream.profile) }, init));
      uplink.small = true;
      return tx;
    } catch (e) {
      this._log.warn('this browser refused the small stream encodings; publishing the big stream only', e);
      return pc.addTransceiver(track, init);
    }
  }

  /**
   * unpublish(localStream) — stops sending that stream (main or auxiliary); the others get stream-removed.
   * @param {LocalStream} stream
   */
  async unpublish(stream) {
    if (!(stream instanceof LocalStream)) throw invalid('unpublish(stream): pass the published LocalStream');
    this._client._assertJoined(undefined, 'unpublish()');
    const uplink = STREAM_TYPES.map((t) => this.uplinks[t]).find((u) => u && u.stream === stream);
    if (!uplink) throw rtcError(ErrorCode.INVALID_OPERATION, 'unpublish(): this stream is not published by this client');
    this.uplinks[uplink.type] = null;
    stream._unbindPublisher(this);
    stream._setConnectionState('DISCONNECTED');
    try {
      await this._client._signal.request('unpublish', { type: uplink.type });
    } finally {
      uplink.pc.close();
      this._log.info(`unpublished ${uplink.type} ${uplink.streamId}`);
    }
  }

  /**
   * A published stream's 'connection-state-changed' follows its uplink once connected.
   * @param {RTCPeerConnection} pc
   * @param {LocalStream} stream
   */
  _watchStreamState(pc, stream) {
    pc.addEventListener('connectionstatechange', () => {
      const uplink = STREAM_TYPES.map((t) => this.uplinks[t]).find((u) => u && u.pc === pc);
      if (!uplink) return;
      /** @type {Record<string, import('./events.js').ConnectionState>} */
      const states = { connected: 'CONNECTED', disconnected: 'RECONNECTING', failed: 'DISCONNECTED', closed: 'DISCONNECTED' };
      if (states[pc.connectionState]) stream._setConnectionState(states[pc.connectionState]);
    });
  }

  /**
   * A published screen track ended (the browser's "Stop sharing"): 'screen-sharing-stopped' has been
   * emitted on the stream; if the page did not unpublish in its handler and the stream has nothing
   * else live to send, unpublish it so the others get 'stream-removed' instead of a frozen picture.
   * @param {LocalStream} stream
   */
  onScreenTrackEnded(stream) {
    const uplink = STREAM_TYPES.map((t) => this.uplinks[t]).find((u) => u && u.stream === stream);
    if (!uplink || this._client._phase !== 'joined') return;
    const audio = stream._audioTrack;
    if (audio && audio.readyState === 'live') return;
    this._client.unpublish(stream).catch((e) => this._log.warn(`unpublishing the stopped screen share failed: ${e.message}`));
  }

  /**
   * Tells the server, which tells the others (PROTOCOL.md `mute`, with the stream's type).
   * @param {'audio' | 'video'} kind
   * @param {boolean} muted
   * @param {StreamType} type
   */
  sendMute(kind, muted, type) {
    if (!this._client._signal || this._client._phase !== 'joined') return;
    this._client._signal.request('mute', { kind, muted, type: type || 'main' })
      .catch((e) => this._log.warn(`mute ${kind} failed: ${e.message}`));
  }


  /**
   * sendSEIMessage(buffer, {seiPayloadType = 243 | 5}): the message goes into the next frame of the
   * published main video. v4's limits: 1000 bytes a message, 30 messages and 8000 bytes a second.
   * Throws INVALID_PARAMETER (the message), INVALID_OPERATION (no enableSEI, no published video, over
   * the rate), NOT_SUPPORTED (no encoded transforms), NOT_SUPPORTED_H264 (the video is not H.264).
   * @param {ArrayBuffer} buffer
   * @param {{seiPayloadType?: number}} [options]
   */
  sendSEIMessage(buffer, options) {
    /** @type {any} */
    const given = buffer;
    const bytes = given instanceof ArrayBuffer ? new Uint8Array(given)
      : ArrayBuffer.isView(given) ? new Uint8Array(given.buffer, given.byteOffset, given.byteLength) : null;
    if (!bytes) throw invalid('sendSEIMessage(buffer): buffer is an ArrayBuffer');
    if (bytes.length === 0 || bytes.length > SEI_MAX_BYTES) throw invalid(`sendSEIMessage(buffer): 1 to ${SEI_MAX_BYTES} bytes (got ${bytes.length})`);
    const payloadType = options && options.seiPayloadType !== undefined ? options.seiPayloadType : 243;
    if (payloadType !== 5 && payloadType !== 243) throw invalid(`sendSEIMessage: seiPayloadType is 5 or 243 (got ${JSON.stringify(payloadType)})`);
    const sei = this._client._sei;
    if (!sei) throw rtcError(ErrorCode.INVALID_OPERATION, 'sendSEIMessage(): create the client with TRTC.createClient({..., enableSEI: true})');
    if (!sei.supported) throw rtcError(ErrorCode.NOT_SUPPORTED, 'sendSEIMessage(): this browser has no encoded transforms (RTCRtpScriptTransform or createEncodedStreams)');
    const uplink = this.uplinks.main;
    if (!uplink || !uplink.senders.video) throw rtcError(ErrorCode.INVALID_OPERATION, 'sendSEIMessage(): publish a stream with video first (SEI rides on its frames)');
    if (!uplink.h264 || !sentCodecIsH264(uplink)) throw rtcError(ErrorCode.NOT_SUPPORTED_H264, 'sendSEIMessage(): SEI needs H.264 video, which this browser cannot send');
    const now = Date.now();
    this._seiSent = this._seiSent.filter((x) => now - x.t < 1000);
    const bytesLastSecond = this._seiSent.reduce((n, x) => n + x.n, 0);
    if (this._seiSent.length >= SEI_MAX_PER_SECOND || bytesLastSecond + bytes.length > SEI_MAX_BYTES_PER_SECOND) {
      throw rtcError(ErrorCode.INVALID_OPERATION, `sendSEIMessage(): at most ${SEI_MAX_PER_SECOND} messages and ${SEI_MAX_BYTES_PER_SECOND} bytes a second`);
    }
    this._seiSent.push({ t: now, n: bytes.length });
    sei.send(bytes, payloadType);
  }

  // ── the small stream (TRTC's dual stream, sent as rid simulcast: simulcast.js) ────────────

  /**
   * enableSmallStream(): call it before publish() (TRTC's order); the main video then goes out as a
   * big and a small layer. On a stream published with the small layer it resumes that layer; on one
   * published without it, it rejects INVALID_OPERATION (unpublish, enable, publish again).
   */
  async enableSmallStream() {
    if (!smallStreamSupported()) throw rtcError(ErrorCode.NOT_SUPPORTED, 'enableSmallStream(): this browser cannot send simulcast (RTCRtpSender.setParameters and addTransceiver sendEncodings are needed)');
    const uplink = this.uplinks.main;
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
    this.smallStream.enabled = true;
  }

  /** disableSmallStream(): before publish, clears the setting; after, stops sending the small layer. */
  async disableSmallStream() {
    this.smallStream.enabled = false;
    const uplink = this.uplinks.main;
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
   * @param {Partial<SmallStreamProfile>} profile
   */
  setSmallStreamProfile(profile) {
    this.smallStream.profile = resolveSmallStreamProfile(profile, this.smallStream.profile);
    const uplink = this.uplinks.main;
    if (uplink && uplink.small) this._applySmallStreamProfile(uplink).catch((e) => this._log.warn('could not apply the small stream profile', e));
  }

  /**
   * Sets the small layer's bitrate, frame rate and scale from the profile and the track's size now.
   * @param {Uplink} uplink
   */
  async _applySmallStreamProfile(uplink) {
    const small = this.smallStream.profile;
    const sender = uplink.senders.video;
    await updateSmallEncoding(sender, {
      maxBitrate: small.bitrate * 1000,
      maxFramerate: small.frameRate,
      scaleResolutionDownBy: smallStreamScale(sender.track, uplink.stream._videoProfile, small),
    });
  }

  /**
   * The published stream's video size may have changed (profile, device): rescale the small layer.
   * @param {LocalStream} stream
   */
  async onLocalVideoChanged(stream) {
    const uplink = this.uplinks.main;
    if (!uplink || uplink.stream !== stream || !uplink.small) return;
    try {
      await this._applySmallStreamProfile(uplink);
    } catch (e) {
      this._log.warn('could not rescale the small stream', e);
    }
  }

  /**
   * After a reconnection (reconnection.js): `serverPublished` (stream type → stream id) is what the server
   * still has of ours. A stream it lacks (a rejoin, or its media died while we were away) is published
   * again from a new connection, the same LocalStream; the others see stream-added for it, or, when they
   * rejoined too, keep their stream object.
   * @param {Record<string, string>} serverPublished
   * @param {number} session
   */
  restore(serverPublished, session) {
    for (const type of STREAM_TYPES) {
      const old = this.uplinks[type];
      if (!old || serverPublished[type] === old.streamId) continue;
      this._republishAfterReconnect(old, session).catch((e) => {
        const err = toRtcError(e, ErrorCode.UPLINK_RECONNECTION_FAILED, `publishing the ${type} stream again failed`);
        this._log.error(err.message);
        if (session === this._client._session) this._client._emit('error', rtcError(ErrorCode.UPLINK_RECONNECTION_FAILED, err.message));
      });
    }
  }

  /**
   * @param {Uplink} old
   * @param {number} session
   */
  async _republishAfterReconnect(old, session) {
    const { stream, type } = old;
    old.pc.close();
    stream._setConnectionState('RECONNECTING');
    const uplink = this._newUplink(stream, type);
    this.uplinks[type] = uplink;
    try {
      await this._negotiate(uplink, 'publish', session);
      stream._bindPublisher(this, uplink.senders, type);
      await this._connect(uplink, session, 'publish');
      this._log.info(`published ${type} again as ${uplink.streamId} after reconnecting`);
    } catch (e) {
      if (this.uplinks[type] === uplink) this.uplinks[type] = null;
      stream._unbindPublisher(this);
      stream._setConnectionState('DISCONNECTED');
      uplink.pc.close();
      throw e;
    }
  }

  /**
   * ICE restart of a published stream's connection (PROTOCOL.md `restart-ice`): a new offer with new ICE
   * credentials, the server's answer with its own; DTLS and the media keep going.
   * @param {Uplink} uplink
   * @param {number} session
   */
  async restartIce(uplink, session) {
    if (this.uplinks[uplink.type] !== uplink) return;
    const { pc } = uplink;
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    this._client._assertJoined(session, 'restartIce');
    const data = await this._client._signal.request('restart-ice', { target: 'uplink', type: uplink.type, offer: pc.localDescription.sdp });
    if (this.uplinks[uplink.type] !== uplink) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: data.answer });
  }

  /**
   * The server ended a publication's connection (ICE consent lost): it is unpublished here too; the page may
   * publish it again.
   * @param {string} streamId
   */
  onLost(streamId) {
    for (const type of STREAM_TYPES) {
      const uplink = this.uplinks[type];
      if (!uplink || uplink.streamId !== streamId) continue;
      this.uplinks[type] = null;
      uplink.stream._unbindPublisher(this);
      uplink.stream._setConnectionState('DISCONNECTED');
      uplink.pc.close();
    }
  }

  /** Closes every uplink (the client leaves the room). */
  close() {
    for (const type of STREAM_TYPES) {
      const uplink = this.uplinks[type];
      if (!uplink) continue;
      uplink.stream._unbindPublisher(this);
      uplink.stream._setConnectionState('DISCONNECTED');
      uplink.pc.close();
      this.uplinks[type] = null;
    }
  }
}
