import * as assert from 'node:assert/strict';
import type { ExperimentEvidence } from '../../../src/engine/types';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { checkDecay, followDecay, watchDecay } from '../../../src/engine/monitoring/decay';
import { forecastTarget } from '../../../src/engine/monitoring/forecast';
import type { Alert } from '../../../src/engine/monitoring/webhook';
import { MemoryFiles, openEngine, type TestClock } from '../engine/helpers';

/** A confirmed success of `latency-ms` 100 → 60 ms, as runExperiment records it. */
function evidence(improvementIds: number[] = []): ExperimentEvidence {
  const effect = { capability: 'latency-ms', unit: 'ms', direction: 'lower' as const, baselineMean: 100, candidateMean: 60, gain: 40, relativeGain: 0.4,
    ci: [35, 45] as [number, number], relativeCi: [0.35, 0.45] as [number, number], pValue: 0.0001, n: { baseline: 8, candidate: 8 } };
  return {
    candidate: { kind: 'patch', description: 'patch (src/cache.js)' }, target: 'latency-ms', verdict: 'success', reason: 'faster', effect, firstEffect: effect, confirmed: true,
    samples: { baseline: [100], candidate: [60] }, sequential: null, guardrails: [], multiplicity: null, flips: [], tamperFlags: [], changedFiles: ['src/cache.js'],
    plan: { samplesPerArm: 8, maxSamplesPerArm: 20, maxMinutes: null, expectedSeconds: null, basis: 'default', warning: null },
    stopped: 'rule', durationMs: 1000, alpha: 0.05, threshold: 0.15, improvementIds, notProposed: [], log: [],
  };
}

