// TRTC's enableAutoPlayDialog: when the browser's autoplay policy blocks remote audio (a browser
// quirk kept apart), one "Click to play audio" button resumes every blocked stream; a click is the
// user gesture the policy wants.

import { sdkLog } from './log.js';

/** @typedef {{resume(): Promise<void>}} AutoplayBlocked a stream whose playback the browser blocked */

export const AutoplayPrompt = {
  /** @type {Set<AutoplayBlocked>} */
  blocked: new Set(),
  /** @type {HTMLButtonElement | null} */
  button: null,
  /** @param {AutoplayBlocked} stream */
  show(stream) {
    this.blocked.add(stream);
    const doc = globalThis.document;
    if (this.button || !doc || !doc.body) return;
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'parley-autoplay-prompt';
    b.textContent = 'Click to play audio';
    b.style.cssText = 'position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;' +
      'padding:10px 18px;border:0;border-radius:20px;background:#1f6feb;color:#fff;font:600 14px system-ui,sans-serif;' +
      'box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;';
    b.addEventListener('click', () => {
      const streams = Array.from(this.blocked);
      this.hide();
      for (const s of streams) s.resume().catch((e) => sdkLog.warn('resume after click failed', e));
    });
    doc.body.appendChild(b);
    this.button = b;
  },
  /** @param {AutoplayBlocked} stream */
  forget(stream) {
    this.blocked.delete(stream);
    if (this.blocked.size === 0) this.hide();
  },
  hide() {
    this.blocked.clear();
    if (this.button && this.button.parentNode) this.button.parentNode.removeChild(this.button);
    this.button = null;
  },
};
