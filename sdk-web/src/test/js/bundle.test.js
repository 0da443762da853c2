// The built bundle (build.mjs → target/generated-resources/esbuild/parley/web/sdk/trtc.js), loaded the
// two ways bundle.js provides for: a page's <script> (the global TRTC) and CommonJS (module.exports).
// The Maven build makes it in generate-resources; by hand: npm run build.
// node --test sdk-web/src/test/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import TRTC from '../../main/js/index.js';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '../../../target/generated-resources/esbuild/parley/web/sdk/trtc.js');

function bundleSource() {
  assert.ok(existsSync(BUNDLE), `no bundle at ${BUNDLE}: run npm run build (Maven builds it in generate-resources)`);
  return readFileSync(BUNDLE, 'utf8');
}

test('as a <script>, the bundle sets the global TRTC: a plain object with the members of index.js', () => {
  const page = vm.createContext({ console });
  vm.runInContext(bundleSource(), page, { filename: 'trtc.js' });
  const global = page.TRTC;
  assert.deepEqual(Object.keys(global), Object.keys(TRTC));
  assert.equal(global.VERSION, TRTC.VERSION);
  assert.deepEqual({ ...global.ErrorCode }, { ...TRTC.ErrorCode });
  assert.equal(Object.getPrototypeOf(global), vm.runInContext('Object.prototype', page), 'a plain object, as TRTC is');
  global.createClient = () => 'wrapped'; // pages and the server's browser tests wrap its functions
  assert.equal(global.createClient(), 'wrapped');
  assert.equal(new global.RtcError({ code: 0x4004, message: 'm' }).toString(), 'RtcError: m <0x4004>');
});

test('under CommonJS, the bundle exports TRTC and leaves the global alone', () => {
  const module = { exports: {} };
  const scope = vm.createContext({ console, module });
  vm.runInContext(bundleSource(), scope, { filename: 'trtc.js' });
  assert.deepEqual(Object.keys(module.exports), Object.keys(TRTC));
  assert.equal(scope.TRTC, undefined);
});

test('the bundle is strict-mode ES2020 with a linked source map', () => {
  const source = bundleSource();
  assert.match(source, /^\/\*!\n \* Parley Web SDK/);
  assert.match(source, /\n"use strict";\n\(\(\) => \{\n/);
  assert.match(source, /\/\/# sourceMappingURL=trtc\.js\.map\n$/);
  assert.ok(existsSync(BUNDLE + '.map'));
});
