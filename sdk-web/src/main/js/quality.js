// The quality side of a Client: TRTC's stats getters (stats.js) and the periodic 'network-quality'
// and 'audio-volume' events.

import { invalid } from './errors.js';
import { ClientStats } from './stats.js';
import { STREAM_TYPES } from './stream-info.js';

const NETWORK_QUALITY_INTERVAL_MS = 2000;

/**
 * TRTC's audioVolume: the 0..1 level as an integer 0..100.
 * @param {unknown} level
 */
export function toVolume(level) {
  return Math.max(0, Math.min(100, Math.round((Number(level) || 0) * 100)));
}

export class CallQuality {
  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
    this.stats = new ClientStats(client);
    /** @type {(() => void) | null} */
    this._stopQuality = null;
    /** @type {(() => void) | null} */
    this._stopVolume = null;
  }

  /**
   * getRemoteVideoStats('main' | 'auxiliary') (TRTC v4); {type} is accepted as well.
   * @param {unknown} type
   */
  remoteVideoStats(type) {
    const t = typeof type === 'string' ? type : (type && /** @type {{type?: string}} */ (type).type) || 'main';
    if (!STREAM_TYPES.includes(/** @type {any} */ (t))) return Promise.reject(invalid(`getRemoteVideoStats(type): type is 'main' or 'auxiliary' (got ${JSON.stringify(t)})`));
    return this.stats.remote('video', t);
  }

  /**
   * 'network-quality' every 2 s while joined (until stop()).
   * @param {number} session the client's session it belongs to
   */
  startNetworkQuality(session) {
    const client = this._client;
    const timer = setInterval(async () => {
      if (session !== client._session) return;
      try {
        const quality = await this.stats.networkQuality();
        if (session === client._session) client._emit('network-quality', quality);
      } catch (e) {
        client._log.debug('network quality failed', e);
      }
    }, NETWORK_QUALITY_INTERVAL_MS);
    this._stopQuality = () => clearInterval(timer);
  }

  /**
   * enableAudioVolumeEvaluation(intervalMs = 2000): 'audio-volume' {result: [{userId, audioVolume,
   * stream}]} every interval while joined: our published streams with audio, then every subscribed
   * remote stream with audio. audioVolume = round(stream.getAudioLevel() × 100). While the page is
   * hidden nothing is emitted unless enableInBackground (v4's second argument).
   * @param {unknown} [interval]
   * @param {boolean} [enableInBackground]
   */
  enableAudioVolumeEvaluation(interval, enableInBackground) {
    if (this._stopVolume) this._stopVolume();
    this._stopVolume = null;
    const ms = interval === undefined ? 2000 : Number(interval);
    if (!(ms > 0)) return; // TRTC: a value <= 0 turns it off
    const client = this._client;
    const inBackground = !!enableInBackground;
    const timer = setInterval(() => {
      if (client._phase !== 'joined') return;
      const doc = globalThis.document;
      if (!inBackground && doc && doc.visibilityState === 'hidden') return;
      /** @type {import('./events.js').AudioVolumeEvent['result']} */
      const result = [];
      for (const type of STREAM_TYPES) {
        const uplink = client._uplinks[type];
        if (uplink && uplink.stream._audioTrack) result.push({ userId: client._config.userId, audioVolume: toVolume(uplink.stream.getAudioLevel()), stream: uplink.stream });
      }
      for (const s of client._remoteStreams.values()) {
        if (s._audioTrack) result.push({ userId: s.getUserId(), audioVolume: toVolume(s.getAudioLevel()), stream: s });
      }
      client._emit('audio-volume', { result });
    }, Math.max(16, ms));
    this._stopVolume = () => clearInterval(timer);
  }

  /** Stops both periodic events (the client leaves the room). */
  stop() {
    for (const stop of [this._stopQuality, this._stopVolume]) if (stop) stop();
    this._stopQuality = this._stopVolume = null;
  }
}
