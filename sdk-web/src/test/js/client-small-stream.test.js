// TRTC's dual stream (enableSmallStream / setSmallStreamProfile / setRemoteVideoStreamType) against a
// scripted fake WebSocket and a fake RTCPeerConnection that keeps sendEncodings the way browsers do:
// an answer without a=simulcast leaves the sender with its first encoding only.
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import TRTC from '../../main/js/index.js';
import { DEFAULT_SMALL_STREAM_PROFILE, bigEncodingIndex, resolveSmallStreamProfile, simulcastEncodings } from '../../main/js/simulcast.js';

// What isSmallStreamSupported() looks for (read when called, as every browser global the SDK uses).
class FakeSender {
  constructor(track, encodings) {
    this.track = track;
    this._params = { encodings: (encodings || [{}]).map((e) => Object.assign({ active: true }, e)) };
    this.setCalls = 0;
  }
  getParameters() {
    return JSON.parse(JSON.stringify(this._params));
  }
  async setParameters(params) {
    this.setCalls++;
    this._params = JSON.parse(JSON.stringify(params));
  }
  async replaceTrack(track) {
    this.track = track;
  }
  get encodings() {
    return this._params.encodings;
  }
}
globalThis.RTCRtpSender = FakeSender;
globalThis.RTCRtpTransceiver = class {};

const { ErrorCode } = TRTC;
TRTC.Logger.setLogLevel(TRTC.Logger.LogLevel.NONE);

const INFO = { streamId: 's3', userId: 'alice', type: 'main', hasAudio: true, hasVideo: true, audioMuted: false, videoMuted: false };

/** The test is the server. `acceptSimulcast` decides whether the publish answer keeps a=simulcast. */
class FakeServerSocket {
  constructor() {
    this.readyState = 0;
    this.sent = [];
    this.streams = 0;
    FakeServerSocket.last = this;
    setImmediate(() => {
      this.readyState = 1;
      this.onopen && this.onopen({});
    });
  }
  send(text) {
    const f = JSON.parse(text);
    this.sent.push(f);
    setImmediate(() => {
      if (f.type === 'join') {
        this.reply(f, { roomId: f.data.roomId, userId: f.data.userId, heartbeatIntervalMs: 60000 });
        this.event('stream-added', { stream: Object.assign({}, INFO, { hasSmall: true }) });
      } else if (f.type === 'publish') {
        const answer = FakeServerSocket.acceptSimulcast ? 'v=0\r\na=rid:l recv\r\na=rid:h recv\r\na=simulcast:recv l;h\r\n' : 'v=0\r\n';
        this.reply(f, { answer, streamId: 's' + ++this.streams });
      } else if (f.type === 'set-remote-video-stream-type' && f.data.streamId !== 's3') {
        this.push({ v: 1, type: 'response', id: f.id, ok: false, error: { code: ErrorCode.REMOTE_STREAM_NOT_EXIST, name: 'REMOTE_STREAM_NOT_EXIST', message: `stream ${f.data.streamId} is not published` } });
      } else if (f.type === 'leave') {
        this.reply(f);
        this.close();
      } else this.reply(f);
    });
  }
  push(obj) {
    this.onmessage && this.onmessage({ data: JSON.stringify(obj) });
  }
  reply(f, data) {
    this.push({ v: 1, type: 'response', id: f.id, ok: true, data: data || {} });
  }
  event(name, data) {
    this.push({ v: 1, type: 'event', name, data });
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    setImmediate(() => this.onclose && this.onclose({ code: 1000, reason: '' }));
  }
  framesOf(type) {
    return this.sent.filter((f) => f.type === type);
  }
}
FakeServerSocket.acceptSimulcast = true;
globalThis.WebSocket = FakeServerSocket;

