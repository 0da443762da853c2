// SEI messages in H.264 frames (TRTC's sendSEIMessage / 'sei-message'): an SEI NAL unit (ITU-T H.264
// §7.3.2.3, nal_unit_type 6) carrying one message of payload type 243 (a type the standard leaves
// reserved, TRTC's default) or 5 (user_data_unregistered, §D.1.6: a 16-byte UUID, then the bytes),
// put into an encoded frame before its first slice, and read out of received frames. The frames are
// Annex B byte streams (start codes), as browsers' encoded transforms give H.264.
//
// These functions run in a worker too (sei-transform.js builds its source from them): each is
// self-contained — no imports, no module constants — and they call each other by name only.

/** Parley's UUID for user_data_unregistered (payload type 5) messages. */
export function seiUuid() {
  return new Uint8Array([0x70, 0x61, 0x72, 0x6c, 0x65, 0x79, 0x2d, 0x73, 0x65, 0x69, 0x2d, 0x74, 0x72, 0x74, 0x63, 0x34]);
}

/**
 * Emulation prevention (§7.4.1): an 0x03 after every two zero bytes that a byte 0–3 follows.
 * @param {Uint8Array} rbsp
 * @returns {Uint8Array}
 */
export function escapeRbsp(rbsp) {
  const out = [];
  let zeros = 0;
  for (let i = 0; i < rbsp.length; i++) {
    const b = rbsp[i];
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/**
 * Removes emulation prevention bytes (the 0x03 of every 00 00 03).
 * @param {Uint8Array} ebsp
 * @returns {Uint8Array}
 */
export function unescapeRbsp(ebsp) {
  const out = [];
  let zeros = 0;
  for (let i = 0; i < ebsp.length; i++) {
    const b = ebsp[i];
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/**
 * An SEI NAL unit (no start code) with one message.
 * @param {Uint8Array} data the message's bytes
 * @param {number} payloadType 5 or 243
 * @returns {Uint8Array}
 */
export function seiNal(data, payloadType) {
  const body = payloadType === 5 ? new Uint8Array(16 + data.length) : data;
  if (payloadType === 5) {
    body.set(seiUuid(), 0);
    body.set(data, 16);
  }
  const rbsp = [];
  // §7.3.2.3.1: payload type and size as runs of 0xFF plus a last byte.
  for (let v = payloadType; ; v -= 255) {
    if (v < 255) {
      rbsp.push(v);
      break;
    }
    rbsp.push(255);
  }
  for (let v = body.length; ; v -= 255) {
    if (v < 255) {
      rbsp.push(v);
      break;
    }
    rbsp.push(255);
  }
  for (let i = 0; i < body.length; i++) rbsp.push(body[i]);
  rbsp.push(0x80); // rbsp_trailing_bits
  const escaped = escapeRbsp(Uint8Array.from(rbsp));
  const nal = new Uint8Array(1 + escaped.length);
  nal[0] = 6; // forbidden_zero_bit 0, nal_ref_idc 0, nal_unit_type 6 (SEI)
  nal.set(escaped, 1);
  return nal;
}

/**
 * The NAL units of an Annex B frame: [start of the unit (its header), end), without start codes.
 * @param {Uint8Array} frame
 * @returns {Array<{start: number, end: number, codeStart: number}>}
 */
export function nalUnits(frame) {
  const units = [];
  let i = 0;
  let current = null;
  while (i + 2 < frame.length) {
    if (frame[i] === 0 && frame[i + 1] === 0 && frame[i + 2] === 1) {
      const codeStart = i > 0 && frame[i - 1] === 0 ? i - 1 : i;
      if (current) current.end = codeStart;
      current = { start: i + 3, end: frame.length, codeStart };
      units.push(current);
      i += 3;
    } else {
      i++;
    }
  }
  return units;
}

/**
 * The frame with `nal` (an SEI NAL unit) put before its first slice (§7.4.1.2.3: SEI precedes the
 * primary coded picture); a frame without start codes is returned as it is.
 * @param {Uint8Array} frame
 * @param {Uint8Array} nal
 * @returns {Uint8Array}
 */
export function insertSei(frame, nal) {
  const units = nalUnits(frame);
  const slice = units.find((u) => u.start < u.end && ((frame[u.start] & 0x1f) === 1 || (frame[u.start] & 0x1f) === 5));
  if (!slice) return frame;
  const at = slice.codeStart;
  const out = new Uint8Array(frame.length + 4 + nal.length);
  out.set(frame.subarray(0, at), 0);
  out.set([0, 0, 0, 1], at);
  out.set(nal, at + 4);
  out.set(frame.subarray(at), at + 4 + nal.length);
  return out;
}

/**
 * The SEI messages of payload type 243, and 5 with Parley's UUID, in a frame (their bytes as sent).
 * @param {Uint8Array} frame
 * @returns {Array<{payloadType: number, data: Uint8Array}>}
 */
export function readSei(frame) {
  const found = [];
  for (const u of nalUnits(frame)) {
    if (u.start >= u.end || (frame[u.start] & 0x1f) !== 6) continue;
    const rbsp = unescapeRbsp(frame.subarray(u.start + 1, u.end));
    let p = 0;
    // Each message: type, size, payload; the trailing bits (0x80) end the unit.
    while (p < rbsp.length && rbsp[p] !== 0x80) {
      let type = 0;
      while (p < rbsp.length && rbsp[p] === 255) {
        type += 255;
        p++;
      }
      type += rbsp[p++];
      let size = 0;
      while (p < rbsp.length && rbsp[p] === 255) {
        size += 255;
        p++;
      }
      size += rbsp[p++];
      if (p + size > rbsp.length) break;
      const payload = rbsp.slice(p, p + size);
      p += size;
      if (type === 243) {
        found.push({ payloadType: 243, data: payload });
      } else if (type === 5 && payload.length >= 16) {
        const uuid = seiUuid();
        let ours = true;
        for (let k = 0; k < 16; k++) if (payload[k] !== uuid[k]) ours = false;
        if (ours) found.push({ payloadType: 5, data: payload.slice(16) });
      }
    }
  }
  return found;
}
