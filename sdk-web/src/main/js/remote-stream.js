// RemoteStream: a stream another user publishes, made by the client for 'stream-added'; its tracks
// arrive through the downlink once subscribed.

import { AudioLevelMeter } from './audio-level.js';
import { createLog } from './log.js';
import { Stream } from './stream.js';

/** @typedef {import('./stream-info.js').StreamInfo} StreamInfo */

export class RemoteStream extends Stream {
  /**
   * @param {import('./client.js').Client} client the client that received it
   * @param {StreamInfo} info
   */
  constructor(client, info) {
    super(info.streamId, info.userId, info.type === 'auxiliary' ? 'auxiliary' : 'main', createLog(`remote-stream(${info.userId}/${info.streamId})`));
    this._client = client;
    this._info = info;
    /** @type {{audio: boolean, video: boolean} | null} once subscribed */
    this._subscription = null;
    /** @type {{audio: boolean, video: boolean} | null} what the page (or autoSubscribe) asked for, possibly still queued */
    this._wanted = null;
    this._optedOut = false; // the page called unsubscribe(): autoSubscribe leaves it alone
    this._stale = false; // the publisher republished: the subscription (made or in flight) is to old tracks
    this._localMute = { audio: false, video: false };
    /** @type {AudioLevelMeter | null} when the packets carry no RFC 6464 level */
    this._meter = null;
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

  /** @param {'audio' | 'video'} kind @param {boolean} muted */
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

  /**
   * @param {MediaStreamTrack | null} audioTrack
   * @param {MediaStreamTrack | null} videoTrack
   */
  _setTracks(audioTrack, videoTrack) {
    if (audioTrack) audioTrack.enabled = !this._localMute.audio;
    if (videoTrack) videoTrack.enabled = !this._localMute.video;
    super._setTracks(audioTrack, videoTrack);
  }

  /**
   * close(): stops playing the stream here (its player and Web Audio meter); the subscription stays
   * (client.unsubscribe() stops receiving it).
   */
  close() {
    if (this._meter) this._meter.dispose();
    this._meter = null;
    this.stop();
  }

  /** @param {Partial<StreamInfo>} info */
  _updateInfo(info) {
    this._info = Object.assign({}, this._info, info);
  }

  /** The stream left (unsubscribed, removed, or we left): stop playing and drop the tracks. */
  _detach() {
    this._subscription = null;
    this._setConnectionState('DISCONNECTED');
    if (this._meter) this._meter.dispose();
    this._meter = null;
    this.stop();
    this._setTracks(null, null);
  }
}
