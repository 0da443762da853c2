// Unit tests for the browser-independent parts of the SDK (the modules in src/main/js/):
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import { mediaError } from '../../main/js/devices.js';
import { Emitter } from '../../main/js/emitter.js';
import TRTC from '../../main/js/index.js';
import { VIDEO_PROFILES, resolveAudioProfile, resolveVideoProfile, videoConstraints } from '../../main/js/profiles.js';
import { toVolume } from '../../main/js/quality.js';
import { parseSdpSections, receivingMidsByStream } from '../../main/js/sdp.js';
import { computeDefaultServerUrl } from '../../main/js/server-url.js';
import { qualityFrom, selectedPairRtt } from '../../main/js/stats.js';
import { normalizeRole, normalizeRoomId, validateClientConfig, validateStreamConfig } from '../../main/js/validation.js';

const { ErrorCode, RtcError } = TRTC;

function assertRtcError(fn, code, messagePattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof RtcError, `expected RtcError, got ${e}`);
    assert.equal(e.getCode(), code);
    if (messagePattern) assert.match(e.message, messagePattern);
    return true;
  });
}

// ── SDP ───────────────────────────────────────────────────────────────────────────────────

const SERVER_OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1 2', 'a=msid-semantic: WMS *',
  'm=audio 8000 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 10.0.0.1', 'a=mid:0', 'a=sendonly', 'a=msid:s3 s3-audio', 'a=rtpmap:111 opus/48000/2',
  'm=video 8000 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 10.0.0.1', 'a=mid:1', 'a=sendonly', 'a=msid:s3 s3-video', 'a=rtpmap:96 VP8/90000',
  'm=video 0 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 10.0.0.1', 'a=mid:2', 'a=inactive', 'a=msid:s1 s1-video',
  '',
].join('\r\n');

test('parseSdpSections reads kind, port, mid, direction and msid of every section', () => {
  const s = parseSdpSections(SERVER_OFFER);
  assert.equal(s.length, 3);
  assert.deepEqual(
    s.map(({ kind, port, mid, direction, streamId, trackId, rejected }) => ({ kind, port, mid, direction, streamId, trackId, rejected })),
    [
      { kind: 'audio', port: 8000, mid: '0', direction: 'sendonly', streamId: 's3', trackId: 's3-audio', rejected: false },
      { kind: 'video', port: 8000, mid: '1', direction: 'sendonly', streamId: 's3', trackId: 's3-video', rejected: false },
      { kind: 'video', port: 0, mid: '2', direction: 'inactive', streamId: 's1', trackId: 's1-video', rejected: true },
    ],
  );
});

test('receivingMidsByStream maps each stream to the mids sending to us, skipping rejected ones', () => {
  const m = receivingMidsByStream(parseSdpSections(SERVER_OFFER));
  assert.deepEqual(Array.from(m.entries()), [['s3', { audio: '0', video: '1' }]]);
});

test('a bundle-only section with port 0 is not rejected (RFC 8843 §6)', () => {
  const sdp = 'v=0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=bundle-only\r\na=mid:4\r\na=sendonly\r\na=msid:s2 v\r\n';
  const [s] = parseSdpSections(sdp);
  assert.equal(s.bundleOnly, true);
  assert.equal(s.rejected, false);
  assert.deepEqual(Array.from(receivingMidsByStream([s]).entries()), [['s2', { video: '4' }]]);
});

test('legacy a=ssrc msid is used when there is no a=msid line; "-" means no stream', () => {
  const sdp = 'v=0\nm=audio 9 RTP/SAVPF 111\na=mid:a\na=ssrc:1234 msid:s9 t9\nm=audio 9 RTP/SAVPF 111\na=mid:b\na=msid:- t\n';
  const s = parseSdpSections(sdp);
  assert.equal(s[0].streamId, 's9');
  assert.equal(s[0].trackId, 't9');
  assert.equal(s[1].streamId, null);
});

