// Call quality from the browser's getStats() (W3C webrtc-stats): TRTC's stats getters and the
// 'network-quality' scale (docs/WEB-SDK.md "Stats", "Network quality").

import { BIG_RID } from './simulcast.js';
import { STREAM_TYPES } from './stream-info.js';

/** @typedef {{forEach(callback: (stats: any) => void): void}} StatsReport an RTCStatsReport (or a Map in tests) */
/** @typedef {import('./events.js').NetworkQualityEvent} NetworkQualityEvent */

// TRTC's stats objects (counters cumulative; frameRate, frames per second, is a Parley addition).
/** @typedef {{bytesSent: number, packetsSent: number}} LocalAudioStats */
/** @typedef {LocalAudioStats & {framesEncoded: number, framesSent: number, frameWidth: number, frameHeight: number, frameRate: number}} LocalVideoStats */
/** @typedef {{bytesReceived: number, packetsReceived: number, packetsLost: number}} RemoteAudioStats */
/** @typedef {RemoteAudioStats & {framesDecoded: number, frameWidth: number, frameHeight: number, frameRate: number}} RemoteVideoStats */

/**
 * What the stats read of a client: its connections, the remote streams and its userId.
 * @typedef {object} StatsSource
 * @property {{main: import('./uplink.js').Uplink | null, auxiliary: import('./uplink.js').Uplink | null}} _uplinks
 * @property {import('./downlink.js').Downlink | null} _downlink
 * @property {Map<string, import('./remote-stream.js').RemoteStream>} _remoteStreams
 * @property {{userId: string}} _config
 */

/**
 * TRTC's network-quality scale: 1 excellent … 5 very bad, 6 disconnected (0, unknown, is decided by
 * the caller). TRTC derives it from RTT and loss without publishing its thresholds; these are ours.
 * @param {number} rttMs
 * @param {number} lossPercent
 */
export function qualityFrom(rttMs, lossPercent) {
  if (lossPercent < 1 && rttMs < 50) return 1;
  if (lossPercent < 3 && rttMs < 100) return 2;
  if (lossPercent < 5 && rttMs < 200) return 3;
  if (lossPercent < 10 && rttMs < 400) return 4;
  if (lossPercent < 20) return 5;
  return 6;
}

/**
 * RTT in ms of the ICE candidate pair in use (webrtc-stats §7.18 currentRoundTripTime, measured by
 * the STUN consent checks of RFC 7675), or null when there is none yet. The pair in use is the one
 * the transport names (selectedCandidatePairId); Firefox has no transport stats and flags it instead.
 * @param {StatsReport} report
 * @returns {number | null}
 */
export function selectedPairRtt(report) {
  /** @type {any[]} */
  const pairs = [];
  /** @type {string | null} */
  let selectedId = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) selectedId = s.selectedCandidatePairId;
    if (s.type === 'candidate-pair') pairs.push(s);
  });
  const pair = pairs.find((s) => s.id === selectedId) || pairs.find((s) => s.selected) || pairs.find((s) => s.nominated && s.state === 'succeeded');
  if (!pair || typeof pair.currentRoundTripTime !== 'number') return null;
  return Math.round(pair.currentRoundTripTime * 1000);
}

/**
 * Uplink RTT from the RTCP receiver reports the server sends (RFC 3550 §6.4.1 LSR/DLSR).
 * @param {StatsReport} report
 * @returns {number | null}
 */
function remoteInboundRtt(report) {
  /** @type {number | null} */
  let rtt = null;
  report.forEach((s) => {
    if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') rtt = Math.max(rtt || 0, Math.round(s.roundTripTime * 1000));
  });
  return rtt;
}

/**
 * The first stats entry of `type` in a report (a sender's or receiver's getStats() has one).
 * @param {StatsReport} report
 * @param {string} type
 * @returns {any}
 */
function firstOfType(report, type) {
  /** @type {any} */
  let found = null;
  report.forEach((s) => {
    if (!found && s.type === type) found = s;
  });
  return found;
}

