// TRTC.checkSystemRequirements(): can this browser call through Parley? Codec support comes from
// RTCRtpSender/RTCRtpReceiver.getCapabilities, or on older browsers from a throwaway offer.

import { sdkLog } from './log.js';

/** @typedef {{h264Encode: boolean, vp8Encode: boolean, h264Decode: boolean, vp8Decode: boolean}} CodecSupport */

/** @returns {Promise<CodecSupport>} */
async function codecSupport() {
  const out = { h264Encode: false, vp8Encode: false, h264Decode: false, vp8Decode: false };
  /** @param {RTCRtpCapabilities | null} caps @param {string} mime */
  const has = (caps, mime) => !!(caps && caps.codecs && caps.codecs.some((c) => c.mimeType.toLowerCase() === mime));
  const g = globalThis;
  if (g.RTCRtpSender && typeof g.RTCRtpSender.getCapabilities === 'function') {
    const send = g.RTCRtpSender.getCapabilities('video');
    const recv = g.RTCRtpReceiver && g.RTCRtpReceiver.getCapabilities ? g.RTCRtpReceiver.getCapabilities('video') : send;
    out.h264Encode = has(send, 'video/h264');
    out.vp8Encode = has(send, 'video/vp8');
    out.h264Decode = has(recv, 'video/h264');
    out.vp8Decode = has(recv, 'video/vp8');
    return out;
  }
  if (!g.RTCPeerConnection) return out;
  // Older browsers: read the codecs from a throwaway offer.
  const pc = new g.RTCPeerConnection();
  try {
    const offer = await pc.createOffer({ offerToReceiveVideo: true });
    const sdp = offer.sdp || '';
    out.h264Encode = out.h264Decode = /a=rtpmap:\d+ H264\//i.test(sdp);
    out.vp8Encode = out.vp8Decode = /a=rtpmap:\d+ VP8\//i.test(sdp);
  } finally {
    pc.close();
  }
  return out;
}

/**
 * @typedef {object} SystemRequirements
 * @property {boolean} result
 * @property {{isBrowserSupported: boolean, isWebRTCSupported: boolean, isMediaDevicesSupported: boolean,
 *   isH264EncodeSupported: boolean, isVp8EncodeSupported: boolean, isH264DecodeSupported: boolean,
 *   isVp8DecodeSupported: boolean}} detail
 */

/**
 * Promise<{result, detail}> like TRTC's: result is true when this browser can call through Parley.
 * @returns {Promise<SystemRequirements>}
 */
export async function checkSystemRequirements() {
  const g = globalThis;
  const nav = g.navigator || /** @type {Partial<Navigator>} */ ({});
  const isWebRTCSupported = typeof g.RTCPeerConnection === 'function';
  const isMediaDevicesSupported = !!(nav.mediaDevices && typeof nav.mediaDevices.getUserMedia === 'function');
  let codecs = { h264Encode: false, vp8Encode: false, h264Decode: false, vp8Decode: false };
  try {
    codecs = await codecSupport();
  } catch (e) {
    sdkLog.warn('codec check failed', e);
  }
  // Unified Plan transceivers (addTransceiver) and WebSocket are what the SDK itself needs.
  const isBrowserSupported = isWebRTCSupported && typeof g.WebSocket === 'function' && typeof g.RTCRtpTransceiver === 'function';
  const detail = {
    isBrowserSupported,
    isWebRTCSupported,
    isMediaDevicesSupported,
    isH264EncodeSupported: codecs.h264Encode,
    isVp8EncodeSupported: codecs.vp8Encode,
    isH264DecodeSupported: codecs.h264Decode,
    isVp8DecodeSupported: codecs.vp8Decode,
  };
  const result = isBrowserSupported && isMediaDevicesSupported && (codecs.vp8Encode || codecs.h264Encode) && (codecs.vp8Decode || codecs.h264Decode);
  return { result, detail };
}
