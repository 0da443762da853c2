// The SDK's console log: TRTC.Logger's levels, lines starting with "[Parley] <time> <LEVEL> <tag>:".

import { ErrorCode, rtcError } from './errors.js';

export const LogLevel = Object.freeze({ TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, NONE: 5 });
const LEVEL_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
/** @type {number} */
let logLevel = LogLevel.INFO;

/**
 * One tagged logger (a client, a stream).
 * @typedef {object} Log
 * @property {(...args: any[]) => void} trace
 * @property {(...args: any[]) => void} debug
 * @property {(...args: any[]) => void} info
 * @property {(...args: any[]) => void} warn
 * @property {(...args: any[]) => void} error
 */

function timestamp() {
  const d = new Date();
  /** @param {number} n @param {number} w */
  const pad = (n, w) => String(n).padStart(w, '0');
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/** @param {number} level @param {string} tag @param {any[]} args */
function write(level, tag, args) {
  if (level < logLevel || !globalThis.console) return;
  const c = globalThis.console;
  const sink = level >= LogLevel.ERROR ? c.error : level === LogLevel.WARN ? c.warn : level === LogLevel.INFO ? c.info : c.debug;
  (sink || c.log).call(c, `[Parley] ${timestamp()} ${LEVEL_NAMES[level]} ${tag}:`, ...args);
}

/** @param {string} tag @returns {Log} */
export function createLog(tag) {
  return {
    trace: (...a) => write(LogLevel.TRACE, tag, a),
    debug: (...a) => write(LogLevel.DEBUG, tag, a),
    info: (...a) => write(LogLevel.INFO, tag, a),
    warn: (...a) => write(LogLevel.WARN, tag, a),
    error: (...a) => write(LogLevel.ERROR, tag, a),
  };
}

/** TRTC.Logger */
export const Logger = Object.freeze({
  LogLevel,
  /** @param {number | string} level a LogLevel value or its name */
  setLogLevel(level) {
    const value = typeof level === 'string' ? LogLevel[/** @type {keyof typeof LogLevel} */ (level.toUpperCase())] : level;
    if (!Number.isInteger(value) || value < LogLevel.TRACE || value > LogLevel.NONE) {
      throw rtcError(ErrorCode.INVALID_PARAMETER, 'setLogLevel(level): use one of TRTC.Logger.LogLevel.TRACE … NONE');
    }
    logLevel = value;
  },
  getLogLevel() {
    return logLevel;
  },
  // TRTC uploads logs to Tencent; Parley keeps everything local. Kept so existing calls work.
  enableUploadLog() {},
  disableUploadLog() {},
});

/** The log of the TRTC namespace itself (createClient, the autoplay prompt, emitters without their own). */
export const sdkLog = createLog('TRTC');
