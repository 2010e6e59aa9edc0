// The team commands as processes of the built CLI (dist/cli.js, `npm run test:pg` builds it): `team sync`,
// `worker` and `team run`, with the CLI's global --folder and --db.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { CAPABILITY, cloneFor, makeBenchRepo } from './benchRepo';
import { freshDatabase } from './server';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

describe('team commands as processes (team sync, team run, worker)', function () {
  this.timeout(180_000);
  let tmp: string;
  let dbDir: string;
  let url: string;
  const dbFor = (folder: string) => path.join(dbDir, `${path.basename(folder)}.sqlite`);
  /** The CLI on `folder` with its database in dbDir. */
  const argsFor = (folder: string, args: string[]) => [CLI, '--folder', folder, '--db', dbFor(folder), ...args];
  const cli = (folder: string, args: string[], env: Record<string, string | undefined> = {}) => spawnSync(process.execPath, argsFor(folder, args), {
    encoding: 'utf8', env: { ...process.env, SELF_IMPROVEMENT_TEAM_URL: url, ...env },
  });
  const engineFor = (folder: string) => SelfImprovementEngine.open({ dbPath: dbFor(folder), rootDir: folder });

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-cli-'));
    dbDir = path.join(tmp, 'dbs');
    fs.mkdirSync(dbDir);
    url = await freshDatabase('cli');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--help for team sync, team run and worker (with the global options); exit 0', () => {
    for (const args of [['team', 'sync', '--help'], ['team', 'run', '--help'], ['worker', '--help']]) {
      const help = cli(tmp, args);
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: self-improvement ${args.slice(0, -1).join(' ')} \\[options\\]`));
      assert.match(help.stdout, /--folder <dir>/);
      assert.match(help.stdout, /--db <file>/);
    }
    assert.match(cli(tmp, ['team', 'sync', '--help']).stdout, /--push-only/);
    assert.match(cli(tmp, ['worker', '--help']).stdout, /--machine <name>/);
  });

  it('no URL, a bad URL, a server that is down: a clear message and exit 3, for team sync and worker', () => {
    for (const command of [['team', 'sync'], ['worker']]) {
      const none = cli(tmp, command, { SELF_IMPROVEMENT_TEAM_URL: '' });
      assert.equal(none.status, 3, command.join(' '));
      assert.match(none.stderr, /^self-improvement: No team store configured: set SELF_IMPROVEMENT_TEAM_URL=postgres:\/\//);
      const bad = cli(tmp, command, { SELF_IMPROVEMENT_TEAM_URL: 'mysql://x/y' });
      assert.equal(bad.status, 3);
      assert.match(bad.stderr, /must start with postgres:\/\//);
      // Port 1 on this machine: nothing listens there.
      const down = cli(tmp, command, { SELF_IMPROVEMENT_TEAM_URL: 'postgres://si:secret@127.0.0.1:1/team' });
      assert.equal(down.status, 3, down.stderr);
      assert.match(down.stderr, /The team store at 127\.0\.0\.1:1\/team is not reachable/);
      assert.doesNotMatch(down.stderr + down.stdout, /secret/, 'the password never reaches the output');
      assert.doesNotMatch(down.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('team sync: pushes, pulls, and repeats without duplicating', async () => {
    const alice = path.join(tmp, 'alice');
    const ci = path.join(tmp, 'ci');
    for (const [folder, n] of [[alice, 5], [ci, 7]] as const) {
      fs.mkdirSync(folder);
      const e = await engineFor(folder);
      e.registerCapability({ name: 'latency', type: 'efficiency', description: '', baseline: 10, target: 5, unit: 'ms', direction: 'lower' });
      for (let i = 0; i < n; i++) e.measureCapability('latency', 9, { branch: 'main' });
      await e.close();
    }
    const first = cli(alice, ['team', 'sync', '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).pushed.measurements, 5);
    const second = cli(ci, ['team', 'sync', '--label', 'CI']);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /pushed: 7 measurements/);
    assert.match(second.stdout, /pulled: 5 measurements/);
    assert.match(second.stdout, /audit chain intact/);
    const again = cli(alice, ['team', 'sync', '--json']);
    const report = JSON.parse(again.stdout);
    assert.equal(report.pushed.measurements, 0);
    assert.equal(report.pulled.measurements, 7);
    assert.equal(JSON.parse(cli(alice, ['team', 'sync', '--json']).stdout).pulled.measurements, 0);
    // No duplicates: alice holds her 5 and CI's 7 once each, however often sync ran.
    const e = await engineFor(alice);
    try {
      assert.equal(e.getMeasurements('latency').length, 5);
      assert.equal(e.storage.get<{ n: number }>('SELECT COUNT(*) AS n FROM team_measurements')!.n, 7);
    } finally { await e.close(); }
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

    const worker = spawn(process.execPath, argsFor(cloneFor(repo, tmp, 'worker-clone'), ['worker', '--machine', 'm1', '--poll', '0.5']), {
      env: { ...process.env, SELF_IMPROVEMENT_TEAM_URL: url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let workerOut = '';
    worker.stdout.on('data', (d) => { workerOut += d; });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));
    try {
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, argsFor(repo, ['team', 'run', '--patch', patchFile, '--capability', CAPABILITY, '--blocks', '2', '--pairs', '3', '--experiment', String(exp.id), '--json']), {
          env: { ...process.env, SELF_IMPROVEMENT_TEAM_URL: url },
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
