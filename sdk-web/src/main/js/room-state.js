// The room as the server says it is now (PROTOCOL.md "Room state": peers, streams, own streams and
// subscriptions), made the page's view with the fewest events: at a join, everything is news; after a
// resume or a rejoin, only what really changed is (peer-join/peer-leave, stream-added/stream-removed,
// mute and stream-updated), and the RemoteStream objects the page holds stay the same objects.
//
// After a server restart the room fills up again as the others reconnect too: a stream or peer missing
// from the first state is given SETTLE_MS to come back (matched by user and stream type, the stream id may
// be new) before the page is told it left.

import { parseStreamInfo } from './stream-info.js';

/** How long, after a server restart, the others have to come back before they count as gone. */
export const SETTLE_MS = 15000;

/** @typedef {import('./remote-stream.js').RemoteStream} RemoteStream */
/** @typedef {import('./stream-info.js').StreamInfo} StreamInfo */

const MUTE_FIELDS = /** @type {const} */ ([['audioMuted', 'audio'], ['videoMuted', 'video']]);

export class RoomStateSync {
  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
    this._log = client._log;
    /** @type {Set<RemoteStream>} streams waiting for their publisher to come back after a server restart */
    this._awaitedStreams = new Set();
    /** @type {Set<string>} peers waiting to come back after a server restart */
    this._awaitedPeers = new Set();
    /** @type {ReturnType<typeof setTimeout> | null} */
    this._settleTimer = null;
  }

  /**
   * @param {{peers?: string[], streams?: any[]}} room
   * @param {'join' | 'resume' | 'rejoined' | 'restarted'} mode
   */
  apply(room, mode) {
    const c = this._client;
    const peers = new Set(Array.isArray(room.peers) ? room.peers.filter((p) => typeof p === 'string') : []);
    /** @type {StreamInfo[]} */
    const infos = (Array.isArray(room.streams) ? room.streams : []).map((s) => parseStreamInfo({ stream: s })).filter(Boolean);
    const fresh = mode === 'rejoined' || mode === 'restarted';
    for (const userId of peers) {
      this._awaitedPeers.delete(userId);
      if (!c._peers.has(userId)) {
        c._peers.add(userId);
        c._emit('peer-join', { userId });
      }
    }
    // After a fresh join the server's stream ids may be new (a restarted server numbers them again): the
    // page's streams are matched by user and type, and keyed anew.
    const previous = fresh ? Array.from(c._remoteStreams.values()).concat(Array.from(this._awaitedStreams)) : [];
    if (fresh) {
      c._remoteStreams.clear();
      this._awaitedStreams.clear();
    }
    /** @type {Set<RemoteStream>} */
    const present = new Set();
    for (const info of infos) {
      const i = previous.findIndex((s) => s.getUserId() === info.userId && s.getType() === info.type);
      const existing = fresh ? (i >= 0 ? previous.splice(i, 1)[0] : null) : c._remoteStreams.get(info.streamId);
      if (existing) {
        present.add(existing);
        this.rebind(existing, info, fresh);
      } else {
        c._roomEvents._onStreamAdded({ stream: info });
        const added = c._remoteStreams.get(info.streamId);
        if (added) present.add(added);
      }
    }
    const gone = fresh ? previous : Array.from(c._remoteStreams.values()).filter((s) => !present.has(s));
    const left = Array.from(c._peers).filter((userId) => !peers.has(userId));
    if (mode === 'restarted') {
      // The others are reconnecting too: give them time to come back before saying they left.
      gone.forEach((s) => this._awaitedStreams.add(s));
      left.forEach((userId) => this._awaitedPeers.add(userId));
      if (this._settleTimer) clearTimeout(this._settleTimer);
      this._settleTimer = setTimeout(() => this._settle(c._session), SETTLE_MS);
      if (gone.length || left.length) this._log.info(`after the server restart, waiting for ${left.length} peer(s) and ${gone.length} stream(s) to come back`);
      return;
    }
    for (const stream of gone) this._removed(stream);
    for (const userId of left) c._roomEvents.handle(c._session, 'peer-leave', { userId });
  }

  /** @param {RemoteStream} stream no longer in the room (and, after a fresh join, no longer in the map) */
  _removed(stream) {
    const c = this._client;
    if (c._remoteStreams.get(stream.getId()) === stream) c._remoteStreams.delete(stream.getId());
    stream._detach();
    c._emit('stream-removed', { stream });
  }

  /**
   * A stream-added (or peer-join) during the settling after a server restart: the stream the page already
   * holds for that user and type, if it is one being waited for.
   * @param {StreamInfo} info
   * @returns {RemoteStream | null}
   */
  claimAwaited(info) {
    for (const s of this._awaitedStreams) {
      if (s.getUserId() === info.userId && s.getType() === info.type) {
        this._awaitedStreams.delete(s);
        this.rebind(s, info, true);
        return s;
      }
    }
    return null;
  }

  /** @param {string} userId whether that peer was being waited for (its peer-join is then no news) */
  claimAwaitedPeer(userId) {
    return this._awaitedPeers.delete(userId);
  }

  /**
   * The page's stream object for a stream the server describes anew: its id (a restarted server numbers
   * streams again), its info (mute events for what changed), and, when the server holds no subscription
   * for it, a new subscription with what the page wanted.
   * @param {RemoteStream} stream
   * @param {StreamInfo} info
   * @param {boolean} resubscribe
   */
  rebind(stream, info, resubscribe) {
    const c = this._client;
    if (stream.getId() !== info.streamId) {
      c._remoteStreams.delete(stream.getId());
      this._log.info(`stream ${stream.getId()} of ${info.userId} is now ${info.streamId}`);
      stream._id = info.streamId;
    }
    c._remoteStreams.set(info.streamId, stream);
    const before = stream._info;
    stream._updateInfo(info);
    for (const [field, kind] of MUTE_FIELDS) {
      if (before[field] !== info[field]) {
        c._emit(/** @type {any} */ ((info[field] ? 'mute-' : 'unmute-') + kind), { userId: info.userId, stream });
      }
    }
    const changed = ['hasAudio', 'hasVideo', 'hasSmall', 'audioMuted', 'videoMuted'].some((k) => /** @type {any} */ (before)[k] !== /** @type {any} */ (info)[k]);
    if (changed) c._emit('stream-updated', { stream });
    if (resubscribe || before.revision !== info.revision) stream._stale = true;
  }

  /** @param {number} session */
  _settle(session) {
    this._settleTimer = null;
    const c = this._client;
    if (session !== c._session) return;
    const streams = Array.from(this._awaitedStreams);
    this._awaitedStreams.clear();
    for (const stream of streams) this._removed(stream);
    const peers = Array.from(this._awaitedPeers);
    this._awaitedPeers.clear();
    for (const userId of peers) c._roomEvents.handle(session, 'peer-leave', { userId });
  }

  /** The call ended. */
  clear() {
    if (this._settleTimer) clearTimeout(this._settleTimer);
    this._settleTimer = null;
    this._awaitedStreams.clear();
    this._awaitedPeers.clear();
  }
}
