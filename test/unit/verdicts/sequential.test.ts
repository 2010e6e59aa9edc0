import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/engine/errors';
import { type SequentialState, sequentialDecision } from '../../../src/engine/verdicts/sequential';
import { samplesPerArm } from '../../../src/engine/verdicts/sampleSize';
import { type Normal, normal, repeat } from './gen';

type Run = { decision: string; perArm: number };

/** One sequential experiment, looking after every pair, as the engine runs A B A B. */
function run(rnd: Normal, baseMean: number, candMean: number, sd: number, extra: Omit<SequentialState, 'baseline' | 'candidate'>): Run {
  const baseline: number[] = [];
  const candidate: number[] = [];
  for (;;) {
    baseline.push(rnd(baseMean, sd));
    candidate.push(rnd(candMean, sd));
    const d = sequentialDecision({ ...extra, baseline, candidate });
    if (d.decision !== 'continue') return { decision: d.decision, perArm: baseline.length };
  }
}

function rates(runs: Run[]) {
  const share = (k: string) => runs.filter((r) => r.decision === k).length / runs.length;
  return { success: share('stop-success'), futile: share('stop-futile'), budget: share('budget-exhausted'), avg: runs.reduce((a, r) => a + r.perArm, 0) / runs.length };
}

describe('verdicts / sequentialDecision (always-valid mSPRT)', () => {
  it('keeps false success ≤ alpha at no effect over 2000 seeded runs, looking after every pair', () => {
    const rnd = normal(30);
    const runs = Array.from({ length: 2000 }, () => run(rnd, 100, 100, 20, { threshold: 0.15, alpha: 0.05, budget: { maxSamplesPerArm: 100 } }));
    const r = rates(runs);
    assert.ok(r.success <= 0.05 + 0.01, `false success ${r.success}`);
    assert.equal(r.success + r.futile + r.budget, 1);
  });

  it('stays within alpha in the worst case: a tiny threshold, so only significance gates success', () => {
    const rnd = normal(31);
    const runs = Array.from({ length: 1500 }, () => run(rnd, 50, 50, 10, { direction: 'lower', threshold: { absolute: 0.01 }, tau: 5, alpha: 0.05, budget: { maxSamplesPerArm: 60 } }));
    const r = rates(runs);
    assert.ok(r.success <= 0.05 + 0.01, `false success ${r.success}`);
  });

  it('detects a 25 % effect at CV 20 % with fewer samples on average than the fixed-n plan', () => {
    const rnd = normal(32);
    const runs = Array.from({ length: 1000 }, () => run(rnd, 100, 125, 20, { threshold: 0.15, alpha: 0.05, budget: { maxSamplesPerArm: 150 } }));
    const r = rates(runs);
    const fixed = samplesPerArm({ sd: 20, mean: 100, threshold: { absolute: 25 }, alpha: 0.05, power: 0.9 }).perArm;
    assert.ok(r.success >= 0.9, `detection ${r.success}`);
    assert.ok(r.avg < fixed, `sequential average ${r.avg} vs fixed ${fixed}`);
  });

  it('ends a spent budget as budget-exhausted (inconclusive), never as success', () => {
    const rnd = normal(33);
    const runs = Array.from({ length: 500 }, () => run(rnd, 100, 108, 20, { threshold: 0.05, alpha: 0.05, budget: { maxSamplesPerArm: 8 } }));
    assert.ok(runs.every((r) => r.perArm <= 8));
    assert.ok(runs.some((r) => r.decision === 'budget-exhausted'));
    const spent = sequentialDecision({ baseline: [1, 2, 3, 4, 5, 6], candidate: [1, 2, 3, 4, 5, 7], threshold: 0.1, budget: { maxSeconds: 60 }, elapsedSeconds: 61 });
    assert.equal(spent.decision, 'budget-exhausted');
    assert.match(spent.reason, /inconclusive/);
  });

  it('waits for the minimum samples, then decides exactly without noise', () => {
    const early = sequentialDecision({ baseline: repeat(3, 10), candidate: repeat(3, 20), threshold: 0.1, budget: { maxSamplesPerArm: 50 } });
    assert.equal(early.decision, 'continue');
    assert.match(early.reason, /at least 6 per arm/);
    const exact = sequentialDecision({ baseline: repeat(6, 10), candidate: repeat(6, 20), threshold: 0.1, budget: { maxSamplesPerArm: 50 } });
    assert.equal(exact.decision, 'stop-success');
    assert.equal(exact.pValue, 0);
    const flat = sequentialDecision({ baseline: repeat(6, 10), candidate: repeat(6, 10), threshold: 0.1, budget: { maxSamplesPerArm: 50 } });
    assert.equal(flat.decision, 'stop-futile');
  });

  it('uses the A/A noise as a floor on the variance (more cautious with lucky low spread)', () => {
    const state = { baseline: [10, 10.1, 9.9, 10, 10.05, 9.95], candidate: [11.2, 11.3, 11.1, 11.2, 11.25, 11.15], threshold: 0.1, budget: { maxSamplesPerArm: 50 } };
    assert.equal(sequentialDecision(state).decision, 'stop-success');
    const floored = sequentialDecision({ ...state, noiseSd: 2 });
    assert.equal(floored.decision, 'continue');
    assert.ok(floored.pValue > sequentialDecision(state).pValue);
  });

  it('refuses a missing budget, NaN samples and a zero-sized threshold', () => {
    assert.throws(() => sequentialDecision({ baseline: [1, 2], candidate: [1, 2], threshold: 0.1, budget: {} }), /needs a budget/);
    assert.throws(() => sequentialDecision({ baseline: [1, NaN], candidate: [1, 2], threshold: 0.1, budget: { maxSamplesPerArm: 5 } }), InvalidInputError);
    assert.throws(() => sequentialDecision({ baseline: [0, 0], candidate: [1, 2], threshold: 0.1, budget: { maxSamplesPerArm: 5 } }), /give it in units/);
    assert.throws(() => sequentialDecision({ baseline: [1, 2], candidate: [1, 2], threshold: { absolute: 0 }, budget: { maxSamplesPerArm: 5 } }), /tau/);
  });
});
