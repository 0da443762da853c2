// What the client is given about services Parley does not run itself: TURN servers (kept for the TURN
// work, checked as v4 checks them) and Tencent Cloud's CDN relay and mix transcoding (refused with v4's
// own codes, so a page's error handling sees what it knows).

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
