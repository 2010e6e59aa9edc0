import assert from 'node:assert/strict';
import ttest2 from '@stdlib/stats-ttest2';
import { InvalidInputError } from '../../../src/engine/errors';
import { minimumDetectableEffect, noiseFloor, thresholdWarning } from '../../../src/engine/verdicts/noise';
import { expectedDurationSeconds, samplesPerArm } from '../../../src/engine/verdicts/sampleSize';
import { draw, normal, repeat } from './gen';

describe('verdicts / noiseFloor (A/A)', () => {
  it('recovers the spread of a seeded A/A run and raises no warning', () => {
    const rnd = normal(20);
    const nf = noiseFloor(draw(rnd, 200, 100, 12), draw(rnd, 200, 100, 12));
    assert.ok(Math.abs(nf.sd - 12) < 1.2, `sd ${nf.sd}`);
    assert.ok(nf.cv !== null && Math.abs(nf.cv - 0.12) < 0.012, `cv ${nf.cv}`);
    assert.ok(Math.abs(nf.mean - 100) < 2);
    assert.equal(nf.warning, null);
    assert.deepEqual(nf.n, { a: 200, b: 200 });
  });

  it('warns when the two A/A runs differ (drift) although nothing changed', () => {
    const rnd = normal(21);
    const nf = noiseFloor(draw(rnd, 30, 100, 2), draw(rnd, 30, 106, 2));
    assert.ok(nf.aaPValue < 0.01);
    assert.match(nf.warning ?? '', /drifts/);
  });

  it('gives zero spread for identical samples and a null CV at mean 0', () => {
    const flat = noiseFloor(repeat(5, 3), repeat(5, 3));
    assert.equal(flat.sd, 0);
    assert.equal(flat.cv, 0);
    assert.equal(noiseFloor([-1, 1], [1, -1]).cv, null);
  });

  it('refuses fewer than 2 samples per run, empty runs and NaN', () => {
    assert.throws(() => noiseFloor([1], [1, 2]), /at least 2 samples per run/);
    assert.throws(() => noiseFloor([], [1, 2]), InvalidInputError);
    assert.throws(() => noiseFloor([1, NaN], [1, 2]), /finite number/);
  });
});

describe('verdicts / minimumDetectableEffect and thresholdWarning', () => {
  it('shrinks with more samples, as 1/√n', () => {
    const a = minimumDetectableEffect({ sd: 10, mean: 100, n: 10 });
    const b = minimumDetectableEffect({ sd: 10, mean: 100, n: 40 });
    assert.ok(a.absolute > b.absolute);
    assert.ok(Math.abs(a.absolute / b.absolute - 2) < 0.2, String(a.absolute / b.absolute));
    assert.equal(a.relative, a.absolute / 100);
  });

  it('an effect of the MDE size is detected with about the planned power (simulated Welch tests)', () => {
    const rnd = normal(22);
    const n = 12;
    const mde = minimumDetectableEffect({ sd: 10, n, alpha: 0.05, power: 0.9 }).absolute;
    let hits = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      if (ttest2(draw(rnd, n, 100 + mde, 10), draw(rnd, n, 100, 10)).pValue < 0.05) hits++;
    }
    assert.ok(Math.abs(hits / runs - 0.9) < 0.03, `power ${hits / runs}`);
  });

  it('warns when the threshold is below what the noise lets n samples detect, and not otherwise', () => {
    const warn = thresholdWarning({ name: 'startup-ms', sd: 20, mean: 100, n: 10, threshold: 0.05 });
    assert.match(warn ?? '', /^startup-ms: a 5 % threshold is below the \d+(\.\d+)? % that this noise \(CV 20 %\) lets 10 samples per arm detect/);
    assert.equal(thresholdWarning({ sd: 2, mean: 100, n: 10, threshold: 0.05 }), null);
    assert.match(thresholdWarning({ sd: 2, n: 10, threshold: 0.05 }) ?? '', /give it in units/);
    assert.equal(thresholdWarning({ sd: 2, n: 10, threshold: { absolute: 5 } }), null);
  });

  it('refuses n < 2, negative sd and NaN', () => {
    assert.throws(() => minimumDetectableEffect({ sd: 1, n: 1 }), /at least 2/);
    assert.throws(() => minimumDetectableEffect({ sd: -1, n: 5 }), /negative/);
    assert.throws(() => minimumDetectableEffect({ sd: NaN, n: 5 }), /finite/);
    assert.throws(() => minimumDetectableEffect({ sd: 1, n: 5, power: 1 }), /power/);
  });
});

describe('verdicts / samplesPerArm', () => {
  it('matches the normal formula and corrects it upward for t', () => {
    // 2·((z.975 + z.9)·sd/δ)² with sd 20, δ 15: 2·(3.2415·4/3)² ≈ 37.36
    const plan = samplesPerArm({ sd: 20, mean: 100, threshold: 0.15 });
    assert.ok(Math.abs(plan.normalApproximation - 37.36) < 0.05, String(plan.normalApproximation));
    assert.ok(plan.perArm >= 38 && plan.perArm <= 40, String(plan.perArm));
    assert.equal(plan.total, 2 * plan.perArm);
    assert.equal(plan.effectUnits, 15);
  });

  it('is consistent with the MDE: perArm detects the threshold, one fewer does not', () => {
    const plan = samplesPerArm({ sd: 7, threshold: { absolute: 4 }, alpha: 0.05, power: 0.9, minSamples: 2 });
    assert.ok(minimumDetectableEffect({ sd: 7, n: plan.perArm }).absolute <= 4);
    assert.ok(minimumDetectableEffect({ sd: 7, n: plan.perArm - 1 }).absolute > 4);
  });

  it('reaches the planned power in simulation', () => {
    const rnd = normal(23);
    const { perArm } = samplesPerArm({ sd: 20, mean: 100, threshold: 0.2 });
    let hits = 0;
    const runs = 1500;
    for (let i = 0; i < runs; i++) if (ttest2(draw(rnd, perArm, 120, 20), draw(rnd, perArm, 100, 20)).pValue < 0.05) hits++;
    assert.ok(hits / runs >= 0.88, `power ${hits / runs} at n=${perArm}`);
  });

  it('needs only the minimum without noise, and refuses a zero threshold or a fraction without a mean', () => {
    assert.equal(samplesPerArm({ sd: 0, mean: 10, threshold: 0.1 }).perArm, 6);
    assert.equal(samplesPerArm({ sd: 0.001, mean: 10, threshold: 0.5, minSamples: 3 }).perArm, 3);
    assert.throws(() => samplesPerArm({ sd: 1, mean: 10, threshold: 0 }), /greater than 0/);
    assert.throws(() => samplesPerArm({ sd: 1, threshold: 0.1 }), /no non-zero mean/);
    assert.throws(() => samplesPerArm({ sd: NaN, mean: 1, threshold: 0.1 }), /finite/);
  });

  it('turns a plan into expected wall time from the probe duration', () => {
    assert.equal(expectedDurationSeconds({ perArm: 38, probeSeconds: 2.5 }), 190);
    assert.equal(expectedDurationSeconds({ perArm: 10, probeSeconds: 1, overheadSeconds: 30 }), 50);
    assert.throws(() => expectedDurationSeconds({ perArm: 0, probeSeconds: 1 }), /positive integer/);
    assert.throws(() => expectedDurationSeconds({ perArm: 3, probeSeconds: -1 }), /negative/);
  });
});
