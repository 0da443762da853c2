/*
 * Browser test of trtc.js against the in-page mock SFU (mock-sfu.js). Follows the seed workflow
 * (createClient → join → createStream → initialize → play → publish; stream-added → subscribe →
 * stream-subscribed → play) and then the edges: out-of-order calls, mute events, re-subscribe,
 * unsubscribe, autoSubscribe, kick, lost signaling, autoplay blocking. Posts its results to /result.
 */
(async function () {
  'use strict';
  const SERVER = 'ws://parley.mock/ws';
  const results = [];
  const out = document.getElementById('out');
  const { ErrorCode, RtcError } = TRTC;
  TRTC.Logger.setLogLevel(new URLSearchParams(location.search).get('log') || TRTC.Logger.LogLevel.WARN);

  function check(name, ok, detail) {
    results.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail) });
    out.textContent += `${ok ? 'PASS' : 'FAIL'} ${name}${detail !== undefined ? ' — ' + detail : ''}\n`;
  }

  function once(emitter, event, predicate, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        emitter.off(event, handler);
        reject(new Error(`timeout waiting for '${event}'`));
      }, ms || 10000);
      const handler = (payload) => {
        if (predicate && !predicate(payload)) return;
        clearTimeout(timer);
        emitter.off(event, handler);
        resolve(payload);
      };
      emitter.on(event, handler);
    });
  }

  async function until(fn, ms) {
    const end = Date.now() + (ms || 10000);
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function expectCode(name, fn, code) {
    try {
      await fn();
      check(name, false, 'did not fail');
    } catch (e) {
      check(name, e instanceof RtcError && e.getCode() === code, `${e}`);
    }
  }

  function client(userId, extra) {
    return TRTC.createClient(Object.assign({ mode: 'rtc', sdkAppId: 1400000000, userId, userSig: 'sig-' + userId, serverUrl: SERVER }, extra || {}));
  }

  function remoteDiv(id) {
    let div = document.getElementById(id);
    if (!div) {
      div = document.createElement('div');
      div.id = id;
      div.className = 'view';
      document.getElementById('remotes').appendChild(div);
    }
    return div;
  }

  async function framesDecoded(c, userId) {
    const stats = await c.getRemoteVideoStats();
    return stats[userId] ? stats[userId].framesDecoded : 0;
  }

  try {
    // ── API surface and parameter validation ──────────────────────────────────────────────
    check('VERSION', /^4\.15\.0-parley\./.test(TRTC.VERSION), TRTC.VERSION);
    check('ErrorCode values', ErrorCode.PLAY_NOT_ALLOWED === 0x4043 && ErrorCode.JOIN_ROOM_FAILED === 0x4004);
    check('RtcError toString', String(new RtcError({ code: 0x4043, message: 'm' })) === 'RtcError: m <0x4043>', String(new RtcError({ code: 0x4043, message: 'm' })));
    await expectCode('createClient without userSig throws INVALID_PARAMETER', () => client('x', { userSig: '' }), ErrorCode.INVALID_PARAMETER);
    await expectCode('createClient with a bad mode throws', () => client('x', { mode: 'meeting' }), ErrorCode.INVALID_PARAMETER);
    await expectCode('createStream without media throws', () => TRTC.createStream({ userId: 'x' }), ErrorCode.INVALID_PARAMETER);
    const req = await TRTC.checkSystemRequirements();
    check('checkSystemRequirements', req.result === true && req.detail.isVp8EncodeSupported, JSON.stringify(req));

    // ── A: seed workflow, publisher ───────────────────────────────────────────────────────
    const a = client('alice');
    const aStates = [];
    a.on('connection-state-changed', (e) => aStates.push(`${e.prevState}>${e.state}`));
    const aPeers = [];
    a.on('peer-join', (e) => aPeers.push(e.userId));
    const localStream = TRTC.createStream({ userId: 'alice', audio: true, video: true });
    await expectCode('publish before join rejects INVALID_OPERATION', () => a.publish(localStream), ErrorCode.INVALID_OPERATION);
    await expectCode('join with a bad roomId rejects INVALID_PARAMETER', () => a.join({ roomId: 0 }), ErrorCode.INVALID_PARAMETER);
    await a.join({ roomId: 1234 });
    check('join resolves, state CONNECTED', a.getConnectionState() === 'CONNECTED', aStates.join(','));
    await expectCode('join twice rejects INVALID_OPERATION', () => a.join({ roomId: 1234 }), ErrorCode.INVALID_OPERATION);
    await expectCode('publish an uninitialized stream rejects INVALID_OPERATION', () => a.publish(localStream), ErrorCode.INVALID_OPERATION);
    await localStream.initialize();
    check('initialize gives audio and video tracks', localStream.getAudioTrack() && localStream.getVideoTrack() && localStream.getMediaStream().getTracks().length === 2);
    await localStream.play('local_stream');
    const localVideo = document.querySelector('#local_stream video');
    check('local play creates a muted <video> and no <audio>', localVideo && localVideo.muted && !document.querySelector('#local_stream audio'));
    check('local preview shows frames', await until(() => localVideo.videoWidth > 0, 5000), `${localVideo.videoWidth}x${localVideo.videoHeight}`);
    const settings = localStream.getVideoTrack().getSettings();
    check('default profile 480p = 640x480', settings.width === 640 && settings.height === 480, `${settings.width}x${settings.height}`);
    await a.publish(localStream);
    check('publish resolves', true);
    await expectCode('publish twice rejects INVALID_OPERATION', () => a.publish(localStream), ErrorCode.INVALID_OPERATION);

    // ── B: seed workflow, subscriber; handlers registered before join ─────────────────────
    const b = client('bob');
    const bErrors = [];
    b.on('error', (e) => bErrors.push(e));
    const bEvents = [];
    for (const ev of ['peer-join', 'peer-leave', 'stream-added', 'stream-removed', 'stream-updated', 'mute-video', 'unmute-video', 'mute-audio', 'unmute-audio']) {
      b.on(ev, (e) => bEvents.push(`${ev}:${e.userId || (e.stream && e.stream.getUserId())}`));
    }
    b.on('stream-added', (event) => {
      const remoteStream = event.stream;
      remoteDiv('remote_stream-' + remoteStream.getId());
      b.subscribe(remoteStream);
    });
    let bSubscribedCount = 0;
    b.on('stream-subscribed', (event) => {
      bSubscribedCount++;
      event.stream.play('remote_stream-' + event.stream.getId()).catch((e) => check('remote play', false, String(e)));
    });
    const subscribed = once(b, 'stream-subscribed');
    await b.join({ roomId: 1234 });
    const { stream: rs } = await subscribed;
    check('stream-added for a stream already in the room, then stream-subscribed', rs.getUserId() === 'alice' && rs.getType() === 'main');
    check('remote stream has both tracks', rs.getAudioTrack() && rs.getVideoTrack() && rs.getMediaStream().getTracks().length === 2, rs.getMediaStream().getTracks().map((t) => t.kind).join(','));
    check('a receives peer-join bob', await until(() => aPeers.includes('bob'), 3000), aPeers.join(','));
    const remoteVideo = () => document.querySelector(`#remote_stream-${rs.getId()} video`);
    check('remote video plays (videoWidth > 0)', await until(() => remoteVideo() && remoteVideo().videoWidth > 0, 10000), remoteVideo() && `${remoteVideo().videoWidth}x${remoteVideo().videoHeight}`);
    check('remote <audio> element exists', !!document.querySelector(`#remote_stream-${rs.getId()} audio`));
    check('frames decoded (getRemoteVideoStats)', await until(async () => (await framesDecoded(b, 'alice')) > 5, 10000));
    check('exactly one stream-subscribed despite autoSubscribe', bSubscribedCount === 1, bSubscribedCount);
    const muted0 = b.getRemoteMutedState().find((s) => s.userId === 'alice');
    check('getRemoteMutedState', muted0 && muted0.hasAudio && muted0.hasVideo && !muted0.videoMuted, JSON.stringify(muted0));
    const localStats = await a.getLocalVideoStats();
    check('getLocalVideoStats', localStats.alice && localStats.alice.framesEncoded > 0, JSON.stringify(localStats));

    // ── quality APIs (TRTC field names; both browsers' getStats) ──────────────────────────
    const lv = localStats.alice || {};
    check('getLocalVideoStats has TRTC fields', ['bytesSent', 'packetsSent', 'framesEncoded', 'framesSent', 'frameWidth', 'frameHeight', 'frameRate'].every((k) => typeof lv[k] === 'number') && lv.bytesSent > 0, JSON.stringify(lv));
    const rv = (await b.getRemoteVideoStats('main')).alice || {};
    check("getRemoteVideoStats('main') has TRTC fields", ['bytesReceived', 'packetsReceived', 'packetsLost', 'framesDecoded', 'frameWidth', 'frameHeight', 'frameRate'].every((k) => typeof rv[k] === 'number') && rv.frameWidth > 0, JSON.stringify(rv));
    const ra = (await b.getRemoteAudioStats()).alice || {};
    check('getRemoteAudioStats moves', await until(async () => ((await b.getRemoteAudioStats()).alice || {}).bytesReceived > ra.bytesReceived, 5000), JSON.stringify(ra));
    const la = (await a.getLocalAudioStats()).alice || {};
    check('getLocalAudioStats', la.bytesSent > 0 && la.packetsSent > 0, JSON.stringify(la));
    const ts = await b.getTransportStats();
    check('getTransportStats {rtt, downlinksRTT}', typeof ts.rtt === 'number' && typeof ts.downlinksRTT.alice === 'number', JSON.stringify(ts));
    const nq = await once(b, 'network-quality', (e) => e.downlinkNetworkQuality > 0, 8000).catch(() => null);
    check('network-quality: downlink known and good on loopback', nq && nq.downlinkNetworkQuality >= 1 && nq.downlinkNetworkQuality <= 2 && nq.uplinkNetworkQuality === 0, JSON.stringify(nq));
    b.enableAudioVolumeEvaluation(100);
    const loud = await once(b, 'audio-volume', (e) => e.result.some((r) => r.userId === 'alice' && r.audioVolume > 0), 8000).catch(() => null);
    check('audio-volume: the remote beep is heard', !!loud, loud && JSON.stringify(loud.result.map((r) => [r.userId, r.audioVolume])));
    b.enableAudioVolumeEvaluation(0);

    // ── mute ──────────────────────────────────────────────────────────────────────────────
    const muteEvent = once(b, 'mute-video');
    check('muteVideo returns true', localStream.muteVideo() === true);
    const me = await muteEvent;
    check('mute-video reaches b with {userId}', me.userId === 'alice');
    await until(() => bEvents.includes('stream-updated:alice'), 3000);
    check('stream-updated and videoMuted in getRemoteMutedState', b.getRemoteMutedState().find((s) => s.userId === 'alice').videoMuted === true);
    const unmuteEvent = once(b, 'unmute-video');
    localStream.unmuteVideo();
    check('unmute-video reaches b', (await unmuteEvent).userId === 'alice');

    // ── profile ───────────────────────────────────────────────────────────────────────────
    await localStream.setVideoProfile('360p');
    // Chrome's fake camera sometimes reports the new size a little after applyConstraints resolves.
    await until(() => localStream.getVideoTrack().getSettings().height === 360, 3000);
    const vs = localStream.getVideoTrack().getSettings();
    const sender = a._uplink.senders.video;
    const maxBitrate = sender.getParameters().encodings[0].maxBitrate;
    // Firefox's fake camera ignores resolution constraints: there only the bitrate is checked.
    const fakeCamIgnoresSize = /Firefox/.test(navigator.userAgent);
    check('setVideoProfile(360p) live: 640x360, maxBitrate 400 kbps', (fakeCamIgnoresSize || (vs.width === 640 && vs.height === 360)) && maxBitrate === 400000, `${vs.width}x${vs.height} ${maxBitrate}`);
    await expectCode('setVideoProfile(unknown) throws', () => localStream.setVideoProfile('999p'), ErrorCode.INVALID_PARAMETER);

    // ── re-subscribe audio only, unsubscribe, subscribe again ────────────────────────────
    const audioOnly = once(b, 'stream-subscribed');
    await b.subscribe(rs, { audio: true, video: false });
    await audioOnly;
    check('subscribe {video:false} drops the video track', rs.getAudioTrack() && !rs.getVideoTrack(), rs.getMediaStream().getTracks().map((t) => t.kind).join(','));
    await b.unsubscribe(rs);
    check('unsubscribe drops tracks and the player', !rs.getAudioTrack() && !rs.getVideoTrack() && !rs.isPlaying());
    const again = once(b, 'stream-subscribed');
    await b.subscribe(rs);
    await again;
    check('subscribe again restores tracks', rs.getAudioTrack() && rs.getVideoTrack());
    check('video flows after re-subscribe', await until(() => remoteVideo() && remoteVideo().videoWidth > 0, 10000));

    // ── switchDevice ──────────────────────────────────────────────────────────────────────
    const cams = await TRTC.getCameras();
    check('getCameras lists a camera', cams.length > 0, cams.map((c) => c.label).join(','));
    const before = localStream.getVideoTrack();
    await localStream.switchDevice('video', cams[0].deviceId);
    check('switchDevice replaces the track and the sender', localStream.getVideoTrack() !== before && before.readyState === 'ended' && a._uplink.senders.video.track === localStream.getVideoTrack());

    // ── autoplay blocked → PLAY_NOT_ALLOWED, stream 'error', resume() ─────────────────────
    const realPlay = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      if (this.tagName === 'AUDIO') return Promise.reject(new DOMException('blocked', 'NotAllowedError'));
      return realPlay.call(this);
    };
    rs.stop();
    const streamError = once(rs, 'error');
    await expectCode('play() rejects PLAY_NOT_ALLOWED when autoplay is blocked', () => rs.play('remote_stream-' + rs.getId()), ErrorCode.PLAY_NOT_ALLOWED);
    check('stream emits error 0x4043', (await streamError).getCode() === ErrorCode.PLAY_NOT_ALLOWED);
    check('autoplay prompt shown', !!document.querySelector('.parley-autoplay-prompt'));
    HTMLMediaElement.prototype.play = realPlay;
    await rs.resume();
    check('resume() plays after the block is lifted', !document.querySelector(`#remote_stream-${rs.getId()} audio`).paused && !document.querySelector('.parley-autoplay-prompt'));

    // ── C: autoSubscribe without calling subscribe ────────────────────────────────────────
    const c = client('carol');
    const cSub = once(c, 'stream-subscribed');
    await c.join({ roomId: '1234' }); // a digit string is the numeric room without useStringRoomId
    const cs = (await cSub).stream;
    check('autoSubscribe subscribes without a subscribe() call', cs.getUserId() === 'alice' && cs.getVideoTrack());

    // ── unpublish / republish ─────────────────────────────────────────────────────────────
    const removed = once(b, 'stream-removed');
    await a.unpublish(localStream);
    check('unpublish → stream-removed at b', (await removed).stream === rs && !rs.isPlaying());
    await expectCode('subscribe to a removed stream rejects REMOTE_STREAM_NOT_EXIST', () => b.subscribe(rs), ErrorCode.REMOTE_STREAM_NOT_EXIST);
    const added = once(b, 'stream-subscribed');
    await a.publish(localStream);
    const rs2 = (await added).stream;
    check('republish → new stream subscribed at b', rs2 !== rs && rs2.getVideoTrack(),
      `${rs2.getId()} tracks=${rs2.getMediaStream().getTracks().map((t) => t.kind)} offer=${JSON.stringify(MockParley.server.lastOffer.bob.split("\r\n").filter((l) => /^(m=|a=mid|a=msid|a=send|a=recv|a=inac)/.test(l)))} transceivers=${b._downlink.pc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}:${t.receiver.track.kind}`).join(' ')}`);
    check('video flows on the renegotiated downlink', await until(async () => (await framesDecoded(b, 'alice')) > 5, 10000));

    // ── kick: same userId joins elsewhere ─────────────────────────────────────────────────
    const c2 = client('carol');
    const banned = once(c, 'client-banned');
    const cErrors = [];
    c.on('error', (e) => cErrors.push(e));
    await c2.join({ roomId: 1234 });
    const be = await banned;
    check('client-banned {reason} as RtcError CLIENT_BANNED', be.reason === 'kick' && be.getCode() === ErrorCode.CLIENT_BANNED, `${be} ${be.reason}`);
    check('kicked client ends DISCONNECTED without an error event', await until(() => c.getConnectionState() === 'DISCONNECTED', 3000) && cErrors.length === 0);
    await c2.leave();

    // ── lost signaling ────────────────────────────────────────────────────────────────────
    const lost = once(b, 'error');
    MockParley.server.killConnection('bob');
    const le = await lost;
    check('lost signaling → error SIGNAL_CHANNEL_RECONNECTION_FAILED, DISCONNECTED', le.getCode() === ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED && b.getConnectionState() === 'DISCONNECTED', String(le));
    const rejoin = once(b, 'stream-subscribed');
    await b.join({ roomId: 1234 });
    check('join again after a lost connection works', (await rejoin).stream.getUserId() === 'alice');

    // ── leave ─────────────────────────────────────────────────────────────────────────────
    const peerLeft = once(b, 'peer-leave', (e) => e.userId === 'alice');
    await a.leave();
    check('a.leave → b gets peer-leave alice', (await peerLeft).userId === 'alice');
    check('a state sequence', aStates.join(',') === 'DISCONNECTED>CONNECTING,CONNECTING>CONNECTED,CONNECTED>DISCONNECTED', aStates.join(','));
    await a.leave();
    check('leave twice resolves', true);
    await b.leave();
    localStream.close();
    check('close stops capture', before.readyState === 'ended' && !localStream.getVideoTrack());
    check('no unexpected errors at b', bErrors.length === 1, bErrors.map(String).join(' | '));
    check('join failure carries the server reason', await (async () => {
      const d = client('dave', { userSig: 'bad' });
      try {
        await d.join({ roomId: 1 });
        return false;
      } catch (e) {
        return e.getCode() === ErrorCode.JOIN_ROOM_FAILED && /signature/.test(e.message);
      }
    })());
  } catch (e) {
    check('no exception in the scenario', false, e && e.stack ? e.stack : String(e));
  }
  const failed = results.filter((r) => !r.ok).length;
  out.textContent += `\n${results.length - failed} passed, ${failed} failed\n`;
  window.__results = results;
  try {
    await fetch('/result', { method: 'POST', body: JSON.stringify({ userAgent: navigator.userAgent, results }) });
  } catch (e) {
    // opened by hand: the page shows the results
  }
})();
