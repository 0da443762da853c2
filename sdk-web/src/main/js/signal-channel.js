// The signaling connection: a WebSocket, requests answered by id, server events (PROTOCOL.md "Frames").
// It outlives one socket: when the socket drops during a call the client reconnects (reconnection.js) with
// open() again on the same channel; request ids keep counting, requests not yet answered wait and are sent
// again, with the same ids, after a resume (the server answers one it already applied from memory).

import { ErrorCode, errorFromWire, rtcError, toRtcError } from './errors.js';

export const PROTOCOL_VERSION = 1;
const REQUEST_TIMEOUT_MS = 10000;

/**
 * @typedef {object} SignalHooks
 * @property {(name: string, data: any) => void} onEvent a server event (PROTOCOL.md "Events")
 * @property {(info: {code: number, reason: string}) => void} onClose closed by the server or the network
 * @property {import('./log.js').Log} log
 */

/**
 * @typedef {object} RequestOptions
 * @property {number} [timeoutMs] default 10 s
 * @property {number} [timeoutCode] the ErrorCode of a timeout (default SERVER_TIMEOUT)
 * @property {boolean} [onlyWhenOpen] the request belongs to the open socket ('join', 'resume', 'heartbeat'):
 *   not queued while reconnecting, failed when the socket drops
 */

export class SignalChannel {
  /**
   * @param {string} url ws(s)://host/ws
   * @param {SignalHooks} hooks
   */
  constructor(url, hooks) {
    this._url = url;
    this._hooks = hooks;
    this._log = hooks.log;
    /** @type {WebSocket | null} */
    this._ws = null;
    this._nextId = 1;
    /** @type {Map<number, {type: string, frame: string, socketBound: boolean, resolve: (data: any) => void, reject: (e: any) => void, timer: ReturnType<typeof setTimeout>}>} */
    this._pending = new Map();
    this._closedByUs = false;
    this._closed = false;
    /** The client is reconnecting: a lost socket keeps the channel and its unanswered requests. */
    this.suspended = false;
    this.lastReceivedAt = Date.now();
  }

  get isOpen() {
    return !!this._ws && this._ws.readyState === 1 && !this._closed;
  }

