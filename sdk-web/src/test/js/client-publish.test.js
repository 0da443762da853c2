// Publishing main and auxiliary (screen) streams, against a scripted fake WebSocket and a fake
// RTCPeerConnection (no browser, no media): which frames the SDK sends and which events it emits.
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import TRTC from '../../main/js/index.js';

const { ErrorCode } = TRTC;
TRTC.Logger.setLogLevel(TRTC.Logger.LogLevel.NONE);

/** The test is the server: every frame is recorded and answered as a Parley server would. */
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
      if (f.type === 'join') this.reply(f, { roomId: f.data.roomId, userId: f.data.userId, heartbeatIntervalMs: 60000 });
      else if (f.type === 'publish') this.reply(f, { answer: 'v=0\r\n', streamId: 's' + ++this.streams });
      else if (f.type === 'leave') {
        this.reply(f);
        this.close();
      } else this.reply(f);
    });
  }
  reply(f, data) {
    this.onmessage && this.onmessage({ data: JSON.stringify({ v: 1, type: 'response', id: f.id, ok: true, data: data || {} }) });
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
globalThis.WebSocket = FakeServerSocket;

/** Just enough of RTCPeerConnection for publish(): connects at once. */
class FakePeerConnection {
  constructor() {
    this.connectionState = 'connected';
    this.localDescription = null;
    this.closed = false;
  }
  addTransceiver(track) {
    return { sender: { track, getParameters: () => ({ encodings: [{}] }), setParameters: async () => {} } };
  }
  async createOffer() {
    return { type: 'offer', sdp: 'v=0\r\n' };
  }
  async setLocalDescription(d) {
    this.localDescription = d;
  }
  async setRemoteDescription() {}
  addEventListener() {}
  removeEventListener() {}
  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }
}
globalThis.RTCPeerConnection = FakePeerConnection;

class FakeTrack extends EventTarget {
  constructor(kind) {
    super();
    this.kind = kind;
    this.enabled = true;
    this.readyState = 'live';
  }
  stop() {
    this.readyState = 'ended';
  }
  getSettings() {
    return { width: 1280, height: 720 };
  }
}

// getDisplayMedia gives one fresh video track per call; the test ends it as the browser's bar would.
globalThis.navigator = {
  mediaDevices: {
    getUserMedia: async () => ({ getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] }),
    getDisplayMedia: async () => {
      const t = new FakeTrack('video');
      return { getTracks: () => [t], getAudioTracks: () => [], getVideoTracks: () => [t] };
    },
  },
};

const tick = () => new Promise((r) => setImmediate(r));

async function joinedClient() {
  const client = TRTC.createClient({ mode: 'rtc', sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', serverUrl: 'ws://parley.test/ws' });
  await client.join({ roomId: 1 });
  return { client, ws: FakeServerSocket.last };
}

async function cameraStream() {
  const s = TRTC.createStream({ userId: 'bob', audioSource: new FakeTrack('audio'), videoSource: new FakeTrack('video') });
  await s.initialize();
  return s;
}

async function screenStream() {
  const s = TRTC.createStream({ userId: 'bob', screen: true });
  await s.initialize();
  return s;
}

test('a screen published with isAuxiliary goes out as type auxiliary next to the main stream', async () => {
  const { client, ws } = await joinedClient();
  const camera = await cameraStream();
  const screen = await screenStream();
  await client.publish(camera);
  await client.publish(screen, { isAuxiliary: true });
  assert.deepEqual(ws.framesOf('publish').map((f) => [f.data.type, f.data.hasAudio, f.data.hasVideo]), [['main', true, true], ['auxiliary', false, true]]);
  assert.equal(screen.getType(), 'auxiliary');
  assert.equal(camera.getType(), 'main');

  await client.unpublish(screen);
  assert.deepEqual(ws.framesOf('unpublish').map((f) => f.data), [{ type: 'auxiliary' }]);
  assert.equal(screen.getType(), 'main', 'no longer published as auxiliary');
  assert.equal(client._uplinks.auxiliary, null);
  assert.equal(client._uplinks.main.stream, camera);
  await client.leave();
});

test('a second stream of the same type is refused; the other type is not', async () => {
  const { client } = await joinedClient();
  await client.publish(await screenStream(), { isAuxiliary: true });
  await assert.rejects(client.publish(await screenStream(), { isAuxiliary: true }), (e) => e.getCode() === ErrorCode.INVALID_OPERATION && /auxiliary/.test(e.message));
  await client.publish(await cameraStream());
  await assert.rejects(client.publish(await cameraStream()), (e) => e.getCode() === ErrorCode.INVALID_OPERATION && /isAuxiliary/.test(e.message));
  await client.leave();
});

test("the browser's Stop sharing emits screen-sharing-stopped and unpublishes the auxiliary stream", async () => {
  const { client, ws } = await joinedClient();
  const screen = await screenStream();
  let stopped = 0;
  screen.on('screen-sharing-stopped', () => stopped++);
  await client.publish(screen, { isAuxiliary: true });
  const track = screen.getVideoTrack();
  track.stop();
  track.dispatchEvent(new Event('ended'));
  await tick();
  await tick();
  assert.equal(stopped, 1);
  assert.deepEqual(ws.framesOf('unpublish').map((f) => f.data), [{ type: 'auxiliary' }]);
  assert.equal(client._uplinks.auxiliary, null);
  await client.leave();
});

test('a page that unpublishes in its screen-sharing-stopped handler gets one unpublish only', async () => {
  const { client, ws } = await joinedClient();
  const screen = await screenStream();
  screen.on('screen-sharing-stopped', () => client.unpublish(screen));
  await client.publish(screen, { isAuxiliary: true });
  screen.getVideoTrack().dispatchEvent(new Event('ended'));
  await tick();
  await tick();
  assert.equal(ws.framesOf('unpublish').length, 1);
  await client.leave();
});

test('mute is signalled with the stream type, for the main and the auxiliary stream', async () => {
  const { client, ws } = await joinedClient();
  const camera = await cameraStream();
  const screen = await screenStream();
  await client.publish(camera);
  await client.publish(screen, { isAuxiliary: true });
  assert.equal(screen.muteVideo(), true);
  assert.equal(screen.getVideoTrack().enabled, false);
  camera.muteAudio();
  await tick();
  assert.deepEqual(ws.framesOf('mute').map((f) => f.data), [
    { kind: 'video', muted: true, type: 'auxiliary' },
    { kind: 'audio', muted: true, type: 'main' },
  ]);
  await client.leave();
});

test('getRemoteVideoStats takes TRTC v4 type strings (and {type}); anything else is INVALID_PARAMETER', async () => {
  const { client } = await joinedClient();
  assert.deepEqual(await client.getRemoteVideoStats('auxiliary'), {});
  assert.deepEqual(await client.getRemoteVideoStats({ type: 'main' }), {});
  assert.deepEqual(await client.getRemoteVideoStats(), {});
  await assert.rejects(client.getRemoteVideoStats('big'), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await client.leave();
});
