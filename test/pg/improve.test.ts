// `self-improvement improve` with a team store (SELF_IMPROVEMENT_TEAM_URL): with no worker alive each draft
// is measured locally and says so; with a worker alive (`self-improvement worker` in its own clone) the
// draft is a distributed run — cascade, guardrails, the sequential rule, confirmation on fresh blocks —
// and its confirmed candidate is queued for review, pending, nothing applied. Both as processes of the built CLI.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { cloneFor, makeGuardedRepo } from './benchRepo';
import { freshDatabase } from './server';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** A model command that answers `patch` in a diff block, whatever the prompt. */
function modelAnswering(dir: string, name: string, patch: string): string {
  const file = path.join(dir, `${name}.patch`);
  fs.writeFileSync(file, patch);
  const script = path.join(dir, `${name}.js`);
  fs.writeFileSync(script, `process.stdin.resume(); process.stdin.on('end', () => process.stdout.write('\`\`\`diff\\n' + require('fs').readFileSync(${JSON.stringify(file)}, 'utf8') + '\`\`\`\\n'));\n`);
  return `node ${JSON.stringify(script)}`;
}

describe('team: improve measures drafts through the team\'s workers', function () {
  this.timeout(300_000);
  let tmp: string;
  let url: string;
  let repo: ReturnType<typeof makeGuardedRepo>;
  let worker: ChildProcess | undefined;
  const dbOf = (folder: string) => path.join(tmp, `${path.basename(folder)}.sqlite`);
  const cli = (folder: string, args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, '--folder', folder, '--db', dbOf(folder), ...args], { cwd: folder, env: { ...process.env, SELF_IMPROVEMENT_TEAM_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-improve-'));
    url = await freshDatabase('improve');
    repo = makeGuardedRepo(tmp);
    const m = await cli(repo.repo, ['measure']);
    assert.equal(m.code, 0, m.stderr);
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => { worker!.on('exit', r); setTimeout(r, 10_000); });
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('no worker alive: the draft is measured locally, and the outcome says why', async () => {
    const r = await cli(repo.repo, ['improve', '--model-command', modelAnswering(tmp, 'breaks', repo.patchTo({ delay: 30, fail: 5 })), '--model-name', 'scripted', '--budget', 'requests=1,runs=1', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.drafts.map((d: { verdict: string }) => d.verdict), ['refused']);
    assert.equal(out.drafts[0].measuredOn, 'locally (no team worker is alive)');
    assert.deepEqual(out.queue, []);
  });

  it('a worker alive: the draft runs on it (cascade, guardrails, sequential rule, confirmation) and exactly the confirmed candidate is queued', async () => {
    const clone = cloneFor(repo.repo, tmp, 'worker-clone');
    worker = spawn(process.execPath, [CLI, '--folder', clone, '--db', dbOf(clone), 'worker', '--machine', 'w1', '--poll', '0.5'], {
      env: { ...process.env, SELF_IMPROVEMENT_TEAM_URL: url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let workerOut = '';
    await new Promise<void>((resolve) => worker!.stdout!.on('data', (d) => { workerOut += d; if (/^worker /m.test(workerOut)) resolve(); }));

    const r = await cli(repo.repo, ['improve', '--model-command', modelAnswering(tmp, 'good', repo.patchTo({ delay: 30 })), '--model-name', 'scripted', '--budget', 'requests=2,runs=2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.stopped, 'done', out.message);
    assert.deepEqual(out.drafts.map((d: { verdict: string }) => d.verdict), ['success']);
    assert.equal(out.drafts[0].measuredOn, 'on the team\'s workers (1 alive: w1)');
    assert.equal(out.queue.length, 1);
    assert.equal(out.queue[0].filePath, 'cfg.js');
    assert.equal(out.queue[0].proposedBy, 'lm:scripted');
    assert.deepEqual(out.queue[0].guardrails.map((g: { capability: string; status: string }) => [g.capability, g.status]).sort(), [['cases-pass-rate', 'held'], ['mem-mb', 'held']]);
    assert.match(workerOut, /block-stored/);
    assert.equal(fs.readFileSync(path.join(repo.repo, 'cfg.js'), 'utf8'), 'module.exports = { DELAY: 60, MEM: 100, FAIL: 0 };\n', 'nothing applied');

    // The experiment's evidence: the distributed run on w1, the sequential look, the confirmation on fresh blocks.
    const engine = await SelfImprovementEngine.open({ dbPath: dbOf(repo.repo), rootDir: repo.repo });
    try {
      const ev = engine.getExperimentEvidence(out.drafts[0].measuredBy) as unknown as { verdict: string; confirmed: boolean; stopped: string; log: string[]; distributed: { blocks: { machine: string }[]; cascade?: { machine: string } } };
      assert.equal(ev.verdict, 'success');
      assert.equal(ev.confirmed, true);
      assert.equal(ev.stopped, 'rule');
      assert.ok(ev.distributed.blocks.length >= 2 && ev.distributed.blocks.every((b) => b.machine === 'w1'));
      assert.equal(ev.distributed.cascade?.machine, 'w1');
      assert.match(ev.log[0]!, /^measured on the team's workers \(1 alive: w1\), HEAD [0-9a-f]{12} \+ the patch$/);
      const imp = engine.getImprovement(out.queue[0].improvementId);
      assert.equal(imp.status, 'pending');
    } finally { await engine.close(); }
  });
});
