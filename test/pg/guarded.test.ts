// Distributed runs judged by the local loop's rules: the cascade's suite once per arm before any timing
// block, a timing guardrail measured in every block beside the target, and the sequential rule after each
// wave stopping before the block budget. Two worker processes, one twice as slow.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evidenceMarkdown } from '../../src/engine/loop/evidenceMarkdown';
import { readConfigFile } from '../../src/engine/config/readConfigFile';
import { distributedGuards } from '../../src/engine/loop/distributedJudge';
import { TeamStore } from '../../src/team/teamStore';
import { BlockQueue } from '../../src/team/runs/queue';
import { runDistributed, type RunOptions } from '../../src/team/runs/distributedRun';
import { CAPABILITY, GUARD, SUITE, cloneFor, makeGuardedRepo } from './benchRepo';
import { freshDatabase } from './server';
import { killAll, spawnWorker, type WorkerProcess } from './workerProcess';

describe('team: distributed runs with guardrails, the cascade and the sequential rule', function () {
  this.timeout(300_000);
  let tmp: string;
  const workers: WorkerProcess[] = [];
  let store: TeamStore;
  let queue: BlockQueue;
  let repo: ReturnType<typeof makeGuardedRepo>;
  let run: (patch: string, more?: Partial<RunOptions>) => ReturnType<typeof runDistributed>;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-guarded-'));
    const url = await freshDatabase('guarded');
    repo = makeGuardedRepo(tmp);
    store = await TeamStore.connect(url);
    queue = await BlockQueue.open(url, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
    workers.push(spawnWorker(url, 'fast', cloneFor(repo.repo, tmp, 'fast'), 1), spawnWorker(url, 'slow', cloneFor(repo.repo, tmp, 'slow'), 2));
    await Promise.all(workers.map((w) => w.ready));
    // The guardrails as `team run` takes them: every other capability of the coordinator's config with a probe.
    const read = await readConfigFile(repo.repo);
    assert.ok(read.exists && read.config);
    const guardrails = distributedGuards(read.config, CAPABILITY);
    assert.deepEqual(guardrails.map((g) => [g.name, g.suite, g.margin]), [[SUITE, true, 0.02], [GUARD, false, 0.1]]);
    run = (patch, more = {}) => runDistributed({
      store, queue, unit: 'ms', pollMs: 250, waveBlocks: 2,
      spec: { capabilityName: CAPABILITY, direction: 'lower', threshold: 0.15, candidate: { kind: 'patch', patch }, baseCommit: repo.head, pairsPerBlock: 3, blocks: 12, blockTimeoutSeconds: 60, guardrails },
      ...more,
    });
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.race([Promise.all(workers.map((w) => w.exited)), new Promise((r) => setTimeout(r, 10_000))]);
    killAll(workers);
    await queue?.close(false);
    await store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a large effect with both guardrails held: the sequential rule stops before the block budget; confirmed on fresh blocks', async () => {
    const outcome = await run(repo.patchTo({ delay: 30 }));
    assert.equal(outcome.verdict, 'success', outcome.reason);
    assert.equal(outcome.evidence.stopped, 'rule');
    assert.equal(outcome.evidence.sequential?.decision, 'stop-success');
    assert.ok(outcome.blocks.length < 12, `stopped after ${outcome.blocks.length} of 12 blocks`);
    assert.deepEqual(outcome.blocks.map((b) => b.blockIndex), Array.from({ length: outcome.blocks.length }, (_, i) => i), 'each block once, none beyond the stop');
    const waves = outcome.evidence.distributed.waves!;
    assert.ok(waves.length >= 1 && waves.every((n) => n === 2), `waves ${waves.join(', ')}`);
    assert.equal(waves.length * 2, outcome.blocks.length);
    // The cascade ran the suite once per arm on one worker; the timing guardrail was measured in every block.
    assert.ok(outcome.cascade && ['fast', 'slow'].includes(outcome.cascade.machine));
    assert.deepEqual(outcome.evidence.guardrails.map((g) => [g.capability, g.status]), [[SUITE, 'held'], [GUARD, 'held']]);
    const mem = outcome.evidence.guardrails.find((g) => g.capability === GUARD)!;
    assert.equal(mem.samples?.baseline.length, outcome.blocks.length * 3, 'mem-mb: every pair of every block');
    assert.ok(outcome.blocks.every((b) => b.extras?.guards?.[GUARD]?.perRun.baseline.length === 3));
    assert.ok(outcome.confirmation, 'confirmed on fresh blocks');
    assert.equal(outcome.evidence.confirmed, true);
    assert.match(outcome.reason, /^Confirmed by a fresh run: .*guardrails held in the first run/);
    const md = evidenceMarkdown('distributed guarded', outcome.evidence);
    assert.match(md, new RegExp(`✓ ${SUITE}.*— \\*\\*held\\*\\*`));
    assert.match(md, new RegExp(`✓ ${GUARD}.*— \\*\\*held\\*\\*`));
    assert.match(md, /- sequential rule: stop-success — /);
    assert.match(md, new RegExp(`in ${waves.length} waves? \\(${waves.join(' \\+ ')} blocks\\); the suites once per arm first, on (fast|slow)`));
  });

  it('a timing guardrail that breaks: refused (never a success), the guardrail named, no confirmation', async () => {
    const outcome = await run(repo.patchTo({ delay: 30, mem: 200 }));
    assert.equal(outcome.verdict, 'refused', outcome.reason);
    assert.match(outcome.reason, new RegExp(`${GUARD} rose from [0-9.]+ to [0-9.]+ MB, beyond its 10 % margin`));
    assert.match(outcome.reason, /refused/);
    assert.equal(outcome.evidence.stopped, 'guardrail');
    assert.equal(outcome.confirmation, null);
    assert.equal(outcome.evidence.guardrails.find((g) => g.capability === GUARD)?.status, 'broken');
    assert.equal(outcome.evidence.guardrails.find((g) => g.capability === SUITE)?.status, 'held');
    assert.ok(outcome.blocks.length < 12, 'stopped once it broke');
    assert.match(evidenceMarkdown('distributed broken', outcome.evidence), new RegExp(`✗ ${GUARD}.*— \\*\\*broken\\*\\*`));
  });

  it('a suite of the cascade that breaks: refused before any timing block', async () => {
    const outcome = await run(repo.patchTo({ delay: 30, fail: 5 }));
    assert.equal(outcome.verdict, 'refused', outcome.reason);
    assert.match(outcome.reason, new RegExp(`${SUITE} fell from 1\\.00 to 0\\.90?, beyond its 2 % margin`));
    assert.equal(outcome.blocks.length, 0, 'no timing block ran');
    assert.ok(outcome.cascade);
    assert.equal(outcome.evidence.stopped, 'guardrail');
    assert.equal(outcome.evidence.flips.find((f) => f.capability === SUITE)?.toFail.length, 5);
  });

  it('a patch that touches what measures it is flagged by the engine\'s tamper check', async () => {
    const read = await readConfigFile(repo.repo);
    assert.ok(read.exists && read.config);
    const patch = `--- a/mem.js\n+++ b/mem.js\n@@ -1,2 +1,2 @@\n-const { MEM } = require('./cfg.js');\n+const { MEM } = require('./cfg.js'); // touched\n const slow = Number(process.env.SLOW_FACTOR || 1);\n`;
    const outcome = await run(patch, { tamper: { probeCommands: read.config.capabilities.map((c) => c.probe!.command), evaluatorFiles: [] }, confirm: false });
    assert.deepEqual(outcome.evidence.tamperFlags.map((f) => f.file), ['mem.js']);
    assert.deepEqual(outcome.evidence.changedFiles, ['mem.js']);
    assert.notEqual(outcome.verdict, 'success');
  });
});
