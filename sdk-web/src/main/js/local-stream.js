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
   * A camera or microphone the SDK captured: when its capture ends by itself (unplugged, taken by
   * the system), capture that device again (else any) and swap it in — v4's auto recovery, reported
   * as 'device-auto-recovered', or 'error' DEVICE_AUTO_RECOVER_FAILED.
   * @param {MediaStreamTrack} track
   */
  _watchDevice(track) {
    const onEnded = () => {
      track.removeEventListener('ended', onEnded);
      const kind = /** @type {'audio' | 'video'} */ (track.kind);
      const current = kind === 'audio' ? this._rawAudioTrack() : this._videoTrack;
      if (this._state !== 'initialized' || current !== track) return; // closed or replaced meanwhile
      this._recoverDevice(kind, track).catch((e) => this._log.error('device recovery failed', e));
    };
    track.addEventListener('ended', onEnded);
  }

  /**
   * @param {'audio' | 'video'} kind
   * @param {MediaStreamTrack} lost
   */
  async _recoverDevice(kind, lost) {
    const settings = typeof lost.getSettings === 'function' ? lost.getSettings() : {};
    const deviceId = settings.deviceId || (kind === 'audio' ? this._config.microphoneId : this._config.cameraId) || '';
    const what = kind === 'audio' ? 'microphone' : 'camera';
    this._log.warn(`the ${what} stopped capturing; capturing it again`);
    const attempts = deviceId ? [deviceId, ''] : [''];
    /** @type {MediaStreamTrack | null} */
    let track = null;
    for (const id of attempts) {
      try {
        const media = await mediaDevices().getUserMedia(kind === 'audio'
          ? { audio: audioConstraints(this._audioProfile, id) }
          : { video: videoConstraints(this._videoProfile, id, id ? '' : this._config.facingMode) });
        track = media.getTracks()[0] || null;
        if (track) break;
      } catch (e) {
        this._log.debug(`recapturing the ${what}${id ? ' ' + id : ''} failed`, e);
      }
    }
    if (this._state !== 'initialized') {
      if (track) track.stop();
      return;
    }
    if (!track) {
      const err = rtcError(ErrorCode.DEVICE_AUTO_RECOVER_FAILED, `the ${what} stopped and could not be captured again: check that it is connected and not used by another application`);
      this._log.error(err.message);
      this._emit('error', err);
      return;
    }
    this._ownedTracks.add(track);
    await this._swapTrack(kind === 'audio' ? this._audioTrack : lost, track);
    this._ownedTracks.delete(lost);
    this._watchDevice(track);
    const newId = (typeof track.getSettings === 'function' && track.getSettings().deviceId) || '';
    this._config = Object.freeze(Object.assign({}, this._config, kind === 'audio' ? { microphoneId: newId } : { cameraId: newId }));
    const rawAudio = this._rawAudioTrack();
    this._emit('device-auto-recovered', {
      isCamera: kind === 'video',
      isMicrophone: kind === 'audio',
      cameraId: kind === 'video' ? newId : (this._videoTrack && this._videoTrack.getSettings ? this._videoTrack.getSettings().deviceId || '' : ''),
      microphoneId: kind === 'audio' ? newId : (rawAudio && rawAudio.getSettings ? rawAudio.getSettings().deviceId || '' : ''),
    });
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
  async switchDevice(type, deviceId) {
    if (type !== 'audio' && type !== 'video') throw invalid("switchDevice(type, deviceId): type is 'audio' or 'video'");
    if (typeof deviceId !== 'string' || !deviceId) throw invalid('switchDevice: pass a deviceId from TRTC.getCameras()/getMicrophones() (or, for video, \'user\' or \'environment\')');
    if (this._state !== 'initialized') throw rtcError(ErrorCode.INVALID_OPERATION, 'switchDevice(): initialize() the stream first');
    const old = type === 'audio' ? this._rawAudioTrack() : this._videoTrack;
    if (!old || !this._ownedTracks.has(old) || (type === 'video' && this._config.screen)) {
      throw rtcError(ErrorCode.INVALID_OPERATION, `switchDevice(): this stream has no ${type === 'audio' ? 'microphone' : 'camera'} track captured by the SDK`);
    }
    const facing = type === 'video' && (deviceId === 'user' || deviceId === 'environment') ? deviceId : '';
    const constraints = type === 'audio'
      ? { audio: audioConstraints(this._audioProfile, deviceId) }
      : { video: videoConstraints(this._videoProfile, facing ? '' : deviceId, facing) };
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
    await this._swapTrack(type === 'audio' ? this._audioTrack : old, track);
    old.stop();
    this._ownedTracks.delete(old);
    this._watchDevice(track);
    this._config = Object.freeze(Object.assign({}, this._config, type === 'audio'
      ? { microphoneId: deviceId }
      : facing ? { cameraId: '', facingMode: /** @type {'user' | 'environment'} */ (facing) } : { cameraId: deviceId }));
  }

  /**
   * replaceTrack(track): swaps the track of the same kind, live if published (no renegotiation).
   * @param {MediaStreamTrack} track
   */
  async replaceTrack(track) {
    const kind = track && track.kind;
    if (kind !== 'audio' && kind !== 'video') throw invalid('replaceTrack(track): pass an audio or video MediaStreamTrack');
    const old = kind === 'audio' ? this._audioTrack : this._videoTrack;
    if (!old) throw rtcError(ErrorCode.INVALID_OPERATION, `replaceTrack(): the stream has no ${kind} track; use addTrack()`);
    await this._swapTrack(old, track);
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

  /**
   * addTrack(track): adds the stream's missing audio or video track. On a published stream the
   * uplink is renegotiated (PROTOCOL.md `republish`) and the subscribers get 'stream-updated' with the
   * new track — v4's way to turn the camera on in an audio call. A failed renegotiation takes the
   * track out again and rejects.
   * @param {MediaStreamTrack} track
   */
  async addTrack(track) {
    const kind = track && track.kind;
    if (kind !== 'audio' && kind !== 'video') throw invalid('addTrack(track): pass an audio or video MediaStreamTrack');
    if (this._state === 'closed') throw rtcError(ErrorCode.INVALID_OPERATION, 'addTrack(): the stream was closed');
    if ((kind === 'audio' ? this._audioTrack : this._videoTrack)) throw rtcError(ErrorCode.INVALID_OPERATION, `addTrack(): the stream already has a ${kind} track; use replaceTrack()`);
    if (kind === 'audio') {
      const sent = this._gainedAudio(track);
      sent.enabled = !this._muted.audio;
      this._setTracks(sent, this._videoTrack);
    } else {
      this._applyContentHint(track);
      track.enabled = !this._muted.video;
      this._setTracks(this._audioTrack, track);
    }
    if (this._state === 'new') this._state = 'initialized';
    if (!this._publisher) return;
    try {
      await this._publisher.publications.onTracksChanged(this);
    } catch (e) {
      this._dropTrack(/** @type {'audio' | 'video'} */ (kind));
      throw e;
    }
  }

  /**
   * removeTrack(track): takes a track out of the stream (the page's to stop). On a published stream
   * the uplink is renegotiated and the subscribers get 'stream-updated'; a published stream keeps at
   * least one track (unpublish it instead).
   * @param {MediaStreamTrack} track
   */
  async removeTrack(track) {
    const raw = this._rawAudioTrack();
    const kind = track && (track === raw || track === this._audioTrack) ? 'audio' : track && track === this._videoTrack ? 'video' : null;
    if (!kind) throw invalid('removeTrack(track): the track is not part of this stream');
    if (this._publisher && !(kind === 'audio' ? this._videoTrack : this._audioTrack)) {
      throw rtcError(ErrorCode.INVALID_OPERATION, `removeTrack(): it is the published stream's only track; unpublish() the stream instead`);
    }
    this._dropTrack(kind);
    if (this._publisher) await this._publisher.publications.onTracksChanged(this);
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
