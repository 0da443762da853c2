// The Client's signaling state machine against a scripted fake WebSocket (no browser, no media):
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import TRTC from '../../main/js/index.js';

const { ErrorCode } = TRTC;
TRTC.Logger.setLogLevel(TRTC.Logger.LogLevel.NONE);

/** A WebSocket whose "server" is the test: it sees every frame and answers as it likes. */
class ScriptedSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    ScriptedSocket.last = this;
    setImmediate(() => {
      this.readyState = 1;
      this.onopen && this.onopen({});
    });
  }
  send(text) {
    const frame = JSON.parse(text);
    this.sent.push(frame);
    const script = ScriptedSocket.script[frame.type];
    if (script) setImmediate(() => script(this, frame));
  }
  close(code, reason) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setImmediate(() => this.onclose && this.onclose({ code: code || 1000, reason: reason || '' }));
  }
  push(obj) {
    this.onmessage && this.onmessage({ data: JSON.stringify(obj) });
  }
  reply(frame, data) {
    this.push({ v: 1, type: 'response', id: frame.id, ok: true, data: data || {} });
  }
  fail(frame, code, message) {
    this.push({ v: 1, type: 'response', id: frame.id, ok: false, error: { code, name: 'X', message } });
  }
  event(name, data) {
    this.push({ v: 1, type: 'event', name, data });
  }
  dropByNetwork() {
    this.readyState = 3;
    this.onclose && this.onclose({ code: 1006, reason: '' });
  }
}
globalThis.WebSocket = ScriptedSocket;

const INFO = { streamId: 's3', userId: 'alice', type: 'main', hasAudio: true, hasVideo: true, audioMuted: false, videoMuted: false };

function defaultScript() {
  return {
    join(ws, f) {
      ws.reply(f, { roomId: f.data.roomId, userId: f.data.userId, heartbeatIntervalMs: 30 });
      ws.event('peer-join', { userId: 'alice' });
      ws.event('stream-added', { stream: INFO });
    },
    heartbeat(ws, f) {
      ws.reply(f);
    },
    leave(ws, f) {
      ws.reply(f);
      ws.close(1000, 'bye');
    },
  };
}

function newClient(extra) {
  return TRTC.createClient(Object.assign({ mode: 'rtc', sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', serverUrl: 'ws://parley.test/ws', autoSubscribe: false }, extra || {}));
}

const tick = () => new Promise((r) => setImmediate(r));
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

test('join sends a v1 join frame and handlers registered before join see what is in the room', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const seen = [];
  client.on('peer-join', (e) => seen.push(`peer-join:${e.userId}`));
  client.on('stream-added', (e) => seen.push(`stream-added:${e.stream.getId()}:${e.stream.getUserId()}`));
  const states = [];
  client.on('connection-state-changed', (e) => states.push(e.state));
  await client.join({ roomId: '1234' });
  await tick();
  const join = ScriptedSocket.last.sent[0];
  assert.equal(ScriptedSocket.last.url, 'ws://parley.test/ws');
  assert.equal(join.v, 1);
  assert.equal(join.type, 'join');
  assert.deepEqual(join.data, { sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', roomId: 1234, role: 'anchor', mode: 'rtc', sdkVersion: TRTC.VERSION });
  assert.deepEqual(seen, ['peer-join:alice', 'stream-added:s3:alice']);
  assert.deepEqual(states, ['CONNECTING', 'CONNECTED']);
  await client.leave();
  assert.deepEqual(states, ['CONNECTING', 'CONNECTED', 'DISCONNECTED']);
  assert.equal(ScriptedSocket.last.sent.at(-1).type, 'leave');
});

test("join({privateMapKey}) sends the key to the server; a key that is not a string is refused before any connection", async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  await assert.rejects(client.join({ roomId: 1, privateMapKey: 42 }), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER && /privateMapKey/.test(e.message));
  await client.join({ roomId: 1, privateMapKey: 'eJwkey' });
  assert.equal(ScriptedSocket.last.sent[0].data.privateMapKey, 'eJwkey');
  await client.leave();
});

test('heartbeats follow heartbeatIntervalMs from the join response', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  await client.join({ roomId: 1 });
  await wait(120);
  const beats = ScriptedSocket.last.sent.filter((f) => f.type === 'heartbeat').length;
  await client.leave();
  assert.ok(beats >= 2, `expected at least 2 heartbeats, got ${beats}`);
});

test('a refused join rejects with the server code and message, and join works afterwards', async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), {
    join(ws, f) {
      ws.fail(f, ErrorCode.JOIN_ROOM_FAILED, 'UserSig expired at 2026-11-20T10:00:00Z');
    },
  });
  const client = newClient();
  await assert.rejects(client.join({ roomId: 1 }), (e) => e.getCode() === ErrorCode.JOIN_ROOM_FAILED && /expired/.test(e.message));
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
  ScriptedSocket.script = defaultScript();
  await client.join({ roomId: 1 });
  await client.leave();
});

