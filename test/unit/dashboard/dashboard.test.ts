import assert from 'node:assert/strict';
import {
  applyProgress, capabilitySeries, emptyLiveRun, experimentView, experimentsTable, formatPercent, formatPValue,
  sparklineSvg, trendSummary, capabilityDashboard, dashboardOverview, experimentDashboard,
} from '../../../src/engine/dashboard';
import { priorFromNoise } from '../../../src/engine/verdicts/paired';
import { lookDecision, SequentialExperiment } from '../../../src/engine/verdicts/sequentialExperiment';
import type { Capability, Experiment, ExperimentEvidence } from '../../../src/engine/types';
import { openEngine, seededRandom } from '../engine/helpers';

const DAY = 86_400_000;
const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

const cap = (over: Partial<Capability> = {}): Capability => ({
  id: 1, name: 'startup-ms', type: 'performance', description: '', baseline: 120, target: 80, unit: 'ms', direction: 'lower',
  current: 100, measurementCount: 0, lastMeasuredAt: null, createdAt: at(0), updatedAt: at(0), archived: false, ...over,
});

const exp = (over: Partial<Experiment> = {}): Experiment => ({
  id: 3, weaknessId: 1, approach: 'caching', name: 'cache', hypothesis: '', methodology: '', expectedImprovement: 0.2, status: 'completed',
  actualImprovement: 0.3, verdict: 'success', reason: 'ok', result: null, error: null, createdAt: at(0), startedAt: at(2 * DAY), completedAt: at(2 * DAY + 60_000), ...over,
});

function normalish(rand: () => number, mean: number, sd: number, n: number): number[] {
  return Array.from({ length: n }, () => mean + sd * (rand() + rand() + rand() - 1.5) * 2);
}

function evidence(baseline: number[], candidate: number[], over: Partial<ExperimentEvidence> = {}): ExperimentEvidence {
  return {
    candidate: { kind: 'patch', description: 'a patch' }, target: 'startup-ms', verdict: 'success', reason: 'better', confirmed: true,
    effect: { capability: 'startup-ms', unit: 'ms', direction: 'lower', baselineMean: 100, candidateMean: 70, gain: 30, relativeGain: 0.3,
      ci: [25, 35], relativeCi: [0.25, 0.35], pValue: 1e-6, n: { baseline: baseline.length, candidate: candidate.length } },
    firstEffect: null, samples: { baseline, candidate, confirmation: { baseline: [100, 101], candidate: [70, 71] } },
    sequential: { decision: 'stop-success', reason: 'clear', pValue: 0.001, interval: [20, 40] },
    guardrails: [{ capability: 'pass-rate', passed: true, reason: 'held', pValue: 0.01, adjustedPValue: null, marginUnits: 0.02, worseBy: 0, baselineMean: 1, candidateMean: 1 }],
    multiplicity: null, flips: [{ capability: 'pass-rate', pValue: 1, toFail: [], toPass: ['case3'], matched: 200 }],
    tamperFlags: [{ file: 'bench.js', reasons: ['is the probe'] }], changedFiles: ['src/a.js', 'bench.js'],
    plan: { samplesPerArm: 12, maxSamplesPerArm: 30, maxMinutes: null, expectedSeconds: null, basis: 'default', warning: null },
    stopped: 'rule', durationMs: 4200, alpha: 0.05, threshold: 0.15, improvementIds: [], notProposed: [], log: [], ...over,
  };
}

describe('dashboard: numbers a careful reader trusts', () => {
  it('p-values below a thousandth read "< 0.001", never "p=0"', () => {
    assert.equal(formatPValue(0), '< 0.001');
    assert.equal(formatPValue(0.0004), '< 0.001');
    assert.equal(formatPValue(0.0412), '0.041');
    assert.equal(formatPValue(null), '—');
  });

  it('thresholds and gains are percentages with one format', () => {
    assert.equal(formatPercent(0.15), '15.0 %');
    assert.equal(formatPercent(0.1), '10.0 %');
    assert.equal(formatPercent(-0.053, true), '−5.3 %');
    assert.equal(formatPercent(0.2, true), '+20.0 %');
  });
});

