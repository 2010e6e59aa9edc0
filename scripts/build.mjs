// esbuild: the extension bundle (dist/), plus unit-test bundles (out/) with --tests.
// sql.js's wasm is copied beside the bundle; the engine loads it with locateFile.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const walk = (dir, re) => !fs.existsSync(dir) ? [] : fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name), re) : re.test(e.name) ? [path.join(dir, e.name)] : []);

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, logLevel: 'warning' };

async function buildExtension() {
  const entries = ['src/extension.ts'].filter((f) => fs.existsSync(path.join(root, f)));
  if (entries.length) {
    await esbuild.build({ ...common, entryPoints: entries, outdir: 'dist', external: ['vscode'], minify: production });
  }
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), path.join(root, 'dist/sql-wasm.wasm'));
}

async function buildUnitTests() {
  const entries = walk(path.join(root, 'test/unit'), /\.test\.ts$/).concat(walk(path.join(root, 'test/unit'), /^fixture-.*\.ts$/));
  fs.rmSync(path.join(root, 'out/test/unit'), { recursive: true, force: true });
  await esbuild.build({ ...common, entryPoints: entries, outdir: 'out/test/unit', outbase: 'test/unit', packages: 'external' });
}

// Extension-host mocha suites (src/test/**), bundled with mocha; run by test/exthost/*.mjs. Not shipped (.vscodeignore).
async function buildExthostTests() {
  fs.rmSync(path.join(root, 'dist/test'), { recursive: true, force: true });
  await esbuild.build({ ...common, entryPoints: ['src/test/suite/index.ts'], outfile: 'dist/test/suite/index.js', external: ['vscode'], logLevel: 'error' });
}

// Node scripts that drive the engine outside VS Code (demo seeding for npm start and the e2e tests).
async function buildScripts() {
  await esbuild.build({ ...common, entryPoints: ['test/fixtures/seed/seed-demo.ts'], outfile: 'out/seed/seed-demo.js', logLevel: 'error' });
}

// The engine (sql.js glue, statistics, parsers) as its own file, required on first use: activation then
// only loads the thin adapters (src/vscode/engineHost.ts requires ./engine.js beside the bundle).
async function buildEngineChunk() {
  await esbuild.build({ ...common, entryPoints: ['src/engine/engine.ts'], outfile: 'dist/engine.js', mainFields: ['module', 'main'], minify: production, logLevel: 'error' });
}

// The agent layer (LM tools' operations, exported API runs) as its own chunk, required on first use.
// mainFields: jsonc-parser's UMD build requires its parts at run time; its ESM build bundles.
async function buildAgentsChunk() {
  await esbuild.build({ ...common, entryPoints: ['src/agents/index.ts'], outfile: 'dist/agents.js', mainFields: ['module', 'main'], minify: production, logLevel: 'error' });
}

// The MCP server (`self-improvement-mcp`, package.json bin): a standalone Node script beside sql-wasm.wasm.
async function buildMcpServer() {
  await esbuild.build({ ...common, entryPoints: ['src/mcp/main.ts'], outfile: 'dist/mcp.js', mainFields: ['module', 'main'], minify: production, logLevel: 'error', banner: { js: '#!/usr/bin/env node' } });
  fs.chmodSync(path.join(root, 'dist/mcp.js'), 0o755);
}

await buildExtension();
await buildEngineChunk();
await buildAgentsChunk();
await buildMcpServer();
if (args.has('--tests')) await buildUnitTests();
if (args.has('--exthost')) await buildExthostTests();
if (args.has('--seed')) await buildScripts();
