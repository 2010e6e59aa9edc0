// The team commands as processes: `team sync`, `worker` and `team run`, registered on a commander program.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { CAPABILITY, cloneFor, makeBenchRepo } from './benchRepo';
import { freshDatabase } from './server';

const CLI = path.join(__dirname, 'fixture-cli.js');

describe('team commands as processes (team sync, team run, worker)', function () {
  this.timeout(180_000);
  let tmp: string;
  let dbDir: string;
  let url: string;
  const cli = (args: string[], env: Record<string, string | undefined> = {}) => spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8', env: { ...process.env, SI_TEST_DB_DIR: dbDir, SELF_IMPROVEMENT_TEAM_URL: url, ...env },
  });
  const engineFor = (folder: string) => SelfImprovementEngine.open({ dbPath: path.join(dbDir, `${path.basename(folder)}.sqlite`), rootDir: folder });

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-cli-'));
    dbDir = path.join(tmp, 'dbs');
    fs.mkdirSync(dbDir);
    url = await freshDatabase('cli');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('team sync: exit 3 with the next step when no URL is set; pushes, pulls, and repeats without duplicating', async () => {
    const none = cli(['team', 'sync', '--folder', tmp], { SELF_IMPROVEMENT_TEAM_URL: '' });
    assert.equal(none.status, 3);
    assert.match(none.stderr, /SELF_IMPROVEMENT_TEAM_URL=postgres:\/\//);
    const bad = cli(['team', 'sync', '--folder', tmp], { SELF_IMPROVEMENT_TEAM_URL: 'mysql://x/y' });
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /must start with postgres:\/\//);

    const alice = path.join(tmp, 'alice');
    const ci = path.join(tmp, 'ci');
    for (const [folder, n] of [[alice, 5], [ci, 7]] as const) {
      fs.mkdirSync(folder);
      const e = await engineFor(folder);
      e.registerCapability({ name: 'latency', type: 'efficiency', description: '', baseline: 10, target: 5, unit: 'ms', direction: 'lower' });
      for (let i = 0; i < n; i++) e.measureCapability('latency', 9, { branch: 'main' });
      await e.close();
    }
    const first = cli(['team', 'sync', '--folder', alice, '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).pushed.measurements, 5);
    const second = cli(['team', 'sync', '--folder', ci, '--label', 'CI']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /pushed: 7 measurements/);
    assert.match(second.stdout, /pulled: 5 measurements/);
    assert.match(second.stdout, /audit chain intact/);
    const again = cli(['team', 'sync', '--folder', alice, '--json']);
    const report = JSON.parse(again.stdout);
    assert.equal(report.pushed.measurements, 0);
    assert.equal(report.pulled.measurements, 7);
    assert.equal(JSON.parse(cli(['team', 'sync', '--folder', alice, '--json']).stdout).pulled.measurements, 0);
  });

  it('worker + team run: the verdict and evidence land on the planned experiment; the worker stops on SIGTERM', async () => {
    const { repo, patch } = makeBenchRepo(path.join(tmp, 'bench'));
    const patchFile = path.join(tmp, 'candidate.patch');
    fs.writeFileSync(patchFile, patch);
    const e = await engineFor(repo);
    e.registerCapability({ name: CAPABILITY, type: 'efficiency', description: '', baseline: 60, target: 20, unit: 'ms', direction: 'lower' });
    e.measureCapability(CAPABILITY, 60);
    const [exp] = e.generateExperiments(e.analyzeWeaknesses()[0].id, 1);
    await e.close();

    const worker = spawn(process.execPath, [CLI, 'worker', '--folder', cloneFor(repo, tmp, 'worker-clone'), '--machine', 'm1', '--poll', '0.5'], {
      env: { ...process.env, SI_TEST_DB_DIR: dbDir, SELF_IMPROVEMENT_TEAM_URL: url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let workerOut = '';
    worker.stdout.on('data', (d) => { workerOut += d; });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));
    try {
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'team', 'run', '--folder', repo, '--patch', patchFile, '--capability', CAPABILITY, '--blocks', '2', '--pairs', '3', '--experiment', String(exp.id), '--json'], {
          env: { ...process.env, SI_TEST_DB_DIR: dbDir, SELF_IMPROVEMENT_TEAM_URL: url },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        child.on('exit', (status) => resolve({ status, stdout, stderr }));
      });
      assert.equal(run.status, 0, run.stderr);
      const outcome = JSON.parse(run.stdout);
      assert.equal(outcome.verdict, 'success');
      assert.deepEqual(outcome.evidence.blocks.map((b: { machine: string }) => b.machine), ['m1', 'm1']);
      assert.match(workerOut, /block-stored/);
    } finally {
      worker.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    const after = await engineFor(repo);
    try {
      const done = after.listExperiments().find((x) => x.id === exp.id)!;
      assert.equal(done.status, 'completed');
      assert.equal(done.verdict, 'success');
      assert.equal((after.getExperimentEvidence(exp.id) as unknown as { distributed: { blocks: unknown[] } }).distributed.blocks.length, 2);
    } finally { await after.close(); }
  });
});