describe('dashboard: trend', () => {
  it('five runs seconds apart get a slope per run, not a huge one per day', () => {
    const pts = [120, 110, 100, 95, 90].map((value, i) => ({ at: at(i * 3000), value }));
    const t = trendSummary(pts, { direction: 'lower', unit: 'ms' })!;
    assert.equal(t.per, 'run');
    assert.ok(Math.abs(t.slope - -7.5) < 1e-9, `slope per run ${t.slope}`);
    assert.match(t.text, /^↘ better: −7\.5 ms\/run between runs \(5 points\)$/);
  });

  it('the arrow follows the values, the words follow the direction', () => {
    const down = [10, 9, 8].map((value, i) => ({ at: at(i * DAY), value }));
    assert.equal(trendSummary(down, { direction: 'lower', unit: 'ms' })!.quality, 'better');
    assert.equal(trendSummary(down, { direction: 'lower', unit: 'ms' })!.arrow, '↘');
    assert.equal(trendSummary(down, { direction: 'higher', unit: 'ratio' })!.quality, 'worse');
    assert.equal(trendSummary(down, { direction: 'higher', unit: 'ratio' })!.arrow, '↘');
    const up = [1, 2, 3].map((value, i) => ({ at: at(i * DAY), value }));
    assert.equal(trendSummary(up, { direction: 'higher', unit: '' })!.quality, 'better');
    assert.equal(trendSummary(up, { direction: 'higher', unit: '' })!.arrow, '↗');
  });

  it('a slope per day over a real span of days', () => {
    const pts = [100, 98, 96, 94].map((value, i) => ({ at: at(i * DAY), value }));
    const t = trendSummary(pts, { direction: 'lower', unit: 'ms' })!;
    assert.equal(t.per, 'day');
    assert.ok(Math.abs(t.slope + 2) < 1e-9);
    assert.equal(t.spanDays, 3);
    assert.match(t.text, /−2 ms\/day over 3 days \(4 points\)/);
    assert.equal(trendSummary([{ at: at(0), value: 1 }], { direction: 'lower', unit: 'ms' }), null);
  });
});

