import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AbRunError, AbSetupError, runAbExperiment, type AbProgress } from '../../../src/engine/ab';
import { ProbeCancelledError, UntrustedWorkspaceError, type ProbeSpec } from '../../../src/engine/probes';
import { BREAKING_PATCH, FASTER_PATCH, gitState, makeProject, NOOP_PATCH, scratchDirs, treeHash } from './fixtureRepo';

const probe: ProbeSpec = { command: 'node bench.js', parse: { format: 'regex', regex: 'elapsed: (\\d+)' }, timeoutSeconds: 20 };
const trusted = (): boolean => true;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('A/B experiment runner', function () {
  this.timeout(30000);
  const made: string[] = [];
  const project = (git: boolean): string => { const d = makeProject({ git }); made.push(d); return d; };
  after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

  /** Runs `fn` and checks that the user's files and git state are untouched and no scratch folder is left. */
  async function untouched<T>(dir: string, fn: () => Promise<T>): Promise<T> {
    const files = treeHash(dir);
    const state = existsSync(path.join(dir, '.git')) ? gitState(dir) : '';
    const scratch = new Set(scratchDirs(dir));
    try {
      return await fn();
    } finally {
      assert.equal(treeHash(dir), files, "the user's files are unchanged");
      if (state) assert.equal(gitState(dir), state, 'HEAD, index, refs and worktree list are unchanged');
      assert.deepEqual(scratchDirs(dir).filter((d) => !scratch.has(d)), [], 'no scratch folder left in the temp dir');
    }
  }

  it('a patch that makes the benchmark faster gives clearly lower candidate samples, runs alternating A B A B', async () => {
    const dir = project(true);
    const order: string[] = [];
    const r = await untouched(dir, () => runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 6, isTrusted: trusted,
      onProgress: (p: AbProgress) => { if (p.phase === 'run') order.push((p.arm as string)[0] as string); },
    }));
    assert.equal(r.mode, 'git-clone');
    assert.equal(r.baseline.length, 6);
    assert.equal(r.candidate.length, 6);
    assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline), `candidate ${r.candidate} below baseline ${r.baseline}`);
    assert.ok(mean(r.baseline) >= 140, `baseline waits 150 ms: ${r.baseline}`);
    assert.equal(order.join(''), 'bcbcbcbcbcbc');
    assert.deepEqual(r.changedFiles, ['config.js']);
    assert.equal(r.durationsMs.baseline.length, 6);
    assert.ok(r.log.some((l) => /linked node_modules/.test(l)), 'node_modules linked into the arms');
  });

  it('a no-op patch gives samples of the same size in both arms', async () => {
    const dir = project(true);
    const r = await untouched(dir, () => runAbExperiment({ folder: dir, candidate: { kind: 'patch', patch: NOOP_PATCH }, probe, samplesPerArm: 4, isTrusted: trusted }));
    const ratio = mean(r.candidate) / mean(r.baseline);
    assert.ok(ratio > 0.8 && ratio < 1.25, `means ${mean(r.baseline)} vs ${mean(r.candidate)}`);
    assert.deepEqual(r.changedFiles, ['README.md']);
  });

  it('the working tree against HEAD: uncommitted edits and untracked files are the candidate, and stay put', async () => {
    const dir = project(true);
    writeFileSync(path.join(dir, 'config.js'), "module.exports = require('./fast');\n");
    writeFileSync(path.join(dir, 'fast.js'), 'module.exports = { delayMs: 5 };\n');
    const r = await untouched(dir, () => runAbExperiment({ folder: dir, candidate: { kind: 'working-tree' }, probe, samplesPerArm: 3, isTrusted: trusted }));
    assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline));
    assert.deepEqual(r.changedFiles, ['config.js', 'fast.js']);
  });

  it('whole-file candidates, with the folder a subfolder of its repository', async () => {
    const root = project(true);
    const sub = path.join(root, 'pkg');
    mkdirSync(sub);
    for (const f of ['bench.js', 'config.js']) writeFileSync(path.join(sub, f), readFileSync(path.join(root, f)));
    execFileSync('git', ['add', 'pkg'], { cwd: root });
    execFileSync('git', ['-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'pkg'], { cwd: root });
    const r = await untouched(root, () => runAbExperiment({
      folder: sub, candidate: { kind: 'files', files: [{ path: 'config.js', content: 'module.exports = { delayMs: 5 };\n' }] },
      probe, samplesPerArm: 3, isTrusted: trusted,
    }));
    assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline));
    assert.deepEqual(r.changedFiles, ['config.js']);
    await assert.rejects(runAbExperiment({ folder: sub, candidate: { kind: 'files', files: [{ path: '../../etc/x', content: '' }] }, probe, samplesPerArm: 1, isTrusted: trusted }),
      (e: unknown) => e instanceof AbSetupError && /outside the folder/.test(e.message));
  });

  it('never registers a worktree in the user\'s repository (Source Control would list the arms)', async () => {
    const dir = project(true);
    const lists: string[] = [];
    const worktrees = (): string => execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: dir, encoding: 'utf8' });
    const before = worktrees();
    await untouched(dir, () => runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 2, isTrusted: trusted,
      onProgress: (p: AbProgress) => { if (p.phase === 'run') lists.push(worktrees()); },
    }));
    assert.ok(lists.length >= 4, 'checked while the arms ran');
    for (const l of lists) assert.equal(l, before, 'only the user\'s own worktree, even mid-run');
    assert.ok(!existsSync(path.join(dir, '.git', 'worktrees')), 'nothing under .git/worktrees for Git to warn about');
  });

  it('a tracked package inside a bigger repository: the working tree runs in a clone of that repository at the package\'s path', async () => {
    const root = project(true);
    const sub = path.join(root, 'packages', 'pkg');
    mkdirSync(sub, { recursive: true });
    for (const f of ['bench.js', 'config.js']) writeFileSync(path.join(sub, f), readFileSync(path.join(root, f)));
    execFileSync('git', ['add', 'packages'], { cwd: root });
    execFileSync('git', ['-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'pkg'], { cwd: root });
    writeFileSync(path.join(sub, 'config.js'), 'module.exports = { delayMs: 5 };\n');
    const r = await untouched(root, () => runAbExperiment({ folder: sub, candidate: { kind: 'working-tree' }, probe, samplesPerArm: 3, isTrusted: trusted }));
    assert.equal(r.mode, 'git-clone');
    assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline), `${r.candidate} vs ${r.baseline}`);
    assert.deepEqual(r.changedFiles, ['config.js']);
  });

  for (const how of ['ignored', 'untracked'] as const) {
    it(`a folder that is ${how} inside a repository runs in copies of the folder, not in a clone of the repository`, async () => {
      const root = project(true);
      const sub = path.join(root, 'scratch', 'demo');
      mkdirSync(sub, { recursive: true });
      for (const f of ['bench.js', 'config.js']) writeFileSync(path.join(sub, f), readFileSync(path.join(root, f)));
      symlinkSync(path.join(root, 'node_modules'), path.join(sub, 'node_modules'));
      if (how === 'ignored') appendFileSync(path.join(root, '.gitignore'), 'scratch/\n');
      const r = await untouched(sub, () => runAbExperiment({ folder: sub, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 3, isTrusted: trusted }));
      assert.equal(r.mode, 'copy');
      assert.ok(r.log.some((l) => /not tracked by the repository/.test(l)), r.log.join('\n'));
      assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline), `${r.candidate} vs ${r.baseline}`);
      assert.deepEqual(r.changedFiles, ['config.js']);
    });
  }

  it('a folder that is not a git repository runs in copies, with node_modules linked, and leaves nothing behind', async () => {
    const dir = project(false);
    const r = await untouched(dir, () => runAbExperiment({ folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 3, isTrusted: trusted }));
    assert.equal(r.mode, 'copy');
    assert.ok(Math.max(...r.candidate) < Math.min(...r.baseline));
    assert.deepEqual(r.changedFiles, ['config.js']);
    await assert.rejects(runAbExperiment({ folder: dir, candidate: { kind: 'working-tree' }, probe, samplesPerArm: 1, isTrusted: trusted }),
      (e: unknown) => e instanceof AbSetupError && /needs a git repository/.test(e.message));
  });

  it('a patch that does not apply is a setup error, and cleans up', async () => {
    const dir = project(true);
    await untouched(dir, () => assert.rejects(
      runAbExperiment({ folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH.replace(/150/g, '999') }, probe, samplesPerArm: 2, isTrusted: trusted }),
      (e: unknown) => e instanceof AbSetupError && /does not apply to HEAD/.test(e.message)));
  });

  it('a candidate that breaks the benchmark fails in the candidate arm with the baseline samples kept', async () => {
    const dir = project(true);
    await untouched(dir, () => assert.rejects(
      runAbExperiment({ folder: dir, candidate: { kind: 'patch', patch: BREAKING_PATCH }, probe, samplesPerArm: 3, isTrusted: trusted }),
      (e: unknown) => e instanceof AbRunError && e.arm === 'candidate' && e.partial.baseline.length === 1 && /candidate broke the benchmark/.test(e.message)));
  });

  it('cancelling stops the running probe and removes the worktrees', async () => {
    const dir = project(true);
    const controller = new AbortController();
    let runs = 0;
    await untouched(dir, () => assert.rejects(
      runAbExperiment({
        folder: dir, candidate: { kind: 'patch', patch: NOOP_PATCH }, probe, samplesPerArm: 20, isTrusted: trusted, signal: controller.signal, killGraceMs: 200,
        onProgress: (p) => { if (p.phase === 'run' && ++runs === 2) controller.abort(); },
      }),
      ProbeCancelledError));
    assert.equal(runs, 2);
  });

  it('refuses to start in an untrusted workspace, before running git', async () => {
    const dir = project(true);
    await untouched(dir, () => assert.rejects(
      runAbExperiment({ folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 6, isTrusted: () => false }),
      UntrustedWorkspaceError));
  });
});