test('a session-level direction applies to sections without their own', () => {
  const s = parseSdpSections('v=0\r\na=sendonly\r\nm=audio 9 X 0\r\na=mid:0\r\nm=video 9 X 0\r\na=recvonly\r\n');
  assert.deepEqual(s.map((x) => x.direction), ['sendonly', 'recvonly']);
});

test('parseSdpSections never throws on garbage', () => {
  for (const junk of [undefined, null, 42, '', 'm=', 'a=msid:', 'm=audio\na=mid:\na=msid:\na=ssrc:x msid:', '\u0000\u00ff'.repeat(100)]) {
    assert.ok(Array.isArray(parseSdpSections(junk)));
  }
});

// ── Profiles ──────────────────────────────────────────────────────────────────────────────

test("video profile table: v4's names and bitrates, then the _2 ones", () => {
  assert.deepEqual(resolveVideoProfile('360p'), { width: 640, height: 360, frameRate: 15, bitrate: 800 });
  assert.deepEqual(resolveVideoProfile('480p'), { width: 640, height: 480, frameRate: 15, bitrate: 900 });
  assert.deepEqual(resolveVideoProfile('720p'), { width: 1280, height: 720, frameRate: 15, bitrate: 1500 });
  assert.deepEqual(resolveVideoProfile('480p_2'), { width: 640, height: 480, frameRate: 15, bitrate: 500 });
  assert.deepEqual(Object.keys(VIDEO_PROFILES), ['120p', '180p', '240p', '360p', '480p', '720p', '1080p', '1440p', '4K', '120p_2', '180p_2', '240p_2', '360p_2', '480p_2']);
});

test('an unknown profile name is reported and gives the default (v4); a malformed profile throws INVALID_PARAMETER', () => {
  const warnings = [];
  assert.deepEqual(resolveVideoProfile('640p', VIDEO_PROFILES, 'setVideoProfile', (m) => warnings.push(m)), { width: 640, height: 480, frameRate: 15, bitrate: 900 });
  assert.match(warnings[0], /unknown profile "640p"; using the default '480p'/);
  assert.deepEqual(resolveVideoProfile('toString'), resolveVideoProfile('480p'), 'no prototype names');
  assert.deepEqual(resolveVideoProfile({ width: 800, height: 600 }), { width: 800, height: 600, frameRate: 15, bitrate: 900 });
  assertRtcError(() => resolveVideoProfile({ width: -1 }), ErrorCode.INVALID_PARAMETER, /width/);
  assertRtcError(() => resolveVideoProfile(undefined), ErrorCode.INVALID_PARAMETER);
});

test('setVideoProfile never throws: an unknown name resolves with the default, a bad object rejects', async () => {
  const stream = TRTC.createStream({ audio: false, video: true });
  const p = stream.setVideoProfile('640p');
  assert.ok(p instanceof Promise);
  await p;
  assert.equal(stream._videoProfile.bitrate, 900);
  await stream.setVideoProfile('360p');
  assert.equal(stream._videoProfile.bitrate, 800);
  await assert.rejects(stream.setVideoProfile({ bitrate: 0 }), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  await assert.rejects(stream.setScreenProfile(42), (e) => e.getCode() === ErrorCode.INVALID_PARAMETER);
  const audio = stream.setAudioProfile('loudest');
  assert.ok(audio instanceof Promise);
  await audio;
  assert.equal(stream._audioProfile.bitrate, 40, "an unknown audio profile is 'standard'");
});

test('audio profiles: standard 40 kbps mono, high 128 kbps', () => {
  assert.equal(resolveAudioProfile('standard').bitrate, 40);
  assert.equal(resolveAudioProfile('high').bitrate, 128);
  assert.equal(resolveAudioProfile('high').channelCount, 1);
  assert.equal(resolveAudioProfile('loud'), resolveAudioProfile('standard'));
});

test('videoConstraints uses ideal sizes and an exact deviceId', () => {
  assert.deepEqual(videoConstraints(resolveVideoProfile('720p'), 'cam1'), {
    width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 15 }, deviceId: { exact: 'cam1' },
  });
  assert.deepEqual(videoConstraints(resolveVideoProfile('120p'), '', 'user').facingMode, 'user');
});

