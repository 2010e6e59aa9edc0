import assert from 'node:assert/strict';
import { cupedAdjust } from '../../../src/engine/verdicts/cuped';
import { lookAtTarget } from '../../../src/engine/verdicts/seriesLook';
import { targetResult } from '../../../src/engine/verdicts/sequentialText';
import { pairedText } from '../../../src/engine/loop/evidenceFormat';
import { effectOf } from '../../../src/engine/loop/evidence';
import { normal } from './gen';

const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => { const m = avg(xs); return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)); };

const variance = (xs: readonly number[]) => sd(xs) ** 2;
/** The covariate's mean from before the experiment: `n` earlier reference timings on the same machine. */
function prePeriod(rnd: ReturnType<typeof normal>, n = 200) {
  const xs = Array.from({ length: n }, () => 100 + rnd(0, 10) + rnd(0, 2));
  return { mean: avg(xs), meanVariance: variance(xs) / n };
}

/** 12 pairs whose gain moves with the machine's load at the time; the covariate is a reference timing taken just before each pair. */
function pairs(rnd: ReturnType<typeof normal>, effect: number, n = 12) {
  const load = Array.from({ length: n }, () => rnd(0, 10));
  const gains = load.map((l) => effect + 0.8 * l + rnd(0, 4));
  const covariate = load.map((l) => 100 + l + rnd(0, 2));
  return { gains, covariate, pre: prePeriod(rnd) };
}

describe('verdicts / CUPED adjustment by a pre-period covariate', () => {
  it('cuts the variance on correlated data, centring on the pre-period mean (not the experiment\'s own)', () => {
    const { gains, covariate, pre } = pairs(normal(401), 20);
    const c = cupedAdjust(gains, covariate, pre);
    assert.ok(Math.abs(avg(c.adjusted) - (avg(gains) - c.theta * (avg(covariate) - pre.mean))) < 1e-9, 'shifted by θ·(x̄ − μ)');
    assert.ok(Math.abs(c.extraVariance - c.theta ** 2 * pre.meanVariance) < 1e-12);
    assert.ok(c.correlation > 0.8, `correlation ${c.correlation}`);
    assert.ok(c.reduction > 0.5, `variance fell by ${c.reduction}`);
    assert.ok(Math.abs(c.varianceAfter - c.varianceBefore * (1 - c.reduction)) < 1e-9);
  });

  it('is unbiased over many experiments and its estimate spreads less (seeded)', () => {
    const rnd = normal(402);
    const plain: number[] = [];
    const adjusted: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const { gains, covariate, pre } = pairs(rnd, 20);
      plain.push(avg(gains));
      adjusted.push(avg(cupedAdjust(gains, covariate, pre).adjusted));
    }
    assert.ok(Math.abs(avg(adjusted) - 20) < 0.15, `mean adjusted estimate ${avg(adjusted)}`);
    assert.ok(Math.abs(avg(plain) - 20) < 0.2, `mean plain estimate ${avg(plain)}`);
    assert.ok(sd(adjusted) < 0.65 * sd(plain), `sd ${sd(adjusted)} vs ${sd(plain)}`);
  });

  it('an unrelated covariate changes little; it refuses mismatched or too few values', () => {
    const rnd = normal(403);
    const gains = Array.from({ length: 40 }, () => rnd(20, 10));
    const pre = { mean: 100, meanVariance: 0.1 };
    const c = cupedAdjust(gains, Array.from({ length: 40 }, () => rnd(100, 5)), pre);
    assert.ok(c.reduction < 0.15, `reduction ${c.reduction}`);
    assert.equal(cupedAdjust([1, 2, 3], [5, 5, 5], pre).reduction, 0);
    assert.throws(() => cupedAdjust([1, 2, 3], [1, 2], pre), /one covariate value per pair/);
    assert.throws(() => cupedAdjust([1, 2], [1, 2], pre), /at least 3 pairs/);
    assert.throws(() => cupedAdjust([1, 2, 3], [1, 2, 3], { mean: Number.NaN, meanVariance: 0 }), /pre-period mean/);
  });

  it('the paired look uses it when the covariate is there: a narrower interval, and the evidence says by how much the variance fell', () => {
    const rnd = normal(404);
    const load = Array.from({ length: 12 }, () => rnd(0, 15));
    const baseline = load.map((l) => 100 + l + rnd(0, 2));
    const candidate = load.map((l, i) => 80 + 0.2 * l + rnd(0, 2) + (i % 2 ? 3 : -3));
    const covariate = { name: 'reference-ms', values: load.map((l) => 50 + l + rnd(0, 1)), pre: { mean: 50, meanVariance: 0.5 } };
    const spec = { name: 'build-ms', direction: 'lower' as const, threshold: { fraction: 0.15 }, unit: 'ms' };
    const without = lookAtTarget(spec, { baseline, candidate }, 0.05, 6);
    const withCov = lookAtTarget(spec, { baseline, candidate, covariate }, 0.05, 6);
    assert.equal(without.cuped, undefined);
    assert.ok(withCov.cuped && withCov.cuped.varianceReduction > 0.3, JSON.stringify(withCov.cuped));
    assert.ok(withCov.interval[1] - withCov.interval[0] < without.interval[1] - without.interval[0], 'narrower');
    const text = pairedText(effectOf(targetResult(withCov), 'ms'), 0.05)!;
    assert.match(text, /CUPED-adjusted for reference-ms .*the variance of a pair's gain fell by \d+\.\d %/);
  });
});
