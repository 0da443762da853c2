// What the client is given about services beyond the Parley server itself: TURN servers (the page's own,
// from setTurnServer, and the server's, with time-limited credentials in the join response), a signaling
// proxy (setProxyServer), and Tencent Cloud's CDN relay and mix transcoding (refused with v4's own codes,
// so a page's error handling sees what it knows).

import { invalid, rtcError } from './errors.js';

/**
 * @typedef {object} TurnServerConfig v4's setTurnServer() entry
 * @property {string} url 'turn:host:port', 'turns:…' or 'stun:…'
 * @property {string} [username]
 * @property {string} [credential]
 * @property {'password'} [credentialType]
 */

/**
 * setTurnServer's argument, checked, as RTCIceServer entries.
 * @param {TurnServerConfig | TurnServerConfig[]} config
 * @returns {RTCIceServer[]}
 */
export function turnServersFrom(config) {
  const list = Array.isArray(config) ? config : [config];
  /** @type {RTCIceServer[]} */
  const servers = [];
  for (const c of list) {
    if (!c || typeof c !== 'object' || typeof c.url !== 'string' || !/^(turns?|stun):/.test(c.url)) {
      throw invalid('setTurnServer(config): each config is {url: "turn:host:port" (or turns:/stun:), username?, credential?, credentialType?}');
    }
    for (const key of /** @type {const} */ (['username', 'credential'])) {
      if (c[key] !== undefined && typeof c[key] !== 'string') throw invalid(`setTurnServer: ${key} must be a string`);
    }
    if (c.credentialType !== undefined && c.credentialType !== 'password') throw invalid("setTurnServer: credentialType is 'password'");
    /** @type {RTCIceServer} */
    const server = { urls: c.url };
    if (c.username !== undefined) server.username = c.username;
    if (c.credential !== undefined) server.credential = c.credential;
    servers.push(server);
  }
  return servers;
}

/**
 * setProxyServer's argument, checked: the WebSocket URL signaling goes to instead of the server's own
 * (a reverse proxy in front of Parley). A URL without a path gets Parley's '/ws'.
 * @param {unknown} url
 * @returns {string}
 */
export function proxySignalUrl(url) {
  const usage = "setProxyServer(url): url is a WebSocket URL such as 'wss://proxy.example.com:443' (a proxy that forwards to Parley's /ws)";
  if (typeof url !== 'string' || !url) throw invalid(usage);
  let parsed;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw invalid(`${usage}; got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') throw invalid(`${usage}; got ${JSON.stringify(url)}`);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/ws';
  return parsed.toString();
}

/**
 * The join response's iceServers (the server's TURN servers with fresh credentials), as RTCIceServers;
 * anything malformed is left out (the media still tries the direct path).
 * @param {unknown} list
 * @returns {RTCIceServer[]}
 */
export function iceServersFromJoin(list) {
  if (!Array.isArray(list)) return [];
  /** @type {RTCIceServer[]} */
  const out = [];
  for (const s of list) {
    if (!s || typeof s !== 'object') continue;
    const urls = Array.isArray(s.urls) ? s.urls.filter((/** @type {unknown} */ u) => typeof u === 'string') : typeof s.urls === 'string' ? [s.urls] : [];
    if (urls.length === 0 || typeof s.username !== 'string' || typeof s.credential !== 'string') continue;
    out.push({ urls, username: s.username, credential: s.credential });
  }
  return out;
}

/**
 * A call to a Tencent Cloud service this server does not offer: rejects with v4's code for its failure.
 * @param {number} code
 * @param {string} method
 * @param {string} feature
 * @param {unknown} [options]
 * @returns {Promise<void>}
 */
export function notOffered(code, method, feature, options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    return Promise.reject(invalid(`${method}(options): options is an object`));
  }
  return Promise.reject(rtcError(code, `${method}(): this server (Parley) does not offer ${feature}; it is a Tencent Cloud service`));
}
