// Three worker processes on one distributed experiment, one of them twice as slow, and one killed mid-block.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { evidenceMarkdown } from '../../src/engine/loop/evidenceMarkdown';
import { TeamStore } from '../../src/team/teamStore';
import { BlockQueue } from '../../src/team/runs/queue';
import { runDistributed } from '../../src/team/runs/distributedRun';
import { CAPABILITY, cloneFor, makeBenchRepo } from './benchRepo';
import { freshDatabase } from './server';
import { killAll, spawnWorker, type WorkerProcess as Worker } from './workerProcess';

describe('team: distributed runs on three workers', function () {
  this.timeout(240_000);
  let tmp: string;
  const workers: Worker[] = [];
  let store: TeamStore | undefined;
  let queue: BlockQueue | undefined;

  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-workers-')); });
  after(async () => {
    killAll(workers);
    await queue?.close(false);
    await store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs every block exactly once though one worker is killed mid-block; the slow machine counts, blocked; evidence says who ran what', async () => {
    const url = await freshDatabase('workers');
    const { repo, patch, head } = makeBenchRepo(tmp);
    store = await TeamStore.connect(url);
    queue = await BlockQueue.open(url, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });

    let killed: { worker: string; runId: string; blockIndex: number } | null = null;
    const onEvent = (w: Worker, e: Record<string, unknown>) => {
      if (e.type === 'block-start' && w.name === 'victim' && !killed) {
        killed = { worker: w.name, runId: e.runId as string, blockIndex: e.blockIndex as number };
        // Mid-block: its probe runs are under way (the block takes over a second).
        setTimeout(() => w.child.kill('SIGKILL'), 400);
      }
    };
    workers.push(spawnWorker(url, 'fast-a', cloneFor(repo, tmp, 'a'), 1, onEvent));
    workers.push(spawnWorker(url, 'slow-b', cloneFor(repo, tmp, 'b'), 2, onEvent));
    workers.push(spawnWorker(url, 'victim', cloneFor(repo, tmp, 'c'), 1, onEvent));

    // One wave of all six blocks (the sequential rule's early stop has its own test, guarded.test.ts).
    const outcome = await runDistributed({
      store, queue, unit: 'ms', pollMs: 300, waveBlocks: 6,
      spec: { capabilityName: CAPABILITY, direction: 'lower', threshold: 0.15, candidate: { kind: 'patch', patch }, baseCommit: head, pairsPerBlock: 3, blocks: 6, blockTimeoutSeconds: 8 },
    });

    assert.ok(killed, 'the victim started a block and was killed');
    const k = killed as { runId: string; blockIndex: number };
    assert.equal(await workers[2].exited, null, 'killed by a signal');
    // Every block once, none twice.
    assert.deepEqual(outcome.blocks.map((b) => b.blockIndex), [0, 1, 2, 3, 4, 5]);
    const victimBlock = outcome.blocks.find((b) => b.blockIndex === k.blockIndex)!;
    assert.notEqual(victimBlock.machine, 'victim', 'the killed block was run again by another machine');
    assert.ok(victimBlock.attempt >= 2, 'as a retry');
    assert.ok(outcome.attempts.some((a) => a.machine === 'victim' && a.blockIndex === k.blockIndex && a.outcome === null), 'the lost attempt is on record');
    assert.ok(outcome.evidence.log.some((l) => new RegExp(`block ${k.blockIndex}: attempt 1 on victim .* lost`).test(l)), outcome.evidence.log.join('\n'));
    // Both live machines contributed; the slow one's values are about twice the fast one's, and do not bias the effect.
    const machines = new Map(outcome.analysis.machines.map((m) => [m.machine, m]));
    assert.ok(machines.has('fast-a') && machines.has('slow-b'), `machines: ${[...machines.keys()].join(', ')}`);
    assert.ok(machines.get('slow-b')!.baselineMean > 1.6 * machines.get('fast-a')!.baselineMean);
    assert.equal(outcome.analysis.verdict, 'success', outcome.analysis.reason);
    assert.equal(outcome.look.verdict?.verdict, 'success', outcome.look.verdict?.reason);
    assert.equal(outcome.evidence.stopped, 'rule');
    assert.deepEqual(outcome.evidence.distributed.waves, [6]);
    // As locally: the first success is re-run on fresh blocks, and only a confirmed success stays one.
    assert.ok(outcome.confirmation, 'a confirmation run on fresh blocks');
    // The engine's planConfirmation: a third of the first run's 18 pairs, in whole blocks of 3.
    assert.deepEqual(outcome.confirmation.blocks.map((b) => b.blockIndex), [0, 1]);
    assert.notEqual(outcome.confirmation.run.runId, outcome.run.runId);
    assert.equal(outcome.verdict, 'success', outcome.reason);
    assert.match(outcome.reason, /^Confirmed by a fresh run: /);
    assert.equal(outcome.evidence.confirmed, true);
    assert.ok(outcome.evidence.firstEffect && outcome.evidence.effect && outcome.evidence.effect !== outcome.evidence.firstEffect);
    assert.equal(outcome.evidence.samples.confirmation?.baseline.length, 6);
    assert.ok(outcome.analysis.relativeChange < -0.4 && outcome.analysis.relativeChange > -0.6, `halved: ${outcome.analysis.relativeChange}`);
    assert.deepEqual(new Set(outcome.evidence.distributed.blocks.map((b) => b.machine)), new Set(outcome.blocks.map((b) => b.machine)));
    // The approver's evidence (the engine's one formatter) shows who ran what and the blocked analysis.
    const md = evidenceMarkdown('distributed', outcome.evidence);
    assert.match(md, /## Distributed run\n\n6 blocks \(18 pairs\) on [23] machines, each block both arms on one machine; analysed blocked by machine/);
    assert.match(md, /- fast-a: \d blocks?, \d+ pairs, .*weight \d+ %/);
    assert.match(md, /- slow-b: /);
    assert.match(md, /\*\*Verdict: success \(confirmed on fresh samples\)\*\*/);
    assert.match(md, /### Confirmation run\n\n2 blocks \(6 pairs\) on [12] machines?/);
    assert.match(md, new RegExp(`- block ${k.blockIndex}: attempt 1 on victim \\(worker [^)]+\\) lost`));

    // The verdict and its evidence land on the experiment in the coordinator's own database.
    const engine = await SelfImprovementEngine.open({ rootDir: tmp });
    try {
      engine.registerCapability({ name: CAPABILITY, type: 'efficiency', description: '', baseline: 60, target: 20, unit: 'ms', direction: 'lower' });
      engine.measureCapability(CAPABILITY, 60);
      const weakness = engine.analyzeWeaknesses()[0];
      const [exp] = engine.generateExperiments(weakness.id, 1);
      engine.startExperiment(exp.id);
      const done = engine.recordExperimentResult(exp.id, {
        verdict: outcome.verdict, reason: outcome.reason, actualImprovement: outcome.evidence.effect!.relativeGain, evidence: outcome.evidence,
      });
      assert.equal(done.verdict, 'success');
      const stored = engine.getExperimentEvidence(exp.id) as unknown as typeof outcome.evidence;
      assert.deepEqual(stored.distributed.blocks.map((b) => b.machine), outcome.blocks.map((b) => b.machine));
    } finally { await engine.close(); }

    // The live workers stop gracefully on SIGTERM.
    for (const w of workers.slice(0, 2)) w.child.kill('SIGTERM');
    assert.deepEqual(await Promise.all(workers.slice(0, 2).map((w) => w.exited)), [0, 0]);
  });
});