// ── Parameter validation ──────────────────────────────────────────────────────────────────

const GOOD = { mode: 'rtc', sdkAppId: 1400000000, userId: 'alice_1', userSig: 'eJw' };

test('createClient accepts TRTC parameters and normalizes them', () => {
  const c = validateClientConfig(Object.assign({}, GOOD, { sdkAppId: '1400000000', serverUrl: 'https://parley.example/ws' }));
  assert.equal(c.sdkAppId, 1400000000);
  assert.equal(c.serverUrl, 'wss://parley.example/ws');
  assert.equal(c.autoSubscribe, true);
  assert.equal(c.enableAutoPlayDialog, true);
  assert.equal(validateClientConfig(Object.assign({}, GOOD, { mode: 'videoCall' })).mode, 'videoCall');
});

test('createClient throws INVALID_PARAMETER naming the field to fix', () => {
  const cases = [
    [undefined, /options object/],
    [{ ...GOOD, mode: 'call' }, /mode/],
    [{ ...GOOD, sdkAppId: 0 }, /sdkAppId/],
    [{ ...GOOD, sdkAppId: 'abc' }, /sdkAppId/],
    [{ ...GOOD, userId: '' }, /userId/],
    [{ ...GOOD, userId: 'a'.repeat(33) }, /userId/],
    [{ ...GOOD, userId: 'bad id' }, /userId/],
    [{ ...GOOD, userSig: undefined }, /userSig/],
    [{ ...GOOD, serverUrl: 'ftp://x/ws' }, /serverUrl/],
    [{ ...GOOD, serverUrl: 'not a url' }, /serverUrl/],
  ];
  for (const [opts, pattern] of cases) assertRtcError(() => TRTC.createClient(opts), ErrorCode.INVALID_PARAMETER, pattern);
});

test('room ids: numbers 1 … 4294967294, digit strings as numbers, other strings as string rooms', () => {
  assert.equal(normalizeRoomId(1, false), 1);
  assert.equal(normalizeRoomId(4294967294, false), 4294967294);
  assert.equal(normalizeRoomId('1234', false), 1234);
  assert.equal(normalizeRoomId('1234', true), '1234');
  assert.equal(normalizeRoomId('daily-standup', false), 'daily-standup');
  for (const bad of [0, -1, 4294967295, 1.5, NaN, '', 'x'.repeat(65), 'a/b', null, undefined, {}]) {
    assertRtcError(() => normalizeRoomId(bad, false), ErrorCode.INVALID_PARAMETER, /roomId/);
  }
});

test('role: audience only in live mode; anchor by default', () => {
  assert.equal(normalizeRole(undefined, 'live'), 'anchor');
  assert.equal(normalizeRole('audience', 'live'), 'audience');
  assert.equal(normalizeRole('audience', 'rtc'), 'anchor');
  assertRtcError(() => normalizeRole('host', 'live'), ErrorCode.INVALID_PARAMETER, /role/);
});

test('createStream needs some media and well-typed sources', () => {
  assertRtcError(() => TRTC.createStream({ userId: 'a' }), ErrorCode.INVALID_PARAMETER, /at least one/);
  assertRtcError(() => TRTC.createStream({ audio: true, audioSource: {} }), ErrorCode.INVALID_PARAMETER, /audioSource/);
  assertRtcError(() => TRTC.createStream({ screen: true, video: true }), ErrorCode.INVALID_PARAMETER, /screen/);
  const fakeTrack = { kind: 'video', stop() {} };
  assert.equal(validateStreamConfig({ videoSource: fakeTrack }).videoSource, fakeTrack);
  assert.equal(validateStreamConfig({ video: true }).mirror, true);
  assert.equal(validateStreamConfig({ screen: true }).mirror, false);
});