test('out-of-order calls reject INVALID_OPERATION', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const stream = TRTC.createStream({ audio: true });
  await assert.rejects(client.publish(stream), (e) => e.getCode() === ErrorCode.INVALID_OPERATION);
  await client.join({ roomId: 1 });
  await assert.rejects(client.join({ roomId: 1 }), (e) => e.getCode() === ErrorCode.INVALID_OPERATION);
  await assert.rejects(client.publish(stream), (e) => e.getCode() === ErrorCode.INVALID_OPERATION && /initialize/.test(e.message));
  await assert.rejects(client.publish({}), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await assert.rejects(client.subscribe({}), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await client.leave();
});

test('mute events update the remote state and reach the page as {userId}', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const events = [];
  client.on('mute-audio', (e) => events.push(['mute-audio', e.userId]));
  client.on('stream-updated', (e) => events.push(['stream-updated', e.stream.getId()]));
  await client.join({ roomId: 1 });
  await tick();
  ScriptedSocket.last.event('mute-audio', { userId: 'alice', streamId: 's3' });
  ScriptedSocket.last.event('stream-updated', { stream: Object.assign({}, INFO, { audioMuted: true }) });
  assert.deepEqual(events, [['mute-audio', 'alice'], ['stream-updated', 's3']]);
  assert.deepEqual(client.getRemoteMutedState(), [{ userId: 'alice', hasAudio: true, hasVideo: true, audioMuted: true, videoMuted: false, hasSmall: false }]);
  await client.leave();
});

test('stream-removed and peer-leave', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const events = [];
  client.on('stream-removed', (e) => events.push(`stream-removed:${e.stream.getId()}`));
  client.on('peer-leave', (e) => events.push(`peer-leave:${e.userId}`));
  await client.join({ roomId: 1 });
  await tick();
  ScriptedSocket.last.event('stream-removed', { stream: INFO });
  ScriptedSocket.last.event('peer-leave', { userId: 'alice' });
  assert.deepEqual(events, ['stream-removed:s3', 'peer-leave:alice']);
  assert.deepEqual(client.getRemoteMutedState(), []);
  await client.leave();
});

test('a connection lost without leave() → DISCONNECTED and error 0x4006; join() works again', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const errors = [];
  client.on('error', (e) => errors.push(e.getCode()));
  await client.join({ roomId: 1 });
  ScriptedSocket.last.dropByNetwork();
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
  assert.deepEqual(errors, [ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED]);
  await client.join({ roomId: 1 });
  await client.leave();
  assert.equal(errors.length, 1);
});

test('client-banned is an RtcError with reason, and the close that follows is not an error', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const errors = [];
  let banned = null;
  client.on('error', (e) => errors.push(e));
  client.on('client-banned', (e) => (banned = e));
  await client.join({ roomId: 1 });
  ScriptedSocket.last.event('client-banned', { reason: 'kick', message: 'another client joined as bob' });
  ScriptedSocket.last.dropByNetwork();
  assert.equal(banned.getCode(), ErrorCode.CLIENT_BANNED);
  assert.equal(banned.reason, 'kick');
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
  assert.deepEqual(errors, []);
});

test('a server that goes silent is dropped after 3 heartbeat intervals + 2 s', { timeout: 5000 }, async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), { heartbeat() {} });
  const client = newClient();
  const errors = [];
  client.on('error', (e) => errors.push(e.getCode()));
  await client.join({ roomId: 1 });
  await wait(2300);
  assert.deepEqual(errors, [ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED]);
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
});

test('an unreachable server rejects SIGNAL_CHANNEL_SETUP_FAILED', async () => {
  const saved = globalThis.WebSocket;
  globalThis.WebSocket = class {
    constructor() {
      setImmediate(() => {
        this.onerror && this.onerror({});
        this.onclose && this.onclose({ code: 1006, reason: '' });
      });
    }
    close() {}
  };
  try {
    await assert.rejects(newClient().join({ roomId: 1 }), (e) => e.getCode() === ErrorCode.SIGNAL_CHANNEL_SETUP_FAILED && /parley\.test/.test(e.message));
  } finally {
    globalThis.WebSocket = saved;
  }
});

test('leave() during join() makes join reject and leaves the client reusable', async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), { join() {} }); // never answers
  const client = newClient();
  const joining = client.join({ roomId: 1 });
  await wait(20);
  await client.leave();
  await assert.rejects(joining);
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
  ScriptedSocket.script = defaultScript();
  await client.join({ roomId: 1 });
  await client.leave();
});
