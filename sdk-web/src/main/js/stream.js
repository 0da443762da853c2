// What LocalStream and RemoteStream share: the player, tracks in one stable MediaStream, volume and
// output device, and the stream events (events.js StreamEventMap).

import { AutoplayPrompt } from './autoplay-prompt.js';
import { Emitter } from './emitter.js';
import { ErrorCode, RtcError, invalid, rtcError } from './errors.js';
import { OBJECT_FITS, Player } from './player.js';

/** @typedef {import('./events.js').StreamEventMap} StreamEventMap */
/** @typedef {import('./events.js').PlayerStateEvent} PlayerStateEvent */

/**
 * @extends {Emitter<StreamEventMap>}
 */
export class Stream extends Emitter {
  /**
   * @param {string} id
   * @param {string} userId
   * @param {'main' | 'auxiliary'} type
   * @param {import('./log.js').Log} log
   */
  constructor(id, userId, type, log) {
    super(log);
    this._id = id;
    this._userId = userId;
    this._type = type;
    this._log = log;
    /** @type {MediaStreamTrack | null} */
    this._audioTrack = null;
    /** @type {MediaStreamTrack | null} */
    this._videoTrack = null;
    this._mediaStream = globalThis.MediaStream ? new globalThis.MediaStream() : null;
    /** @type {Player | null} */
    this._player = null;
    this._volume = 1;
    this._sinkId = '';
    /** @type {import('./events.js').ConnectionState} the media connection carrying this stream (v4's stream 'connection-state-changed') */
    this._connectionState = 'DISCONNECTED';
  }

  /**
   * The stream's media connection changed: a local stream's uplink, a remote stream's downlink.
   * @param {import('./events.js').ConnectionState} state
   */
  _setConnectionState(state) {
    if (state === this._connectionState) return;
    const prevState = this._connectionState;
    this._connectionState = state;
    this._emit('connection-state-changed', { prevState, state });
  }

  // What differs between a local and a remote stream (each subclass answers all four).
  /** @returns {import('./player.js').ObjectFit} objectFit when play() is given none */
  _defaultObjectFit() {
    return 'cover';
  }
  /** @returns {boolean} mirror when play() is given none */
  _defaultMirror() {
    return false;
  }
  /** @returns {boolean} whether the player has an <audio> element */
  _playsAudio() {
    return false;
  }
  /** @returns {boolean} whether blocked playback shows the "Click to play audio" button */
  _autoPlayDialogEnabled() {
    return false;
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
   * @param {string | HTMLElement} elementId
   * @param {{objectFit?: import('./player.js').ObjectFit, muted?: boolean, mirror?: boolean}} [options]
   */
  async play(elementId, options) {
    const container = this._resolveContainer(elementId);
    const opts = options || {};
    const objectFit = opts.objectFit === undefined ? this._defaultObjectFit() : opts.objectFit;
    if (!OBJECT_FITS.includes(objectFit)) throw invalid(`play: objectFit is a CSS object-fit value: ${OBJECT_FITS.map((f) => `'${f}'`).join(', ')} (got ${JSON.stringify(objectFit)})`);
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

  /** @param {unknown} elementId @returns {HTMLElement} */
  _resolveContainer(elementId) {
    const doc = globalThis.document;
    if (!doc) throw rtcError(ErrorCode.NOT_SUPPORTED, 'play() needs a DOM document');
    if (elementId && typeof elementId === 'object' && /** @type {Node} */ (elementId).nodeType === 1) return /** @type {HTMLElement} */ (elementId);
    if (typeof elementId !== 'string' || !elementId) throw invalid('play(elementId): pass the id of a <div> (or the element itself)');
    const el = doc.getElementById(elementId);
    if (!el) throw invalid(`play: no element with id "${elementId}"; create <div id="${elementId}"></div> before calling play()`);
    return el;
  }

  /** @param {RtcError} error */
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

  /** @param {number} volume 0 … 1 */
  setAudioVolume(volume) {
    if (typeof volume !== 'number' || !(volume >= 0 && volume <= 1)) throw invalid('setAudioVolume(volume): volume is a number from 0 to 1');
    this._volume = volume;
    if (this._player) this._player.setVolume(volume);
  }

  /** @param {string} deviceId */
  async setAudioOutput(deviceId) {
    if (typeof deviceId !== 'string') throw invalid('setAudioOutput(deviceId): pass a deviceId from TRTC.getSpeakers()');
    this._sinkId = deviceId;
    if (this._player) await this._player.setSinkId(deviceId);
  }

  /**
   * A PNG data URL of the current video frame, or null when no video is playing (as v4).
   * @returns {string | null}
   */
  getVideoFrame() {
    const video = this._player && this._player.videoElement;
    const doc = globalThis.document;
    if (!video || !video.videoWidth || !doc) return null;
    const canvas = doc.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    return canvas.toDataURL('image/png');
  }

  /**
   * @param {PlayerStateEvent['type']} type
   * @param {PlayerStateEvent['state']} state
   * @param {PlayerStateEvent['reason']} reason
   */
  _emitPlayerState(type, state, reason) {
    this._emit('player-state-changed', { type, state, reason });
  }

  /**
   * Replaces the tracks of this stream's MediaStream and of a playing player.
   * @param {MediaStreamTrack | null} audioTrack
   * @param {MediaStreamTrack | null} videoTrack
   */
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
