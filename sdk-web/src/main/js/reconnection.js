// Reconnection: what a Client does when its signaling connection drops during a call (WEB-SDK.md
// "Connection states and recovery", PROTOCOL.md "Reconnection"). The state goes RECONNECTING; new sockets
// are tried with backoff and jitter; the first that opens presents the session's resume token. A resume
// keeps everything (media never stopped); the server's room state corrects the view. When the server no
// longer knows the session (its grace ran out, or it restarted) the client joins afresh with the page's
// UserSig, republishes and resubscribes, keeping the page's Stream objects. Never after 4001/4002/4003
// (replaced, kicked, room dismissed) nor after client-banned.

import { ErrorCode, rtcError, toRtcError } from './errors.js';
import { iceServersFromJoin } from './cloud-services.js';

/** Close codes after which the client must not come back (PROTOCOL.md "Close codes"). */
const FINAL_CLOSE_CODES = [4001, 4002, 4003];
/**
 * Backoff between attempts: 250 ms doubling to 1 s, each with ±50 % jitter, so that the clients of a
 * restarted server do not all come at once and each is back within about 1.5 s of the server.
 */
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 1000;
/** After this long without success the client gives up: DISCONNECTED and SIGNAL_CHANNEL_RECONNECTION_FAILED. */
const GIVE_UP_MS = 60000;
const OPEN_TIMEOUT_MS = 5000;
const RESUME_TIMEOUT_MS = 5000;
const JOIN_TIMEOUT_MS = 10000;
/** A join refused for one of these reasons may succeed later (PROTOCOL.md "Limits", "Drain"). */
const RETRYABLE_REASONS = ['rate-limited', 'busy', 'overloaded', 'draining'];

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Reconnection {
  /** How long to try (tests shorten it). */
  static giveUpMs = GIVE_UP_MS;

  /** @param {import('./client.js').Client} client */
  constructor(client) {
    this._client = client;
    this._log = client._log;
    /** @type {string | null} the session's resume token (never logged) */
    this._token = null;
    /** @type {string | null} the server process that issued it */
    this.serverId = null;
    /** @type {string | null} another node to reconnect to, from server-going-away */
    this.redirectUrl = null;
    this.running = false;
    this._attempts = 0;
  }

  /**
   * A join or resume response: the token to resume this session with, and who issued it.
   * @param {any} data
   */
  remember(data) {
    this._token = typeof data.resumeToken === 'string' ? data.resumeToken : null;
    if (typeof data.serverId === 'string') this.serverId = data.serverId;
  }

  /** The call ended (leave, teardown): nothing to resume. */
  stop() {
    this.running = false;
    this._token = null;
    this.serverId = null;
    this.redirectUrl = null;
  }

  /**
   * The socket dropped or went silent while joined. Returns false when the client must not come back (the
   * caller ends the call), true when reconnection is under way.
   * @param {{code: number, reason: string}} info
   */
  onSignalLost(info) {
    const c = this._client;
    if (c._banned || FINAL_CLOSE_CODES.includes(info.code)) return false;
    if (!c._signal) return false;
    c._signal.suspended = true;
    if (this.running) return true; // a socket of an attempt dropped: the loop goes on
    this.running = true;
    this._attempts++;
    this._log.warn(`signaling lost (${info.code}${info.reason ? ' ' + info.reason : ''}): reconnecting`);
    c._setState('RECONNECTING');
    this._loop(c._session).catch((e) => this._log.error('reconnection failed', e));
    return true;
  }

  /** @param {number} session */
  async _loop(session) {
    const c = this._client;
    const signal = c._signal;
    const started = Date.now();
    /** @type {any} */
    let lastError = null;
    let retryAfterMs = 0;
    for (let attempt = 0; ; attempt++) {
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt) * (0.5 + Math.random());
      // A server that said when to come back (an overloaded one, a rate limit) is not asked sooner; the
      // jitter keeps its clients from all coming back at the same moment.
      await sleep(Math.max(attempt === 0 ? delay / 2 : delay, retryAfterMs * (1 + 0.5 * Math.random())));
      retryAfterMs = 0;
      if (!this._current(session)) return;
      if (Date.now() - started > Reconnection.giveUpMs) break;
      try {
        if (this.redirectUrl) signal._url = this.redirectUrl;
        await signal.open(OPEN_TIMEOUT_MS);
        if (!this._current(session)) {
          signal.close(); // leave() came while this socket was opening
          return;
        }
        const how = await this._reenter(session);
        if (!this._current(session)) return;
        this.running = false;
        signal.suspended = false;
        this._log.info(`reconnected (${how}) after ${Date.now() - started} ms`);
        c._setState('CONNECTED');
        return;
      } catch (e) {
        lastError = e;
        if (e && e._final) break;
        if (e && typeof e.retryAfterSeconds === 'number') retryAfterMs = e.retryAfterSeconds * 1000;
        this._log.warn(`reconnection attempt ${attempt + 1} failed: ${e && e.message}`);
      }
    }
    if (!this._current(session)) return;
    this.running = false;
    const why = lastError && lastError.message ? `: ${lastError.message}` : '';
    const err = rtcError(ErrorCode.SIGNAL_CHANNEL_RECONNECTION_FAILED,
      `could not reconnect to the Parley server within ${Reconnection.giveUpMs / 1000} s${why}; call join() again`);
    this._log.error(err.message);
    c._teardown();
    c._setState('DISCONNECTED');
    c._emit('error', err);
  }

  /** @param {number} session */
  _current(session) {
    const c = this._client;
    return this.running && session === c._session && c._phase === 'joined';
  }

  /**
   * On a fresh socket: resume the session, or join afresh when the server does not know it.
   * @param {number} session
   * @returns {Promise<'resumed' | 'rejoined' | 'rejoined after a server restart'>}
   */
  async _reenter(session) {
    const c = this._client;
    const signal = c._signal;
    if (this._token) {
      try {
        const data = await signal.request('resume', { token: this._token, userId: c._config.userId },
          { onlyWhenOpen: true, timeoutMs: RESUME_TIMEOUT_MS });
        this.remember(data);
        signal.resendPending();
        c._roomState.apply(data.room || {}, 'resume');
        c._publications.restore(data.room && data.room.published ? data.room.published : {}, session);
        c._subscriptions.restore(data.room && Array.isArray(data.room.subscribed) ? data.room.subscribed : [], false);
        return 'resumed';
      } catch (e) {
        const err = toRtcError(e, ErrorCode.SIGNAL_CHANNEL_ERROR);
        if (/** @type {any} */ (err).reason !== 'session-unknown') throw e;
        this._log.info('the server no longer knows this session: joining again');
        this._token = null;
      }
    }
    let data;
    try {
      data = await signal.request('join', c._joinData(), { onlyWhenOpen: true, timeoutMs: JOIN_TIMEOUT_MS });
    } catch (e) {
      const err = toRtcError(e, ErrorCode.JOIN_ROOM_FAILED);
      const reason = /** @type {any} */ (err).reason;
      if (err.getCode() === ErrorCode.JOIN_ROOM_FAILED && !RETRYABLE_REASONS.includes(reason)) {
        /** @type {any} */ (err)._final = true; // e.g. the UserSig expired: trying again will not help
      }
      throw err;
    }
    const restarted = !!this.serverId && data.serverId !== this.serverId;
    this.remember(data);
    // The new participant's TURN credentials, for the peer connections made again below.
    c._serverIceServers = iceServersFromJoin(data.iceServers);
    signal.failPending('the call was joined again');
    // A server that sends no room state announces the room as events, which find the page's streams.
    if (data.room) c._roomState.apply(data.room, restarted ? 'restarted' : 'rejoined');
    // A fresh participant has no streams nor subscriptions: every one is made again.
    c._publications.restore({}, session);
    c._subscriptions.restore([], true);
    return restarted ? 'rejoined after a server restart' : 'rejoined';
  }
}
