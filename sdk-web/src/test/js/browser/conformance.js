/*
 * TRTC Web SDK v4.15 conformance: walks every method, event and error code of v4-surface.json (our own
 * list of v4.15's surface) against trtc.js and the in-page mock SFU, in Chromium and Firefox:
 *   - presence: each method is a function (each value has its type), each error code its v4 value;
 *   - argument validation: what v4 refuses throws (sync methods) or rejects (promise methods — which
 *     then never throw) INVALID_PARAMETER; what v4 accepts with a warning ('lenient') goes through;
 *   - the returned type: a Promise exactly where v4 returns one;
 *   - the observable effect, for the items whose effect is 'here': events fire with v4's payload keys,
 *     calls change what a user (or the other side) sees.
 * Items whose effect needs the real server or a real screen say which test checks them; the suite
 * fails when an item of the list is not probed at all. Posts its results to /result (run.mjs).
 */
(async function () {
  'use strict';
  const SERVER = 'ws://parley.mock/ws';
  const results = [];
  const out = document.getElementById('out');
  const { ErrorCode, RtcError } = TRTC;
  TRTC.Logger.setLogLevel(new URLSearchParams(location.search).get('log') || TRTC.Logger.LogLevel.ERROR);

  function check(name, ok, detail) {
    results.push({ name, ok: !!ok, detail: detail === undefined ? '' : String(detail) });
    out.textContent += `${ok ? 'PASS' : 'FAIL'} ${name}${detail !== undefined ? ' — ' + detail : ''}\n`;
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

  function client(userId, extra) {
    return TRTC.createClient(Object.assign({ mode: 'rtc', sdkAppId: 1400000000, userId, userSig: 'sig-' + userId, serverUrl: SERVER }, extra || {}));
  }

  /** Every event of `emitter` listed in `names`, with its payload, in order. */
  function recorder(emitter, names) {
    const seen = [];
    for (const name of names) emitter.on(name, (payload) => seen.push({ name, payload }));
    return seen;
  }

  const surface = await (await fetch('/test/v4-surface.json', { cache: 'no-store' })).json();
  /** Items probed so far ("Client.join", "clientEvents.peer-join", …): every listed item must be. */
  const probed = new Set();

  /** Checks how a call returned: a Promise for 'promise' items (then awaited), anything else for 'sync'. */
  async function returnsAs(label, returns, call) {
    let value;
    try {
      value = call();
    } catch (e) {
      check(`${label} returns without throwing`, false, e);
      return undefined;
    }
    const isPromise = value instanceof Promise;
    check(`${label} returns ${returns === 'promise' ? 'a Promise' : 'synchronously (no Promise)'}`, isPromise === (returns === 'promise'), Object.prototype.toString.call(value));
    if (isPromise) {
      try {
        return await value;
      } catch (e) {
        return e;
      }
    }
    return value;
  }

  /** The v4 refusal of bad arguments: a throw for sync methods, a rejection (never a throw) for promise ones. */
  async function refuses(label, item, target, args, code) {
    const want = code === undefined ? ErrorCode.INVALID_PARAMETER : code;
    let value;
    try {
      value = target[item.name.split('.').pop()](...args);
    } catch (e) {
      check(`${label}(${args.map((a) => JSON.stringify(a)).join(', ')}) ${item.returns === 'promise' ? 'rejects (does not throw)' : 'throws'} 0x${want.toString(16)}`,
        item.returns === 'sync' && e instanceof RtcError && e.getCode() === want, `threw ${e}`);
      return;
    }
    if (item.returns === 'sync') {
      check(`${label}(${args.map((a) => JSON.stringify(a)).join(', ')}) throws 0x${want.toString(16)}`, false, `returned ${value}`);
      return;
    }
    let outcome = 'resolved';
    let ok = false;
    if (value instanceof Promise) {
      try {
        await value;
      } catch (e) {
        outcome = String(e);
        ok = e instanceof RtcError && e.getCode() === want && typeof e.message_ === 'string' && e.code_ === want;
      }
    } else {
      outcome = `returned ${Object.prototype.toString.call(value)}`;
    }
    check(`${label}(${args.map((a) => JSON.stringify(a)).join(', ')}) rejects 0x${want.toString(16)}`, ok, outcome);
  }

  /** Presence, validation, lenience and v4's own rejections of one listed method on `target`. */
  async function probeMethod(owner, item, target) {
    const label = `${owner}.${item.name}`;
    const fn = item.name.split('.').reduce((o, k) => (o == null ? o : o[k]), owner === 'TRTC' ? TRTC : target);
    if (item.kind === 'value') {
      check(`${label} is a ${item.type}`, typeof fn === item.type, typeof fn);
      probed.add(label);
      return;
    }
    check(`${label} is a function`, typeof fn === 'function', typeof fn);
    if (typeof fn !== 'function') return;
    const holder = owner === 'TRTC' ? item.name.split('.').slice(0, -1).reduce((o, k) => o[k], TRTC) : target;
    if (item.invalid) {
      await refuses(label, item, holder, item.invalid);
      probed.add(label);
    }
    for (const arg of item.lenient || []) {
      const r = await returnsAs(`${label}(${JSON.stringify(arg)}) (lenient)`, item.returns, () => holder[item.name.split('.').pop()](arg));
      check(`${label}(${JSON.stringify(arg)}) is accepted, as v4 (a warning, the default)`, !(r instanceof Error), r);
      probed.add(label);
    }
    if (item.rejects) {
      await refuses(label, item, holder, item.args || [], ErrorCode[item.rejects]);
      probed.add(label);
    }
  }

  /** A safe call whose return type and value are checked; the effect checks follow in the scenario. */
  async function call(label, returns, fn) {
    probed.add(label);
    return returnsAs(label, returns, fn);
  }

  function keysOf(payload) {
    return payload && typeof payload === 'object' ? Object.keys(payload) : [];
  }

  /** Events of the list seen with v4's payload keys (extra Parley keys are allowed). */
  function checkEvents(group, seenLists) {
    const seen = [].concat(...seenLists);
    for (const [name, spec] of Object.entries(surface[group])) {
      if (spec.effect !== 'here' && !spec.effect.startsWith('here')) continue;
      if (probed.has(`${group}.${name}`)) continue; // accounted for (a SKIP in this browser)
      const matching = seen.filter((e) => e.name === name);
      const label = `${group}.${name}`;
      probed.add(label);
      if (spec.payload === 'RtcError') {
        check(`'${name}' (${group === 'clientEvents' ? 'client' : 'stream'}) fires with an RtcError`, matching.length > 0 && matching.every((e) => e.payload instanceof RtcError),
          matching.map((e) => String(e.payload)).join(' | ') || 'never fired');
        continue;
      }
      const missing = matching.length === 0 ? ['(never fired)'] : spec.payload.filter((k) => !matching.every((e) => keysOf(e.payload).includes(k)));
      check(`'${name}' (${group === 'clientEvents' ? 'client' : 'stream'}) fires with {${spec.payload.join(', ')}}`, missing.length === 0,
        matching.length ? `missing ${missing.join(', ') || 'nothing'}; seen keys ${keysOf(matching[0].payload).join(', ')}` : 'never fired');
    }
  }

  try {
    // ── error codes and RtcError ───────────────────────────────────────────────────────────
    for (const [name, hex] of Object.entries(surface.errorCodes)) {
      check(`ErrorCode.${name} = ${hex}`, ErrorCode[name] === parseInt(hex, 16), ErrorCode[name] === undefined ? 'missing' : '0x' + ErrorCode[name].toString(16));
      probed.add(`errorCodes.${name}`);
    }
    const sample = new RtcError({ code: ErrorCode.JOIN_ROOM_FAILED, message: 'refused', extraCode: 7 });
    for (const member of surface.rtcError) {
      check(`RtcError has ${member}`, member in sample, typeof sample[member]);
    }
    check("RtcError: getCode() = code_, message_ is the message, getExtraCode() = extraCode_",
      sample.getCode() === 0x4004 && sample.code_ === 0x4004 && sample.message_ === 'refused' && sample.getExtraCode() === 7 && sample.extraCode_ === 7);

    // ── TRTC ───────────────────────────────────────────────────────────────────────────────
    for (const item of surface.TRTC) await probeMethod('TRTC', item, TRTC);
    const req = await call('TRTC.checkSystemRequirements', 'promise', () => TRTC.checkSystemRequirements());
    check('checkSystemRequirements() → {result, detail} with the 7 v4 checks', req && typeof req.result === 'boolean'
      && ['isBrowserSupported', 'isWebRTCSupported', 'isMediaDevicesSupported', 'isH264EncodeSupported', 'isH264DecodeSupported', 'isVp8EncodeSupported', 'isVp8DecodeSupported'].every((k) => typeof req.detail[k] === 'boolean'), JSON.stringify(req));
    for (const name of ['isScreenShareSupported', 'isSmallStreamSupported']) {
      const v = await call(`TRTC.${name}`, 'sync', () => TRTC[name]());
      check(`TRTC.${name}() is a boolean`, typeof v === 'boolean');
    }
    for (const name of ['getDevices', 'getCameras', 'getMicrophones', 'getSpeakers']) {
      const v = await call(`TRTC.${name}`, 'promise', () => TRTC[name]());
      check(`TRTC.${name}() → an array of MediaDeviceInfo`, Array.isArray(v));
    }
    await call('TRTC.Logger.enableUploadLog', 'sync', () => TRTC.Logger.enableUploadLog());
    await call('TRTC.Logger.disableUploadLog', 'sync', () => TRTC.Logger.disableUploadLog());
    await call('TRTC.createClient', 'sync', () => client('probe'));
    await call('TRTC.createStream', 'sync', () => TRTC.createStream({ audio: true }));

    // ── a call: alice publishes, bob receives ──────────────────────────────────────────────
    const CLIENT_EVENTS = Object.keys(surface.clientEvents);
    const STREAM_EVENTS = Object.keys(surface.streamEvents);
    const alice = client('alice');
    const bob = client('bob', { autoSubscribe: false });
    const aliceSeen = recorder(alice, CLIENT_EVENTS);
    const bobSeen = recorder(bob, CLIENT_EVENTS);
    await call('Client.join', 'promise', () => alice.join({ roomId: 4150 }));
    const local = TRTC.createStream({ userId: 'alice', audio: true, video: true });
    const localSeen = recorder(local, STREAM_EVENTS);
    await call('LocalStream.initialize', 'promise', () => local.initialize());
    check('initialize(): the stream has the camera and microphone', local.hasAudio() && local.hasVideo() && !!local.getAudioTrack() && !!local.getVideoTrack());
    await call('Client.publish', 'promise', () => alice.publish(local));
    await bob.join({ roomId: 4150 });
    const remote = await until(() => bob._remoteStreams.size && [...bob._remoteStreams.values()][0], 5000);
    check("publish(): bob gets 'stream-added' for alice's stream", !!remote && remote.getUserId() === 'alice');
    const remoteSeen = recorder(remote, STREAM_EVENTS);
    await call('Client.subscribe', 'promise', () => bob.subscribe(remote));
    check('subscribe(): the remote stream has the tracks', await until(() => remote.getAudioTrack() && remote.getVideoTrack(), 5000));
    await call('RemoteStream.play', 'promise', () => remote.play('remotes', { objectFit: 'scale-down' }));
    check("play(): a player with objectFit 'scale-down'", /object-fit: scale-down/.test((document.querySelector(`#player_${remote.getId()} video`) || {}).style.cssText));
    await local.play('local_stream', { objectFit: 'none', muted: true });
    check('getVideoFrame(): a PNG data URL while the video plays', await until(() => /^data:image\/png/.test(remote.getVideoFrame() || ''), 10000));

    // Stream and LocalStream/RemoteStream methods on the streams of this call.
    for (const item of surface.Stream) {
      await probeMethod('LocalStream', item, local);
      await probeMethod('RemoteStream', item, remote);
    }
    for (const item of surface.LocalStream) await probeMethod('LocalStream', item, local);
    for (const item of surface.RemoteStream) await probeMethod('RemoteStream', item, remote);
    for (const [label, s] of [['LocalStream', local], ['RemoteStream', remote]]) {
      for (const item of surface.Stream.filter((x) => x.type)) {
        const v = await call(`${label}.${item.name}`, 'sync', () => s[item.name]());
        check(`${label}.${item.name}() is a ${item.type}`, typeof v === item.type, typeof v);
      }
      for (const name of ['getAudioTrack', 'getVideoTrack']) {
        const v = await call(`${label}.${name}`, 'sync', () => s[name]());
        check(`${label}.${name}() is a MediaStreamTrack`, v instanceof MediaStreamTrack);
      }
      const noop = () => {};
      await call(`${label}.on`, 'sync', () => s.on('player-state-changed', noop));
      await call(`${label}.off`, 'sync', () => s.off('player-state-changed', noop));
    }
    const type = await call('RemoteStream.getType', 'sync', () => remote.getType());
    check("RemoteStream.getType() is 'main'", type === 'main');

    // Local effects.
    await call('LocalStream.setVideoProfile', 'promise', () => local.setVideoProfile('640p'));
    check("setVideoProfile('640p'): v4's default 480p, 900 kbps on the sender", alice._uplink.senders.video.getParameters().encodings[0].maxBitrate === 900000);
    await local.setVideoProfile('360p');
    check("setVideoProfile('360p'): v4's 800 kbps", alice._uplink.senders.video.getParameters().encodings[0].maxBitrate === 800000);
    await call('LocalStream.setVideoContentHint', 'sync', () => local.setVideoContentHint('detail'));
    // Firefox has no MediaStreamTrack.contentHint (the SDK warns there).
    check("setVideoContentHint('detail') sets the track's contentHint (where the browser has one)", !('contentHint' in local.getVideoTrack()) || local.getVideoTrack().contentHint === 'detail', local.getVideoTrack().contentHint);
    const gained = await call('LocalStream.setAudioCaptureVolume', 'sync', () => local.setAudioCaptureVolume(50));
    check('setAudioCaptureVolume(50) → true; the published audio goes through a gain', gained === true
      && await until(() => alice._uplink.senders.audio.track === local.getAudioTrack(), 2000));
    check('setAudioCaptureVolume(100) → true', local.setAudioCaptureVolume(100) === true);
    await call('LocalStream.switchDevice', 'promise', () => local.switchDevice('video', 'user'));
    check("switchDevice('video', 'user') captures again and keeps publishing", local.getVideoTrack().readyState === 'live' && alice._uplink.senders.video.track === local.getVideoTrack());
    const page = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
    await call('LocalStream.replaceTrack', 'promise', () => local.replaceTrack(page));
    check('replaceTrack(): the sender sends the new track', alice._uplink.senders.video.track === page);
    for (const [method, event] of [['muteAudio', 'mute-audio'], ['muteVideo', 'mute-video'], ['unmuteAudio', 'unmute-audio'], ['unmuteVideo', 'unmute-video']]) {
      const r = await call(`LocalStream.${method}`, 'sync', () => local[method]());
      check(`LocalStream.${method}() → true, and bob gets '${event}'`, r === true && await until(() => bobSeen.some((e) => e.name === event && e.payload.userId === 'alice'), 5000));
    }
    for (const [method, kind, enabled] of [['muteAudio', 'Audio', false], ['muteVideo', 'Video', false], ['unmuteAudio', 'Audio', true], ['unmuteVideo', 'Video', true]]) {
      const r = await call(`RemoteStream.${method}`, 'sync', () => remote[method]());
      check(`RemoteStream.${method}() → true, the received track ${enabled ? 'plays again' : 'is silenced here only'}`, r === true && remote[`get${kind}Track`]().enabled === enabled);
    }

    const frame = await call('RemoteStream.getVideoFrame', 'sync', () => remote.getVideoFrame());
    check('RemoteStream.getVideoFrame() while playing: a PNG data URL', /^data:image\/png/.test(frame || ''));
    await call('LocalStream.getVideoFrame', 'sync', () => local.getVideoFrame());
    check('LocalStream.getVideoFrame() while playing: a PNG data URL', await until(() => /^data:image\/png/.test(local.getVideoFrame() || ''), 5000));
    await call('LocalStream.stop', 'sync', () => local.stop());
    check('LocalStream.stop(): no player, getVideoFrame() null', !local.isPlaying() && local.getVideoFrame() === null);

    // Client getters and periodic events.
    const muted = await call('Client.getRemoteMutedState', 'sync', () => bob.getRemoteMutedState());
    check('getRemoteMutedState() → [{userId, hasAudio, hasVideo, audioMuted, videoMuted, hasSmall}]', Array.isArray(muted)
      && muted.some((m) => m.userId === 'alice' && ['hasAudio', 'hasVideo', 'audioMuted', 'videoMuted', 'hasSmall'].every((k) => typeof m[k] === 'boolean')), JSON.stringify(muted));
    await until(async () => ((await bob.getRemoteVideoStats()).alice || {}).framesDecoded > 0, 10000);
    for (const [name, who, key] of [['getTransportStats', alice, 'rtt'], ['getLocalAudioStats', alice, 'alice'], ['getLocalVideoStats', alice, 'alice'], ['getRemoteAudioStats', bob, 'alice'], ['getRemoteVideoStats', bob, 'alice']]) {
      const v = await call(`Client.${name}`, 'promise', () => who[name]());
      check(`${name}() → an object with '${key}'`, v && typeof v === 'object' && key in v, JSON.stringify(v));
    }
    await call('Client.enableAudioVolumeEvaluation', 'sync', () => bob.enableAudioVolumeEvaluation(200, true));
    await until(() => bobSeen.some((e) => e.name === 'audio-volume') && bobSeen.some((e) => e.name === 'network-quality'), 6000);
    bob.enableAudioVolumeEvaluation(0);
    await call('Client.on', 'sync', () => bob.on('peer-join', () => {}));
    await call('Client.off', 'sync', () => bob.off('peer-join'));
    for (const item of surface.Client) await probeMethod('Client', item, client('prober'));
    for (const name of ['enableSmallStream', 'disableSmallStream']) {
      const r = await call(`Client.${name}`, 'promise', () => client('spare')[name]());
      check(`Client.${name}() before publish resolves`, !(r instanceof Error), r);
    }

    // Device recovery: the camera stops by itself (unplugged) → captured again; a microphone that
    // cannot be captured again → 'error' DEVICE_AUTO_RECOVER_FAILED. The test plays the device going
    // away by dispatching 'ended' on the track; Firefox hands such a page-made event to `onended` but
    // not to addEventListener listeners (a real one reaches both), so there it cannot be played.
    const probe = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0];
    let delivered = false;
    probe.addEventListener('ended', () => (delivered = true));
    probe.dispatchEvent(new Event('ended'));
    probe.stop();
    const devices = TRTC.createStream({ audio: true, video: true });
    const devicesSeen = recorder(devices, STREAM_EVENTS);
    await devices.initialize();
    if (delivered) {
      const camera = devices.getVideoTrack();
      camera.dispatchEvent(new Event('ended'));
      camera.stop();
      check("a camera that stops by itself is captured again ('device-auto-recovered')", await until(() => devicesSeen.some((e) => e.name === 'device-auto-recovered' && e.payload.isCamera === true), 5000)
        && devices.getVideoTrack() !== camera && devices.getVideoTrack().readyState === 'live');
      const gum = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('unplugged', 'NotFoundError'));
      try {
        const mic = devices.getAudioTrack();
        mic.dispatchEvent(new Event('ended'));
        mic.stop();
        check("…a microphone that cannot be: 'error' DEVICE_AUTO_RECOVER_FAILED", await until(() => devicesSeen.some((e) => e.name === 'error' && e.payload.getCode() === ErrorCode.DEVICE_AUTO_RECOVER_FAILED), 5000));
      } finally {
        navigator.mediaDevices.getUserMedia = gum;
      }
    } else {
      check('SKIP device recovery: this browser does not deliver a page-dispatched track ended event to listeners (checked in Chromium)', true);
      probed.add('streamEvents.device-auto-recovered');
    }
    await call('LocalStream.close', 'sync', () => devices.close());
    check('close() stops what the stream captured', !devices.getVideoTrack() && devices._ownedTracks.size === 0);

    // Stream playback and the end of the call.
    await call('RemoteStream.stop', 'sync', () => remote.stop());
    check('stop(): no player, getVideoFrame() null', !remote.isPlaying() && remote.getVideoFrame() === null);
    await remote.play('remotes');
    const resumed = await call('RemoteStream.resume', 'promise', () => remote.resume());
    check('resume() on a playing stream resolves', !(resumed instanceof Error), resumed);
    await call('RemoteStream.close', 'sync', () => remote.close());
    check('RemoteStream.close() stops playing it', !remote.isPlaying());
    await call('Client.unsubscribe', 'promise', () => bob.unsubscribe(remote));
    check('unsubscribe(): the remote stream has no tracks', !remote.getAudioTrack() && !remote.getVideoTrack());
    await call('Client.unpublish', 'promise', () => alice.unpublish(local));
    check("unpublish(): bob gets 'stream-removed'", await until(() => bobSeen.some((e) => e.name === 'stream-removed'), 5000));
    await alice.publish(local);
    await until(() => bobSeen.filter((e) => e.name === 'stream-added').length === 2, 5000);
    await call('Client.leave', 'promise', () => alice.leave());
    check("leave(): bob gets 'peer-leave' and 'stream-removed'", await until(() => bobSeen.some((e) => e.name === 'peer-leave' && e.payload.userId === 'alice'), 5000));
    local.close();
    page.stop();

    // Kick, lost signaling, destroy.
    const bob2 = client('bob');
    await bob2.join({ roomId: 4150 });
    check("a second 'bob' bans the first: 'client-banned' {reason: 'kick', message}", await until(() => bobSeen.some((e) => e.name === 'client-banned' && e.payload.reason === 'kick' && typeof e.payload.message === 'string'), 5000));
    const lost = client('lost');
    const lostSeen = recorder(lost, CLIENT_EVENTS);
    await lost.join({ roomId: 4150 });
    MockParley.server.killConnection('lost');
    check("lost signaling: 'connection-state-changed' RECONNECTING, then CONNECTED by itself", await until(() => lostSeen.some((e) => e.name === 'connection-state-changed' && e.payload.state === 'RECONNECTING') && lost.getConnectionState() === 'CONNECTED', 8000));
    // The server ends a media connection (ICE consent lost, PROTOCOL.md "error" event): 'error' 0x4008.
    for (const conn of MockParley.server.connections) {
      if (conn.userId === 'lost') MockParley.server.event(conn, 'error', { error: { code: ErrorCode.DOWNLINK_RECONNECTION_FAILED, name: 'DOWNLINK_RECONNECTION_FAILED', message: 'ICE consent expired' }, direction: 'downlink', streamId: '' });
    }
    check("a media connection the server ended: 'error' DOWNLINK_RECONNECTION_FAILED", await until(() => lostSeen.some((e) => e.name === 'error' && e.payload.getCode() === ErrorCode.DOWNLINK_RECONNECTION_FAILED), 5000));
    await call('Client.destroy', 'sync', () => bob2.destroy());
    let refused = null;
    try {
      await bob2.join({ roomId: 4150 });
    } catch (e) {
      refused = e;
    }
    check('destroy(): the client cannot join again (INVALID_OPERATION)', refused && refused.getCode() === ErrorCode.INVALID_OPERATION, refused);

    // Events with v4's payloads.
    checkEvents('clientEvents', [aliceSeen, bobSeen, lostSeen]);
    checkEvents('streamEvents', [localSeen, remoteSeen, devicesSeen]);

    // Every listed item was probed here, or names the test that checks it.
    const listed = [];
    for (const owner of ['TRTC', 'Client', 'LocalStream', 'RemoteStream']) {
      for (const item of surface[owner]) listed.push([`${owner}.${item.name}`, item.effect]);
    }
    for (const item of surface.Stream) {
      listed.push([`LocalStream.${item.name}`, item.effect], [`RemoteStream.${item.name}`, item.effect]);
    }
    for (const group of ['clientEvents', 'streamEvents']) {
      for (const [name, spec] of Object.entries(surface[group])) listed.push([`${group}.${name}`, spec.effect]);
    }
    const unprobed = listed.filter(([label, effect]) => !probed.has(label) && !(effect && !effect.startsWith('here')));
    check(`every item of v4-surface.json (${listed.length + Object.keys(surface.errorCodes).length}) is probed here or names its test`, unprobed.length === 0, unprobed.map(([l]) => l).join(', '));
  } catch (e) {
    check('no exception in the suite', false, e && e.stack ? e.stack : String(e));
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