describe('dashboard: capability series', () => {
  it('keeps raw points in time order, roll-ups only for days with retired rows, markers and the noise band', () => {
    const s = capabilitySeries({
      capability: cap(),
      measurements: [
        { id: 2, capabilityName: 'startup-ms', value: 110, context: null, experimentId: null, recordedAt: at(3 * DAY) },
        { id: 1, capabilityName: 'startup-ms', value: 115, context: null, experimentId: null, recordedAt: at(2 * DAY) },
      ],
      daily: [
        { day: '2026-01-01', count: 40, sum: 4800, sumSq: 0, min: 110, max: 130, mean: 120, stddev: 5 },
        { day: '2026-01-03', count: 1, sum: 115, sumSq: 0, min: 115, max: 115, mean: 115, stddev: null },
        { day: '2026-01-04', count: 3, sum: 330, sumSq: 0, min: 105, max: 115, mean: 110, stddev: 5 },
      ],
      experiments: [exp(), exp({ id: 4, status: 'planned', startedAt: null, completedAt: null, verdict: null })],
      improvements: [{ id: 9, name: 'cache it', experimentId: 3, approvedAt: at(3 * DAY), approvedBy: 'ana', appliedAt: at(3 * DAY), rolledBackAt: at(4 * DAY) } as never],
      noise: { capabilityName: 'startup-ms', n: 10, mean: 112, sd: 3, cv: 0.03, aaPValue: 0.5, warning: null, probeSeconds: 1, measuredAt: at(DAY) },
    });
    assert.deepEqual(s.points.map((p) => p.value), [115, 110]);
    assert.deepEqual(s.rollups.map((r) => [r.day, r.count, r.rawCount]), [['2026-01-01', 40, 0], ['2026-01-04', 3, 1]]);
    assert.deepEqual(s.markers.map((m) => m.kind), ['experiment', 'approved', 'rolled_back']);
    assert.match(s.markers[0].label, /Experiment #3 cache: success/);
    assert.deepEqual(s.noiseBand && [s.noiseBand.low, s.noiseBand.high], [106, 118]);
    assert.equal(s.totalCount, 44);
    // trend over the roll-up's mean (day 1, no raw rows left) and the raw points
    assert.equal(s.trend!.points, 3);
    assert.equal(s.trend!.quality, 'better');
  });
});

/**
 * An experiment run as loop/sampling.ts runs it: pairs arrive one by one, the rule looks after each from the
 * plan's minimum on, sampling ends when it stops; the evidence keeps the pairs taken and the last look.
 */
function loopRun(baseline: number[], candidate: number[], noise: { sd: number; n: number } | null = null, maxSamplesPerArm = 30) {
  const seq = new SequentialExperiment({ target: { name: 'startup-ms', direction: 'lower', threshold: 0.15, unit: 'ms', prior: priorFromNoise(noise) },
    alpha: 0.05, minSamples: 6, maxSamplesPerArm });
  let looks = 0;
  let k = 6;
  for (; k <= Math.min(maxSamplesPerArm, baseline.length); k++) {
    looks++;
    if (seq.look({ target: { baseline: baseline.slice(0, k), candidate: candidate.slice(0, k) } }).stop) break;
  }
  const last = seq.latest!;
  assert.ok(last.stop, 'the simulated run reached a decision');
  const pairs = last.target.pairs;
  const ev = evidence(baseline.slice(0, pairs), candidate.slice(0, pairs), {
    sequential: { decision: lookDecision(last), reason: '', pValue: last.target.pValue, interval: last.target.interval },
    plan: { samplesPerArm: 12, maxSamplesPerArm, maxMinutes: null, expectedSeconds: null, basis: 'default', warning: null },
  });
  // Through JSON, as the store keeps it.
  return { evidence: JSON.parse(JSON.stringify(ev)) as ExperimentEvidence, looks, pairs };
}

describe('dashboard: experiment view', () => {
  const rand = seededRandom(5);
  const baseline = normalish(rand, 100, 4, 12);
  const candidate = normalish(rand, 70, 4, 12);
  // A smaller effect against more noise: the rule needs several looks.
  const slow = seededRandom(11);
  const slowBaseline = normalish(slow, 100, 12, 30);
  const slowCandidate = normalish(slow, 78, 12, 30);

  it('the sequential path replays the loop\'s looks: one point per look, the last one the evidence\'s interval', () => {
    const run = loopRun(slowBaseline, slowCandidate);
    assert.ok(run.looks >= 2, `the seeded run takes more than one look (${run.looks})`);
    const v = experimentView({ experiment: exp(), evidence: run.evidence, capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' } });
    assert.equal(v.note, null);
    assert.equal(v.sequential.length, run.looks);
    assert.equal(v.sequential[0].n, 6);
    const last = v.sequential.at(-1)!;
    assert.equal(last.n, run.pairs);
    assert.deepEqual([last.low, last.high], run.evidence.sequential!.interval);
    assert.equal(last.pValue, run.evidence.sequential!.pValue);
    assert.equal(last.decision, 'stop-success');
    assert.ok(v.sequential.slice(0, -1).every((l) => l.decision === 'continue'), 'every look before the last went on sampling');
    assert.ok(last.high - last.low < v.sequential[0].high - v.sequential[0].low, 'narrower at the last look');
  });

  it('the replay uses the calibration as its prior, and draws nothing it cannot reproduce', () => {
    const noise = { sd: 6, n: 10 };
    const run = loopRun(slowBaseline, slowCandidate, noise);
    const withPrior = experimentView({ experiment: exp(), evidence: run.evidence, capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' }, noise });
    assert.deepEqual([withPrior.sequential.at(-1)!.low, withPrior.sequential.at(-1)!.high], run.evidence.sequential!.interval);
    // A recorded interval the stored pairs do not lead to (a recalibrated prior, several values per run): no path, and why.
    const off = experimentView({ experiment: exp(), evidence: { ...run.evidence, sequential: { ...run.evidence.sequential!, interval: [1, 2] } },
      capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' }, noise });
    assert.deepEqual(off.sequential, []);
    assert.match(off.note!, /could not be replayed/);
    // A run with too few pairs for a look (its infinite interval is stored as null by JSON): no path, no note.
    const few = experimentView({ experiment: exp(), evidence: { ...run.evidence, samples: { baseline: [1, 2], candidate: [1, 2] }, sequential: { ...run.evidence.sequential!, interval: [null, null] as never } },
      capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' } });
    assert.deepEqual([few.sequential, few.note], [[], null]);
  });

  it('shows both arms, the effect against the threshold, guardrails, flips, flags and the confirmation', () => {
    const run = loopRun(baseline, candidate);
    const v = experimentView({ experiment: exp(), evidence: run.evidence, capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' }, units: { 'pass-rate': 'ratio' } });
    assert.equal(v.samples!.baseline.length, run.pairs);
    assert.deepEqual(v.confirmation, { baseline: [100, 101], candidate: [70, 71] });
    assert.deepEqual([v.effect!.relative, v.effect!.estimate, v.effect!.low, v.effect!.high, v.effect!.threshold, v.effect!.level], [true, 0.3, 0.25, 0.35, 0.15, 0.95]);
    assert.equal(v.sequential.length, run.looks);
    assert.equal(v.guardrails[0].unit, 'ratio');
    assert.deepEqual(v.flips[0].toPass, ['case3']);
    assert.equal(v.tamperFlags[0].file, 'bench.js');
    assert.equal(v.live, false);
    assert.equal(v.note, null);
  });

  it('a running experiment shows its live samples; a summary-only one says why there are no dots', () => {
    let live = emptyLiveRun();
    live = applyProgress(live, { stage: 'target', capability: 'startup-ms', message: 'setup', ab: { phase: 'setup', message: 'setup' } });
    live = applyProgress(live, { stage: 'target', capability: 'startup-ms', message: 'b', ab: { phase: 'run', arm: 'baseline', index: 0, of: 6, value: 101, message: 'b' } });
    const before = live;
    live = applyProgress(live, { stage: 'target', capability: 'startup-ms', message: 'c', ab: { phase: 'run', arm: 'candidate', index: 0, of: 6, value: 72, message: 'c' } });
    live = applyProgress(live, { stage: 'confirmation', capability: 'startup-ms', message: 'c', ab: { phase: 'run', arm: 'baseline', index: 0, of: 6, value: 99, message: 'c' } });
    assert.deepEqual(before.target.candidate, [], 'the earlier state is left as it was');
    const running = experimentView({ experiment: exp({ status: 'running', verdict: null, completedAt: null }), evidence: null,
      capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' }, live: { target: live.target, confirmation: live.confirmation } });
    assert.deepEqual(running.samples, { baseline: [101], candidate: [72] });
    assert.deepEqual(running.confirmation, { baseline: [99], candidate: [] });
    assert.equal(running.live, true);

    const summary = experimentView({ experiment: exp({ result: {
      metricName: 'startup-ms', direction: 'lower', before: 120, after: 40, absolute: -80, relative: -2 / 3, percent: -66.7, improvement: 2 / 3, significant: true,
      confidence: 'high', threshold: 0.15, verdict: 'success', reason: '',
      samples: { test: 'welch-t', nBefore: 8, nAfter: 8, meanBefore: 120, meanAfter: 40, sdBefore: 1, sdAfter: 1, pValue: 1e-9, alpha: 0.05, ci: [-82, -78] },
    } }), evidence: null, capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' } });
    assert.equal(summary.samples, null);
    assert.match(summary.note!, /summary figures only/);
    // after − before of [−82, −78] ms is a gain of [78, 82] ms: [65 %, 68.3 %] of 120 ms
    assert.ok(Math.abs(summary.effect!.low! - 78 / 120) < 1e-12 && Math.abs(summary.effect!.high! - 82 / 120) < 1e-12);
  });

  it('the experiments table has a row per experiment and a cell per capability it touched', () => {
    const t = experimentsTable({ capabilities: [cap(), cap({ id: 2, name: 'pass-rate', unit: 'ratio', direction: 'higher' })],
      experiments: [{ experiment: exp(), evidence: evidence(baseline, candidate), capability: 'startup-ms' },
        { experiment: exp({ id: 5, status: 'planned', verdict: null, actualImprovement: null }), evidence: null, capability: 'startup-ms' }] });
    assert.deepEqual(t.rows.map((r) => r.id), [5, 3]);
    assert.deepEqual(Object.keys(t.rows[1].cells).sort(), ['pass-rate', 'startup-ms']);
    assert.equal(t.rows[1].samples, 28);
    assert.equal(t.rows[1].effect, 0.3);
    assert.equal(t.rows[0].samples, null);
  });
});

describe('dashboard: sparkline', () => {
  it('draws one path vertex per value and a target line; nothing for fewer than two', () => {
    const svg = sparklineSvg([3, 2, 4, 1], { target: 2, quality: 'better' })!;
    assert.equal((svg.match(/[ML]\d/g) ?? []).length, 4);
    assert.match(svg, /<line [^>]*stroke-dasharray/);
    assert.match(svg, /#3fa266/);
    assert.equal(sparklineSvg([1]), null);
    // A target far from the values would flatten them into a line: it is left out.
    assert.doesNotMatch(sparklineSvg([121, 118, 119, 115], { target: 40 })!, /<line/);
  });
});

describe('dashboard: read from the engine', () => {
  it('a capability chart has its measurements, the experiment and the approval; the overview lists the experiment', async () => {
    const { engine, clock } = await openEngine();
    try {
      engine.registerCapability({ name: 'startup-ms', type: 'performance', baseline: 120, target: 80, unit: 'ms', direction: 'lower' });
      for (const v of [118, 112, 105]) { clock.advanceDays(1); engine.measureCapability('startup-ms', v); }
      const w = engine.listWeaknesses({ status: 'open' }).find((x) => x.capabilityName === 'startup-ms')!;
      const [e] = engine.generateExperiments(w.id, 1);
      clock.advanceDays(1);
      await engine.testApproach(e.id, () => ({ samples: [70, 71, 69, 70, 72, 68], baselineSamples: [100, 101, 99, 100, 102, 98] }));
      const series = capabilityDashboard(engine, 'startup-ms');
      assert.deepEqual(series.points.map((p) => p.value), [118, 112, 105]);
      assert.equal(series.rollups.length, 0);
      assert.deepEqual(series.markers.map((m) => [m.kind, m.experimentId]), [['experiment', e.id]]);
      assert.equal(series.trend!.per, 'day');
      assert.equal(series.trend!.quality, 'better');
      const view = experimentDashboard(engine, e.id);
      assert.equal(view.capability, 'startup-ms');
      assert.equal(view.verdict, 'success');
      const overview = dashboardOverview(engine);
      assert.equal(overview.table.rows.length, 1);
      assert.equal(overview.table.rows[0].capability, 'startup-ms');
      assert.equal(overview.capabilities[0].name, 'startup-ms');
      assert.doesNotThrow(() => JSON.parse(JSON.stringify(overview)), 'plain data for postMessage');
    } finally { await engine.close(); }
  });
});
