// LocalStream: what TRTC.createStream() makes — capture (camera, microphone, screen or the page's own
// tracks), mute, profiles, device switching; published through a client's Publications.

import { AudioLevelMeter } from './audio-level.js';
import { CaptureGain } from './capture-gain.js';
import { mediaDevices, mediaError } from './devices.js';
import { ErrorCode, RtcError, invalid, rtcError } from './errors.js';
import { createLog } from './log.js';
import {
  AUDIO_PROFILES, DEFAULT_AUDIO_PROFILE, DEFAULT_SCREEN_PROFILE, DEFAULT_VIDEO_PROFILE, SCREEN_PROFILES, VIDEO_PROFILES,
  audioConstraints, resolveAudioProfile, resolveVideoProfile, videoConstraints,
} from './profiles.js';
import { switchDevice, watchDevice } from './device-recovery.js';
import { addTrack, removeTrack, replaceTrack } from './track-changes.js';
import { Stream } from './stream.js';
import { applyMaxBitrate } from './uplink.js';

/** @typedef {import('./validation.js').StreamConfig} StreamConfig */
/** @typedef {import('./profiles.js').VideoProfile} VideoProfile */
/** @typedef {import('./uplink.js').Senders} Senders */

/**
 * What a published LocalStream tells the client's publish side (publications.js).
 * @typedef {object} PublisherLink
 * @property {string} userId the client's userId
 * @property {(kind: 'audio' | 'video', muted: boolean, type: 'main' | 'auxiliary') => void} sendMute
 * @property {(stream: LocalStream) => Promise<void>} onLocalVideoChanged the video's size may have changed
 * @property {(stream: LocalStream) => void} onScreenTrackEnded the browser's "Stop sharing"
 * @property {(stream: LocalStream) => Promise<void>} onTracksChanged a track was added or removed: renegotiate the uplink
 */

/** @param {number} length @returns {string} random hex digits */
function randomId(length) {
  const alphabet = '0123456789abcdef';
  let out = '';
  const bytes = globalThis.crypto && globalThis.crypto.getRandomValues ? globalThis.crypto.getRandomValues(new Uint8Array(length)) : null;
  for (let i = 0; i < length; i++) out += alphabet[(bytes ? bytes[i] : Math.floor(Math.random() * 256)) & 15];
  return out;
}

