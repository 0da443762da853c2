// The uplink: one RTCPeerConnection per published stream (PROTOCOL.md "publish"), our offer, the
// server's answer; what publications.js keeps of it, and the helpers it needs.

import { ErrorCode, RtcError, rtcError } from './errors.js';
import { editEncodings } from './sender-parameters.js';
import { bigEncodingIndex } from './simulcast.js';

// The server is ICE-lite with a host candidate (PROTOCOL.md): no STUN/TURN needed.
export const PC_CONFIG = Object.freeze({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
export const ICE_CONNECT_TIMEOUT_MS = 15000;

/** @typedef {{audio: RTCRtpSender | null, video: RTCRtpSender | null}} Senders */

/**
 * One published stream's connection.
 * @typedef {object} Uplink
 * @property {RTCPeerConnection} pc
 * @property {import('./local-stream.js').LocalStream} stream
 * @property {string | null} streamId the server's, once published
 * @property {import('./stream-info.js').StreamType} type
 * @property {Senders} senders
 * @property {boolean} small the video goes out as two layers (enableSmallStream() before publish, main stream only)
 * @property {boolean} h264 the video was offered as H.264 only (enableSEI)
 */

/**
 * Resolves once pc is connected; rejects ICE_TRANSPORT_ERROR on failure, close or timeout.
 * @param {RTCPeerConnection} pc
 * @param {number} timeoutMs
 * @param {string} what for the message
 * @returns {Promise<void>}
 */
export function waitForConnected(pc, timeoutMs, what) {
  const stateOf = () => pc.connectionState || pc.iceConnectionState;
  return new Promise((resolve, reject) => {
    /** @type {ReturnType<typeof setTimeout> | null} */
    let timer = null;
    const check = () => {
      const s = stateOf();
      if (s === 'connected' || s === 'completed') done(null);
      else if (s === 'failed' || s === 'closed') done(rtcError(ErrorCode.ICE_TRANSPORT_ERROR, `${what}: media connection ${s} (is UDP to the Parley media port reachable?)`));
    };
    /** @param {RtcError | null} err */
    const done = (err) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      pc.removeEventListener('iceconnectionstatechange', check);
      if (err) reject(err);
      else resolve();
    };
    timer = setTimeout(() => done(rtcError(ErrorCode.ICE_TRANSPORT_ERROR, `${what}: media connection not established within ${timeoutMs / 1000} s (is UDP to the Parley media port reachable?)`)), timeoutMs);
    pc.addEventListener('connectionstatechange', check);
    pc.addEventListener('iceconnectionstatechange', check);
    check();
  });
}

/**
 * Sets maxBitrate (kbps) on a sender's big encoding (the only one, or rid 'h' when the small stream
 * is sent as well), after the sender's pending encoding edits (sender-parameters.js). A browser that
 * refuses it is logged, not thrown: the stream still flows at the browser's own rate.
 * @param {RTCRtpSender | null} sender
 * @param {number} kbps
 * @param {import('./log.js').Log} log
 */
export async function applyMaxBitrate(sender, kbps, log) {
  if (!sender || typeof sender.getParameters !== 'function' || !kbps) return;
  try {
    await editEncodings(sender, (params) => {
      if (!params.encodings || params.encodings.length === 0) params.encodings = [{}];
      params.encodings[bigEncodingIndex(params.encodings)].maxBitrate = Math.round(kbps * 1000);
    });
  } catch (e) {
    log.warn(`could not set the video bitrate to ${kbps} kbps`, e);
  }
}