  /**
   * Opens a socket (the first, or a new one after the last dropped); rejects SIGNAL_CHANNEL_SETUP_FAILED
   * when it cannot.
   * @param {number} timeoutMs
   * @returns {Promise<void>}
   */
  open(timeoutMs) {
    const Ws = globalThis.WebSocket;
    if (typeof Ws !== 'function') {
      return Promise.reject(rtcError(ErrorCode.NOT_SUPPORTED, 'this environment has no WebSocket'));
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      this._dropSocket();
      this._closed = false;
      this._closedByUs = false;
      /** @param {string} why */
      const fail = (why) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this._dropSocket();
        reject(rtcError(ErrorCode.SIGNAL_CHANNEL_SETUP_FAILED, `cannot reach the Parley server at ${this._url}: ${why}`));
      };
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
      let ws;
      try {
        ws = new Ws(this._url);
      } catch (e) {
        fail(e && e.message ? e.message : String(e));
        return;
      }
      this._ws = ws;
      ws.onopen = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.lastReceivedAt = Date.now();
        this._log.debug(`signaling open ${this._url}`);
        resolve();
      };
      ws.onmessage = (ev) => {
        if (this._ws === ws) this._onMessage(ev.data);
      };
      ws.onerror = () => {
        if (!settled) fail('WebSocket error (wrong serverUrl, server down, or TLS problem)');
      };
      ws.onclose = (ev) => {
        if (!settled) {
          fail(`closed (${ev.code}${ev.reason ? ' ' + ev.reason : ''})`);
          return;
        }
        if (this._ws === ws) this._onSocketLost(ev.code, ev.reason);
      };
    });
  }

  /**
   * Sends one request; resolves with the response's `data`, rejects an RtcError with the server's
   * code, or SERVER_TIMEOUT (or options.timeoutCode) when no response comes in time.
   * @param {string} type
   * @param {object} [data]
   * @param {RequestOptions} [options]
   * @returns {Promise<any>}
   */
  request(type, data, options) {
    const opts = options || {};
    if (!this.isOpen && !(this.suspended && !opts.onlyWhenOpen)) {
      return Promise.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `cannot send '${type}': the signaling connection is not open`));
    }
    const id = this._nextId++;
    const timeoutMs = opts.timeoutMs || REQUEST_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(rtcError(opts.timeoutCode || ErrorCode.SERVER_TIMEOUT, `server did not answer '${type}' within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const frame = JSON.stringify({ v: PROTOCOL_VERSION, id, type, data: data || {} });
      // 'resume' and 'join' belong to one socket; the rest wait out a reconnection and are sent again.
      this._pending.set(id, { type, frame, resolve, reject, timer, socketBound: !!opts.onlyWhenOpen });
      if (!this.isOpen) {
        this._log.debug(`'${type}' #${id} waits for the signaling connection to come back`);
        return;
      }
      this._log.trace(`→ ${type} #${id}`, frame.length > 400 ? frame.slice(0, 400) + '…' : frame);
      try {
        this._ws.send(frame);
      } catch (e) {
        clearTimeout(timer);
        this._pending.delete(id);
        reject(toRtcError(e, ErrorCode.SIGNAL_CHANNEL_ERROR, `sending '${type}'`));
      }
    });
  }

  /**
   * After a resume: the requests that got no answer go out again with their ids (PROTOCOL.md "Resume").
   */
  resendPending() {
    for (const [id, p] of this._pending) {
      if (!this.isOpen) return;
      this._log.debug(`sending '${p.type}' #${id} again after the resume`);
      this._ws.send(p.frame);
    }
  }

  /**
   * After a fresh join: the old session's unanswered requests are void.
   * @param {string} why
   */
  failPending(why) {
    for (const [id, p] of Array.from(this._pending)) {
      if (p.socketBound) continue;
      clearTimeout(p.timer);
      this._pending.delete(id);
      p.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `'${p.type}' was not answered: ${why}`));
    }
  }

  /**
   * Gives up the current socket (the server went silent) without ending the channel: the server sees a
   * close code that is not a goodbye (4100), so it keeps the participant for a resume.
   */
  abandonSocket() {
    const ws = this._ws;
    if (!ws) return;
    this._ws = null;
    try {
      ws.close(4100, 'reconnecting');
    } catch (e) {
      // already closing
    }
    this._failSocketBound();
  }

  /** Drops the socket object without any event (a new one is being opened). */
  _dropSocket() {
    const ws = this._ws;
    this._ws = null;
    if (ws && (ws.readyState === 0 || ws.readyState === 1)) {
      try {
        ws.close(4100, 'reconnecting');
      } catch (e) {
        // already closing
      }
    }
  }

  /** The socket-bound requests ('join', 'resume') of a socket that is gone fail at once. */
  _failSocketBound() {
    for (const [id, p] of Array.from(this._pending)) {
      if (!p.socketBound) continue;
      clearTimeout(p.timer);
      this._pending.delete(id);
      p.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `signaling connection closed before the server answered '${p.type}'`));
    }
  }

  /**
   * The socket dropped: the client either reconnects (sets `suspended`: the requests wait) or calls close().
   * @param {number} code @param {string} reason
   */
  _onSocketLost(code, reason) {
    this._ws = null;
    if (this._closed || this._closedByUs) return;
    this._failSocketBound();
    this._log.warn(`signaling closed by the server or network (code ${code}${reason ? ', ' + reason : ''})`);
    // The client decides: reconnect (suspended: the other requests wait) or end the channel (close()).
    this._hooks.onClose({ code, reason: reason || '' });
  }

  close() {
    this.suspended = false;
    this._closedByUs = true;
    const ws = this._ws;
    if (ws && (ws.readyState === 0 || ws.readyState === 1)) {
      try {
        ws.close(1000, 'client closed');
      } catch (e) {
        // already closing
      }
    }
    this._onClosed(1000, 'client closed');
  }

  /** @param {number} code @param {string} reason */
  _onClosed(code, reason) {
    if (this._closed) return;
    this._closed = true;
    for (const [, p] of this._pending) {
      clearTimeout(p.timer);
      p.reject(rtcError(ErrorCode.SIGNAL_CHANNEL_ERROR, `signaling connection closed before the server answered '${p.type}'`));
    }
    this._pending.clear();
    if (!this._closedByUs) {
      this._log.warn(`signaling closed by the server or network (code ${code}${reason ? ', ' + reason : ''})`);
      this._hooks.onClose({ code, reason: reason || '' });
    }
  }

  /** @param {string} text */
  _onMessage(text) {
    this.lastReceivedAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      this._log.warn('ignoring a frame that is not JSON');
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.type === 'response') {
      const p = this._pending.get(frame.id);
      if (!p) {
        if (frame.ok === false) this._log.warn(`server error for request #${frame.id}:`, frame.error);
        return;
      }
      this._pending.delete(frame.id);
      clearTimeout(p.timer);
      this._log.trace(`← response #${frame.id} ${frame.ok ? 'ok' : 'error'}`);
      if (frame.ok) p.resolve(frame.data || {});
      else p.reject(errorFromWire(frame.error, ErrorCode.UNKNOWN));
    } else if (frame.type === 'event') {
      this._log.trace(`← event ${frame.name}`, frame.data);
      this._hooks.onEvent(frame.name, frame.data || {});
    }
  }
}
