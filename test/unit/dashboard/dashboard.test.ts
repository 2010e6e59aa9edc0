import assert from 'node:assert/strict';
import {
  applyProgress, capabilitySeries, emptyLiveRun, experimentView, experimentsTable, formatPercent, formatPValue, sequentialPath,
  sparklineSvg, trendSummary, capabilityDashboard, dashboardOverview, experimentDashboard,
} from '../../../src/engine/dashboard';
import { sequentialDecision } from '../../../src/engine/verdicts/sequential';
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

describe('dashboard: experiment view', () => {
  const rand = seededRandom(5);
  const baseline = normalish(rand, 100, 4, 12);
  const candidate = normalish(rand, 70, 4, 12);

  it('the sequential path ends where the rule ended, and the interval narrows', () => {
    const path = sequentialPath({ baseline, candidate }, { direction: 'lower', threshold: 0.15, alpha: 0.05 });
    assert.equal(path[0].n, 6);
    assert.equal(path.at(-1)!.n, 12);
    const full = sequentialDecision({ baseline, candidate, direction: 'lower', threshold: 0.15, alpha: 0.05, minSamples: 6, budget: { maxSamplesPerArm: 12 } });
    assert.deepEqual([path.at(-1)!.low, path.at(-1)!.high], full.interval);
    assert.ok(path.at(-1)!.high - path.at(-1)!.low < path[0].high - path[0].low, 'narrower at the last look');
    assert.ok(Math.abs(path.at(-1)!.thresholdUnits - full.thresholdUnits) < 1e-9);
  });

  it('shows both arms, the effect against the threshold, guardrails, flips, flags and the confirmation', () => {
    const v = experimentView({ experiment: exp(), evidence: evidence(baseline, candidate), capability: { name: 'startup-ms', unit: 'ms', direction: 'lower' }, units: { 'pass-rate': 'ratio' } });
    assert.equal(v.samples!.baseline.length, 12);
    assert.deepEqual(v.confirmation, { baseline: [100, 101], candidate: [70, 71] });
    assert.deepEqual([v.effect!.relative, v.effect!.estimate, v.effect!.low, v.effect!.high, v.effect!.threshold, v.effect!.level], [true, 0.3, 0.25, 0.35, 0.15, 0.95]);
    assert.equal(v.sequential.length, 7);
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
