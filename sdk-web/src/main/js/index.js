// The TRTC namespace: what a page sees as the global `TRTC` (TRTC Web SDK v4's API, docs/WEB-SDK.md).
// The bundle (build.mjs) makes this module's default export the global; node tests import it, and
// the modules behind it, directly.

import { Client } from './client.js';
import { listDevices } from './devices.js';
import { ErrorCode, RtcError } from './errors.js';
import { LocalStream } from './local-stream.js';
import { Logger, sdkLog } from './log.js';
import { DEFAULT_SERVER_URL } from './server-url.js';
import { smallStreamSupported } from './simulcast.js';
import { checkSystemRequirements } from './system-requirements.js';
import { validateClientConfig, validateStreamConfig } from './validation.js';
import { VERSION } from './version.js';

// A plain object, as TRTC's: pages (and the server's browser tests) may wrap its functions.
const TRTC = {
  VERSION,
  Logger,
  RtcError,
  ErrorCode,

  /**
   * createClient({mode, sdkAppId, userId, userSig, serverUrl?, autoSubscribe?, useStringRoomId?, enableAutoPlayDialog?})
   * @param {Partial<import('./validation.js').ClientConfig>} options checked at run time (validation.js)
   * @returns {Client}
   */
  createClient(options) {
    const config = validateClientConfig(options);
    sdkLog.info(`createClient ${config.userId} mode=${config.mode} server=${config.serverUrl || DEFAULT_SERVER_URL || '(none)'}`);
    return new Client(config);
  },

  /**
   * createStream({userId, audio, video, cameraId, microphoneId, facingMode, audioSource, videoSource, screen, screenAudio, mirror})
   * @param {Partial<import('./validation.js').StreamConfig>} options checked at run time (validation.js)
   * @returns {LocalStream}
   */
  createStream(options) {
    return new LocalStream(validateStreamConfig(options));
  },

  checkSystemRequirements,

  isScreenShareSupported() {
    const md = globalThis.navigator && globalThis.navigator.mediaDevices;
    return !!(md && typeof md.getDisplayMedia === 'function');
  },
  /** True where the browser can send rid simulcast (Chromium, Firefox, Safari). */
  isSmallStreamSupported() {
    return smallStreamSupported();
  },

  getDevices() {
    return listDevices(null);
  },
  getCameras() {
    return listDevices('videoinput');
  },
  getMicrophones() {
    return listDevices('audioinput');
  },
  getSpeakers() {
    return listDevices('audiooutput');
  },
};

export default TRTC;
