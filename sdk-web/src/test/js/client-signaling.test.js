// The Client's signaling state machine against a scripted fake WebSocket (no browser, no media):
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import TRTC from '../../main/js/index.js';
import { Reconnection } from '../../main/js/reconnection.js';

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
  assert.deepEqual(join.data, { sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', roomId: 1234, role: 'anchor', mode: 'rtc', sdkVersion: TRTC.VERSION, roomState: 'response' });
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

test('setDefaultMuteRemoteStreams(true) turns autoSubscribe off (v4 before 4.8.2); a non-boolean is refused', () => {
  const client = newClient({ autoSubscribe: true });
  assert.throws(() => client.setDefaultMuteRemoteStreams('yes'), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  client.setDefaultMuteRemoteStreams(true);
  assert.equal(client._config.autoSubscribe, false);
  client.setDefaultMuteRemoteStreams(false);
  assert.equal(client._config.autoSubscribe, true);
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

/** A server that knows sessions: join answers with a token and the room; resume answers with the room. */
function resumingScript(room, serverId) {
  return Object.assign(defaultScript(), {
    join(ws, f) {
      ws.reply(f, { roomId: f.data.roomId, userId: f.data.userId, heartbeatIntervalMs: 30, resumeToken: 'tok-1', serverId: serverId || 'srv-1', room: room() });
    },
    resume(ws, f) {
      if (f.data.token !== 'tok-1') return ws.push({ v: 1, type: 'response', id: f.id, ok: false, error: { code: ErrorCode.INVALID_OPERATION, name: 'INVALID_OPERATION', message: 'no session to resume', reason: 'session-unknown' } });
      ws.reply(f, { roomId: 1, userId: 'bob', heartbeatIntervalMs: 30, resumeToken: 'tok-1', serverId: 'srv-1', room: room() });
    },
  });
}

test('a connection lost without leave() → RECONNECTING, resumed with the token → CONNECTED; only real changes are events', async () => {
  let room = { peers: ['alice'], streams: [INFO], published: {}, subscribed: [] };
  ScriptedSocket.script = resumingScript(() => room);
  const client = newClient();
  const events = [];
  for (const name of ['peer-join', 'peer-leave', 'stream-added', 'stream-removed', 'error']) client.on(name, (e) => events.push(name + ':' + (e.userId || (e.stream && e.stream.getId()) || e.getCode())));
  const states = [];
  client.on('connection-state-changed', (e) => states.push(e.state));
  await client.join({ roomId: 1 });
  const held = client._remoteStreams.get('s3');
  const first = ScriptedSocket.last;
  // While away: alice left, carol came with a stream.
  room = { peers: ['carol'], streams: [Object.assign({}, INFO, { streamId: 's4', userId: 'carol' })], published: {}, subscribed: [] };
  first.dropByNetwork();
  assert.equal(client.getConnectionState(), 'RECONNECTING');
  const mute = client._signal.request('mute', { kind: 'audio', muted: true });
  ScriptedSocket.script.mute = (ws, f) => ws.reply(f);
  await mute; // sent again after the resume, with its id
  assert.notEqual(ScriptedSocket.last, first);
  // The resume goes first; the heartbeat (every 30 ms here) may run between it and the queued request.
  const types = ScriptedSocket.last.sent.map((f) => f.type);
  assert.equal(types[0], 'resume');
  assert.deepEqual(types.filter((t) => t !== 'heartbeat').slice(0, 2), ['resume', 'mute']);
  assert.equal(ScriptedSocket.last.sent[0].data.token, 'tok-1');
  assert.deepEqual(states, ['CONNECTING', 'CONNECTED', 'RECONNECTING', 'CONNECTED']);
  assert.deepEqual(events, ['peer-join:alice', 'stream-added:s3', 'peer-join:carol', 'stream-added:s4', 'stream-removed:s3', 'peer-leave:alice']);
  assert.equal(held._subscription, null);
  await client.leave();
});

test('a resume the server no longer knows becomes a join; the same stream objects stay and nothing is announced twice', async () => {
  const room = { peers: ['alice'], streams: [INFO], published: {}, subscribed: [] };
  ScriptedSocket.script = resumingScript(() => room);
  const client = newClient();
  const events = [];
  for (const name of ['peer-join', 'peer-leave', 'stream-added', 'stream-removed']) client.on(name, (e) => events.push(name));
  await client.join({ roomId: 1 });
  const held = client._remoteStreams.get('s3');
  client._reconnection._token = 'forgotten';
  ScriptedSocket.last.dropByNetwork();
  while (client.getConnectionState() !== 'CONNECTED') await wait(20);
  const types = ScriptedSocket.last.sent.map((f) => f.type);
  assert.equal(types[0], 'resume');
  assert.deepEqual(types.filter((t) => t !== 'heartbeat').slice(0, 2), ['resume', 'join']); // a heartbeat may run between
  assert.deepEqual(events, ['peer-join', 'stream-added']);
  assert.equal(client._remoteStreams.get('s3'), held);
  await client.leave();
});

test('a join refused as overloaded while reconnecting is tried again, not before the retryAfterSeconds the server gave', { timeout: 10000 }, async () => {
  const room = { peers: [], streams: [], published: {}, subscribed: [] };
  const script = resumingScript(() => room);
  const joins = [];
  const join = script.join;
  script.join = (ws, f) => {
    joins.push(Date.now());
    if (joins.length === 2) {
      return ws.push({ v: 1, type: 'response', id: f.id, ok: false, error: { code: ErrorCode.JOIN_ROOM_FAILED, name: 'JOIN_ROOM_FAILED', message: 'the media plane is overloaded', reason: 'overloaded', retryAfterSeconds: 1 } });
    }
    join(ws, f);
  };
  ScriptedSocket.script = script;
  const client = newClient();
  await client.join({ roomId: 1 });
  client._reconnection._token = 'forgotten';
  ScriptedSocket.last.dropByNetwork();
  while (client.getConnectionState() !== 'CONNECTED' || joins.length < 3) await wait(20);
  assert.equal(joins.length, 3);
  assert.ok(joins[2] - joins[1] >= 1000, `the third join came ${joins[2] - joins[1]} ms after the refusal`);
  await client.leave();
});

test('after 4001, 4002 or 4003 the client does not reconnect', async () => {
  for (const code of [4001, 4002, 4003]) {
    ScriptedSocket.script = resumingScript(() => ({ peers: [], streams: [] }));
    const client = newClient();
    await client.join({ roomId: 1 });
    const ws = ScriptedSocket.last;
    ws.readyState = 3;
    ws.onclose({ code, reason: '' });
    assert.equal(client.getConnectionState(), 'DISCONNECTED', `after ${code}`);
    await wait(400);
    assert.equal(ScriptedSocket.last, ws, `no new connection after ${code}`);
  }
});

test("client-banned carries v4's {reason, message}, and the close that follows is not an error", async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const errors = [];
  let banned = null;
  client.on('error', (e) => errors.push(e));
  client.on('client-banned', (e) => (banned = e));
  await client.join({ roomId: 1 });
  ScriptedSocket.last.event('client-banned', { reason: 'kick', message: 'another client joined as bob' });
  ScriptedSocket.last.dropByNetwork();
  assert.deepEqual(banned, { reason: 'kick', message: 'another client joined as bob' });
  assert.equal(client.getConnectionState(), 'DISCONNECTED');
  assert.deepEqual(errors, []);
});

test('a server that goes silent is left after 3 heartbeat intervals + 2 s; one that never answers again ends in 0x4006', { timeout: 8000 }, async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), { heartbeat() {} });
  const saved = Reconnection.giveUpMs;
  Reconnection.giveUpMs = 1500;
  try {
    const client = newClient();
    const errors = [];
    const states = [];
    client.on('error', (e) => errors.push(e.getCode()));
    client.on('connection-state-changed', (e) => states.push(e.state));
    await client.join({ roomId: 1 });
    ScriptedSocket.script = Object.assign(defaultScript(), { join() {}, heartbeat() {} }); // answers nothing
    await wait(2300);
    assert.equal(client.getConnectionState(), 'RECONNECTING');
    while (client.getConnectionState() !== 'DISCONNECTED') await wait(50);
    assert.deepEqual(errors, [ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED]);
    assert.deepEqual(states, ['CONNECTING', 'CONNECTED', 'RECONNECTING', 'DISCONNECTED']);
  } finally {
    Reconnection.giveUpMs = saved;
  }
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

// ── TRTC v4 surface: lifecycle, network settings, features the server does not offer ─────────

test('destroy() leaves, drops every handler and makes join() reject INVALID_OPERATION', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const states = [];
  client.on('connection-state-changed', (e) => states.push(e.state));
  await client.join({ roomId: 1 });
  assert.equal(client.destroy(), undefined);
  await wait(20);
  assert.ok(ScriptedSocket.last.sent.some((f) => f.type === 'leave'), 'leave was sent');
  assert.deepEqual(states, ['CONNECTING', 'CONNECTED'], 'no handler is called after destroy()');
  await assert.rejects(client.join({ roomId: 1 }), (e) => e.getCode() === ErrorCode.INVALID_OPERATION && /destroyed/.test(e.message_));
  client.destroy(); // twice is harmless
});

test('setTurnServer/setProxyServer validate like v4 and keep what they are given', () => {
  const client = newClient();
  client.setTurnServer({ url: 'turn:turn.example.com:3478', username: 'u', credential: 'p', credentialType: 'password' });
  assert.deepEqual(client._turnServers, [{ urls: 'turn:turn.example.com:3478', username: 'u', credential: 'p' }]);
  client.setTurnServer([{ url: 'turns:a.example.com:443' }, { url: 'stun:b.example.com' }]);
  assert.equal(client._turnServers.length, 2);
  for (const bad of [undefined, {}, { url: 'http://x' }, [{ url: 'turn:x', username: 1 }], { url: 'turn:x', credentialType: 'oauth' }]) {
    assert.throws(() => client.setTurnServer(bad), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER, JSON.stringify(bad));
  }
  client.setProxyServer('wss://proxy.example.com:443');
  assert.equal(client._proxyServer, 'wss://proxy.example.com/ws', 'a proxy without a path gets /ws');
  client.setProxyServer('https://proxy.example.com/parley/ws');
  assert.equal(client._proxyServer, 'wss://proxy.example.com/parley/ws');
  for (const bad of [42, '', 'not a url', 'ftp://proxy.example.com']) {
    assert.throws(() => client.setProxyServer(bad), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER, JSON.stringify(bad));
  }
});

test('setProxyServer sends signaling to the proxy at the next join', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  client.setProxyServer('wss://proxy.example.com:8443');
  await client.join({ roomId: 1 });
  assert.equal(ScriptedSocket.last.url, 'wss://proxy.example.com:8443/ws');
  await client.leave();
});

test("every peer connection gets the page's TURN servers and the server's, from the join response", async () => {
  const server = { urls: ['turn:127.0.0.1:3478?transport=tcp'], username: '1767225600:alice', credential: 'c2VjcmV0' };
  ScriptedSocket.script = defaultScript();
  const join = ScriptedSocket.script.join;
  ScriptedSocket.script.join = (ws, f) => {
    ws.reply(f, { roomId: f.data.roomId, userId: f.data.userId, heartbeatIntervalMs: 30,
      iceServers: [server, { urls: 'turn:x' }, 'junk'] });
  };
  const client = newClient();
  client.setTurnServer({ url: 'turns:turn.example.com:443', username: 'u', credential: 'p' });
  await client.join({ roomId: 1 });
  const config = client._pcConfig({ bundlePolicy: 'max-bundle' });
  assert.equal(config.bundlePolicy, 'max-bundle');
  assert.deepEqual(config.iceServers, [{ urls: 'turns:turn.example.com:443', username: 'u', credential: 'p' }, server],
    'malformed entries (no credentials, not an object) are left out');
  await client.leave();
  ScriptedSocket.script.join = join;
});

test("CDN relay and mix transcoding reject with v4's own codes, saying this server does not offer them", async () => {
  const client = newClient();
  for (const [call, code] of [
    [() => client.startPublishCDNStream({ streamId: 'x' }), ErrorCode.START_PUBLISH_CDN_FAILED],
    [() => client.stopPublishCDNStream(), ErrorCode.STOP_PUBLISH_CDN_FAILED],
    [() => client.startMixTranscode({ mixUsers: [] }), ErrorCode.START_MIX_TRANSCODE_FAILED],
    [() => client.stopMixTranscode(), ErrorCode.STOP_MIX_TRANSCODE_FAILED],
  ]) {
    const p = call();
    assert.ok(p instanceof Promise);
    await assert.rejects(p, (e) => e.getCode() === code && /does not offer/.test(e.message_));
  }
});

test('callExperimentalAPI: updatePrivateMapKey is used by the next join and sent when joined; other names reject', async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), { 'update-private-map-key'(ws, f) { ws.reply(f); } });
  const client = newClient();
  await assert.rejects(client.callExperimentalAPI('enableFoo', {}), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await assert.rejects(client.callExperimentalAPI('updatePrivateMapKey', {}), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await client.callExperimentalAPI('updatePrivateMapKey', { privateMapKey: 'key-1' });
  await client.join({ roomId: 1 });
  assert.equal(ScriptedSocket.last.sent.find((f) => f.type === 'join').data.privateMapKey, 'key-1');
  await client.callExperimentalAPI('updatePrivateMapKey', { privateMapKey: 'key-2' });
  assert.deepEqual(ScriptedSocket.last.sent.find((f) => f.type === 'update-private-map-key').data, { privateMapKey: 'key-2' });
  await client.leave();
});