class FakePeerConnection {
  constructor() {
    this.connectionState = 'connected';
    this.localDescription = null;
    this.inits = []; // [kind, addTransceiver init]
    this.senders = [];
    FakePeerConnection.last = this;
  }
  addTransceiver(track, init) {
    this.inits.push([track.kind, init]);
    const sender = new FakeSender(track, init.sendEncodings);
    this.senders.push(sender);
    return { sender };
  }
  async createOffer() {
    return { type: 'offer', sdp: 'v=0\r\n' };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
  }
  async setRemoteDescription(d) {
    // As Chromium and Firefox do: no a=simulcast in the answer → only the first encoding stays.
    if (!/a=simulcast:recv/.test(d.sdp)) for (const s of this.senders) s._params.encodings.length = 1;
  }
  addEventListener() {}
  removeEventListener() {}
  close() {
    this.connectionState = 'closed';
  }
}
globalThis.RTCPeerConnection = FakePeerConnection;

class FakeTrack extends EventTarget {
  constructor(kind, width) {
    super();
    this.kind = kind;
    this.enabled = true;
    this.readyState = 'live';
    this.width = width || 1280;
  }
  stop() {
    this.readyState = 'ended';
  }
  getSettings() {
    return this.kind === 'video' ? { width: this.width, height: (this.width * 9) / 16 } : {};
  }
  async applyConstraints(c) {
    if (c.width && c.width.ideal) this.width = c.width.ideal;
  }
}

globalThis.navigator = {
  mediaDevices: {
    getUserMedia: async () => ({ getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] }),
    getDisplayMedia: async () => {
      const t = new FakeTrack('video', 1920);
      return { getTracks: () => [t], getAudioTracks: () => [], getVideoTracks: () => [t] };
    },
  },
};

const tick = () => new Promise((r) => setImmediate(r));

