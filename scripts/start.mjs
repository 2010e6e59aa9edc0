#!/usr/bin/env node
// npm start: build, package, install into a local code-server (own user-data and extensions dirs under
// .vscode-test/), make a fresh demo workspace (a git repository of its own), seed its database through the
// engine and the demo's real probes, and serve it on 127.0.0.1:PORT (default 8080) until Ctrl-C.
// code-server (and the Node 22 it needs) is installed from the npm registry on first run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CODE_SERVER, startCodeServer, demoWorkspace, seedDemo } from '../test/harness/harness.mjs';

const port = Number(process.env.PORT || 8080);
const state = path.join(ROOT, '.vscode-test/start');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });

if (!fs.existsSync(CODE_SERVER)) {
  console.log('code-server is not installed yet: installing it from the npm registry into .vscode-test/cs (once, about a minute)');
  run('bash', ['scripts/install-code-server.sh']);
}
run(process.execPath, ['scripts/build.mjs', '--production', '--seed']);
const vsix = path.join(ROOT, 'self-improvement-engine.vsix');
run(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix]);

// A fresh demo every start: the workspace (its own git repository, so experiments clone the demo and
// not this project), a database seeded by real measurements, and a clean user-data dir (so the
// extension's workspace storage starts empty and takes the seed).
fs.rmSync(state, { recursive: true, force: true });
const ws = demoWorkspace(path.join(state, 'word-stats'));
const seedDb = path.join(state, 'seed.sqlite');
console.log('Measuring the demo for real (its probes, then an A/B experiment of the pending fix) — about a minute');
seedDemo(ws, seedDb);

const server = await startCodeServer({
  vsix, workspace: ws, port, rootDir: path.join(state, 'code-server'),
  userDataDir: path.join(state, 'user-data'), extensionsDir: path.join(state, 'extensions'),
  env: { SELF_IMPROVEMENT_SEED_DB: seedDb },
});
const address = `${server.url}/?folder=${encodeURIComponent(ws)}`;
console.log(`\nSelf-Improvement demo is running. Open:\n\n  ${address}\n\nand click the Self-Improvement icon in the activity bar. Ctrl-C stops it (log: ${path.relative(ROOT, server.root)}/code-server.log).`);

const shutdown = () => { server.stop(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.proc.on('exit', (code) => { console.error(`code-server exited (${code}); see ${server.root}/code-server.log`); process.exit(code ?? 1); });