test('switchRole: a refusal rejects SWITCH_ROLE_FAILED with the server code as extraCode', async () => {
  ScriptedSocket.script = Object.assign(defaultScript(), { 'switch-role'(ws, f) { ws.fail(f, ErrorCode.INVALID_OPERATION, 'not now'); } });
  const client = newClient({ mode: 'live' });
  await client.join({ roomId: 1, role: 'audience' });
  await assert.rejects(client.switchRole('anchor'), (e) => e.getCode() === ErrorCode.SWITCH_ROLE_FAILED && e.getExtraCode() === ErrorCode.INVALID_OPERATION && /not now/.test(e.message_));
  await assert.rejects(client.switchRole('boss'), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await client.leave();
});

test('createClient takes v4\'s streamId, userDefineRecordId, pureAudioPushMode, enableSEI and checks their types', () => {
  const client = newClient({ streamId: 'cdn-1', userDefineRecordId: 'rec-1', pureAudioPushMode: 1, enableSEI: true });
  assert.equal(client._config.streamId, 'cdn-1');
  assert.equal(client._config.enableSEI, true);
  assert.throws(() => newClient({ pureAudioPushMode: 3 }), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  assert.throws(() => newClient({ streamId: 7 }), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
});

test('remote streams have close() and getVideoFrame() is null when nothing plays', async () => {
  ScriptedSocket.script = defaultScript();
  const client = newClient();
  const added = new Promise((r) => client.on('stream-added', (e) => r(e.stream)));
  await client.join({ roomId: 1 });
  const stream = await added;
  assert.equal(typeof stream.close, 'function');
  stream.close();
  assert.equal(stream.getVideoFrame(), null);
  await client.leave();
});
