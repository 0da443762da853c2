// TRTC's on/off event API, shared by Client and the streams. What each event carries: events.js.

import { ErrorCode, rtcError } from './errors.js';
import { sdkLog } from './log.js';

/**
 * @template {object} M event name → payload (events.js: ClientEventMap, StreamEventMap)
 */
export class Emitter {
  /** @param {import('./log.js').Log} [log] where a throwing handler is reported */
  constructor(log) {
    /** @type {Map<string, Array<{handler: Function, context: unknown}>>} */
    this._handlers = new Map();
    this._emitterLog = log || sdkLog;
  }

  /**
   * on(event, handler[, context]) — TRTC's signature.
   * @template {keyof M & string} K
   * @param {K} event
   * @param {(payload: M[K]) => void} handler
   * @param {unknown} [context] `this` for the handler
   */
  on(event, handler, context) {
    if (typeof event !== 'string' || typeof handler !== 'function') {
      throw rtcError(ErrorCode.INVALID_PARAMETER, 'on(eventName, handler): eventName must be a string and handler a function');
    }
    if (!this._handlers.has(event)) this._handlers.set(event, []);
    this._handlers.get(event).push({ handler, context });
  }

  /**
   * off(event, handler) removes one handler; off(event) all of that event; off('*') every handler.
   * @param {(keyof M & string) | '*'} event
   * @param {Function} [handler]
   */
  off(event, handler) {
    if (event === '*') {
      this._handlers.clear();
      return;
    }
    const list = this._handlers.get(event);
    if (!list) return;
    if (!handler) {
      this._handlers.delete(event);
      return;
    }
    const kept = list.filter((h) => h.handler !== handler);
    if (kept.length) this._handlers.set(event, kept);
    else this._handlers.delete(event);
  }

  /**
   * @template {keyof M & string} K
   * @param {K} event
   * @param {M[K]} payload
   */
  _emit(event, payload) {
    const list = this._handlers.get(event);
    if (!list) return;
    for (const { handler, context } of list.slice()) {
      try {
        handler.call(context, payload);
      } catch (e) {
        // A page's handler bug must not break the SDK's state machine.
        this._emitterLog.error(`a '${event}' handler threw`, e);
      }
    }
  }
}
