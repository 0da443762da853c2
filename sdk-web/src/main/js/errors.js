// RtcError and TRTC's error codes (TRTC Web SDK v4 names and values — the same in every release from
// 4.11 to 4.15, as its typings list them; docs/WEB-SDK.md "Errors"). Pages compare the raw numbers.

export const ErrorCode = Object.freeze({
  INVALID_PARAMETER: 0x1000,
  INVALID_OPERATION: 0x1001,
  NOT_SUPPORTED: 0x1002,
  DEVICE_NOT_FOUND: 0x1003,
  INITIALIZE_FAILED: 0x1004,
  SIGNAL_CHANNEL_SETUP_FAILED: 0x4001,
  SIGNAL_CHANNEL_ERROR: 0x4002,
  ICE_TRANSPORT_ERROR: 0x4003,
  JOIN_ROOM_FAILED: 0x4004,
  CREATE_OFFER_FAILED: 0x4005,
  SIGNAL_CHANNEL_RECONNECTION_FAILED: 0x4006,
  UPLINK_RECONNECTION_FAILED: 0x4007,
  DOWNLINK_RECONNECTION_FAILED: 0x4008,
  REMOTE_STREAM_NOT_EXIST: 0x4010,
  CLIENT_BANNED: 0x4040,
  SERVER_TIMEOUT: 0x4041,
  SUBSCRIPTION_TIMEOUT: 0x4042,
  PLAY_NOT_ALLOWED: 0x4043,
  DEVICE_AUTO_RECOVER_FAILED: 0x4044,
  START_PUBLISH_CDN_FAILED: 0x4045,
  STOP_PUBLISH_CDN_FAILED: 0x4046,
  START_MIX_TRANSCODE_FAILED: 0x4047,
  STOP_MIX_TRANSCODE_FAILED: 0x4048,
  NOT_SUPPORTED_H264: 0x4049,
  SWITCH_ROLE_FAILED: 0x404a,
  API_CALL_TIMEOUT: 0x404b,
  UNKNOWN: 0xffff,
});

/**
 * @typedef {object} RtcErrorOptions
 * @property {number} [code] one of ErrorCode (default UNKNOWN)
 * @property {string} [message]
 * @property {string} [name] a DOMException's name (e.g. 'NotAllowedError'), kept as TRTC does for device errors
 * @property {number} [extraCode]
 * @property {any} [cause]
 */

export class RtcError extends Error {
  /** @param {RtcErrorOptions} options */
  constructor(options) {
    const opts = options || {};
    super(opts.message || '');
    this.name = opts.name || 'RtcError';
    /** @type {number} */
    this.code = typeof opts.code === 'number' ? opts.code : ErrorCode.UNKNOWN;
    /** @type {number} 0 when there is none */
    this.extraCode = typeof opts.extraCode === 'number' ? opts.extraCode : 0;
    // v4's own fields: Tencent's pages print `error.message_` and compare `error.code_`.
    /** @type {number} */
    this.code_ = this.code;
    /** @type {string} */
    this.message_ = this.message;
    /** @type {number} */
    this.extraCode_ = this.extraCode;
    if (opts.cause !== undefined) this.cause = opts.cause;
  }
  getCode() {
    return this.code;
  }
  getExtraCode() {
    return this.extraCode;
  }
  toString() {
    return `RtcError: ${this.message} <0x${this.code.toString(16)}>`;
  }
}

/**
 * @param {number} code
 * @param {string} message
 * @param {Omit<RtcErrorOptions, 'code' | 'message'>} [extra]
 */
export function rtcError(code, message, extra) {
  return new RtcError(Object.assign({ code, message }, extra || {}));
}

/** INVALID_PARAMETER with a message saying what to fix. @param {string} message */
export function invalid(message) {
  return rtcError(ErrorCode.INVALID_PARAMETER, message);
}

/**
 * Wraps anything thrown into an RtcError, keeping an RtcError as it is.
 * @param {any} e
 * @param {number} fallbackCode
 * @param {string} [context]
 * @returns {RtcError}
 */
export function toRtcError(e, fallbackCode, context) {
  if (e instanceof RtcError) return e;
  const detail = e && e.message ? e.message : String(e);
  return new RtcError({ code: fallbackCode, message: context ? `${context}: ${detail}` : detail, cause: e });
}

/**
 * The `error` object of a failed response or `error` event (PROTOCOL.md "Frames").
 * @param {{code?: unknown, message?: string, name?: string} | undefined | null} wire
 * @param {number} fallbackCode
 */
export function errorFromWire(wire, fallbackCode) {
  const w = wire || {};
  const code = typeof w.code === 'number' ? w.code : fallbackCode;
  const err = new RtcError({ code, message: w.message || w.name || 'server error' });
  // PROTOCOL.md "Frames": a machine-readable reason ('rate-limited', 'busy', 'overloaded', 'draining',
  // 'session-unknown'), and for some of them how long to wait before trying again.
  const reason = /** @type {any} */ (w).reason;
  if (typeof reason === 'string') /** @type {any} */ (err).reason = reason;
  const retryAfter = /** @type {any} */ (w).retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter >= 0) /** @type {any} */ (err).retryAfterSeconds = retryAfter;
  return err;
}
