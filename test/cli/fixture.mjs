// A temporary git repository with real probes for the CLI tests, and a runner for dist/cli.js as a
// process. score.js prints config.js's score (deterministic: no timing in any assertion); suite.js
// prints TAP for 200 cases, failing those cases.js names (a guardrail); flaky.js alternates 1 and 100
// per run (a counter file in the arm), so two runs per arm can never show anything either way.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const ENGINE = path.join(ROOT, 'dist', 'engine.js');

export const SCORE_CONFIG = {
  capabilities: [
    { name: 'score', type: 'output_quality', baseline: 10, target: 20, unit: 'points',
      probe: { command: 'node score.js', parse: { format: 'regex', regex: 'score: (\\d+)' }, timeoutSeconds: 30 } },
    { name: 'suite-pass-rate', type: 'reliability', baseline: 1, target: 1,
      probe: { command: 'node suite.js', parse: { format: 'tap' }, timeoutSeconds: 30 }, guardrail: { margin: 0.02 } },
  ],
};

const SCORE = "const { score } = require('./config');\nconsole.log('score: ' + score);\n";
const SUITE = `const { failing } = require('./cases');
const lines = [];
for (let i = 1; i <= 200; i++) lines.push((failing.includes('case' + i) ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..200\\n' + lines.join('\\n'));
`;
const FLAKY = `const fs = require('fs');
let n = 0; try { n = Number(fs.readFileSync('.count', 'utf8')); } catch {}
fs.writeFileSync('.count', String(n + 1));
console.log(n % 2 === 0 ? 1 : 100);
`;

export function git(dir, ...args) {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
}

export function writeConfig(dir, config) {
  mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
}

/** The score project, committed. */
export function makeScoreRepo({ score = 10 } = {}) {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-cli-')));
  writeFileSync(path.join(dir, 'score.js'), SCORE);
  writeFileSync(path.join(dir, 'config.js'), `module.exports = { score: ${score} };\n`);
  writeFileSync(path.join(dir, 'suite.js'), SUITE);
  writeFileSync(path.join(dir, 'cases.js'), 'module.exports = { failing: [] };\n');
  writeFileSync(path.join(dir, 'flaky.js'), FLAKY);
  writeFileSync(path.join(dir, 'README.md'), '# fixture\n');
  writeConfig(dir, SCORE_CONFIG);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

export function removeRepo(dir) { rmSync(dir, { recursive: true, force: true }); }

/** A unified diff replacing line 1 of `file`. */
export function linePatch(file, from, to) {
  return `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-${from}\n+${to}\n`;
}
export const scorePatch = (from, to) => linePatch('config.js', `module.exports = { score: ${from} };`, `module.exports = { score: ${to} };`);
export const breakSuitePatch = linePatch('cases.js', 'module.exports = { failing: [] };',
  `module.exports = { failing: ${JSON.stringify(Array.from({ length: 20 }, (_, i) => `case${i + 1}`))} };`);

/** Runs the CLI as a process (no TTY: plain progress lines); resolves with its exit code and output. */
export function cli(args, { cwd, env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, SELF_IMPROVEMENT_DB: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
    child.stdin.end(input ?? '');
  });
}

/** Another process holding the database's writer lock (as a VS Code window does) until `release()`. */
export function holdLock(dbPath) {
  const script = `const { SelfImprovementEngine } = require(${JSON.stringify(ENGINE)});
SelfImprovementEngine.open({ dbPath: ${JSON.stringify(dbPath)}, wasmPath: ${JSON.stringify(path.join(ROOT, 'dist', 'sql-wasm.wasm'))}, retention: false })
  .then((e) => { process.stdout.write('locked\\n'); process.stdin.on('data', () => e.close().then(() => process.exit(0))); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (d) => {
      if (String(d).includes('locked')) {
        resolve({ pid: child.pid, release: () => new Promise((done) => { child.on('close', done); child.stdin.write('x\n'); }) });
      }
    });
  });
}
