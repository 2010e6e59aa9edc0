import assert from 'node:assert/strict';
import ttest2 from '@stdlib/stats-ttest2';
import { benjaminiHochberg } from '../../../src/engine/verdicts/fdr';
import { draw, normal } from './gen';

describe('verdicts / benjaminiHochberg', () => {
  it('adjusts a worked example in input order', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 → m·p/rank 0.02, 0.02, 0.04, 0.04
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.05);
    r.adjusted.forEach((a, i) => assert.ok(Math.abs(a - [0.02, 0.04, 0.04, 0.02][i]) < 1e-12, `${i}: ${a}`));
    assert.deepEqual(r.discoveries, [true, true, true, true]);
    assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.03).discoveries, [true, false, false, true]);
  });

  it('keeps ties equal, caps at 1, and is monotone in the raw p-values', () => {
    const r = benjaminiHochberg([0.2, 0.2, 0.9, 1, 0.001]);
    assert.equal(r.adjusted[0], r.adjusted[1]);
    assert.ok(r.adjusted.every((a) => a <= 1));
    assert.equal(r.adjusted[3], 1);
    const order = [4, 0, 1, 2, 3];
    for (let k = 1; k < order.length; k++) assert.ok(r.adjusted[order[k]] >= r.adjusted[order[k - 1]]);
  });

  it('returns empty results for no p-values and a single p-value unchanged', () => {
    assert.deepEqual(benjaminiHochberg([]), { adjusted: [], discoveries: [], q: 0.05 });
    assert.deepEqual(benjaminiHochberg([0.03]).adjusted, [0.03]);
  });

  it('controls the false discovery rate at q on seeded experiments (80 null, 20 real)', () => {
    const rnd = normal(50);
    let fdpSum = 0;
    let found = 0;
    const runs = 200;
    for (let k = 0; k < runs; k++) {
      const ps = Array.from({ length: 100 }, (_, i) => ttest2(draw(rnd, 10, i < 20 ? 14 : 10, 2), draw(rnd, 10, 10, 2)).pValue);
      const { discoveries } = benjaminiHochberg(ps, 0.1);
      const total = discoveries.filter(Boolean).length;
      const falseOnes = discoveries.filter((d, i) => d && i >= 20).length;
      fdpSum += total ? falseOnes / total : 0;
      found += discoveries.slice(0, 20).filter(Boolean).length;
    }
    assert.ok(fdpSum / runs <= 0.1 + 0.02, `FDR ${fdpSum / runs}`);
    assert.ok(found / (runs * 20) > 0.5, `power ${found / (runs * 20)}`);
  });

  it('refuses NaN, p-values outside [0, 1] and a bad q', () => {
    assert.throws(() => benjaminiHochberg([0.1, NaN]), /pValues\[1\] must be a finite number/);
    assert.throws(() => benjaminiHochberg([1.2]), /between 0 and 1/);
    assert.throws(() => benjaminiHochberg([0.1], 0), /q must be/);
    assert.throws(() => benjaminiHochberg('0.1' as never), /array/);
  });
});
