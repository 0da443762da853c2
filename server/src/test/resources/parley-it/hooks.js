// Test instrumentation loaded between trtc.js and the seed code. It does not change the seed's flow:
// it records what the page sees, creates the <div> the seed's play() renders into (a real page has it
// in its layout), and offers measurement helpers to the WebDriver test.
(function () {
  // Frames a <video> has shown. Chrome counts them in getVideoPlaybackQuality(); Firefox does not for a
  // MediaStream source (totalVideoFrames stays 0 however many it shows), so every video also gets a
  // requestVideoFrameCallback counter, and that count is used where the browser's own is 0.
  const shown = new WeakMap();
  function countFrames(video) {
    if (shown.has(video) || !video.requestVideoFrameCallback) return;
    shown.set(video, 0);
    const onFrame = () => {
      shown.set(video, shown.get(video) + 1);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }
  function framesOf(video) {
    if (!video) return -1;
    const total = video.getVideoPlaybackQuality().totalVideoFrames;
    return total > 0 ? total : shown.get(video) || 0;
  }

  window.__events = [];
  // Every signaling URL the SDK opens (the TLS test checks it is wss:// when trtc.js came over https), and
  // the close code and reason of every WebSocket the server closed (4002 kicked, 4003 room dismissed, ...).
  window.__wsUrls = [];
  window.__wsCloses = [];
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, ...rest) {
      super(url, ...rest);
      window.__wsUrls.push(String(url));
      this.addEventListener('close', (ev) => window.__wsCloses.push({ code: ev.code, reason: ev.reason }));
    }
  };
  window.__remote = {};
  window.__local = null;

  // Loss-recovery measurements: every RTCPeerConnection the SDK makes, and a snapshot of their RTP stats.
  window.__pcs = [];
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
    }
  };
  // The candidate pair each connected RTCPeerConnection of the SDK sends on, as getStats() reports it:
  // [{local: {protocol, candidateType, relayProtocol}, remote: {protocol, candidateType}}].
  window.__selectedPairs = async function () {
    const out = [];
    for (const pc of window.__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      const byId = new Map();
      stats.forEach((s) => byId.set(s.id, s));
      let pair = null;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId);
      });
      if (!pair) {
        // Firefox marks the pair itself.
        stats.forEach((s) => {
          if (s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded')) && !pair) pair = s;
        });
      }
      if (!pair) continue;
      const l = byId.get(pair.localCandidateId) || {};
      const r = byId.get(pair.remoteCandidateId) || {};
      out.push({
        local: { protocol: l.protocol, candidateType: l.candidateType, relayProtocol: l.relayProtocol || null },
        remote: { protocol: r.protocol, candidateType: r.candidateType, port: r.port },
      });
    }
    return out;
  };
  window.__rtpStats = async function () {
    const out = { outVideo: {}, outAudio: {}, inVideo: {}, inAudio: {} };
    const add = (into, s, keys) => keys.forEach((k) => { into[k] = (into[k] || 0) + (s[k] || 0); });
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      // A connection the SDK closes while its getStats() is pending (a rejoin replaces them all) may leave
      // that promise unsettled in Firefox: a stuck read fails this sample (the caller polls again) rather than
      // block the test, and never counts as fewer frames.
      const stats = await Promise.race([pc.getStats(), new Promise((resolve, reject) => setTimeout(() => reject(new Error('getStats() did not settle within 2 s')), 2000))]);
      stats.forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          add(out.outVideo, s, ['framesEncoded', 'framesSent', 'packetsSent', 'retransmittedPacketsSent',
            'nackCount', 'bytesSent']);
        } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
          add(out.outAudio, s, ['packetsSent', 'retransmittedPacketsSent']);
        } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
          add(out.inVideo, s, ['framesDecoded', 'framesReceived', 'framesDropped', 'freezeCount',
            'totalFreezesDuration', 'pauseCount', 'nackCount', 'pliCount', 'firCount', 'packetsLost',
            'packetsReceived', 'retransmittedPacketsReceived', 'keyFramesDecoded', 'bytesReceived']);
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          add(out.inAudio, s, ['packetsReceived', 'packetsLost', 'concealedSamples', 'totalSamplesReceived',
            'fecPacketsReceived', 'insertedSamplesForDeceleration', 'removedSamplesForAcceleration']);
        }
      });
    }
    return out;
  };
  const EVENTS = ['stream-added', 'stream-removed', 'stream-updated', 'stream-subscribed', 'peer-join',
    'peer-leave', 'mute-audio', 'mute-video', 'unmute-audio', 'unmute-video', 'client-banned', 'error',
    'connection-state-changed'];
  const createClient = TRTC.createClient;
  TRTC.createClient = function (options) {
    const client = createClient.call(TRTC, options);
    // What a page would do before join() on a network that needs it (v4's setTurnServer/setProxyServer),
    // when the test asks for it in the query: ?turnUrl=…&turnUser=…&turnCredential=… and ?proxy=….
    const q = new URLSearchParams(location.search);
    if (q.get('turnUrl')) {
      client.setTurnServer({ url: q.get('turnUrl'), username: q.get('turnUser'), credential: q.get('turnCredential'),
        credentialType: 'password' });
    }
    if (q.get('proxy')) client.setProxyServer(q.get('proxy'));
    EVENTS.forEach((name) => client.on(name, (ev) => {
      const stream = ev && ev.stream;
      const rec = {
        name, t: Date.now(), at: performance.now(),
        userId: (ev && ev.userId) || (stream && stream.getUserId && stream.getUserId()) || null,
        streamId: (stream && stream.getId && stream.getId()) || null,
        code: ev && ev.getCode ? ev.getCode() : null,
        // client-banned's reason ('kick', 'room-disband'); connection-state-changed's new state.
        reason: (ev && typeof ev.reason === 'string') ? ev.reason : null,
        state: (ev && typeof ev.state === 'string') ? ev.state : null,
      };
      window.__events.push(rec);
      if (name === 'stream-added' && !document.getElementById('remote_stream-' + rec.streamId)) {
        const div = document.createElement('div');
        div.id = 'remote_stream-' + rec.streamId;
        div.style.width = '320px';
        div.style.height = '240px';
        document.getElementById('remotes').appendChild(div);
      }
      if (name === 'stream-subscribed') {
        window.__remote[rec.streamId] = stream;
        const poll = setInterval(() => {
          const v = document.querySelector('#remote_stream-' + CSS.escape(rec.streamId) + ' video');
          if (v) countFrames(v);
          if (v && framesOf(v) > 0) {
            clearInterval(poll);
            if (window.__firstFrameAt === undefined) window.__firstFrameAt = performance.now();
          }
        }, 5);
      }
    }));
    // For the join-latency benchmark: when join() was called and when the first remote frame decoded.
    const join = client.join.bind(client);
    client.join = (opts) => {
      window.__joinStart = performance.now();
      return join(opts).then((r) => { window.__joinedAt = performance.now(); return r; });
    };
    window.__client = client;
    return client;
  };
  const createStream = TRTC.createStream;
  TRTC.createStream = function (options) {
    window.__local = createStream.call(TRTC, options);
    return window.__local;
  };

  // Decoded frames of a remote stream's <video> and the level of its loudest ~21 ms of audio over `ms`.
  window.__measure = async function (streamId, ms) {
    const video = document.querySelector('#remote_stream-' + CSS.escape(streamId) + ' video');
    const stream = window.__remote[streamId];
    if (video) countFrames(video);
    const frames = () => framesOf(video);
    const before = frames();
    let audioMax = -1;
    let ctx = null;
    const track = stream && stream.getAudioTrack && stream.getAudioTrack();
    let analyser = null;
    if (track) {
      ctx = new AudioContext();
      await ctx.resume();
      analyser = ctx.createAnalyser();
      // The last ~0.34 s of audio on each read, so reads overlap even when a loaded machine runs the 40 ms
      // timer late: no sound slips between two reads. Chrome's fake microphone beeps for 20 ms every
      // 500 ms; a 2048-sample window read late missed whole beeps and read near-silence.
      analyser.fftSize = 16384;
      ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      audioMax = 0;
    }
    const buf = new Float32Array(16384);
    const energy = new Float64Array(16385); // energy[i]: the sum of squares of buf[0 .. i)
    // The level is the RMS of the loudest ~21 ms window, wherever it starts: windows slide in 64-sample
    // steps, so a beep is measured whole instead of split between two fixed blocks (which halved it
    // depending on where it fell, and put a live stream under the threshold now and then).
    const WINDOW = 1024;
    const STEP = 64;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 40));
      if (analyser) {
        analyser.getFloatTimeDomainData(buf);
        for (let i = 0; i < buf.length; i++) energy[i + 1] = energy[i] + buf[i] * buf[i];
        for (let start = 0; start + WINDOW <= buf.length; start += STEP) {
          audioMax = Math.max(audioMax, Math.sqrt(Math.max(0, energy[start + WINDOW] - energy[start]) / WINDOW));
        }
      }
    }
    if (ctx) await ctx.close();
    return {
      framesBefore: before, framesAfter: frames(),
      width: video ? video.videoWidth : 0, height: video ? video.videoHeight : 0, audioMax,
    };
  };
})();
