// A track's loudness now, from a Web Audio analyser: local microphones, and remote tracks whose
// packets carry no RFC 6464 level (remote-stream.js prefers the receiver's level).

/** @type {AudioContext | null} */
let sharedAudioContext = null;

export class AudioLevelMeter {
  /** @param {MediaStreamTrack} track */
  constructor(track) {
    this.track = track;
    /** @type {AnalyserNode | null} */
    this._analyser = null;
    try {
      // Safari before 14.1 only has the prefixed constructor.
      const g = /** @type {any} */ (globalThis);
      const Ctx = g.AudioContext || g.webkitAudioContext;
      if (!Ctx) return;
      if (!sharedAudioContext) sharedAudioContext = new Ctx();
      const source = sharedAudioContext.createMediaStreamSource(new globalThis.MediaStream([track]));
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
