// The player of a stream: <div id="player_<id>"> with a <video> and (remote streams only) an
// <audio>, inside the page's element; reports player-state-changed and blocked playback to its stream.

import { ErrorCode, RtcError, rtcError, toRtcError } from './errors.js';

// A media element's play() settles only once media flows: wait this long for a refusal before
// treating playback as started (a late refusal is still reported to the stream).
const PLAY_SETTLE_MS = 800;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @typedef {'contain' | 'cover' | 'fill' | 'none' | 'scale-down'} ObjectFit CSS object-fit of the <video> */

/**
 * @typedef {object} PlayerOptions
 * @property {ObjectFit} objectFit
 * @property {boolean} muted the remote <audio>
 * @property {boolean} mirror
 * @property {boolean} withAudio an <audio> element (remote streams)
 */

/** Every CSS object-fit value, as v4's play() takes them. */
export const OBJECT_FITS = ['contain', 'cover', 'fill', 'none', 'scale-down'];

export class Player {
  /**
   * @param {import('./stream.js').Stream} stream
   * @param {HTMLElement} container
   * @param {PlayerOptions} options
   */
  constructor(stream, container, options) {
    this._stream = stream;
    this._container = container;
    this._options = options; // {objectFit, muted, mirror, withAudio}
    this._log = stream._log;
    /** @type {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null}} */
    this._tracks = { audio: null, video: null };
    /** @type {Array<() => void>} */
    this._trackListeners = [];
    /** @type {HTMLDivElement | null} */
    this._div = null;
    /** @type {HTMLVideoElement | null} */
    this._video = null;
    /** @type {HTMLAudioElement | null} */
    this._audio = null;
    this._volume = 1;
    this._sinkId = '';
  }

  mount() {
    const doc = globalThis.document;
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

  /** @param {HTMLMediaElement} el @param {'audio' | 'video'} type */
  _watchElement(el, type) {
    el.addEventListener('playing', () => this._stream._emitPlayerState(type, 'PLAYING', 'playing'));
    el.addEventListener('pause', () => {
      if (this._div) this._stream._emitPlayerState(type, 'PAUSED', 'pause');
    });
  }

  /**
   * Points the elements at the stream's current tracks; safe to call when nothing changed.
   * startPlayback: play elements whose track changed (tracks arriving while the stream plays).
   * @param {MediaStreamTrack | null} audioTrack
   * @param {MediaStreamTrack | null} videoTrack
   * @param {boolean} [startPlayback] default true
   */
  setTracks(audioTrack, videoTrack, startPlayback) {
    for (const off of this._trackListeners) off();
    this._trackListeners = [];
    this._attach('video', this._video, videoTrack, startPlayback !== false);
    if (this._audio) this._attach('audio', this._audio, audioTrack, startPlayback !== false);
    else this._tracks.audio = audioTrack;
  }

  /**
   * @param {'audio' | 'video'} type
   * @param {HTMLMediaElement | null} el
   * @param {MediaStreamTrack | null} track
   * @param {boolean} startPlayback
   */
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
    el.srcObject = track ? new globalThis.MediaStream([track]) : null;
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
   * @param {'audio' | 'video'} type
   * @param {HTMLMediaElement} el
   * @returns {Promise<RtcError | null>}
   */
  async _playElement(type, el) {
    let late = false;
    /** @type {Promise<RtcError | null>} */
    const attempt = el.play().then(
      /** @returns {null} */
      () => null,
      /** @param {any} e @returns {RtcError | null} */
      (e) => {
        if (!e || e.name === 'AbortError') return null; // a newer srcObject or stop() won the race
        const err = e.name === 'NotAllowedError'
          ? rtcError(ErrorCode.PLAY_NOT_ALLOWED, `the browser blocked autoplay of ${type}: call stream.resume() from a user gesture (click)`, { name: e.name })
          : toRtcError(e, ErrorCode.UNKNOWN, `playing ${type}`);
        if (late) this._stream._onPlayBlocked(err);
        return err;
      },
    );
    const result = await Promise.race([attempt, sleep(PLAY_SETTLE_MS).then(() => /** @type {const} */ ('pending'))]);
    if (result === 'pending') {
      late = true;
      return null;
    }
    return result;
  }

  async resume() {
    const jobs = [];
    for (const [type, el] of /** @type {Array<['audio' | 'video', HTMLMediaElement | null]>} */ ([['video', this._video], ['audio', this._audio]])) {
      if (el && el.srcObject && el.paused) jobs.push(this._playElement(type, el));
    }
    const errors = (await Promise.all(jobs)).filter(Boolean);
    if (errors.length) throw errors[0];
  }

  /** @param {number} volume */
  setVolume(volume) {
    this._volume = volume;
    if (this._audio) this._audio.volume = volume;
  }

  /** @param {string} deviceId */
  async setSinkId(deviceId) {
    this._sinkId = deviceId;
    const audio = /** @type {HTMLAudioElement & {setSinkId?: (id: string) => Promise<void>}} */ (this._audio);
    if (audio && typeof audio.setSinkId === 'function') await audio.setSinkId(deviceId);
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
