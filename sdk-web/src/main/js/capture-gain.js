// setAudioCaptureVolume (TRTC 4.14+): the microphone's track through a Web Audio gain, so what is
// published (and metered) is louder or quieter than what was captured. Browser quirk apart: older
// Safari only has webkitAudioContext.

/**
 * One captured audio track and the gained track made from it.
 */
export class CaptureGain {
  /**
   * @param {MediaStreamTrack} source the captured track (owned by the stream; not stopped here)
   * @param {number} gain 1 = unchanged
   * @returns {CaptureGain | null} null where Web Audio cannot make a track (no AudioContext, no MediaStreamAudioDestinationNode)
   */
  static create(source, gain) {
    const Ctx = globalThis.AudioContext || /** @type {any} */ (globalThis).webkitAudioContext;
    if (typeof Ctx !== 'function' || !globalThis.MediaStream) return null;
    try {
      return new CaptureGain(new Ctx(), source, gain);
    } catch (e) {
      return null;
    }
  }

  /**
   * @param {AudioContext} context
   * @param {MediaStreamTrack} source
   * @param {number} gain
   */
  constructor(context, source, gain) {
    this.source = source;
    this._context = context;
    this._input = context.createMediaStreamSource(new globalThis.MediaStream([source]));
    this._gain = context.createGain();
    this._gain.gain.value = gain;
    const out = context.createMediaStreamDestination();
    this._input.connect(this._gain);
    this._gain.connect(out);
    /** @type {MediaStreamTrack} what the stream publishes and plays instead of the source */
    this.track = out.stream.getAudioTracks()[0];
    // An AudioContext made outside a click starts suspended in some browsers; capture is a user
    // action already (getUserMedia), so resuming is allowed.
    if (context.state === 'suspended') context.resume().catch(() => {});
  }

  /** @param {number} gain */
  setGain(gain) {
    this._gain.gain.value = gain;
  }

  dispose() {
    try {
      this._input.disconnect();
      this._gain.disconnect();
    } catch (e) {
      // already disconnected
    }
    this.track.stop();
    this._context.close().catch(() => {});
  }
}
