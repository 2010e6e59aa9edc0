// esbuild: the shipped bundles (dist/), plus unit-test bundles (out/) with --tests.
//
// dist/engine.js is the one engine chunk (src/chunk.ts: engine, loop, parsers, agents layer). The thin
// bundles — extension.js, mcp.js (the MCP server) and, when present, cli.js — load it on first use through
// src/chunkLoader.ts, so the package holds one copy of the engine; checkThin() fails the build otherwise.
// keepNames: stack traces and logs keep class and function names in the minified vsix (errors are matched
// by their stable `code`, never by name). sql.js's wasm is copied beside the bundle (locateFile).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const walk = (dir, re) => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name), re) : re.test(e.name) ? [path.join(dir, e.name)] : []);

// mainFields: jsonc-parser's UMD build requires its parts at run time; its ESM build bundles.
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, keepNames: true,
  logLevel: 'warning', mainFields: ['module', 'main'], define: { ENGINE_CHUNK_INLINE: 'false' },
};
/** Builds for tests and scripts run from out/: the engine chunk is bundled in (no dist/engine.js beside them). */
const inline = { ...common, define: { ENGINE_CHUNK_INLINE: 'true' } };

// Source files a thin bundle may hold by value: the stable error and exit codes (a few constants and one helper each).
const THIN_ALLOWED = new Set(['src/engine/errorCodes.ts', 'src/engine/exitCodes.ts']);

/** A thin bundle must take the engine from the chunk: no module of src/engine or src/agents inside it. */
function checkThin(result, name) {
  const leaked = Object.keys(result.metafile.inputs)
    .filter((f) => /^src\/(engine|agents)\//.test(f) && !THIN_ALLOWED.has(f) && !f.endsWith('.d.ts'));
  if (leaked.length) {
    throw new Error(`${name} bundles engine code (${leaked.slice(0, 5).join(', ')}${leaked.length > 5 ? ', …' : ''}): ` +
      'import engine values through engineChunk() from src/chunkLoader.ts (type-only imports are fine).');
  }
}

// zod (the MCP SDK's schema library) re-exports every one of its ~40 message locales as `z.locales`, which
// no code here or in the SDK reads; only English is used (zod's default, imported by its schemas directly).
// Resolving the locales index to English alone keeps ~270 KB of translations out of mcp.js.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (a) => a.resolveDir.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
      ? { path: path.join(a.resolveDir, a.path.replace(/index\.js$/, 'en.js')), namespace: 'zod-locales' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({ contents: `export { default as en } from ${JSON.stringify(a.path)};`, resolveDir: path.dirname(a.path), loader: 'js' }));
  },
};

async function thin(entry, outfile, extra = {}) {
  const result = await esbuild.build({ ...common, entryPoints: [entry], outfile, minify: production, metafile: true, ...extra });
  checkThin(result, outfile);
}

async function buildShipped() {
  await esbuild.build({ ...common, entryPoints: ['src/chunk.ts'], outfile: 'dist/engine.js', minify: production });
  // The database's saver worker (src/engine/storage/saver-worker.ts): a worker thread's own entry point, so it
  // holds its own small copy of the storage code and sql.js (a worker cannot share the chunk's module instance).
  await esbuild.build({ ...common, entryPoints: ['src/engine/storage/saver-worker.ts'], outfile: 'dist/storage-saver.js', minify: production });
  await thin('src/extension.ts', 'dist/extension.js', { external: ['vscode'] });
  // The team store's code (pg, pg-boss) for the window's Improve… through the team's workers: required on first use only.
  await thin('src/team/index.ts', 'dist/team.js');
  // The MCP server (`self-improvement-mcp`, package.json bin): a Node script beside engine.js and the wasm.
  await thin('src/mcp/main.ts', 'dist/mcp.js', { banner: { js: '#!/usr/bin/env node' }, plugins: [zodEnglishOnly] });
  fs.chmodSync('dist/mcp.js', 0o755);
  if (fs.existsSync('src/cli/main.ts')) {
    await thin('src/cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } });
    fs.chmodSync('dist/cli.js', 0o755);
  }
  fs.rmSync('dist/agents.js', { force: true }); // the agents layer is part of engine.js now
  fs.copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}

// The dashboard webview (src/webview/dashboard): a browser bundle with Observable Plot and its stylesheet,
// loaded by the panel under a strict CSP (dist/webview is its only local resource root).
async function buildWebview() {
  await esbuild.build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production, logLevel: 'warning',
    entryPoints: ['src/webview/dashboard/main.ts', 'src/webview/dashboard/dashboard.css'], outdir: 'dist/webview',
    entryNames: 'dashboard',
  });
}

async function buildUnitTests() {
  const entries = walk('test/unit', /\.test\.ts$/).concat(walk('test/unit', /^fixture-.*\.ts$/));
  fs.rmSync('out/test/unit', { recursive: true, force: true });
  await esbuild.build({ ...inline, entryPoints: entries, outdir: 'out/test/unit', outbase: 'test/unit', packages: 'external' });
}

// Extension-host mocha suites (src/test/**), bundled with mocha; run by test/exthost/*.mjs. Not shipped (.vscodeignore).
async function buildExthostTests() {
  fs.rmSync('dist/test', { recursive: true, force: true });
  await esbuild.build({ ...inline, entryPoints: ['src/test/suite/index.ts'], outfile: 'dist/test/suite/index.js', external: ['vscode'], logLevel: 'error' });
}

// Node scripts that drive the engine outside VS Code (demo seeding for npm start and the e2e tests).
async function buildScripts() {
  await esbuild.build({ ...inline, entryPoints: ['test/fixtures/seed/seed-demo.ts'], outfile: 'out/seed/seed-demo.js', logLevel: 'error' });
}

await buildShipped();
await buildWebview();
if (args.has('--tests')) await buildUnitTests();
if (args.has('--exthost')) await buildExthostTests();
if (args.has('--seed')) await buildScripts();
