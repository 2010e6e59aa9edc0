// A small git repository whose benchmark reports a value set in cfg.js, scaled by the machine's SLOW_FACTOR,
// with noise, after sleeping in proportion (so a slow machine really takes longer). The candidate patch halves it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CAPABILITY = 'bench-ms';

const BENCH = `const { DELAY } = require('./cfg.js');
const slow = Number(process.env.SLOW_FACTOR || 1);
const noise = 1 + (Math.random() - 0.5) * 0.1;
const value = DELAY * slow * noise;
setTimeout(() => console.log('value: ' + value.toFixed(3)), Math.round(value * Number(process.env.SLEEP_PER_UNIT || 2)));
`;

export function makeBenchRepo(dir: string, delay = 60): { repo: string; patch: string; head: string; noopPatch: string } {
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'bench.js'), BENCH);
  fs.writeFileSync(path.join(repo, 'cfg.js'), `module.exports = { DELAY: ${delay} };\n`);
  fs.writeFileSync(path.join(repo, 'notes.txt'), 'a file the no-op patch edits\n');
  fs.writeFileSync(path.join(repo, '.vscode/self-improvement.json'), JSON.stringify({
    capabilities: [{ name: CAPABILITY, type: 'efficiency', direction: 'lower', baseline: delay, target: delay / 3, unit: 'ms',
      probe: { command: 'node bench.js', parse: { regex: 'value: ([0-9.]+)' }, timeoutSeconds: 60 } }],
  }, null, 2));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  const head = git('rev-parse', 'HEAD').trim();
  const patch = `--- a/cfg.js\n+++ b/cfg.js\n@@ -1 +1 @@\n-module.exports = { DELAY: ${delay} };\n+module.exports = { DELAY: ${delay / 2} };\n`;
  const noopPatch = '--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n-a file the no-op patch edits\n+a file the no-op patch edited\n';
  return { repo, patch, head, noopPatch };
}

/** A clone per worker: each machine has its own checkout. */
export function cloneFor(repo: string, dir: string, name: string): string {
  const target = path.join(dir, name);
  execFileSync('git', ['clone', '-q', repo, target]);
  return target;
}

export const GUARD = 'mem-mb';
export const SUITE = 'cases-pass-rate';

const MEM = `const { MEM } = require('./cfg.js');
const slow = Number(process.env.SLOW_FACTOR || 1);
console.log('mem: ' + (MEM * slow * (1 + (Math.random() - 0.5) * 0.02)).toFixed(3));
`;
const CASES = `const { FAIL } = require('./cfg.js');
const lines = [];
for (let i = 1; i <= 50; i++) lines.push((i <= FAIL ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..50\\n' + lines.join('\\n'));
`;

/**
 * The bench repository with two guardrails besides the target: a timing one (mem-mb, lower is better,
 * margin 10 %) sampled in every block, and a pass/fail suite (50 TAP cases) run once per arm in the cascade.
 * `patchTo` makes a candidate from new cfg values (DELAY halved by default).
 */
export function makeGuardedRepo(dir: string): { repo: string; head: string; patchTo: (v: { delay?: number; mem?: number; fail?: number }) => string } {
  const repo = path.join(dir, 'guarded');
  fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'bench.js'), BENCH);
  fs.writeFileSync(path.join(repo, 'mem.js'), MEM);
  fs.writeFileSync(path.join(repo, 'cases.js'), CASES);
  const line = (v: { delay: number; mem: number; fail: number }) => `module.exports = { DELAY: ${v.delay}, MEM: ${v.mem}, FAIL: ${v.fail} };`;
  const base = { delay: 60, mem: 100, fail: 0 };
  fs.writeFileSync(path.join(repo, 'cfg.js'), `${line(base)}\n`);
  fs.writeFileSync(path.join(repo, '.vscode/self-improvement.json'), JSON.stringify({
    capabilities: [
      { name: CAPABILITY, type: 'efficiency', direction: 'lower', baseline: 60, target: 20, unit: 'ms',
        probe: { command: 'node bench.js', parse: { regex: 'value: ([0-9.]+)' }, timeoutSeconds: 60 } },
      { name: GUARD, type: 'efficiency', direction: 'lower', baseline: 100, target: 100, unit: 'MB',
        probe: { command: 'node mem.js', parse: { regex: 'mem: ([0-9.]+)' }, timeoutSeconds: 60 }, guardrail: { margin: 0.1 } },
      { name: SUITE, type: 'reliability', baseline: 1, target: 1, probe: { command: 'node cases.js', parse: { format: 'tap' }, timeoutSeconds: 60 }, guardrail: { margin: 0.02 } },
    ],
  }, null, 2));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'guarded bench');
  const head = git('rev-parse', 'HEAD').trim();
  const patchTo = (v: { delay?: number; mem?: number; fail?: number }) =>
    `--- a/cfg.js\n+++ b/cfg.js\n@@ -1 +1 @@\n-${line(base)}\n+${line({ delay: v.delay ?? 30, mem: v.mem ?? base.mem, fail: v.fail ?? base.fail })}\n`;
  return { repo, head, patchTo };
}
