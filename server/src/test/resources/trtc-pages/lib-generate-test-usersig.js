/*
 * Stand-in for Tencent's lib-generate-test-usersig.min.js, which TRTC's demo pages load from their own
 * folder and which the file index we copy them from does not hold. Written for Parley's TrtcPagesIT;
 * same job, same API: new LibGenerateTestUserSig(sdkAppId, secretKey, expireSeconds)
 * .genTestUserSig(userId) → a TLS-Sig-API v2 UserSig (docs/USERSIG.md): the JSON document with the
 * HMAC-SHA256 of its fields under the secret key, zlib, base64 with '+/=' as '*-_'. Synchronous, as the
 * pages call it: SHA-256 in plain JS, zlib with stored blocks (any inflater reads them).
 */
(function () {
  'use strict';
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  /** FIPS 180-4 SHA-256 of bytes. */
  function sha256(bytes) {
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const bitLength = bytes.length * 8;
    const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
    return out;
  }

  /** RFC 2104 HMAC-SHA256. */
  function hmacSha256(key, message) {
    let k = key.length > 64 ? sha256(key) : key;
    const block = new Uint8Array(64);
    block.set(k);
    const inner = new Uint8Array(64 + message.length);
    const outer = new Uint8Array(64 + 32);
    for (let i = 0; i < 64; i++) {
      inner[i] = block[i] ^ 0x36;
      outer[i] = block[i] ^ 0x5c;
    }
    inner.set(message, 64);
    outer.set(sha256(inner), 64);
    return sha256(outer);
  }

  /** RFC 1950 zlib with RFC 1951 stored blocks. */
  function zlibStored(data) {
    const blocks = Math.max(1, Math.ceil(data.length / 65535));
    const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
    out[0] = 0x78;
    out[1] = 0x01;
    let p = 2;
    for (let b = 0; b < blocks; b++) {
      const chunk = data.subarray(b * 65535, Math.min(data.length, (b + 1) * 65535));
      out[p++] = b === blocks - 1 ? 1 : 0;
      out[p++] = chunk.length & 0xff;
      out[p++] = chunk.length >>> 8;
      out[p++] = ~chunk.length & 0xff;
      out[p++] = (~chunk.length >>> 8) & 0xff;
      out.set(chunk, p);
      p += chunk.length;
    }
    let s1 = 1;
    let s2 = 0;
    for (let i = 0; i < data.length; i++) {
      s1 = (s1 + data[i]) % 65521;
      s2 = (s2 + s1) % 65521;
    }
    const adler = ((s2 << 16) | s1) >>> 0;
    out[p++] = adler >>> 24;
    out[p++] = (adler >>> 16) & 0xff;
    out[p++] = (adler >>> 8) & 0xff;
    out[p++] = adler & 0xff;
    return out;
  }

  function base64(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }

  class LibGenerateTestUserSig {
    constructor(sdkAppId, secretKey, expireSeconds) {
      this.sdkAppId = Number(sdkAppId);
      this.secretKey = String(secretKey);
      this.expire = Number(expireSeconds);
    }

    genTestUserSig(userId) {
      const enc = new TextEncoder();
      const time = Math.floor(Date.now() / 1000);
      const content = `TLS.identifier:${userId}\nTLS.sdkappid:${this.sdkAppId}\nTLS.time:${time}\nTLS.expire:${this.expire}\n`;
      const sig = base64(hmacSha256(enc.encode(this.secretKey), enc.encode(content)));
      const json = JSON.stringify({
        'TLS.ver': '2.0', 'TLS.identifier': String(userId), 'TLS.sdkappid': this.sdkAppId,
        'TLS.expire': this.expire, 'TLS.time': time, 'TLS.sig': sig,
      });
      return base64(zlibStored(enc.encode(json))).replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
    }
  }
  window.LibGenerateTestUserSig = LibGenerateTestUserSig;
})();
