// Where the SDK finds its Parley server when createClient has no serverUrl: the origin (and path
// prefix) trtc.js itself was loaded from.

/**
 * <prefix>/sdk/trtc.js → ws(s)://host<prefix>/ws; without a script src, the page's origin; null when
 * neither is an http(s) URL.
 * @param {any} scope the global object (a parameter so tests can pass their own)
 * @returns {string | null}
 */
export function computeDefaultServerUrl(scope) {
  try {
    const doc = scope.document;
    const script = doc && doc.currentScript;
    const base = (script && script.src) || (scope.location && scope.location.href);
    if (!base) return null;
    const url = new URL(base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Served at <prefix>/sdk/trtc.js → signaling at <prefix>/ws (keeps working behind a path prefix).
    const m = script && script.src ? /^(.*)\/sdk\/[^/]+$/.exec(url.pathname) : null;
    const prefix = m ? m[1] : '';
    return (url.protocol === 'https:' ? 'wss://' : 'ws://') + url.host + prefix + '/ws';
  } catch (e) {
    return null;
  }
}

// Read while trtc.js executes: document.currentScript is null afterwards. (The bundle runs every
// module's top level synchronously, as the script loads.)
export const DEFAULT_SERVER_URL = computeDefaultServerUrl(globalThis);