async function approvedChange(): Promise<{ engine: SelfImprovementEngine; clock: TestClock; improvementId: number }> {
  const files = new MemoryFiles();
  files.files.set('src/cache.js', 'const cache = false;\n');
  const { engine, clock } = await openEngine({ files });
  engine.registerCapability({ name: 'latency-ms', type: 'efficiency', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
  for (const v of [101, 99, 100]) { engine.measureCapability('latency-ms', v); clock.advance(60_000); }
  const exp = engine.createExperiment({ capabilityName: 'latency-ms', name: 'cache lookups' });
  engine.startExperiment(exp.id);
  engine.recordExperimentResult(exp.id, { verdict: 'success', reason: 'faster', actualImprovement: 0.4, evidence: evidence() });
  const imp = await engine.applyImprovement({ name: 'cache lookups', filePath: 'src/cache.js', newCode: 'const cache = true;\n', experimentId: exp.id });
  clock.advance(60_000);
  await engine.approveImprovement(imp.id, 'alice');
  clock.advance(60_000);
  return { engine, clock, improvementId: imp.id };
}

describe('monitoring: decay watch on approved changes', () => {
  it('a capability that keeps the confirmed level: watched, not faded, nothing opened', async () => {
    const { engine, clock, improvementId } = await approvedChange();
    const early = checkDecay(engine);
    assert.equal(early.length, 1);
    assert.equal(early[0]!.improvementId, improvementId);
    assert.equal(early[0]!.laterMean, null, 'too few later measurements to judge');
    assert.match(early[0]!.reason, /0 measurements since improvement #\d+ was applied; 5 are needed/);
    for (const v of [61, 59, 62, 60, 58, 63]) { engine.measureCapability('latency-ms', v); clock.advance(3_600_000); }
    const alerts: Alert[] = [];
    const [c] = watchDecay(engine, { alerts: { send: (a) => alerts.push(a) } });
    assert.equal(c!.faded, false);
    assert.ok(c!.retained! > 0.9, String(c!.retained));
    assert.match(c!.reason, /keeps \d+ % of the confirmed gain/);
    assert.equal(alerts.length, 0);
    assert.equal(engine.listWeaknesses({ status: 'open' }).filter((w) => /faded/.test(w.name)).length, 0);
    await engine.close();
  });

  it('a capability that slides back after approval: a weakness naming the change opens once, and the alert fires', async () => {
    const { engine, clock, improvementId } = await approvedChange();
    for (const v of [95, 99, 101, 98, 102, 100]) { engine.measureCapability('latency-ms', v); clock.advance(3_600_000); }
    const alerts: Alert[] = [];
    const sink = { send: (a: Alert) => alerts.push(a) };
    const [c] = watchDecay(engine, { alerts: sink });
    assert.equal(c!.faded, true, c!.reason);
    assert.ok(c!.pValue! < 0.05);
    assert.ok(c!.retained! < 0.5);
    const w = engine.getWeakness(c!.weaknessId!);
    assert.match(w.name, new RegExp(`^Gain of improvement #${improvementId} "cache lookups" faded`));
    assert.equal(w.capabilityName, 'latency-ms');
    assert.equal(w.status, 'open');
    assert.match(w.description, /slid back after improvement #\d+ \(experiment #\d+\) was applied/);
    assert.deepEqual(alerts.map((a) => a.kind), ['gain-decayed']);
    assert.match(alerts[0]!.text, new RegExp(`Weakness #${w.id} opened`));
    // Watched again while that weakness is open: no second weakness, no second alert.
    engine.measureCapability('latency-ms', 99);
    watchDecay(engine, { alerts: sink });
    assert.equal(engine.listWeaknesses({ status: 'open' }).filter((x) => /faded/.test(x.name)).length, 1);
    assert.equal(alerts.length, 1);
    await engine.close();
  });

  it('followed in a long-lived process: a burst of measurements runs the watch once, after the burst; disposed, it stops', async () => {
    const { engine, clock } = await approvedChange();
    const alerts: Alert[] = [];
    let sinkReads = 0;
    const follow = followDecay(engine, () => { sinkReads++; return { send: (a) => alerts.push(a) }; }, { delayMs: 20 });
    for (const v of [95, 99, 101, 98, 102, 100]) { engine.measureCapability('latency-ms', v); clock.advance(3_600_000); }
    assert.equal(sinkReads, 0, 'nothing runs inside the burst');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(sinkReads, 1, 'one run for the whole burst');
    assert.deepEqual(alerts.map((a) => a.kind), ['gain-decayed']);
    assert.equal(engine.listWeaknesses({ status: 'open' }).filter((w) => /faded/.test(w.name)).length, 1);
    follow.dispose();
    engine.measureCapability('latency-ms', 101);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(sinkReads, 1, 'disposed: no further runs');
    await engine.close();
  });

  it('noise alone does not count as decay: a noisy series around the confirmed level with a calibrated spread', async () => {
    const { engine, clock } = await approvedChange();
    engine.recordNoise('latency-ms', { n: 10, mean: 60, sd: 15, cv: 0.25, aaPValue: 0.5, warning: null, probeSeconds: 1 });
    for (const v of [75, 50, 68, 55, 72, 61]) { engine.measureCapability('latency-ms', v); clock.advance(3_600_000); }
    const [c] = watchDecay(engine);
    assert.equal(c!.faded, false, c!.reason);
    await engine.close();
  });
});

describe('monitoring: forecast of reaching the target, only from a real span of time', () => {
  it('an hour of steadily improving measurements gives no forecast, and says why', async () => {
    const { engine, clock } = await openEngine();
    engine.registerCapability({ name: 'score', type: 'output_quality', baseline: 10, target: 20 });
    for (let i = 0; i < 10; i++) { engine.measureCapability('score', 10 + i * 0.5); clock.advance(6 * 60_000); }
    const f = forecastTarget(engine, 'score');
    assert.equal(f.crossesAt, null);
    assert.match(f.reason, /span 0\.9 hours; a forecast needs at least 7 days of history/);
    assert.notEqual(engine.getTrend('score')?.predictedTargetAt, null, 'the plain trend line would have extrapolated it');
    await engine.close();
  });

  it('two weeks of a steady climb: the crossing date; a flat noisy series: no trend beyond noise', async () => {
    const { engine, clock } = await openEngine();
    engine.registerCapability({ name: 'score', type: 'output_quality', baseline: 10, target: 20 });
    engine.registerCapability({ name: 'flat', type: 'output_quality', baseline: 10, target: 20 });
    const start = clock.now().getTime();
    const noise = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.4, -0.3, 0.1, -0.2, 0.3, 0.0, -0.1, 0.2];
    for (let day = 0; day < 15; day++) {
      engine.measureCapability('score', 10 + 0.5 * day + noise[day]! * 0.2);
      engine.measureCapability('flat', 12 + noise[day]!);
      clock.advanceDays(1);
    }
    const f = forecastTarget(engine, 'score', { now: clock.now() });
    assert.ok(f.crossesAt, f.reason);
    const days = (Date.parse(f.crossesAt!) - start) / 86_400_000;
    assert.ok(days > 18 && days < 22, `crosses after ${days} days`);
    assert.match(f.reason, /reaches 20 around \d{4}-\d\d-\d\d/);
    const flat = forecastTarget(engine, 'flat', { now: clock.now() });
    assert.equal(flat.crossesAt, null);
    assert.match(flat.reason, /not distinguishable from noise/);
    await engine.close();
  });
});
