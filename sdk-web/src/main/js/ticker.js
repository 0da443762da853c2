// A periodic callback that survives background tabs (a browser quirk kept apart): page timers in a
// hidden tab are throttled to once a minute or less, enough to miss the server's heartbeat window
// (PROTOCOL.md "heartbeat"); a dedicated worker's timers are not.

/**
 * Calls onTick every intervalMs. Prefers a tiny Blob worker, falls back to setInterval (no Worker,
 * or a Content-Security-Policy without worker-src blob:).
 * @param {number} intervalMs
 * @param {() => void} onTick
 * @returns {() => void} stops it
 */
export function startTicker(intervalMs, onTick) {
  /** @type {Worker | null} */
  let worker = null;
  /** @type {ReturnType<typeof setInterval> | null} */
  let timer = null;
  const fallback = () => {
    if (worker) worker.terminate();
    worker = null;
    if (!timer) timer = setInterval(onTick, intervalMs);
  };
  const g = globalThis;
  try {
    if (g.Worker && g.Blob && g.URL && typeof g.URL.createObjectURL === 'function') {
      const url = g.URL.createObjectURL(new g.Blob([`setInterval(function(){postMessage(0)},${intervalMs | 0});`], { type: 'text/javascript' }));
      worker = new g.Worker(url);
      let revoked = false;
      worker.onmessage = () => {
        if (!revoked) {
          revoked = true;
          g.URL.revokeObjectURL(url);
        }
        onTick();
      };
      worker.onerror = fallback; // e.g. a CSP without worker-src blob:
    }
  } catch (e) {
    worker = null;
  }
  if (!worker) fallback();
  return () => {
    if (worker) worker.terminate();
    if (timer) clearInterval(timer);
    worker = null;
    timer = null;
  };
}
