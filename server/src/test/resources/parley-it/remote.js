// Test instrumentation for a browser driven without WebDriver (Firefox ESR in CrossBrowserCallIT): the
// test's own HTTP server is this page's origin. The page keeps its console output in window.__log, and
// asks the test, over a long poll, for scripts to run; each script's value (or error) is POSTed back.
// Loaded first, so the page's and the SDK's console lines are all kept. It does not touch the seed flow.
(function () {
  const log = [];
  window.__log = log;
  const text = (a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.stack || String(a);
    try {
      return JSON.stringify(a);
    } catch (e) {
      return String(a);
    }
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      log.push(`${new Date().toISOString().slice(11, 23)} ${level} ${args.map(text).join(' ')}`);
      original(...args);
    };
  }
  window.addEventListener('error', (e) => log.push(`uncaught ${e.message} at ${e.filename}:${e.lineno}`));
  window.addEventListener('unhandledrejection', (e) => log.push(`unhandled rejection ${text(e.reason)}`));

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function serve() {
    for (;;) {
      let command;
      try {
        const r = await fetch('/__remote/next', { cache: 'no-store' });
        if (r.status !== 200) continue; // 204: the long poll timed out with nothing to do
        command = await r.json(); // {id, script}: a function body, may await
      } catch (e) {
        await sleep(200); // the test is gone or busy: keep trying until the browser is closed
        continue;
      }
      run(command); // not awaited: a slow script (a measurement) must not hold up the others
    }
  }
  async function run(command) {
    let reply;
    try {
      // Indirect eval: global scope, so the seed's top-level bindings (client, leaveRoom) are visible.
      const value = await (0, eval)(`(async () => {\n${command.script}\n})()`);
      reply = { id: command.id, value: value === undefined ? null : value };
    } catch (e) {
      reply = { id: command.id, error: text(e) };
    }
    try {
      await fetch('/__remote/result', { method: 'POST', body: JSON.stringify(reply) });
    } catch (e) {
      log.push(`could not post result ${command.id}: ${e}`);
    }
  }
  // Scripts run only once the page's own scripts have (DOMContentLoaded follows every parser-blocking
  // script, inline ones included): a command that arrives while trtc.js is still loading would otherwise
  // find the page's bindings (window.q, the seed's client) undefined.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', serve, { once: true });
  } else {
    serve();
  }
})();
