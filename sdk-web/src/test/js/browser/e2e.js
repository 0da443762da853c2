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

  /** The video outbound-rtp entries of a sender, smallest frame first (Firefox may not report rid). */
  async function layers(sender) {
    const out = [];
    (await sender.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') out.push(s);
    });
    return out.sort((x, y) => (x.frameWidth || 0) - (y.frameWidth || 0));
  }

  /**
   * TRTC's dual stream: enableSmallStream before publish sends the camera as rid simulcast (l, h), the
   * mock SFU accepts it as the server does, and the browser keeps and encodes both layers.
   */
  async function smallStreamScenario() {
    check('isSmallStreamSupported() is true', TRTC.isSmallStreamSupported() === true);
    const e = client('erin');
    await e.enableSmallStream(); // before join: a client setting
    await expectCode('setSmallStreamProfile({width: 0}) throws INVALID_PARAMETER', () => e.setSmallStreamProfile({ width: 0, height: 120, bitrate: 100, frameRate: 15 }), ErrorCode.INVALID_PARAMETER);
    await e.join({ roomId: 4321 });
    const cam = TRTC.createStream({ userId: 'erin', audio: true, video: true });
    await cam.initialize();
    await e.publish(cam);
    const offer = MockParley.server.frames.filter((f) => f.userId === 'erin' && f.type === 'publish').pop().data.offer;
    const offerLines = offer.split('\r\n').filter((l) => /^a=(rid|simulcast)/.test(l));
    check('publish offer carries a=rid:l send, a=rid:h send, a=simulcast:send l;h', offerLines.includes('a=rid:l send') && offerLines.includes('a=rid:h send') && offerLines.includes('a=simulcast:send l;h'), offerLines.join(' | '));
    const sender = e._uplink.senders.video;
    const width = cam.getVideoTrack().getSettings().width;
    const enc = sender.getParameters().encodings;
    check('after the answer: encodings l (100 kbps, scale width/160) then h (900 kbps, 480p)',
      enc.length === 2 && enc[0].rid === 'l' && enc[0].maxBitrate === 100000 && enc[0].maxFramerate === 15 && enc[0].scaleResolutionDownBy === width / 160
      && enc[1].rid === 'h' && enc[1].maxBitrate === 900000, `width ${width} ${JSON.stringify(enc)}`);
    // CPU adaptation on a busy machine may shrink a layer: the small one is at most 160 px wide.
    const both = await until(async () => {
      const l = await layers(sender);
      return l.length === 2 && l.every((x) => x.framesEncoded > 0) && l[0].frameWidth > 0 && l[0].frameWidth <= 160 && l[1].frameWidth > l[0].frameWidth;
    }, 10000);
    check('both layers are encoded, the small one at most 160 px wide', both, JSON.stringify((await layers(sender)).map((x) => [x.rid, x.frameWidth, x.framesEncoded])));
    check('getLocalVideoStats reports the big layer', await until(async () => ((await e.getLocalVideoStats()).erin || {}).frameWidth > 160, 5000), JSON.stringify((await e.getLocalVideoStats()).erin));

    // ── the subscriber side ───────────────────────────────────────────────────────────────
    const f = client('frank', { autoSubscribe: false });
    const added = once(f, 'stream-added');
    await f.join({ roomId: 4321 });
    const fs = (await added).stream;
    const state = f.getRemoteMutedState().find((x) => x.userId === 'erin');
    check('getRemoteMutedState: hasSmall for a simulcast publication', state && state.hasSmall === true, JSON.stringify(state));
    await f.setRemoteVideoStreamType(fs, 'small'); // before subscribe: allowed (TRTC 4.12.5+)
    const typeFrames = MockParley.server.frames.filter((x) => x.userId === 'frank' && x.type === 'set-remote-video-stream-type');
    check('setRemoteVideoStreamType sends {streamId, type}', typeFrames.length === 1 && JSON.stringify(typeFrames[0].data) === JSON.stringify({ streamId: fs.getId(), type: 'small' }), JSON.stringify(typeFrames));
    await expectCode("setRemoteVideoStreamType(stream, 'tiny') rejects INVALID_PARAMETER", () => f.setRemoteVideoStreamType(fs, 'tiny'), ErrorCode.INVALID_PARAMETER);
    const subscribed = once(f, 'stream-subscribed');
    await f.subscribe(fs);
    await subscribed;
    check('a simulcast publication is received and decoded', await until(async () => (await framesDecoded(f, 'erin')) > 5, 10000));
    await f.setRemoteVideoStreamType(fs, 'big');
    check('setRemoteVideoStreamType after subscribe', MockParley.server.connections && [...MockParley.server.connections].find((c) => c.userId === 'frank').videoStreamTypes[fs.getId()] === 'big');

    // ── live changes on the publisher ─────────────────────────────────────────────────────
    await e.disableSmallStream();
    const off = sender.getParameters().encodings;
    check('disableSmallStream after publish: l inactive, h active', off[0].rid === 'l' && off[0].active === false && off[1].active === true, JSON.stringify(off));
    await new Promise((r) => setTimeout(r, 500));
    const frozen = (await layers(sender)).map((x) => x.framesEncoded);
    await new Promise((r) => setTimeout(r, 1000));
    const later = (await layers(sender)).map((x) => x.framesEncoded);
    check('the small layer stops encoding, the big one goes on', frozen.filter((n, i) => n === later[i]).length === 1 && later.some((n, i) => n > frozen[i]), `${frozen} → ${later}`);
    await e.enableSmallStream();
    check('enableSmallStream after publish: l active again', sender.getParameters().encodings[0].active === true);
    e.setSmallStreamProfile({ width: 320, height: 240, bitrate: 200, frameRate: 10 });
    const live = await until(() => {
      const x = sender.getParameters().encodings[0];
      return x.maxBitrate === 200000 && x.maxFramerate === 10 && x.scaleResolutionDownBy === cam.getVideoTrack().getSettings().width / 320;
    }, 3000);
    check('setSmallStreamProfile applies live (maxBitrate, maxFramerate, scale)', live, JSON.stringify(sender.getParameters().encodings[0]));
    // Not awaited on purpose: setVideoProfile must queue behind this live small-profile edit (both
    // are setParameters() on one sender; overlapping ones were refused now and then).
    e.setSmallStreamProfile({ width: 320, height: 240, bitrate: 200, frameRate: 10 });
    await cam.setVideoProfile('360p');
    const bits = sender.getParameters().encodings.map((x) => x.maxBitrate);
    check("setVideoProfile addresses the 'h' encoding only", bits[0] === 200000 && bits[1] === 800000, JSON.stringify(bits));

    await f.leave();
    await e.leave();

    // ── a server that does not accept simulcast: the browser keeps one encoding, made full size ──
    MockParley.server.refuseSimulcast = true;
    try {
      await e.join({ roomId: 4321 });
      await e.publish(cam);
      const one = e._uplink.senders.video.getParameters().encodings;
      check('answer without a=simulcast: one encoding, full size, big bitrate', one.length === 1 && one[0].scaleResolutionDownBy === 1 && one[0].maxBitrate === 800000 && one[0].maxFramerate === undefined, JSON.stringify(one));
      // Not the 1/4-size small picture (the encoder may still adapt a step down for bitrate or CPU).
      const full = await until(async () => {
        const l = await layers(e._uplink.senders.video);
        return l.length === 1 && l[0].frameWidth > cam.getVideoTrack().getSettings().width / 4;
      }, 10000);
      check('…and it encodes more than the small size', full, JSON.stringify((await layers(e._uplink.senders.video)).map((x) => [x.rid, x.frameWidth, x.framesEncoded])));
      await expectCode('enableSmallStream on a stream published without it rejects INVALID_OPERATION', () => e.enableSmallStream(), ErrorCode.INVALID_OPERATION);
      await e.leave();
    } finally {
      MockParley.server.refuseSimulcast = false;
    }
    cam.close();
  }

  /**
   * v4's way to turn the camera on in an audio call: addTrack on a published stream renegotiates the
   * uplink (PROTOCOL.md `republish`); the subscriber gets 'stream-updated' and then the video; removeTrack
   * takes it away again.
   */
  async function addTrackScenario() {
    const g = client('gina');
    const h = client('hank', { autoSubscribe: false });
    await g.join({ roomId: 5150 });
    const added = once(h, 'stream-added');
    await h.join({ roomId: 5150 });
    const voice = TRTC.createStream({ userId: 'gina', audio: true, video: false });
    await voice.initialize();
    const states = [];
    voice.on('connection-state-changed', (e) => states.push(e.state));
    await g.publish(voice);
    check("local stream 'connection-state-changed': CONNECTING → CONNECTED", states.join() === 'CONNECTING,CONNECTED', states.join());
    const rs = (await added).stream;
    const remoteStates = [];
    rs.on('connection-state-changed', (e) => remoteStates.push(e.state));
    const subscribed = once(h, 'stream-subscribed');
    await h.subscribe(rs);
    await subscribed;
    check('audio-only stream subscribed without video', rs.hasAudio() && !rs.hasVideo() && !rs.getVideoTrack());
    await rs.play(remoteDiv('remote-gina'));
    check("remote stream 'connection-state-changed' reaches CONNECTED", await until(() => remoteStates.includes('CONNECTED'), 10000), remoteStates.join());
    const streamId = rs.getId();

    const cam = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
    const updated = once(h, 'stream-updated', (e) => e.stream.hasVideo());
    const p = voice.addTrack(cam);
    check('addTrack returns a Promise', p instanceof Promise);
    await p;
    const up = await updated;
    check("addTrack on a published stream: the subscriber gets 'stream-updated' with hasVideo, same stream id", up.stream === rs && rs.getId() === streamId && rs.hasVideo());
    check('…and then decodes the video', await until(async () => (await framesDecoded(h, 'gina')) > 5, 15000),
      `${JSON.stringify(await h.getRemoteVideoStats())} tracks=${rs.getMediaStream().getTracks().map((t) => t.kind + ':' + t.readyState + ':' + t.muted)} offer=${JSON.stringify((MockParley.server.lastOffer.hank || '').split('\r\n').filter((l) => /^(m=|a=mid|a=msid|a=send|a=recv|a=inac)/.test(l)))} transceivers=${h._downlink.pc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}:${t.receiver.track.kind}`).join(' ')} frames=${JSON.stringify(MockParley.server.frames.filter((f) => f.userId === 'hank').map((f) => f.type))}`);
    check('…and the audio stays subscribed', await until(() => !!rs.getAudioTrack() && rs.getAudioTrack().readyState === 'live', 5000));
    check('the player shows the new video', await until(() => rs.getVideoFrame() !== null, 5000));
    check('the publisher sends from the new connection', g._uplink.senders.video && g._uplink.senders.video.track === cam && voice.hasVideo());
    const republish = MockParley.server.frames.filter((f) => f.userId === 'gina' && f.type === 'republish');
    check('one republish request with the new offer', republish.length === 1 && /m=video/.test(republish[0].data.offer) && republish[0].data.hasVideo === true);

    const audioOnly = once(h, 'stream-updated', (e) => !e.stream.hasVideo());
    await voice.removeTrack(cam);
    await audioOnly;
    check('removeTrack: the subscriber gets stream-updated without video', !rs.hasVideo() && await until(() => !rs.getVideoTrack(), 10000));
    await expectCode('removeTrack of the only track of a published stream rejects INVALID_OPERATION', () => voice.removeTrack(voice.getAudioTrack()), ErrorCode.INVALID_OPERATION);
    cam.stop();
    await h.leave();
    await g.leave();
    voice.close();
  }

  try {
    // ── API surface and parameter validation ──────────────────────────────────────────────
    check('VERSION', /^4\.15\.0-parley\./.test(TRTC.VERSION), TRTC.VERSION);
    check('ErrorCode values', ErrorCode.PLAY_NOT_ALLOWED === 0x4043 && ErrorCode.JOIN_ROOM_FAILED === 0x4004 && ErrorCode.CLIENT_BANNED === 0x4040);
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
    check('setVideoProfile(360p) live: 640x360, maxBitrate 800 kbps', (fakeCamIgnoresSize || (vs.width === 640 && vs.height === 360)) && maxBitrate === 800000, `${vs.width}x${vs.height} ${maxBitrate}`);
    await localStream.setVideoProfile('999p');
    check("setVideoProfile(unknown name) resolves with v4's default 480p (900 kbps)", sender.getParameters().encodings[0].maxBitrate === 900000, sender.getParameters().encodings[0].maxBitrate);
    await expectCode('setVideoProfile({bitrate: -1}) rejects INVALID_PARAMETER', () => localStream.setVideoProfile({ bitrate: -1 }), ErrorCode.INVALID_PARAMETER);
    await localStream.setVideoProfile('360p');

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
    check("client-banned carries v4's {reason: 'kick', message}", be.reason === 'kick' && typeof be.message === 'string' && Object.keys(be).sort().join() === 'message,reason', JSON.stringify(be));
    check('kicked client ends DISCONNECTED without an error event', await until(() => c.getConnectionState() === 'DISCONNECTED', 3000) && cErrors.length === 0);
    await c2.leave();

    // ── lost signaling ────────────────────────────────────────────────────────────────────
    // The SDK reconnects by itself (WEB-SDK.md "Connection states and recovery"); the mock keeps no
    // sessions, so it joins again and subscribes again, with the same RemoteStream and no new events.
    const bStates = [];
    b.on('connection-state-changed', (e) => bStates.push(e.state));
    const errorsBefore = bErrors.length;
    const heldRemote = b._remoteStreams.size;
    MockParley.server.killConnection('bob');
    check('lost signaling → RECONNECTING, then CONNECTED by itself', await until(() => bStates.join() === 'RECONNECTING,CONNECTED', 8000), bStates.join());
    check('after the rejoin: no error, the same remote streams', bErrors.length === errorsBefore && b._remoteStreams.size === heldRemote, String(bErrors));
    const afterRejoin = await framesDecoded(b, 'alice'); // the new downlink's count
    check('video flows again after the rejoin', await until(async () => (await framesDecoded(b, 'alice')) > afterRejoin + 5, 10000));

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
    check('no unexpected errors at b', bErrors.length === 0, bErrors.map(String).join(' | '));
    check('join failure carries the server reason', await (async () => {
      const d = client('dave', { userSig: 'bad' });
      try {
        await d.join({ roomId: 1 });
        return false;
      } catch (e) {
        return e.getCode() === ErrorCode.JOIN_ROOM_FAILED && /signature/.test(e.message);
      }
    })());
    await smallStreamScenario();
    await addTrackScenario();
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
