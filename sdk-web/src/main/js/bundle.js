// The bundle's entry (build.mjs): the TRTC namespace as `module.exports` under CommonJS, else as the
// global `TRTC` — what the hand-written UMD file did.

import TRTC from './index.js';

if (typeof module === 'object' && module && module.exports) {
  module.exports = TRTC;
} else {
  /** @type {any} */ (globalThis).TRTC = TRTC;
}