/**
 * The sender's outbound-rtp entry of the big layer: rid 'h' when the small stream is sent, else the only one.
 * @param {StatsReport} report
 * @returns {any}
 */
function bigLayerOutbound(report) {
  /** @type {any} */
  let first = null;
  /** @type {any} */
  let big = null;
  report.forEach((s) => {
    if (s.type !== 'outbound-rtp') return;
    if (!first) first = s;
    if (s.rid === BIG_RID) big = s;
  });
  return big || first;
}

export class ClientStats {
  /** @param {StatsSource} client */
  constructor(client) {
    this._client = client;
    /** @type {WeakMap<RTCPeerConnection, {lost: number, total: number}>} at the last network-quality tick */
    this._previous = new WeakMap();
  }

  _uplinks() {
    return STREAM_TYPES.map((t) => this._client._uplinks[t]).filter(Boolean);
  }
  get _downlinkPc() {
    return this._client._downlink ? this._client._downlink.pc : null;
  }

  /**
   * TRTC's TransportStats: rtt (uplink, ms) and downlinksRTT {userId: ms} of every subscribed user.
   * @returns {Promise<{rtt: number, downlinksRTT: Record<string, number>}>}
   */
  async transport() {
    /** @type {{rtt: number, downlinksRTT: Record<string, number>}} */
    const result = { rtt: 0, downlinksRTT: {} };
    const main = this._client._uplinks.main || this._uplinks()[0];
    let up = null;
    if (main) {
      const report = await main.pc.getStats();
      up = selectedPairRtt(report);
      if (up === null) up = remoteInboundRtt(report);
    }
    const down = this._downlinkPc ? selectedPairRtt(await this._downlinkPc.getStats()) : null;
    result.rtt = up !== null ? up : down !== null ? down : 0;
    // One downlink connection carries every subscription, so every user shares its RTT.
    for (const s of this._client._remoteStreams.values()) if (down !== null && s._subscription) result.downlinksRTT[s.getUserId()] = down;
    return result;
  }

  /**
   * @overload
   * @param {'audio'} kind
   * @returns {Promise<Record<string, LocalAudioStats>>}
   */
  /**
   * @overload
   * @param {'video'} kind
   * @returns {Promise<Record<string, LocalVideoStats>>}
   */
  /**
   * TRTC's LocalAudioStats / LocalVideoStats of the main stream, keyed by our userId.
   * @param {'audio' | 'video'} kind
   * @returns {Promise<Record<string, LocalAudioStats | LocalVideoStats>>}
   */
  async local(kind) {
    /** @type {Record<string, LocalAudioStats | LocalVideoStats>} */
    const out = {};
    const uplink = this._client._uplinks.main;
    const sender = uplink && uplink.senders[kind];
    if (!sender) return out;
    const s = bigLayerOutbound(await sender.getStats());
    if (!s) return out;
    const base = { bytesSent: s.bytesSent || 0, packetsSent: s.packetsSent || 0 };
    out[this._client._config.userId] = kind === 'audio' ? base : Object.assign(base, {
      framesEncoded: s.framesEncoded || 0,
      framesSent: s.framesSent || 0,
      frameWidth: s.frameWidth || 0,
      frameHeight: s.frameHeight || 0,
      frameRate: Math.round(s.framesPerSecond || 0), // Parley addition
    });
    return out;
  }

