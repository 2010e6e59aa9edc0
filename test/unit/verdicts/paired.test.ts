import assert from 'node:assert/strict';
import { pairGains, pairedEstimate, priorFromNoise, trimmedMean, winsorizedVariance } from '../../../src/engine/verdicts/paired';
import { draw, normal } from './gen';

describe('verdicts / paired analysis of interleaved runs', () => {
  it('pairs run i with run i, in the better direction', () => {
    assert.deepEqual(pairGains([10, 12, 11], [8, 9, 7, 1], 'lower'), [2, 3, 4]);
    assert.deepEqual(pairGains([10, 12], [11, 15], 'higher'), [1, 3]);
  });

  it('cancels drift shared by both arms: a slow machine does not hide a 10 % gain that Welch misses', () => {
    const rnd = normal(70);
    // The machine slows from 100 to 160 over the run; the candidate is 10 % faster in every pair.
    const drift = Array.from({ length: 10 }, (_, i) => 100 + 6 * i);
    const baseline = drift.map((d) => d + rnd(0, 1));
    const candidate = drift.map((d) => 0.9 * d + rnd(0, 1));
    const p = pairedEstimate(pairGains(baseline, candidate, 'lower'), { alpha: 0.05 });
    assert.ok(p.ci[0] > 0, `paired interval ${p.ci} excludes 0`);
    assert.ok(p.pValue < 0.001);
  });

  it('is robust to one outlier run: the trimmed estimate stays near the true gain, the plain mean does not', () => {
    const rnd = normal(71);
    const gains = draw(rnd, 20, 10, 2);
    gains[7] = 400; // one run hit a cold cache
    const p = pairedEstimate(gains, { alpha: 0.05 });
    assert.ok(Math.abs(p.estimate - 10) < 2, `trimmed ${p.estimate}`);
    assert.ok(p.mean > 25, `plain mean ${p.mean}`);
    assert.ok(p.ci[0] > 5 && p.ci[1] < 15, `interval ${p.ci}`);
    assert.equal(trimmedMean([1, 2, 3, 4, 100, 5, 6, 7, 8, 9]), 5.5);
    assert.equal(winsorizedVariance([1, 1, 1, 1, 1, 1, 1, 1, 1, 50]), 0);
  });

  it('keeps the fixed-sample interval at its level (seeded: covers the true gain ≈ 95 % of the time)', () => {
    const rnd = normal(72);
    let covered = 0;
    for (let i = 0; i < 2000; i++) {
      const p = pairedEstimate(draw(rnd, 12, 3, 10), { alpha: 0.05 });
      if (p.ci[0] <= 3 && 3 <= p.ci[1]) covered++;
    }
    assert.ok(covered / 2000 > 0.93 && covered / 2000 < 0.97, `coverage ${covered / 2000}`);
  });

  it('pools the A/A calibration as a variance prior: a lucky low spread in 6 pairs is not believed', () => {
    const lucky = [5, 5.1, 4.9, 5, 5.05, 4.95];
    const alone = pairedEstimate(lucky, { alpha: 0.05 });
    const prior = priorFromNoise({ sd: 5, n: 10 })!;
    assert.deepEqual(prior, { variance: 50, df: 18 });
    const pooled = pairedEstimate(lucky, { alpha: 0.05, prior });
    assert.ok(pooled.variance > 50 * alone.variance, `${pooled.variance} vs ${alone.variance}`);
    assert.equal(pooled.priorDf, 18);
    assert.equal(priorFromNoise(null), undefined);
    assert.throws(() => pairedEstimate([1], { alpha: 0.05 }), /at least 2 pairs/);
  });
});
