// A small project whose benchmark prints how long it waited; config.js sets the wait. Built in a temp dir.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, lstatSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const BENCH = `const dep = require('fake-dep');
const { delayMs } = require('./config');
const t = Date.now();
setTimeout(() => console.log('elapsed: ' + dep.since(t)), delayMs);
`;

export function makeProject(options: { git: boolean; delayMs?: number }): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-abfix-')));
  writeFileSync(path.join(dir, 'bench.js'), BENCH);
  writeFileSync(path.join(dir, 'config.js'), `module.exports = { delayMs: ${options.delayMs ?? 150} };\n`);
  writeFileSync(path.join(dir, 'README.md'), '# fixture\n');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  // An installed dependency: not in git, so the arms only have it if the runner links it.
  mkdirSync(path.join(dir, 'node_modules', 'fake-dep'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'fake-dep', 'index.js'), 'exports.since = (t) => Date.now() - t;\n');
  if (options.git) {
    const g = (...args: string[]): void => { execFileSync('git', args, { cwd: dir, stdio: 'ignore' }); };
    g('init', '-q');
    g('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    g('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'fixture');
  }
  return dir;
}

export const FASTER_PATCH = `diff --git a/config.js b/config.js
--- a/config.js
+++ b/config.js
@@ -1 +1 @@
-module.exports = { delayMs: 150 };
+module.exports = { delayMs: 5 };
`;

export const NOOP_PATCH = `diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -1 +1,2 @@
 # fixture
+Only documentation changes here.
`;

export const BREAKING_PATCH = `diff --git a/bench.js b/bench.js
--- a/bench.js
+++ b/bench.js
@@ -1,2 +1,3 @@
+throw new Error('candidate broke the benchmark');
 const dep = require('fake-dep');
 const { delayMs } = require('./config');
`;

/** Hash of every file under dir (path, type, content), .git excluded; links hashed by target. */
export function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      if (name === '.git') continue;
      const r = path.join(rel, name);
      const st = lstatSync(path.join(dir, r));
      if (st.isSymbolicLink()) h.update(`L ${r} ${readlinkSync(path.join(dir, r))}\n`);
      else if (st.isDirectory()) { h.update(`D ${r}\n`); walk(r); }
      else h.update(`F ${r} ${st.mode} `).update(readFileSync(path.join(dir, r))).update('\n');
    }
  };
  walk('');
  return h.digest('hex');
}

/** What git knows about the user's repository: HEAD, index, status, worktrees, refs. */
export function gitState(dir: string): string {
  const g = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  return [g('rev-parse', 'HEAD'), g('worktree', 'list', '--porcelain'), g('for-each-ref'), g('stash', 'list'),
    createHash('sha256').update(readFileSync(path.join(dir, '.git', 'index'))).digest('hex')].join('\n');
}

/** Scratch folders of experiments on `folder` (other test runs on this machine may have their own). */
export function scratchDirs(folder: string): string[] {
  return readdirSync(tmpdir()).filter((n) => {
    if (!n.startsWith('si-ab-')) return false;
    try { return (JSON.parse(readFileSync(path.join(tmpdir(), n, 'owner.json'), 'utf8')) as { folder?: string }).folder?.startsWith(folder) === true; } catch { return false; }
  });
}