  /**
   * @overload
   * @param {'audio'} kind
   * @param {string} type
   * @returns {Promise<Record<string, RemoteAudioStats>>}
   */
  /**
   * @overload
   * @param {'video'} kind
   * @param {string} type
   * @returns {Promise<Record<string, RemoteVideoStats>>}
   */
  /**
   * TRTC's RemoteAudioStats / RemoteVideoStats of the subscribed streams of `type`, keyed by userId.
   * @param {'audio' | 'video'} kind
   * @param {string} type 'main' or 'auxiliary'
   * @returns {Promise<Record<string, RemoteAudioStats | RemoteVideoStats>>}
   */
  async remote(kind, type) {
    /** @type {Record<string, RemoteAudioStats | RemoteVideoStats>} */
    const out = {};
    const downlink = this._client._downlink;
    if (!downlink) return out;
    for (const stream of this._client._remoteStreams.values()) {
      if (stream.getType() !== type) continue;
      const receiver = downlink.receiverFor(kind === 'audio' ? stream._audioTrack : stream._videoTrack);
      if (!receiver) continue;
      const s = firstOfType(await receiver.getStats(), 'inbound-rtp');
      if (!s) continue;
      const base = { bytesReceived: s.bytesReceived || 0, packetsReceived: s.packetsReceived || 0, packetsLost: Math.max(0, s.packetsLost || 0) };
      out[stream.getUserId()] = kind === 'audio' ? base : Object.assign(base, {
        framesDecoded: s.framesDecoded || 0,
        frameWidth: s.frameWidth || 0,
        frameHeight: s.frameHeight || 0,
        frameRate: Math.round(s.framesPerSecond || 0), // Parley addition
      });
    }
    return out;
  }

  /**
   * The 'network-quality' payload. Uplink: the worst of our publishing connections; downlink: the
   * receiving connection. RTT in ms, loss in % over the last interval.
   * @returns {Promise<NetworkQualityEvent>}
   */
  async networkQuality() {
    let up = { quality: 0, rtt: 0, loss: 0 };
    for (const uplink of this._uplinks()) {
      const q = await this._linkQuality(uplink.pc, 'up');
      if (q.quality > up.quality) up = q;
    }
    const down = await this._linkQuality(this._downlinkPc, 'down');
    return {
      uplinkNetworkQuality: up.quality,
      downlinkNetworkQuality: down.quality,
      uplinkRTT: up.rtt,
      downlinkRTT: down.rtt,
      uplinkLoss: up.loss,
      downlinkLoss: down.loss,
    };
  }

  /**
   * One connection's quality. Loss over the last interval: uplink from the RTCP receiver reports the
   * server sends (remote-inbound-rtp packetsLost, RFC 3550 §6.4.1), downlink from what arrived
   * (inbound-rtp packetsLost). Unknown (0) until media has flowed for one interval.
   * @param {RTCPeerConnection | null} pc
   * @param {'up' | 'down'} direction
   * @returns {Promise<{quality: number, rtt: number, loss: number}>}
   */
  async _linkQuality(pc, direction) {
    if (!pc || pc.connectionState === 'closed' || pc.signalingState === 'closed') return { quality: 0, rtt: 0, loss: 0 };
    const state = pc.connectionState || pc.iceConnectionState;
    if (state === 'failed' || state === 'disconnected') return { quality: 6, rtt: 0, loss: 100 };
    const report = await pc.getStats();
    let rtt = selectedPairRtt(report);
    if (rtt === null && direction === 'up') rtt = remoteInboundRtt(report);
    let lost = 0;
    let total = 0;
    report.forEach((s) => {
      if (direction === 'up' && s.type === 'remote-inbound-rtp') lost += Math.max(0, s.packetsLost || 0);
      if (direction === 'up' && s.type === 'outbound-rtp') total += s.packetsSent || 0;
      if (direction === 'down' && s.type === 'inbound-rtp') {
        lost += Math.max(0, s.packetsLost || 0);
        total += (s.packetsReceived || 0) + Math.max(0, s.packetsLost || 0);
      }
    });
    const last = this._previous.get(pc);
    this._previous.set(pc, { lost, total });
    if (!last) return { quality: 0, rtt: rtt || 0, loss: 0 }; // first look: no interval to judge yet
    const dTotal = total - last.total;
    if (dTotal <= 0) return { quality: 0, rtt: rtt || 0, loss: 0 }; // nothing flowed: unknown
    const dLost = Math.max(0, lost - last.lost);
    const loss = Math.min(100, Math.round((dLost / dTotal) * 100)); // packetsSent counts the lost ones too
    return { quality: qualityFrom(rtt || 0, loss), rtt: rtt || 0, loss };
  }
}
