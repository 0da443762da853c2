// SDP: the per-section facts the downlink needs (RFC 8866 §5.14 m=, RFC 8830 a=msid, RFC 8843 a=mid).

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/**
 * @typedef {object} SdpSection
 * @property {number} index
 * @property {string} kind 'audio', 'video', …
 * @property {number} port
 * @property {string | null} mid
 * @property {string} direction
 * @property {string | null} streamId
 * @property {string | null} trackId
 * @property {boolean} bundleOnly
 * @property {boolean} rejected
 */

/**
 * Parses the media sections of an SDP into
 * [{index, kind, port, mid, direction, streamId, trackId, bundleOnly, rejected}].
 * streamId/trackId come from `a=msid:<stream> <track>` (or the legacy `a=ssrc:<n> msid:` form);
 * a '-' stream id (RFC 8830 §2: no stream) is reported as null. Port 0 means rejected unless the
 * section is `a=bundle-only` (RFC 8843 §6, as Firefox offers new sections). Never throws.
 * @param {unknown} sdp
 * @returns {SdpSection[]}
 */
export function parseSdpSections(sdp) {
  /** @type {Array<SdpSection & {msidSeen?: boolean}>} */
  const sections = [];
  if (typeof sdp !== 'string') return sections;
  let sessionDirection = 'sendrecv';
  /** @type {(SdpSection & {msidSeen?: boolean}) | null} */
  let current = null;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const parts = line.slice(2).split(/\s+/);
      const port = Number.parseInt(parts[1], 10);
      current = { index: sections.length, kind: parts[0] || '', port: Number.isFinite(port) ? port : 0, mid: null, direction: null, streamId: null, trackId: null, bundleOnly: false, rejected: false };
      sections.push(current);
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2);
    const dir = DIRECTIONS.find((d) => attr === d);
    if (dir) {
      if (current) current.direction = dir;
      else sessionDirection = dir;
      continue;
    }
    if (!current) continue;
    if (attr.startsWith('mid:')) {
      current.mid = attr.slice(4).trim();
    } else if (attr === 'bundle-only') {
      current.bundleOnly = true;
    } else if (attr.startsWith('msid:')) {
      const [stream, track] = attr.slice(5).trim().split(/\s+/);
      current.streamId = stream && stream !== '-' ? stream : null;
      current.trackId = track || null;
      current.msidSeen = true;
    } else if (attr.startsWith('ssrc:') && !current.msidSeen) {
      const m = /^ssrc:\d+\s+msid:(\S+)(?:\s+(\S+))?/.exec(attr);
      if (m && !current.streamId) {
        current.streamId = m[1] !== '-' ? m[1] : null;
        current.trackId = m[2] || null;
      }
    }
  }
  for (const s of sections) {
    if (!s.direction) s.direction = sessionDirection;
    s.rejected = s.port === 0 && !s.bundleOnly;
    delete s.msidSeen;
  }
  return sections;
}

/**
 * The sections of an offer that carry media towards us: streamId → {audio: mid, video: mid}.
 * @param {SdpSection[]} sections
 * @returns {Map<string, {audio?: string, video?: string}>}
 */
export function receivingMidsByStream(sections) {
  const out = new Map();
  for (const s of sections) {
    if (s.rejected || !s.mid || !s.streamId) continue;
    if (s.direction !== 'sendonly' && s.direction !== 'sendrecv') continue;
    if (s.kind !== 'audio' && s.kind !== 'video') continue;
    if (!out.has(s.streamId)) out.set(s.streamId, {});
    out.get(s.streamId)[s.kind] = s.mid;
  }
  return out;
}
