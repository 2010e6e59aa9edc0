// Ctrl-C and terminals: SIGINT during `experiment` and `gate` stops the probes, removes the scratch worktrees,
// records the experiment as cancelled and exits 130; progress is a redrawn bar only on a terminal (a
// pseudo-TTY from util-linux `script`), plain lines otherwise.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ENGINE, ROOT, cli, git, makeScoreRepo, removeRepo, writeConfig, SCORE_CONFIG } from './fixture.mjs';

/** A probe that says it started (its pid in MARK_DIR) and then takes a minute: Ctrl-C always lands mid-run. */
const SLOW = "const fs = require('fs'); const path = require('path');\n"
  + "fs.writeFileSync(path.join(process.env.MARK_DIR, String(process.pid)), '');\n"
  + "setTimeout(() => console.log('score: 10'), 60000);\n";

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the CLI, sends SIGINT once the slow probe runs, resolves with the exit and the probes' pids. */
async function interrupt(args, dir, markDir) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, SELF_IMPROVEMENT_DB: '', MARK_DIR: markDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const end = Date.now() + 60_000;
  while (readdirSync(markDir).length === 0) {
    if (Date.now() > end) { child.kill('SIGKILL'); throw new Error(`the slow probe never started:\n${stderr}`); }
    await sleep(100);
  }
  const sent = Date.now();
  child.kill('SIGINT');
  const { code, signal } = await closed;
  return { code, signal, stdout, stderr, ms: Date.now() - sent, pids: readdirSync(markDir).map(Number) };
}

describe('cli: Ctrl-C during experiment and gate; progress only on a TTY', function () {
  this.timeout(120_000);
  let dir;
  let marks;
  before(() => {
    dir = makeScoreRepo();
    writeFileSync(path.join(dir, 'slow.js'), SLOW);
    writeConfig(dir, { capabilities: [...SCORE_CONFIG.capabilities, { name: 'slow', type: 'efficiency', baseline: 10, target: 20, unit: 'points',
      probe: { command: 'node slow.js', parse: { format: 'regex', regex: 'score: (\\d+)' }, timeoutSeconds: 120 } }] });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'a slow probe');
    marks = mkdtempSync(path.join(tmpdir(), 'si-marks-'));
  });
  after(() => { removeRepo(dir); removeRepo(marks); });

  const worktrees = () => git(dir, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length;
  const experiments = () => {
    const script = `require(${JSON.stringify(ENGINE)}).SelfImprovementEngine.open({ dbPath: ${JSON.stringify(path.join(dir, '.self-improvement', 'db.sqlite'))}, wasmPath: ${JSON.stringify(path.join(ROOT, 'dist', 'sql-wasm.wasm'))}, retention: false })
      .then(async (e) => { process.stdout.write(JSON.stringify(e.listExperiments())); await e.close(); });`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  };

  it('experiment: SIGINT mid-run → exit 130, probes stopped, scratch worktrees removed, the experiment recorded as cancelled', async () => {
    const markDir = path.join(marks, 'experiment');
    mkdirSync(markDir);
    writeFileSync(path.join(dir, 'slow.patch'), 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+More.\n');
    const r = await interrupt(['experiment', '--capability', 'slow', '--patch', path.join(dir, 'slow.patch'), '--max-runs', '6', '--json'], dir, markDir);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted; nothing was left running and the scratch worktrees were removed/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '', 'no half result on stdout');
    assert.ok(r.ms < 30_000, `stopped in ${r.ms} ms, not after the probe's minute`);
    assert.ok(r.pids.length >= 1);
    for (const pid of r.pids) assert.ok(!alive(pid), `probe ${pid} still running`);
    assert.equal(worktrees(), 1, 'only the repository itself is left');
    assert.equal(git(dir, 'status', '--porcelain', '--untracked-files=no'), '', 'the working tree is untouched');
    const [exp] = experiments().sort((a, b) => b.id - a.id);
    assert.equal(exp.status, 'failed', 'recorded as ended, never left running');
    assert.match(exp.error, /cancelled/);
  });

  it('gate: SIGINT mid-run → exit 130, probes stopped, worktrees removed, no gate result stored', async () => {
    const markDir = path.join(marks, 'gate');
    mkdirSync(markDir);
    writeFileSync(path.join(dir, 'README.md'), '# fixture\nchanged\n');
    git(dir, 'commit', '-q', '-am', 'docs');
    const r = await interrupt(['gate', '--base', 'HEAD~1', '--capability', 'slow', '--max-runs', '2'], dir, markDir);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted/);
    for (const pid of r.pids) assert.ok(!alive(pid), `probe ${pid} still running`);
    assert.equal(worktrees(), 1);
    const report = await cli(['report', '--format', 'json'], { cwd: dir });
    assert.equal(report.code, 0, report.stderr);
    assert.equal(report.json().gate ?? null, null, 'an interrupted gate leaves no result behind');
  });

  it('progress: plain "[n/m]" lines without a terminal; a redrawn bar on a pseudo-TTY; --json stdout stays clean on both', async () => {
    const plain = await cli(['measure', 'score', '--json'], { cwd: dir });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /^\[0\/1\] score: node score\.js$/m);
    assert.doesNotMatch(plain.stderr, /\x1b|\r|█/, 'no control codes in a CI log');
    JSON.parse(plain.stdout);

    // stdout to a file, stderr on the pseudo-terminal `script` gives the CLI (its output is the typescript).
    const out = path.join(marks, 'tty-stdout.json');
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} measure score --json > ${JSON.stringify(out)}`, '/dev/null'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, SELF_IMPROVEMENT_DB: '', COLUMNS: '100' },
    });
    assert.equal(tty.status, 0, tty.stdout + tty.stderr);
    assert.match(tty.stdout, /\[[█░]{24}\] \d\/1 score/, 'a bar on the terminal');
    assert.match(tty.stdout, /\r\x1b\[2K/, 'redrawn in place');
    assert.doesNotMatch(tty.stdout, /^\[0\/1\] score/m, 'not the plain lines');
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).measured.map((m) => m.capability), ['score']);
  });
});