// ── RtcError, Logger, Emitter ─────────────────────────────────────────────────────────────

test('RtcError: code, name, toString like TRTC', () => {
  const e = new RtcError({ code: ErrorCode.JOIN_ROOM_FAILED, message: 'UserSig expired' });
  assert.equal(e.getCode(), 0x4004);
  assert.equal(e.name, 'RtcError');
  assert.equal(String(e), 'RtcError: UserSig expired <0x4004>');
  assert.equal(new RtcError({ code: 0x1002, message: 'm', name: 'NotAllowedError' }).name, 'NotAllowedError');
  assert.ok(e instanceof Error);
});

test("RtcError has v4's fields: code_, message_, extraCode_ and getExtraCode()", () => {
  const e = new RtcError({ code: ErrorCode.SWITCH_ROLE_FAILED, message: 'refused', extraCode: 0x1001 });
  assert.equal(e.code_, 0x404a);
  assert.equal(e.message_, 'refused');
  assert.equal(e.message, 'refused');
  assert.equal(e.extraCode_, 0x1001);
  assert.equal(e.getExtraCode(), 0x1001);
  const plain = new RtcError({ code: ErrorCode.UNKNOWN, message: 'x' });
  assert.equal(plain.getExtraCode(), 0);
  assert.equal(plain.extraCode_, 0);
});

test('ErrorCode has TRTC v4 values (4.11–4.15)', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(ErrorCode).map(([k, v]) => [k, '0x' + v.toString(16)])), {
    INVALID_PARAMETER: '0x1000', INVALID_OPERATION: '0x1001', NOT_SUPPORTED: '0x1002', DEVICE_NOT_FOUND: '0x1003',
    INITIALIZE_FAILED: '0x1004', SIGNAL_CHANNEL_SETUP_FAILED: '0x4001', SIGNAL_CHANNEL_ERROR: '0x4002',
    ICE_TRANSPORT_ERROR: '0x4003', JOIN_ROOM_FAILED: '0x4004', CREATE_OFFER_FAILED: '0x4005',
    SIGNAL_CHANNEL_RECONNECTION_FAILED: '0x4006', UPLINK_RECONNECTION_FAILED: '0x4007', DOWNLINK_RECONNECTION_FAILED: '0x4008',
    REMOTE_STREAM_NOT_EXIST: '0x4010', CLIENT_BANNED: '0x4040', SERVER_TIMEOUT: '0x4041', SUBSCRIPTION_TIMEOUT: '0x4042',
    PLAY_NOT_ALLOWED: '0x4043', DEVICE_AUTO_RECOVER_FAILED: '0x4044', START_PUBLISH_CDN_FAILED: '0x4045',
    STOP_PUBLISH_CDN_FAILED: '0x4046', START_MIX_TRANSCODE_FAILED: '0x4047', STOP_MIX_TRANSCODE_FAILED: '0x4048',
    NOT_SUPPORTED_H264: '0x4049', SWITCH_ROLE_FAILED: '0x404a', API_CALL_TIMEOUT: '0x404b', UNKNOWN: '0xffff',
  });
});

test('getUserMedia errors keep their name and get TRTC codes', () => {
  const e = mediaError({ name: 'NotFoundError', message: 'x' }, 'camera');
  assert.equal(e.name, 'NotFoundError');
  assert.equal(e.getCode(), ErrorCode.DEVICE_NOT_FOUND);
  assert.equal(mediaError({ name: 'NotAllowedError' }, 'camera').getCode(), ErrorCode.NOT_SUPPORTED);
  assert.equal(mediaError({ name: 'NotReadableError' }, 'camera').name, 'NotReadableError');
  assert.equal(mediaError({ name: 'NotReadableError' }, 'camera').getCode(), ErrorCode.INITIALIZE_FAILED);
  assert.equal(mediaError({ name: 'AbortError' }, 'camera').getCode(), ErrorCode.INITIALIZE_FAILED);
});

