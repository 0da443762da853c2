// The downlink: the one RTCPeerConnection that receives every subscribed stream. The server offers
// (PROTOCOL.md "subscribe"), the browser answers; each section's a=msid names the stream it carries.

import { parseSdpSections, receivingMidsByStream } from './sdp.js';

// The downlink answers the server's offers. 'balanced' accepts an offered BUNDLE all the same, and
// also an offer with every section rejected (after the last unsubscribe), which has no BUNDLE
// group (RFC 8843 §7.3.3) and which 'max-bundle' refuses.
const DOWNLINK_PC_CONFIG = Object.freeze({ iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });

export class Downlink {
  /**
   * @param {import('./log.js').Log} log
   * @param {{extraConfig?: object, onReceiver?: (receiver: RTCRtpReceiver) => void}} [hooks] SEI's
   *   encoded transforms (sei-transform.js): connection options, and each new receiver
   */
  constructor(log, hooks) {
    this._log = log;
    const h = hooks || {};
    this.pc = new globalThis.RTCPeerConnection(Object.assign({}, DOWNLINK_PC_CONFIG, h.extraConfig || {}));
    /** @type {Map<RTCRtpTransceiver, string>} fallback when a section's msid cannot be parsed */
    this._streamOfTransceiver = new Map();
    this.pc.addEventListener('track', (ev) => {
      if (h.onReceiver && ev.receiver) h.onReceiver(ev.receiver);
      // a=msid:<streamId> <trackId> (PROTOCOL.md "subscribe") makes streams[0].id the streamId.
      const streamId = ev.streams && ev.streams[0] ? ev.streams[0].id : null;
      if (streamId && ev.transceiver) this._streamOfTransceiver.set(ev.transceiver, streamId);
      this._log.debug(`downlink track ${ev.track.kind} for stream ${streamId}`);
    });
  }

  /**
   * Applies the server's offer and returns our answer's SDP.
   * @param {string} offer
   * @returns {Promise<string>}
   */
  async answer(offer) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription.sdp;
  }

  /**
   * streamId → {audio, video}: the tracks the offer's active sections deliver (matched by mid).
   * @param {string} offer
   * @returns {Map<string, {audio?: MediaStreamTrack, video?: MediaStreamTrack}>}
   */
  tracksByStream(offer) {
    const transceivers = new Map(this.pc.getTransceivers().filter((t) => t.mid).map((t) => [t.mid, t]));
    const sections = parseSdpSections(offer);
    for (const s of sections) {
      // No parsable msid: fall back to the stream id the browser reported in 'track'.
      if (!s.streamId && s.mid && transceivers.has(s.mid)) s.streamId = this._streamOfTransceiver.get(transceivers.get(s.mid)) || null;
    }
    const tracks = new Map();
    for (const [streamId, mids] of receivingMidsByStream(sections)) {
      /** @type {{audio?: MediaStreamTrack, video?: MediaStreamTrack}} */
      const entry = {};
      for (const kind of /** @type {const} */ (['audio', 'video'])) {
        const t = mids[kind] ? transceivers.get(mids[kind]) : null;
        if (t) entry[kind] = t.receiver.track;
      }
      tracks.set(streamId, entry);
    }
    return tracks;
  }

  /** @param {MediaStreamTrack | null} track @returns {RTCRtpReceiver | null} */
  receiverFor(track) {
    if (!track) return null;
    const t = this.pc.getTransceivers().find((x) => x.receiver.track === track);
    return t ? t.receiver : null;
  }

  close() {
    this.pc.close();
  }
}
