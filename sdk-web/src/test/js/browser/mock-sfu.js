/*
 * A stand-in for the Parley server, running inside the test page, so trtc.js can be exercised in a
 * real browser before the Java server exists. It speaks docs/PROTOCOL.md through a fake WebSocket
 * (installed as window.WebSocket) and relays media with ordinary RTCPeerConnections: the publisher's
 * tracks are re-sent to each subscriber's downlink with the offer's a=msid rewritten to
 * "<streamId> <trackId>", as the real server does. Full ICE (not ICE-lite) and browser-chosen DTLS
 * roles: the SDK must not care. Test code only — never served by the server.
 */
(function () {
  'use strict';

  const HEARTBEAT_MS = 2000;

  function gatheringComplete(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (pc.iceGatheringState === 'complete') {
          pc.removeEventListener('icegatheringstatechange', check);
          resolve();
        }
      };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(resolve, 3000); // host candidates come fast; never hang the test
    });
  }

  /** Rewrites each section's msid to the stream it carries (PROTOCOL.md "subscribe"). */
  function rewriteMsid(sdp, streamOfMid) {
    const out = [];
    let entry = null;
    for (const line of sdp.split('\r\n')) {
      if (line.startsWith('m=')) entry = null;
      if (entry && (line.startsWith('a=msid:') || /^a=ssrc:\d+ msid:/.test(line))) continue;
      out.push(line);
      if (line.startsWith('a=mid:')) {
        entry = streamOfMid.get(line.slice(6)) || null;
        if (entry) out.push(`a=msid:${entry.streamId} ${entry.trackId}`);
      }
    }
    return out.join('\r\n');
  }

  /** Splits an SDP into [session lines, section lines…] at each m= line. */
  function sdpSections(sdp) {
    const parts = [[]];
    for (const line of sdp.split('\r\n')) {
      if (line.startsWith('m=')) parts.push([]);
      parts[parts.length - 1].push(line);
    }
    return parts;
  }

  const RID_EXTENSIONS = ['urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id'];

  /**
   * Accepts the offer's rid simulcast in our answer, as the Parley server does: for each offered
   * `a=simulcast:send l;h` the answer section gets `a=rid:<rid> recv` and `a=simulcast:recv l;h`
   * (RFC 8853 §5.3, RFC 8851 §4) plus the rid header extensions (RFC 8852) at the offer's ids. A
   * browser answering on its own drops all of it (neither Chromium nor Firefox receives simulcast),
   * and the publisher would then keep its first encoding only. Our own receiving connection keeps the
   * browser's answer: it takes whichever layer its demuxer latches onto.
   */
  function acceptSimulcast(offer, answer) {
    const offered = new Map(); // mid → {rids, simulcast, extmaps}
    for (const lines of sdpSections(offer).slice(1)) {
      const mid = (lines.find((l) => l.startsWith('a=mid:')) || '').slice(6);
      const simulcast = lines.find((l) => l.startsWith('a=simulcast:send '));
      if (!mid || !simulcast) continue;
      const rids = lines.filter((l) => /^a=rid:\S+ send/.test(l)).map((l) => l.slice(6).split(' ')[0]);
      const extmaps = lines.filter((l) => l.startsWith('a=extmap:') && RID_EXTENSIONS.some((u) => l.endsWith(' ' + u)))
        .map((l) => l.replace(/^a=extmap:(\d+)\/\w+ /, 'a=extmap:$1 '));
      offered.set(mid, { rids, simulcast: simulcast.slice('a=simulcast:send '.length), extmaps });
    }
    if (offered.size === 0) return answer;
    const parts = sdpSections(answer);
    for (const lines of parts.slice(1)) {
      const mid = (lines.find((l) => l.startsWith('a=mid:')) || '').slice(6);
      const o = offered.get(mid);
      if (!o) continue;
      const end = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
      const extra = o.extmaps.filter((x) => !lines.some((l) => l.startsWith('a=extmap:') && l.endsWith(x.slice(x.indexOf(' ')))));
      lines.splice(end, 0, ...extra, ...o.rids.map((r) => `a=rid:${r} recv`), `a=simulcast:recv ${o.simulcast}`);
    }
    return parts.map((lines) => lines.join('\r\n')).join('\r\n');
  }

  class MockSfu {
    constructor() {
      this.connections = new Set();
      this.publications = new Map(); // streamId → {streamId, userId, roomKey, info, tracks, conn}
      this.nextStreamId = 1;
      this.frames = []; // every request seen, for assertions
      this.lastOffer = {}; // userId → the last downlink offer sent
      this.refuseSimulcast = false;
    }

    connect(sock) {
      const conn = { sock, userId: null, roomKey: null, uplink: null, downlink: null, subs: new Map(), chain: Promise.resolve(), pending: false };
      this.connections.add(conn);
      sock._conn = conn;
    }

    onFrame(sock, text) {
      const conn = sock._conn;
      let frame;
      try {
        frame = JSON.parse(text);
      } catch (e) {
        this.send(conn, { v: 1, type: 'response', id: 0, ok: false, error: { code: 4096, name: 'INVALID_PARAMETER', message: 'not JSON' } });
        return;
      }
      this.frames.push({ userId: conn.userId, type: frame.type, data: frame.data });
      conn.chain = conn.chain.then(() => this.handle(conn, frame)).catch((e) => console.error('mock sfu', e));
    }

    send(conn, obj) {
      conn.sock._deliver(obj);
    }

    reply(conn, id, data) {
      this.send(conn, { v: 1, type: 'response', id, ok: true, data: data || {} });
    }

    fail(conn, id, code, name, message) {
      this.send(conn, { v: 1, type: 'response', id, ok: false, error: { code, name, message } });
    }

    event(conn, name, data) {
      this.send(conn, { v: 1, type: 'event', name, data });
    }

    others(conn) {
      return Array.from(this.connections).filter((c) => c !== conn && c.roomKey !== null && c.roomKey === conn.roomKey);
    }

    streamInfo(pub) {
      return Object.assign({ streamId: pub.streamId, userId: pub.userId, type: 'main' }, pub.info);
    }

    async handle(conn, frame) {
      const { id, type } = frame;
      const data = frame.data || {};
      if (frame.v !== 1) return this.fail(conn, id, 4096, 'INVALID_PARAMETER', 'protocol version must be 1');
      if (type !== 'join' && type !== 'heartbeat' && !conn.userId) return this.fail(conn, id, 4097, 'INVALID_OPERATION', 'join first');
      switch (type) {
        case 'join':
          return this.join(conn, id, data);
        case 'heartbeat':
          return this.reply(conn, id);
        case 'publish':
          return this.publish(conn, id, data);
        case 'republish':
          return this.republish(conn, id, data);
        case 'unpublish':
          this.unpublish(conn);
          return this.reply(conn, id);
        case 'subscribe':
          return this.subscribe(conn, id, data);
        case 'unsubscribe':
          return this.unsubscribe(conn, id, data);
        case 'downlink-answer':
          if (!conn.pending) return this.fail(conn, id, 4097, 'INVALID_OPERATION', 'no offer pending');
          await conn.downlink.setRemoteDescription({ type: 'answer', sdp: data.answer });
          conn.pending = false;
          return this.reply(conn, id);
        case 'mute':
          return this.mute(conn, id, data);
        case 'set-remote-video-stream-type':
          return this.setRemoteVideoStreamType(conn, id, data);
        case 'leave':
          this.reply(conn, id);
          this.drop(conn);
          conn.sock._serverClose(1000, 'left');
          return undefined;
        case 'resume': // the mock keeps no sessions: the client joins again (PROTOCOL.md "Reconnection")
          return this.send(conn, { v: 1, type: 'response', id, ok: false, error: { code: 4097, name: 'INVALID_OPERATION', message: 'no session to resume', reason: 'session-unknown' } });
        default:
          return this.fail(conn, id, 4096, 'INVALID_PARAMETER', `unknown type ${type}`);
      }
    }

    join(conn, id, data) {
      if (data.userSig === 'bad') return this.fail(conn, id, 16388, 'JOIN_ROOM_FAILED', 'UserSig check failed: signature mismatch');
      const roomKey = `${typeof data.roomId}:${data.roomId}`;
      for (const old of Array.from(this.connections)) {
        if (old !== conn && old.roomKey === roomKey && old.userId === data.userId) {
          this.event(old, 'client-banned', { reason: 'kick', message: `another client joined as ${data.userId}` });
          this.unpublish(old);
          this.connections.delete(old);
          old.sock._serverClose(4001, 'kicked');
        }
      }
      conn.userId = data.userId;
      conn.roomKey = roomKey;
      this.reply(conn, id, { roomId: data.roomId, userId: data.userId, heartbeatIntervalMs: HEARTBEAT_MS });
      for (const other of this.others(conn)) {
        this.event(conn, 'peer-join', { userId: other.userId });
        this.event(other, 'peer-join', { userId: conn.userId });
      }
      for (const pub of this.publications.values()) {
        if (pub.roomKey === roomKey && pub.conn !== conn) this.event(conn, 'stream-added', { stream: this.streamInfo(pub) });
      }
      return undefined;
    }

    async publish(conn, id, data) {
      if (conn.uplink) return this.fail(conn, id, 4097, 'INVALID_OPERATION', 'already publishing');
      const pc = new RTCPeerConnection();
      const tracks = { audio: null, video: null };
      await pc.setRemoteDescription({ type: 'offer', sdp: data.offer });
      for (const t of pc.getTransceivers()) {
        t.direction = 'recvonly';
        tracks[t.receiver.track.kind] = t.receiver.track;
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gatheringComplete(pc);
      const streamId = `s${this.nextStreamId++}`;
      const pub = {
        streamId,
        userId: conn.userId,
        roomKey: conn.roomKey,
        conn,
        pc,
        tracks,
        info: {
          hasAudio: !!data.hasAudio,
          hasVideo: !!data.hasVideo,
          audioMuted: !!data.audioMuted,
          videoMuted: !!data.videoMuted,
          hasSmall: /^a=simulcast:send \S*;/m.test(data.offer), // two or more video layers
        },
      };
      conn.uplink = pub;
      this.publications.set(streamId, pub);
      // refuseSimulcast: a test hook playing a server that answers like a plain browser.
      const answer = this.refuseSimulcast ? pc.localDescription.sdp : acceptSimulcast(data.offer, pc.localDescription.sdp);
      this.reply(conn, id, { answer, streamId });
      for (const other of this.others(conn)) this.event(other, 'stream-added', { stream: this.streamInfo(pub) });
      return undefined;
    }

    /** PROTOCOL.md `republish`: new tracks under the same stream id; subscriptions to the old ones end. */
    async republish(conn, id, data) {
      const pub = conn.uplink;
      if (!pub) return this.fail(conn, id, 4097, 'INVALID_OPERATION', 'no main stream is published; publish it first');
      const pc = new RTCPeerConnection();
      const tracks = { audio: null, video: null };
      await pc.setRemoteDescription({ type: 'offer', sdp: data.offer });
      for (const t of pc.getTransceivers()) {
        t.direction = 'recvonly';
        tracks[t.receiver.track.kind] = t.receiver.track;
      }
      await pc.setLocalDescription(await pc.createAnswer());
      await gatheringComplete(pc);
      pub.pc.close();
      Object.assign(pub, { pc, tracks, revision: (pub.revision || 0) + 1 });
      Object.assign(pub.info, { hasAudio: !!data.hasAudio, hasVideo: !!data.hasVideo, audioMuted: !!data.audioMuted, videoMuted: !!data.videoMuted, revision: pub.revision });
      this.reply(conn, id, { answer: pc.localDescription.sdp, streamId: pub.streamId });
      // The relay's stand-in for "subscriptions to the old tracks end": a kind still sent is relayed
      // from the new track at once (the real server reuses the section on the next subscribe), a kind
      // gone stops; the subscriber's next subscribe adds what is new.
      for (const other of this.others(conn)) {
        const sub = other.subs.get(pub.streamId);
        if (sub) {
          for (const [kind, tx] of Object.entries(sub.transceivers)) {
            if (tracks[kind]) {
              await tx.sender.replaceTrack(tracks[kind]);
            } else {
              tx.stop();
              delete sub.transceivers[kind];
            }
          }
        }
        this.event(other, 'stream-updated', { stream: this.streamInfo(pub) });
      }
      return undefined;
    }

    unpublish(conn) {
      const pub = conn.uplink;
      if (!pub) return;
      conn.uplink = null;
      this.publications.delete(pub.streamId);
      pub.pc.close();
      for (const other of this.others(conn)) {
        other.subs.delete(pub.streamId);
        this.event(other, 'stream-removed', { stream: this.streamInfo(pub) });
      }
    }

    drop(conn) {
      this.unpublish(conn);
      this.connections.delete(conn);
      if (conn.downlink) conn.downlink.close();
      for (const other of this.others(conn)) this.event(other, 'peer-leave', { userId: conn.userId });
      conn.roomKey = null;
    }

    async subscribe(conn, id, data) {
      const pub = this.publications.get(data.streamId);
      if (!pub || pub.roomKey !== conn.roomKey) return this.fail(conn, id, 16400, 'REMOTE_STREAM_NOT_EXIST', `stream ${data.streamId} is not published`);
      if (!conn.downlink) conn.downlink = new RTCPeerConnection();
      const pc = conn.downlink;
      const sub = conn.subs.get(pub.streamId) || { transceivers: {} };
      conn.subs.set(pub.streamId, sub);
      for (const kind of ['audio', 'video']) {
        const want = data[kind] !== false && pub.tracks[kind];
        const tx = sub.transceivers[kind];
        if (want && !tx) sub.transceivers[kind] = pc.addTransceiver(pub.tracks[kind], { direction: 'sendonly' });
        if (!want && tx) {
          tx.stop();
          delete sub.transceivers[kind];
        }
      }
      return this.offer(conn, id);
    }

    async unsubscribe(conn, id, data) {
      const sub = conn.subs.get(data.streamId);
      if (!sub) return this.fail(conn, id, 16400, 'REMOTE_STREAM_NOT_EXIST', `not subscribed to ${data.streamId}`);
      for (const tx of Object.values(sub.transceivers)) tx.stop();
      conn.subs.delete(data.streamId);
      return this.offer(conn, id);
    }

    async offer(conn, id) {
      const pc = conn.downlink;
      await pc.setLocalDescription(await pc.createOffer());
      await gatheringComplete(pc);
      const streamOfMid = new Map();
      for (const [streamId, sub] of conn.subs) {
        for (const tx of Object.values(sub.transceivers)) {
          if (tx.mid) streamOfMid.set(tx.mid, { streamId, trackId: `${streamId}-${tx.sender.track.kind}` });
        }
      }
      conn.pending = true;
      const offer = rewriteMsid(pc.localDescription.sdp, streamOfMid);
      this.lastOffer[conn.userId] = offer;
      this.reply(conn, id, { offer });
    }

    mute(conn, id, data) {
      const pub = conn.uplink;
      this.reply(conn, id);
      if (!pub) return;
      pub.info[data.kind === 'audio' ? 'audioMuted' : 'videoMuted'] = !!data.muted;
      const name = `${data.muted ? 'mute' : 'unmute'}-${data.kind}`;
      for (const other of this.others(conn)) {
        this.event(other, name, { userId: conn.userId, streamId: pub.streamId });
        this.event(other, 'stream-updated', { stream: this.streamInfo(pub) });
      }
    }

    /** Records the preference (the mock relays whatever layer it receives; it cannot switch). */
    setRemoteVideoStreamType(conn, id, data) {
      if (data.type !== 'big' && data.type !== 'small') return this.fail(conn, id, 4096, 'INVALID_PARAMETER', "type must be 'big' or 'small'");
      const pub = this.publications.get(data.streamId);
      if (!pub || pub.roomKey !== conn.roomKey) return this.fail(conn, id, 16400, 'REMOTE_STREAM_NOT_EXIST', `stream ${data.streamId} is not published`);
      conn.videoStreamTypes = Object.assign(conn.videoStreamTypes || {}, { [data.streamId]: data.type });
      return this.reply(conn, id);
    }

    /** Test hook: the network dies under one user (no close frame from the client side). */
    killConnection(userId) {
      for (const conn of Array.from(this.connections)) {
        if (conn.userId === userId) {
          this.drop(conn);
          conn.sock._serverClose(1006, '');
        }
      }
    }
  }

  const server = new MockSfu();

  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      setTimeout(() => {
        if (this.readyState !== 0) return;
        if (!/^wss?:\/\/[^/]+(\/.*)?\/ws$/.test(url) || /unreachable/.test(url)) {
          this.readyState = 3;
          if (this.onerror) this.onerror({});
          if (this.onclose) this.onclose({ code: 1006, reason: '' });
          return;
        }
        this.readyState = 1;
        server.connect(this);
        if (this.onopen) this.onopen({});
      }, 5);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('not open');
      setTimeout(() => server.onFrame(this, text), 0);
    }
    close(code, reason) {
      if (this.readyState >= 2) return;
      this.readyState = 3;
      if (this._conn) server.drop(this._conn);
      setTimeout(() => this.onclose && this.onclose({ code: code || 1000, reason: reason || '' }), 0);
    }
    _deliver(obj) {
      if (this.readyState !== 1) return;
      const text = JSON.stringify(obj);
      setTimeout(() => this.readyState === 1 && this.onmessage && this.onmessage({ data: text }), 0);
    }
    _serverClose(code, reason) {
      if (this.readyState >= 2) return;
      setTimeout(() => {
        this.readyState = 3;
        if (this.onclose) this.onclose({ code, reason });
      }, 0);
    }
  }
  FakeWebSocket.CONNECTING = 0;
  FakeWebSocket.OPEN = 1;
  FakeWebSocket.CLOSING = 2;
  FakeWebSocket.CLOSED = 3;

  window.MockParley = { server, FakeWebSocket, rewriteMsid, acceptSimulcast };
  window.WebSocket = FakeWebSocket;
})();
