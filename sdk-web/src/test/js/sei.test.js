// SEI messages in H.264 frames (sei.js) and sendSEIMessage's checks: node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';

import TRTC from '../../main/js/index.js';
import { escapeRbsp, insertSei, nalUnits, readSei, seiNal, unescapeRbsp } from '../../main/js/sei.js';

const { ErrorCode } = TRTC;
TRTC.Logger.setLogLevel(TRTC.Logger.LogLevel.NONE);

/** An H.264 key frame as encoders give it to encoded transforms: SPS, PPS, IDR slice (Annex B). */
function keyFrame() {
  return Uint8Array.from([0, 0, 0, 1, 0x67, 0x42, 0xe0, 0x1f, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x10]);
}

test('emulation prevention: 00 00 0x (x ≤ 3) gets an 03, and comes back out', () => {
  const rbsp = Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 4]);
  const escaped = escapeRbsp(rbsp);
  assert.deepEqual(Array.from(escaped), [0, 0, 3, 1, 0, 0, 3, 0, 0, 3, 0, 3, 0, 0, 4]);
  assert.deepEqual(Array.from(unescapeRbsp(escaped)), Array.from(rbsp));
});

test('an SEI NAL unit: type 6, payload type and size, the bytes, the trailing bits', () => {
  assert.deepEqual(Array.from(seiNal(Uint8Array.from([1, 2, 3]), 243)), [6, 243, 3, 1, 2, 3, 0x80]);
  const long = seiNal(new Uint8Array(300).fill(7), 243);
  assert.deepEqual(Array.from(long.subarray(0, 4)), [6, 243, 255, 45]); // size 300 = 255 + 45
});

test('insertSei puts the message before the first slice; readSei gives the bytes back as sent', () => {
  const frame = keyFrame();
  const data = Uint8Array.from([0, 0, 1, 0, 0, 0, 0xff, 0x80, 42]); // start-code-like and trailing-bits-like bytes
  const withSei = insertSei(frame, seiNal(data, 243));
  const types = nalUnits(withSei).map((u) => withSei[u.start] & 0x1f);
  assert.deepEqual(types, [7, 8, 6, 5]);
  assert.deepEqual(readSei(withSei).map((m) => [m.payloadType, Array.from(m.data)]), [[243, Array.from(data)]]);
  assert.deepEqual(readSei(frame), []);
});

test("payload type 5 carries Parley's UUID; other UUIDs and other types are not ours", () => {
  const data = Uint8Array.from([9, 8, 7]);
  const withSei = insertSei(keyFrame(), seiNal(data, 5));
  assert.deepEqual(readSei(withSei).map((m) => [m.payloadType, Array.from(m.data)]), [[5, [9, 8, 7]]]);
  const foreign = Uint8Array.from([6, 5, 19, ...new Array(16).fill(1), 9, 8, 7, 0x80]);
  assert.deepEqual(readSei(insertSei(keyFrame(), foreign)), []);
  const recoveryPoint = Uint8Array.from([6, 6, 1, 0x84, 0x80]);
  assert.deepEqual(readSei(insertSei(keyFrame(), recoveryPoint)), []);
});

test('a frame without a slice (or not Annex B) is left as it is', () => {
  const notAnnexB = Uint8Array.from([1, 2, 3, 4]);
  assert.equal(insertSei(notAnnexB, seiNal(Uint8Array.from([1]), 243)), notAnnexB);
});

test('sendSEIMessage checks its arguments first, then that SEI is enabled and video is published', () => {
  const client = TRTC.createClient({ mode: 'rtc', sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', serverUrl: 'ws://parley.test/ws' });
  for (const [args, code] of [
    [['text'], ErrorCode.INVALID_PARAMETER],
    [[new ArrayBuffer(0)], ErrorCode.INVALID_PARAMETER],
    [[new ArrayBuffer(1001)], ErrorCode.INVALID_PARAMETER],
    [[new ArrayBuffer(4), { seiPayloadType: 6 }], ErrorCode.INVALID_PARAMETER],
    [[new ArrayBuffer(4)], ErrorCode.INVALID_OPERATION],
  ]) {
    assert.throws(() => client.sendSEIMessage(...args), (e) => e.getCode() === code, JSON.stringify(args.map(String)));
  }
  const sei = TRTC.createClient({ mode: 'rtc', sdkAppId: 1400000000, userId: 'bob', userSig: 'sig', serverUrl: 'ws://parley.test/ws', enableSEI: true });
  // node has no encoded transforms
  assert.throws(() => sei.sendSEIMessage(new Uint8Array([1]).buffer), (e) => e.getCode() === ErrorCode.NOT_SUPPORTED);
});