describe('A/B experiment runner: sequential sampling', function () {
  this.timeout(30000);
  const cheap: ProbeSpec = { command: 'cat value.txt', parse: { format: 'number' } };
  let dir: string;
  before(() => { dir = makeProject({ git: true }); writeFileSync(path.join(dir, 'value.txt'), '10\n'); execFileSync('git', ['add', 'value.txt'], { cwd: dir }); execFileSync('git', ['-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-qm', 'v'], { cwd: dir }); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const patch = 'diff --git a/value.txt b/value.txt\n--- a/value.txt\n+++ b/value.txt\n@@ -1 +1 @@\n-10\n+7\n';

  it('stops as soon as the stopping rule is satisfied, not before the minimum', async () => {
    const seen: number[] = [];
    const r = await runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch }, probe: cheap, samplesPerArm: 2, maxSamplesPerArm: 10, isTrusted: trusted,
      shouldStop: (s) => { seen.push(s.baseline.length); return s.candidate.length >= 4; },
    });
    assert.deepEqual(seen, [2, 3, 4]);
    assert.deepEqual(r.baseline, [10, 10, 10, 10]);
    assert.deepEqual(r.candidate, [7, 7, 7, 7]);
    assert.equal(r.stopped, 'rule');
  });

  it('ends at the budget when the rule never settles', async () => {
    const r = await runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch }, probe: cheap, samplesPerArm: 2, maxSamplesPerArm: 3, isTrusted: trusted, shouldStop: () => false,
    });
    assert.equal(r.baseline.length, 3);
    assert.equal(r.stopped, 'budget');
  });
});