test('Logger levels', () => {
  assert.deepEqual(TRTC.Logger.LogLevel, { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, NONE: 5 });
  TRTC.Logger.setLogLevel(TRTC.Logger.LogLevel.NONE);
  assert.equal(TRTC.Logger.getLogLevel(), 5);
  assertRtcError(() => TRTC.Logger.setLogLevel(9), ErrorCode.INVALID_PARAMETER);
});

test("Emitter: on, off(handler), off('*'), a throwing handler does not stop the others", () => {
  const em = new Emitter({ error() {} });
  const seen = [];
  const h1 = (p) => seen.push(`1:${p}`);
  em.on('x', () => {
    throw new Error('page bug');
  });
  em.on('x', h1);
  em.on('y', (p) => seen.push(`y:${p}`));
  em._emit('x', 'a');
  em.off('x', h1);
  em._emit('x', 'b');
  em.off('*');
  em._emit('y', 'c');
  assert.deepEqual(seen, ['1:a']);
});

test('default server URL comes from the script src: ws for http, wss for https, path prefix kept', () => {
  const scope = (src) => ({ document: { currentScript: { src } } });
  assert.equal(computeDefaultServerUrl(scope('http://localhost:8080/sdk/trtc.js')), 'ws://localhost:8080/ws');
  assert.equal(computeDefaultServerUrl(scope('https://meet.example.com/parley/sdk/trtc.js?v=1')), 'wss://meet.example.com/parley/ws');
  assert.equal(computeDefaultServerUrl(scope('https://cdn.example.com/trtc.js')), 'wss://cdn.example.com/ws');
  assert.equal(computeDefaultServerUrl({ document: { currentScript: null }, location: { href: 'http://h:1/page.html' } }), 'ws://h:1/ws');
  assert.equal(computeDefaultServerUrl(scope('file:///tmp/trtc.js')), null);
  assert.equal(computeDefaultServerUrl({}), null);
});

test('network quality scale', () => {
  assert.equal(qualityFrom(20, 0), 1);
  assert.equal(qualityFrom(80, 2), 2);
  assert.equal(qualityFrom(150, 4), 3);
  assert.equal(qualityFrom(300, 8), 4);
  assert.equal(qualityFrom(1000, 15), 5);
  assert.equal(qualityFrom(50, 40), 6);
});

test('RTT comes from the candidate pair the transport selected, else the selected/nominated one', () => {
  const report = (...entries) => new Map(entries.map((e) => [e.id, e]));
  const pair = (id, rtt, extra) => Object.assign({ id, type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: rtt }, extra || {});
  // Chromium: transport.selectedCandidatePairId names the pair in use, even when another one was nominated.
  assert.equal(selectedPairRtt(report(pair('p1', 0.2, { nominated: true }), pair('p2', 0.012, { nominated: true }), { id: 't', type: 'transport', selectedCandidatePairId: 'p2' })), 12);
  // Firefox: no transport stats; the pair says selected.
  assert.equal(selectedPairRtt(report(pair('p1', 0.3), pair('p2', 0.0404, { selected: true }))), 40);
  assert.equal(selectedPairRtt(report(pair('p1', 0.05, { nominated: true }))), 50);
  // No pair in use, or no RTT measured yet: unknown.
  assert.equal(selectedPairRtt(report(pair('p1', 0.05, { state: 'in-progress' }))), null);
  assert.equal(selectedPairRtt(report(pair('p1', undefined, { nominated: true }))), null);
  assert.equal(selectedPairRtt(new Map()), null);
});

test('audioVolume is the level × 100 as an integer within 0..100', () => {
  assert.equal(toVolume(0), 0);
  assert.equal(toVolume(0.034), 3);
  assert.equal(toVolume(0.5), 50);
  assert.equal(toVolume(1), 100);
  assert.equal(toVolume(1.7), 100);
  assert.equal(toVolume(-0.2), 0);
  assert.equal(toVolume(NaN), 0);
  assert.equal(toVolume(undefined), 0);
});
