#!/usr/bin/env node
/*
 * Bundles the ES modules in src/main/js/ into the served file parley/web/sdk/trtc.js (global TRTC,
 * module.exports under CommonJS), plain ES2020, not minified, with a linked source map. The Maven
 * build runs it in generate-resources (after `npm ci`); the output directory is a resource
 * directory of the sdk-web jar. Also `npm run build`.
 *
 *   node build.mjs [--outdir=DIR]   (default target/generated-resources/esbuild)
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.slice(2).find((a) => a.startsWith('--outdir='));
const outdir = outArg ? resolve(outArg.slice('--outdir='.length)) : join(here, 'target/generated-resources/esbuild');
const BUNDLE = join(outdir, 'parley/web/sdk/trtc.js');

const HEADER = `/*!
 * Parley Web SDK — the TRTC Web SDK v4 API on a self-hosted Parley server.
 * A page written for Tencent's trtc.js v4 runs unchanged: load this file instead of Tencent's.
 * Sets the global \`TRTC\` (\`module.exports\` under CommonJS). Plain ES2020, no dependencies.
 * Built by esbuild from the ES modules in sdk-web/src/main/js/ (docs/WEB-SDK.md "Source layout and build").
 * Signaling: docs/PROTOCOL.md (JSON over one WebSocket at <origin>/ws). API: docs/WEB-SDK.md.
 */`;

await build({
  entryPoints: [join(here, 'src/main/js/bundle.js')],
  outfile: BUNDLE,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  charset: 'utf8',
  banner: { js: HEADER },
  sourcemap: 'linked',
  logLevel: 'warning',
  // bundle.js tests for CommonJS's `module` on purpose (see there).
  logOverride: { 'commonjs-variable-in-esm': 'silent' },
});