// Over ~400 lines on purpose: v4's LocalStream API in one class; devices and page-driven track changes
// are in device-recovery.js and track-changes.js.
export class LocalStream extends Stream {
  /** @param {Readonly<StreamConfig>} config */
  constructor(config) {
    super(randomId(16), config.userId, 'main', createLog('local-stream'));
    this._config = config;
    this._state = 'new'; // new | initializing | initialized | closed
    /** @type {Promise<void> | null} */
    this._initPromise = null;
    this._videoProfile = resolveVideoProfile(config.screen ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE, config.screen ? SCREEN_PROFILES : VIDEO_PROFILES);
    this._audioProfile = AUDIO_PROFILES[DEFAULT_AUDIO_PROFILE];
    this._muted = { audio: false, video: false };
    /** @type {{publications: PublisherLink, senders: Senders, type: 'main' | 'auxiliary'} | null} while published */
    this._publisher = null;
    /** @type {Set<MediaStreamTrack>} tracks we captured (and so stop on close) */
    this._ownedTracks = new Set();
    /** @type {AudioLevelMeter | null} */
    this._meter = null;
    /** setAudioCaptureVolume's level, 100 = as captured */
    this._captureVolume = 100;
    /** @type {CaptureGain | null} while the capture volume is not 100 */
    this._captureGain = null;
    /** @type {'' | 'motion' | 'detail' | 'text'} setVideoContentHint's, applied to every video track */
    this._contentHint = '';
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
    /** @type {MediaStreamTrack[]} cameras and microphones (recovered when they stop by themselves) */
    const devices = [];
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
        devices.push(...media.getTracks());
        if (wantMic) audioTrack = media.getAudioTracks()[0] || null;
        if (wantCam) videoTrack = media.getVideoTracks()[0] || null;
      }
    } catch (e) {
      for (const t of captured) t.stop();
      throw e;
    }
    for (const t of captured) this._ownedTracks.add(t);
    if (videoTrack) this._applyContentHint(videoTrack);
    const sentAudio = audioTrack ? this._gainedAudio(audioTrack) : null;
    if (sentAudio) sentAudio.enabled = !this._muted.audio;
    if (videoTrack) videoTrack.enabled = !this._muted.video;
    this._setTracks(sentAudio, videoTrack || null);
    for (const t of devices) if (t === audioTrack || t === videoTrack) this._watchDevice(t);
  }

  /** The captured microphone behind the stream's audio track (the same track unless the capture volume is changed). */
  _rawAudioTrack() {
    return this._captureGain ? this._captureGain.source : this._audioTrack;
  }

  /**
   * The track to publish for a captured audio track: itself, or through the capture gain.
   * @param {MediaStreamTrack} raw
   * @returns {MediaStreamTrack}
   */
  _gainedAudio(raw) {
    if (this._captureGain && this._captureGain.source === raw) return this._captureGain.track;
    if (this._captureGain) this._captureGain.dispose();
    this._captureGain = null;
    if (this._captureVolume === 100) return raw;
    this._captureGain = CaptureGain.create(raw, this._captureVolume / 100);
    return this._captureGain ? this._captureGain.track : raw;
  }

  /** @param {MediaStreamTrack} track */
  _applyContentHint(track) {
    if (this._contentHint && 'contentHint' in track) track.contentHint = this._contentHint;
  }

  /**
   * Recaptures a device that stops on its own (unplugged, taken by another application): TRTC's
   * 'device-auto-recovered', or an error (device-recovery.js).
   * @param {MediaStreamTrack} track
   */
  _watchDevice(track) {
    watchDevice(this, track);
  }

  /**
   * The browser ended the screen capture ("Stop sharing"): TRTC's 'screen-sharing-stopped'.
   * @param {MediaStreamTrack} track
   */
  _onScreenEnded(track) {
    if (track !== this._videoTrack) return; // replaced meanwhile
    this._log.info('screen sharing stopped');
    this._emit('screen-sharing-stopped', {});
    if (this._publisher) this._publisher.publications.onScreenTrackEnded(this);
  }

  /** Stops capture and the player. A published stream should be unpublished first. */
  close() {
    if (this._publisher) this._log.warn('close() on a published stream: call client.unpublish(stream) first');
    this._state = 'closed'; // first: the devices' 'ended' must not start a recovery
    this.stop();
    for (const t of [this._rawAudioTrack(), this._videoTrack]) if (t && this._ownedTracks.has(t)) t.stop();
    if (this._captureGain) this._captureGain.dispose();
    this._captureGain = null;
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

  /** @param {'audio' | 'video'} kind @param {boolean} muted */
  _setMuted(kind, muted) {
    const track = kind === 'audio' ? this._audioTrack : this._videoTrack;
    if (!track) return false;
    track.enabled = !muted;
    if (this._muted[kind] === muted) return true;
    this._muted[kind] = muted;
    if (this._publisher) this._publisher.publications.sendMute(kind, muted, this._publisher.type);
    return true;
  }

  /**
   * setVideoProfile('480p' | {width, height, frameRate, bitrate}); applies live when capturing.
   * As v4: an unknown name logs a warning and the default ('480p') is used; a malformed profile
   * rejects INVALID_PARAMETER. Never throws.
   * @param {string | Partial<VideoProfile>} profile
   * @returns {Promise<void>}
   */
  setVideoProfile(profile) {
    let resolved;
    try {
      resolved = resolveVideoProfile(profile, VIDEO_PROFILES, 'setVideoProfile', (m) => this._log.warn(m));
    } catch (e) {
      return Promise.reject(e);
    }
    if (this._config.screen) return Promise.resolve(); // a screen stream uses setScreenProfile
    return this._applyVideoProfile(resolved, !this._config.videoSource);
  }

  /**
   * setScreenProfile('1080p' | {width, height, frameRate, bitrate}) for screen streams; an unknown
   * name logs a warning and the default ('1080p') is used.
   * @param {string | Partial<VideoProfile>} profile
   * @returns {Promise<void>}
   */
  setScreenProfile(profile) {
    let resolved;
    try {
      resolved = resolveVideoProfile(profile, SCREEN_PROFILES, 'setScreenProfile', (m) => this._log.warn(m));
    } catch (e) {
      return Promise.reject(e);
    }
    if (!this._config.screen) return Promise.resolve(); // a camera stream uses setVideoProfile
    return this._applyVideoProfile(resolved, true);
  }

  /** @param {Readonly<VideoProfile>} profile @param {boolean} constrainTrack */
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
      await this._publisher.publications.onLocalVideoChanged(this);
    }
  }

  /**
   * setAudioProfile('standard' | 'high' | 'standard-stereo' | 'high-stereo'): before initialize()
   * for the capture; the bitrate also applies live. An unknown name logs a warning and 'standard' is used.
   * @param {string} profile
   * @returns {Promise<void>}
   */
  async setAudioProfile(profile) {
    this._audioProfile = resolveAudioProfile(profile, (m) => this._log.warn(m));
    if (this._publisher) await applyMaxBitrate(this._publisher.senders.audio, this._audioProfile.bitrate, this._log);
  }

  /**
   * setVideoContentHint('motion' | 'detail' | 'text'): the encoder's hint (MediaStreamTrack.contentHint)
   * for this stream's video, kept for tracks that replace it. Another value logs a warning and changes nothing.
   * @param {'motion' | 'detail' | 'text'} hint
   */
  setVideoContentHint(hint) {
    if (hint !== 'motion' && hint !== 'detail' && hint !== 'text') {
      this._log.warn(`setVideoContentHint: hint is 'motion', 'detail' or 'text' (got ${JSON.stringify(hint)}); ignored`);
      return;
    }
    this._contentHint = hint;
    const track = this._videoTrack;
    if (track && !('contentHint' in track)) this._log.warn('setVideoContentHint: this browser has no MediaStreamTrack.contentHint');
    if (track) this._applyContentHint(track);
  }

  /**
   * setAudioCaptureVolume(volume): the microphone's level as published, in percent of what is
   * captured (100 = unchanged, 0 = silent, above 100 amplifies). true when applied, false when the
   * stream has no audio or the browser cannot (no Web Audio). A bad volume throws INVALID_PARAMETER.
   * @param {number} volume
   * @returns {boolean}
   */
  setAudioCaptureVolume(volume) {
    if (typeof volume !== 'number' || !Number.isFinite(volume) || volume < 0) {
      throw invalid(`setAudioCaptureVolume(volume): volume is a number >= 0, 100 meaning as captured (got ${JSON.stringify(volume)})`);
    }
    this._captureVolume = volume;
    const raw = this._rawAudioTrack();
    if (!raw) return false;
    if (this._captureGain) {
      if (volume !== 100) {
        this._captureGain.setGain(volume / 100);
        return true;
      }
    } else if (volume === 100) {
      return true;
    }
    const next = this._gainedAudio(raw);
    if (volume !== 100 && next === raw) return false; // no Web Audio here
    this._replaceSentAudio(next).catch((e) => this._log.warn('could not apply the capture volume to the published stream', e));
    return true;
  }

  /**
   * Puts `track` (the microphone, gained or not) where the old audio track was: stream, player, sender.
   * @param {MediaStreamTrack} track
   */
  async _replaceSentAudio(track) {
    track.enabled = !this._muted.audio;
    if (this._publisher && this._publisher.senders.audio) await this._publisher.senders.audio.replaceTrack(track);
    this._setTracks(track, this._videoTrack);
    if (this._meter) this._meter.dispose();
    this._meter = null;
  }

  /**
   * switchDevice('audio' | 'video', deviceId): recaptures from another device, live if published. For
   * video, 'user' or 'environment' picks the front or rear camera (facingMode) instead of a deviceId.
   * @param {'audio' | 'video'} type
   * @param {string} deviceId
   */
  switchDevice(type, deviceId) {
    return switchDevice(this, type, deviceId);
  }

  /**
   * replaceTrack(track): swaps the track of the same kind, live if published (no renegotiation).
   * @param {MediaStreamTrack} track
   */
  replaceTrack(track) {
    return replaceTrack(this, track);
  }

  /**
   * addTrack(track): adds the stream's missing audio or video track; a published stream is renegotiated
   * and its subscribers get 'stream-updated' (track-changes.js).
   * @param {MediaStreamTrack} track
   */
  addTrack(track) {
    return addTrack(this, track);
  }

  /**
   * removeTrack(track): takes a track out of the stream; a published stream keeps at least one (track-changes.js).
   * @param {MediaStreamTrack} track
   */
  removeTrack(track) {
    return removeTrack(this, track);
  }

  /**
   * Puts `track` (a captured or page track, not yet gained) in place of `old` (the stream's current track of that kind).
   * @param {MediaStreamTrack} old
   * @param {MediaStreamTrack} track
   */
  async _swapTrack(old, track) {
    const kind = /** @type {'audio' | 'video'} */ (track.kind);
    if (kind === 'audio') {
      await this._replaceSentAudio(this._gainedAudio(track));
      return;
    }
    this._applyContentHint(track);
    track.enabled = !this._muted.video;
    if (this._publisher && this._publisher.senders.video) await this._publisher.senders.video.replaceTrack(track);
    this._setTracks(this._audioTrack, track);
    if (this._publisher) await this._publisher.publications.onLocalVideoChanged(this);
  }

  /** @param {'audio' | 'video'} kind */
  _dropTrack(kind) {
    if (kind === 'audio') {
      if (this._captureGain) this._captureGain.dispose();
      this._captureGain = null;
      if (this._meter) this._meter.dispose();
      this._meter = null;
      this._setTracks(null, this._videoTrack);
    } else {
      this._setTracks(this._audioTrack, null);
    }
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

  /**
   * Published by `publications` (a client's publish side), sending through `senders`.
   * @param {PublisherLink} publications
   * @param {Senders} senders
   * @param {'main' | 'auxiliary'} [type]
   */
  _bindPublisher(publications, senders, type) {
    this._publisher = { publications, senders, type: type || 'main' };
    this._type = this._publisher.type;
    if (publications.userId && !this._userId) this._userId = publications.userId;
  }
  /** @param {PublisherLink} publications */
  _unbindPublisher(publications) {
    if (this._publisher && this._publisher.publications === publications) {
      this._publisher = null;
      this._type = 'main';
    }
  }
}