function newClient() {
  return TRTC.createClient({ mode: 'rtc', sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', serverUrl: 'ws://parley.test/ws', autoSubscribe: false });
}

async function joinedClient() {
  const client = newClient();
  await client.join({ roomId: 1 });
  await tick();
  return { client, ws: FakeServerSocket.last };
}

async function cameraStream(width) {
  const s = TRTC.createStream({ userId: 'bob', audioSource: new FakeTrack('audio'), videoSource: new FakeTrack('video', width) });
  await s.initialize();
  return s;
}

/** Publishes a camera stream and returns its video sender. */
async function publishCamera(client, width) {
  const stream = await cameraStream(width);
  await client.publish(stream);
  const pc = FakePeerConnection.last;
  return { stream, pc, sender: pc.senders[pc.inits.findIndex(([kind]) => kind === 'video')] };
}

const isCode = (code, re) => (e) => e instanceof TRTC.RtcError && e.getCode() === code && (!re || re.test(e.message));

// ── profile validation ──────────────────────────────────────────────────────────────────────

test('the small stream profile defaults to 160x120, 100 kbps, 15 fps; missing fields keep the current value', () => {
  assert.deepEqual(DEFAULT_SMALL_STREAM_PROFILE, { width: 160, height: 120, bitrate: 100, frameRate: 15 });
  assert.deepEqual(resolveSmallStreamProfile({ width: 320, height: 180, bitrate: 200, frameRate: 10 }, DEFAULT_SMALL_STREAM_PROFILE), { width: 320, height: 180, bitrate: 200, frameRate: 10 });
  assert.deepEqual(resolveSmallStreamProfile({ bitrate: 150 }, DEFAULT_SMALL_STREAM_PROFILE), { width: 160, height: 120, bitrate: 150, frameRate: 15 });
});

test('a bad small stream profile throws INVALID_PARAMETER naming the field', () => {
  const client = newClient();
  for (const [profile, field] of [
    [{ width: 0 }, /width/],
    [{ height: 120.5 }, /height/],
    [{ bitrate: '100' }, /bitrate.*kbps/],
    [{ frameRate: -15 }, /frameRate/],
    [{ width: NaN }, /width/],
    [null, /\{width, height, bitrate, frameRate\}/],
    ['160p', /\{width, height, bitrate, frameRate\}/],
  ]) {
    assert.throws(() => client.setSmallStreamProfile(profile), isCode(ErrorCode.INVALID_PARAMETER, field), JSON.stringify(profile));
  }
  assert.deepEqual(client._smallStream.profile, DEFAULT_SMALL_STREAM_PROFILE, 'a refused profile changes nothing');
});

test('isSmallStreamSupported() is true with setParameters and addTransceiver, false without', () => {
  assert.equal(TRTC.isSmallStreamSupported(), true);
  const saved = globalThis.RTCRtpSender;
  delete globalThis.RTCRtpSender;
  try {
    assert.equal(TRTC.isSmallStreamSupported(), false);
  } finally {
    globalThis.RTCRtpSender = saved;
  }
});

test('simulcastEncodings: low first, scale from the real track width, bitrates in bps', () => {
  const track = new FakeTrack('video', 640);
  assert.deepEqual(simulcastEncodings(track, { width: 1280, bitrate: 1200 }, DEFAULT_SMALL_STREAM_PROFILE), [
    { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 100000, maxFramerate: 15 },
    { rid: 'h', maxBitrate: 1200000 },
  ]);
  // No width in the settings: the big profile's width; never upscale.
  assert.equal(simulcastEncodings({ getSettings: () => ({}) }, { width: 1280, bitrate: 1200 }, DEFAULT_SMALL_STREAM_PROFILE)[0].scaleResolutionDownBy, 8);
  assert.equal(simulcastEncodings(new FakeTrack('video', 100), { width: 1280, bitrate: 1 }, DEFAULT_SMALL_STREAM_PROFILE)[0].scaleResolutionDownBy, 1);
  assert.equal(bigEncodingIndex([{ rid: 'l' }, { rid: 'h' }]), 1);
  assert.equal(bigEncodingIndex([{}]), 0);
});

// ── publishing with the small stream ────────────────────────────────────────────────────────

test('enableSmallStream before join and publish sends the video with two encodings, small first', async () => {
  const client = newClient();
  await client.enableSmallStream(); // a client setting: no room needed
  client.setSmallStreamProfile({ width: 320, height: 180, bitrate: 150, frameRate: 10 });
  await client.join({ roomId: 1 });
  const { pc, sender } = await publishCamera(client, 1280);
  const [audioInit, videoInit] = [pc.inits.find(([k]) => k === 'audio')[1], pc.inits.find(([k]) => k === 'video')[1]];
  assert.equal(audioInit.sendEncodings, undefined, 'audio is never simulcast');
  assert.deepEqual(videoInit.sendEncodings, [
    { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150000, maxFramerate: 10 },
    { rid: 'h', maxBitrate: 900000 },
  ]);
  assert.equal(videoInit.direction, 'sendonly');
  assert.deepEqual(sender.encodings.map((e) => [e.rid, e.maxBitrate]), [['l', 150000], ['h', 900000]]);
  assert.equal(client._uplinks.main.small, true);
  await client.leave();
});

test('after publish: disable pauses the small layer, enable resumes it, the profiles and a new track apply live', async () => {
  const client = newClient();
  await client.enableSmallStream();
  await client.join({ roomId: 1 });
  const { stream, sender } = await publishCamera(client, 1280);
  await client.disableSmallStream();
  assert.deepEqual(sender.encodings.map((e) => [e.rid, e.active]), [['l', false], ['h', true]]);
  await client.enableSmallStream();
  assert.deepEqual(sender.encodings.map((e) => [e.rid, e.active]), [['l', true], ['h', true]]);

  client.setSmallStreamProfile({ width: 640, height: 360, bitrate: 300, frameRate: 20 });
  await tick();
  assert.deepEqual(sender.encodings[0], { rid: 'l', active: true, scaleResolutionDownBy: 2, maxBitrate: 300000, maxFramerate: 20 });

  // The big profile addresses the 'h' encoding; a new track of another size rescales the small one.
  await stream.setVideoProfile('720p');
  assert.equal(sender.encodings[1].maxBitrate, 1500000);
  assert.equal(sender.encodings[0].maxBitrate, 300000);
  assert.equal(sender.encodings[0].scaleResolutionDownBy, 2, '1280 / 640');
  await stream.replaceTrack(new FakeTrack('video', 1920));
  assert.equal(sender.encodings[0].scaleResolutionDownBy, 3, '1920 / 640');
  await client.leave();
});

test('a server that answers without a=simulcast gets the big stream: full size, big bitrate', async () => {
  FakeServerSocket.acceptSimulcast = false;
  try {
    const client = newClient();
    await client.enableSmallStream();
    await client.join({ roomId: 1 });
    const { sender } = await publishCamera(client, 1280);
    assert.equal(client._uplinks.main.small, false);
    assert.equal(sender.encodings.length, 1);
    assert.equal(sender.encodings[0].scaleResolutionDownBy, 1);
    assert.equal(sender.encodings[0].maxFramerate, undefined);
    assert.equal(sender.encodings[0].maxBitrate, 900000);
    await assert.rejects(client.enableSmallStream(), isCode(ErrorCode.INVALID_OPERATION, /before publish/));
    await client.leave();
  } finally {
    FakeServerSocket.acceptSimulcast = true;
  }
});

test('enableSmallStream on a stream published without it rejects INVALID_OPERATION; disable resolves', async () => {
  const { client } = await joinedClient();
  const { sender } = await publishCamera(client);
  await assert.rejects(client.enableSmallStream(), isCode(ErrorCode.INVALID_OPERATION, /before publish\(\).*unpublish\(\), enableSmallStream\(\), publish\(\) again/));
  assert.equal(client._smallStream.enabled, false);
  await client.disableSmallStream();
  assert.equal(sender.encodings.length, 1);
  assert.equal(sender.setCalls, 1, "only publish()'s maxBitrate update");
  await client.leave();
});

test('disableSmallStream before publish clears the setting; the screen (auxiliary) stream is never simulcast', async () => {
  const { client } = await joinedClient();
  await client.enableSmallStream();
  const screen = TRTC.createStream({ userId: 'bob', screen: true });
  await screen.initialize();
  await client.publish(screen, { isAuxiliary: true });
  assert.equal(FakePeerConnection.last.inits[0][1].sendEncodings, undefined);
  await client.disableSmallStream();
  const { pc } = await publishCamera(client);
  assert.equal(pc.inits.find(([k]) => k === 'video')[1].sendEncodings, undefined);
  await client.leave();
});

test('enableSmallStream rejects NOT_SUPPORTED where the browser cannot send simulcast', async () => {
  const saved = globalThis.RTCRtpSender;
  delete globalThis.RTCRtpSender;
  try {
    await assert.rejects(newClient().enableSmallStream(), isCode(ErrorCode.NOT_SUPPORTED));
  } finally {
    globalThis.RTCRtpSender = saved;
  }
});

// ── receiving: setRemoteVideoStreamType and hasSmall ───────────────────────────────────────

test("setRemoteVideoStreamType sends set-remote-video-stream-type {streamId, type} and resolves on '{}'", async () => {
  const { client, ws } = await joinedClient();
  const remote = client._remoteStreams.get('s3');
  await client.setRemoteVideoStreamType(remote, 'small'); // before subscribe: allowed
  await client.setRemoteVideoStreamType(remote, 'big');
  assert.deepEqual(ws.framesOf('set-remote-video-stream-type').map((f) => [f.v, f.data]), [
    [1, { streamId: 's3', type: 'small' }],
    [1, { streamId: 's3', type: 'big' }],
  ]);
  await client.leave();
});

test('setRemoteVideoStreamType validates the type and the stream, and passes on the server error', async () => {
  const { client, ws } = await joinedClient();
  const remote = client._remoteStreams.get('s3');
  await assert.rejects(client.setRemoteVideoStreamType(remote, 'medium'), isCode(ErrorCode.INVALID_PARAMETER, /'big' or 'small'/));
  await assert.rejects(client.setRemoteVideoStreamType(remote), isCode(ErrorCode.INVALID_PARAMETER));
  await assert.rejects(client.setRemoteVideoStreamType({ getId: () => 's3' }, 'small'), isCode(ErrorCode.INVALID_PARAMETER, /RemoteStream/));
  await assert.rejects(client.setRemoteVideoStreamType(await cameraStream(), 'small'), isCode(ErrorCode.INVALID_PARAMETER));
  assert.equal(ws.framesOf('set-remote-video-stream-type').length, 0, 'nothing sent for bad input');

  // The server no longer knows the stream (its stream-removed not here yet): its error, as it is.
  ws.event('stream-added', { stream: Object.assign({}, INFO, { streamId: 's9' }) });
  await assert.rejects(client.setRemoteVideoStreamType(client._remoteStreams.get('s9'), 'small'), isCode(ErrorCode.REMOTE_STREAM_NOT_EXIST, /s9 is not published/));

  // Removed locally: REMOTE_STREAM_NOT_EXIST without asking.
  ws.event('stream-removed', { stream: INFO });
  const sent = ws.framesOf('set-remote-video-stream-type').length;
  await assert.rejects(client.setRemoteVideoStreamType(remote, 'small'), isCode(ErrorCode.REMOTE_STREAM_NOT_EXIST));
  assert.equal(ws.framesOf('set-remote-video-stream-type').length, sent);
  await client.leave();
  await assert.rejects(client.setRemoteVideoStreamType(remote, 'small'), isCode(ErrorCode.INVALID_OPERATION));
});

test('getRemoteMutedState carries hasSmall from StreamInfo; stream-updated changes it', async () => {
  const { client, ws } = await joinedClient();
  assert.equal(client.getRemoteMutedState().find((s) => s.userId === 'alice').hasSmall, true);
  ws.event('stream-updated', { stream: Object.assign({}, INFO, { hasSmall: false }) });
  assert.deepEqual(client.getRemoteMutedState(), [{ userId: 'alice', hasAudio: true, hasVideo: true, audioMuted: false, videoMuted: false, hasSmall: false }]);
  await client.leave();
});

// ── encoding edits, one at a time per sender (the flaky "'h' encoding only" browser check) ─────

test('encoding edits of one sender run one after the other: a profile change waits for a pending small-stream change', async () => {
  const { editEncodings } = await import('../../main/js/sender-parameters.js');
  const { applyMaxBitrate } = await import('../../main/js/uplink.js');
  // A sender like Chrome's: setParameters takes a while and refuses a call made while one is pending.
  const sender = {
    encodings: [{ rid: 'l', maxBitrate: 100000 }, { rid: 'h', maxBitrate: 900000 }],
    busy: false,
    getParameters() {
      return { encodings: this.encodings.map((e) => Object.assign({}, e)) };
    },
    async setParameters(p) {
      if (this.busy) throw new Error('InvalidStateError: a setParameters() call is pending');
      this.busy = true;
      await new Promise((r) => setTimeout(r, 5));
      this.encodings = p.encodings;
      this.busy = false;
    },
  };
  const log = { warn() { throw new Error('no edit may fail'); }, debug() {} };
  const small = editEncodings(sender, (p) => { p.encodings[0].maxBitrate = 200000; });
  await applyMaxBitrate(sender, 800, log); // not awaiting `small` first, as setSmallStreamProfile() does not
  await small;
  assert.deepEqual(sender.encodings.map((e) => e.maxBitrate), [200000, 800000]);
});
