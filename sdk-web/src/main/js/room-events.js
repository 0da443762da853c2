// The server's events (PROTOCOL.md "Events") → the room as a Client sees it (peers, remote streams,
// their mute state), and the client's events (events.js ClientEventMap).

import { ErrorCode, errorFromWire } from './errors.js';
import { RemoteStream } from './remote-stream.js';
import { parseStreamInfo } from './stream-info.js';

/** The server's mute events and the StreamInfo field each one sets. */
const MUTE_EVENTS = /** @type {const} */ ({
  'mute-audio': ['audioMuted', true],
  'unmute-audio': ['audioMuted', false],
  'mute-video': ['videoMuted', true],
  'unmute-video': ['videoMuted', false],
});

/** @type {ReadonlyArray<import('./events.js').BannedEvent['reason']>} */
const BANNED_REASONS = ['kick', 'banned', 'room-disband'];

export class RoomEvents {
  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
  }

  /**
   * A server event (PROTOCOL.md "Events") → the client's state and its events (events.js).
   * @param {number} session
   * @param {string} name
   * @param {any} data
   */
  handle(session, name, data) {
    const c = this._client;
    if (session !== c._session || (c._phase !== 'joined' && c._phase !== 'joining')) return;
    switch (name) {
      case 'peer-join':
        if (typeof data.userId !== 'string') return;
        // Back after a server restart: the page never saw it leave (room-state.js).
        if (c._roomState.claimAwaitedPeer(data.userId) && c._peers.has(data.userId)) return;
        if (c._peers.has(data.userId)) return;
        c._peers.add(data.userId);
        c._emit('peer-join', { userId: data.userId });
        return;
      case 'peer-leave':
        if (typeof data.userId !== 'string') return;
        for (const stream of Array.from(c._remoteStreams.values())) {
          if (stream.getUserId() === data.userId) this._removeRemoteStream(stream);
        }
        c._peers.delete(data.userId);
        c._emit('peer-leave', { userId: data.userId });
        return;
      case 'stream-added':
        return this._onStreamAdded(data);
      case 'stream-removed': {
        const info = parseStreamInfo(data);
        const stream = info && c._remoteStreams.get(info.streamId);
        if (stream) this._removeRemoteStream(stream);
        return;
      }
      case 'stream-updated': {
        const info = parseStreamInfo(data);
        const stream = info && c._remoteStreams.get(info.streamId);
        if (!stream) return;
        const republished = info.revision !== stream._info.revision;
        stream._updateInfo(info);
        // The publisher added or removed a track (PROTOCOL.md `republish`): the server ended our
        // subscription to the old tracks; take the new ones with the same options.
        if (republished) c._subscriptions.renew(stream);
        c._emit('stream-updated', { stream });
        return;
      }
      case 'mute-audio':
      case 'unmute-audio':
      case 'mute-video':
      case 'unmute-video': {
        const [field, value] = MUTE_EVENTS[/** @type {keyof typeof MUTE_EVENTS} */ (name)];
        const stream = c._remoteStreams.get(data.streamId);
        if (stream) stream._updateInfo({ [field]: value });
        c._emit(/** @type {keyof typeof MUTE_EVENTS} */ (name), { userId: data.userId, stream });
        return;
      }
      case 'client-banned': {
        c._banned = true;
        // v4's payload: {reason: 'kick' | 'banned' | 'room-disband', message}; Parley's server says 'kick'
        // (takeover, admin RemoveUser) or 'room-disband' (admin DismissRoom).
        const reason = BANNED_REASONS.includes(data.reason) ? data.reason : 'kick';
        const message = typeof data.message === 'string' ? data.message : `removed from the room (${reason})`;
        c._log.warn(`banned (${reason}): ${message}`);
        c._emit('client-banned', { reason, message });
        return;
      }
      case 'server-going-away':
        // PROTOCOL.md "Drain": the call goes on; when the server closes, the client reconnects (to the
        // other node when one is named).
        if (typeof data.reconnectUrl === 'string' && data.reconnectUrl) c._reconnection.redirectUrl = data.reconnectUrl;
        c._log.warn(`the server is going away (draining within ${data.drainTimeoutSeconds} s)${data.reconnectUrl ? '; next: ' + data.reconnectUrl : ''}`);
        return;
      case 'error': {
        const err = errorFromWire(data.error, ErrorCode.UNKNOWN);
        // The server ended a media connection (ICE consent lost): drop it here too, then tell the page.
        if (data.direction === 'uplink') c._publications.onLost(typeof data.streamId === 'string' ? data.streamId : '');
        if (data.direction === 'downlink') c._subscriptions.onLost();
        c._log.error(`server error: ${err.message}`);
        c._emit('error', err);
        return;
      }
      default:
        c._log.debug(`ignoring unknown event '${name}'`);
    }
  }

  /** @param {any} data */
  _onStreamAdded(data) {
    const c = this._client;
    const info = parseStreamInfo(data);
    if (!info) return;
    // Its publisher came back after a server restart: the page keeps the stream object it holds.
    const awaited = c._roomState.claimAwaited(info);
    if (awaited) {
      if (awaited._wanted) c._subscriptions.renew(awaited);
      return;
    }
    const existing = c._remoteStreams.get(info.streamId);
    if (existing) {
      existing._updateInfo(info);
      c._emit('stream-updated', { stream: existing });
      return;
    }
    const stream = new RemoteStream(c, info);
    c._remoteStreams.set(info.streamId, stream);
    if (info.userId) c._peers.add(info.userId);
    c._emit('stream-added', { stream });
    // TRTC's autoSubscribe: only if the page's handler did not subscribe (or unsubscribe) itself.
    if (c._config.autoSubscribe && !stream._wanted && !stream._optedOut && c._remoteStreams.get(info.streamId) === stream) {
      c.subscribe(stream).catch((e) => c._log.warn(`auto-subscribe to ${info.streamId} failed: ${e.message}`));
    }
  }

  /** @param {RemoteStream} stream */
  _removeRemoteStream(stream) {
    const c = this._client;
    c._remoteStreams.delete(stream.getId());
    // The server drops the subscription; the downlink's next offer marks its sections inactive.
    stream._detach();
    c._emit('stream-removed', { stream });
  }
}
