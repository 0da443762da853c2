#!/usr/bin/env node
/*
 * Runs e2e.html (trtc.js against the in-page mock SFU) in headless Chromium and/or Firefox ESR and
 * exits non-zero when a check fails. No dependencies: a tiny static server, the browser as a child
 * process, results POSTed back by the page.
 *
 *   node sdk-web/src/test/js/browser/run.mjs [chromium] [firefox] [--page=e2e.html|conformance.html|demo-e2e.html] [--log=DEBUG] [--keep]
 *
 * e2e.html tests the SDK API; conformance.html walks TRTC v4.15's surface (v4-surface.json);
 * demo-e2e.html drives the demo page (index.html) in two iframes. The
 * server here also answers the demo's dev endpoints (/api/dev/config, /api/dev/usersig).
 *
 * It serves what the jar holds under parley/web/: the built bundle (sdk/trtc.js, from build.mjs, in
 * target/generated-resources/esbuild) over src/main/resources — build first (`npm run build`; Maven
 * does it in generate-resources).
 */
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webRoot = join(here, '../../../main/resources/parley/web');
const builtRoot = join(here, '../../../../target/generated-resources/esbuild/parley/web');
if (!existsSync(join(builtRoot, 'sdk/trtc.js'))) {
  console.error(`no bundle at ${join(builtRoot, 'sdk/trtc.js')}: build it first (cd sdk-web && npm ci && npm run build)`);
  process.exit(2);
}
const args = process.argv.slice(2);
const browsers = args.filter((a) => !a.startsWith('--'));
const logLevel = (args.find((a) => a.startsWith('--log=')) || '--log=WARN').slice(6);
const page = (args.find((a) => a.startsWith('--page=')) || '--page=e2e.html').slice(7);
const TIMEOUT_MS = 120000;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ts': 'text/plain', '.map': 'application/json', '.json': 'application/json' };

function serveFile(res, base, rel) {
  const path = normalize(join(base, rel));
  if (!path.startsWith(base) || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(path));
}

function startServer(onResult) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/result') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(204).end();
        onResult(JSON.parse(body));
      });
      return;
    }
    if (url.pathname === '/api/dev/config') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ devMode: true, sdkAppId: 1400000000 }));
    } else if (url.pathname === '/api/dev/usersig') {
      const userId = url.searchParams.get('userId');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sdkAppId: 1400000000, userId, userSig: `test-sig-${userId}` }));
    } else if (url.pathname === '/' && url.searchParams.has('mock')) {
      // The demo page, made to use the parent frame's mock SFU.
      const html = readFileSync(join(webRoot, 'index.html'), 'utf8')
        .replace('<script src="sdk/trtc.js"></script>', '<script src="/test/demo-inject.js"></script>\n  <script src="sdk/trtc.js"></script>');
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(html);
    } else if (url.pathname.startsWith('/test/')) {
      serveFile(res, here, url.pathname.slice(6));
    } else {
      const rel = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      serveFile(res, existsSync(join(builtRoot, rel)) ? builtRoot : webRoot, rel);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function launch(browser, url, profileDir) {
  if (browser === 'chromium') {
    return spawn('/usr/bin/chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profileDir}`, url,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  if (browser === 'firefox') {
    writeFileSync(join(profileDir, 'user.js'), [
      'user_pref("media.navigator.streams.fake", true);',
      'user_pref("media.navigator.permission.disabled", true);',
      'user_pref("media.autoplay.default", 0);',
      'user_pref("browser.shell.checkDefaultBrowser", false);',
      'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
      'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
      'user_pref("app.update.enabled", false);',
    ].join('\n'));
    return spawn('/usr/bin/firefox-esr', ['--headless', '--no-remote', '--profile', profileDir, url], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  throw new Error(`unknown browser ${browser}`);
}

async function runIn(browser) {
  let deliver;
  const result = new Promise((resolve) => (deliver = resolve));
  const server = await startServer((r) => deliver(r));
  const url = `http://127.0.0.1:${server.address().port}/test/${page}?log=${logLevel}`;
  const profileDir = mkdtempSync(join(tmpdir(), `parley-${browser}-`));
  const child = launch(browser, url, profileDir);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS));
  const outcome = await Promise.race([result, timeout]);
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  server.close();
  if (!args.includes('--keep')) {
    // The browser's helper processes may still be writing into the profile after the main process exits
    // (ENOTEMPTY): retry, and never let a leftover temporary directory fail the tests.
    try {
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.log(`(could not remove ${profileDir}: ${e.code || e.message})`);
    }
  }
  if (!outcome) {
    console.log(`${browser}: no result within ${TIMEOUT_MS / 1000} s\n${stderr.slice(-3000)}`);
    return false;
  }
  console.log(`${browser} ${page}: ${outcome.userAgent}`);
  let ok = true;
  for (const r of outcome.results) {
    console.log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.name}${r.detail ? ' — ' + r.detail : ''}`);
    ok = ok && r.ok;
  }
  const failed = outcome.results.filter((r) => !r.ok).length;
  console.log(`${browser}: ${outcome.results.length - failed} passed, ${failed} failed`);
  return ok;
}

let allOk = true;
for (const b of browsers.length ? browsers : ['chromium']) allOk = (await runIn(b)) && allOk;
process.exit(allOk ? 0 : 1);
