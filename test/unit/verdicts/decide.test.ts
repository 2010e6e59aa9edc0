import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/engine/errors';
import { decideVerdict, decideVerdicts } from '../../../src/engine/verdicts/decide';
import { draw, normal, repeat } from './gen';

describe('verdicts / decideVerdict', () => {
  it('refuses a 30 % faster startup that lowers the pass rate from 1.0 to 0.97, naming both', () => {
    const rnd = normal(10);
    const v = decideVerdict({
      target: { name: 'startup-ms', direction: 'lower', baseline: draw(rnd, 10, 120, 6), candidate: draw(rnd, 10, 84, 6), threshold: 0.15, unit: 'ms' },
      guardrails: [{ name: 'test-pass-rate', baseline: repeat(10, 1), candidate: repeat(10, 0.97), margin: { absolute: 0.01 } }],
      alpha: 0.05,
    });
    assert.equal(v.verdict, 'refused');
    assert.ok(v.target.significant && v.target.meetsThreshold);
    assert.ok(v.target.relativeGain !== null && v.target.relativeGain > 0.25 && v.target.relativeGain < 0.35);
    assert.match(v.reason, /^startup-ms improved [23]\d(\.\d)? % \(p < 0\.001\) but test-pass-rate fell from 1\.00 to 0\.97, beyond its 0\.01 margin .*— refused\.$/);
    assert.equal(v.guardrails.length, 1);
    assert.equal(v.guardrails[0].passed, false);
  });

  it('gives success when the target clears the threshold and every guardrail holds', () => {
    const rnd = normal(11);
    const v = decideVerdict({
      target: { name: 'score', baseline: draw(rnd, 12, 0.5, 0.03), candidate: draw(rnd, 12, 0.65, 0.03), threshold: 0.15 },
      guardrails: [{ name: 'latency', direction: 'lower', baseline: draw(rnd, 12, 200, 4), candidate: draw(rnd, 12, 200, 4), margin: { fraction: 0.05 } }],
    });
    assert.equal(v.verdict, 'success', v.reason);
    assert.match(v.reason, /its guardrail held/);
    assert.ok(v.target.ci && v.target.ci[0] > 0);
  });

  it('is inconclusive below the minimum samples and when the difference is noise', () => {
    const rnd = normal(12);
    const few = decideVerdict({ target: { name: 't', baseline: draw(rnd, 5, 10, 1), candidate: draw(rnd, 5, 20, 1), threshold: 0.1 } });
    assert.equal(few.verdict, 'inconclusive');
    assert.match(few.reason, /at least 6 per arm/);
    const noise = decideVerdict({ target: { name: 't', baseline: draw(rnd, 10, 10, 3), candidate: draw(rnd, 10, 10, 3), threshold: 0.1 } });
    assert.equal(noise.verdict, 'inconclusive');
    assert.match(noise.reason, /not significant/);
  });

  it('calls a significant change the wrong way a regression, and a small real gain no_improvement', () => {
    const rnd = normal(13);
    const worse = decideVerdict({ target: { name: 't', baseline: draw(rnd, 10, 100, 2), candidate: draw(rnd, 10, 90, 2), threshold: 0.05 } });
    assert.equal(worse.verdict, 'regression');
    assert.match(worse.reason, /got worse/);
    const small = decideVerdict({ target: { name: 't', baseline: draw(rnd, 40, 100, 2), candidate: draw(rnd, 40, 105, 2), threshold: 0.15 } });
    assert.equal(small.verdict, 'no_improvement');
    assert.match(small.reason, /below its 15 % threshold/);
  });

  it('applies the stricter lower-bound rule when asked', () => {
    const rnd = normal(14);
    const input = { target: { name: 't', baseline: draw(rnd, 8, 100, 8), candidate: draw(rnd, 8, 120, 8), threshold: { absolute: 15 } } };
    const byEstimate = decideVerdict(input);
    const byBound = decideVerdict({ ...input, rule: 'lower-bound' });
    assert.equal(byEstimate.verdict, 'success', byEstimate.reason);
    assert.ok(byBound.target.ci && byBound.target.ci[0] < 15);
    assert.equal(byBound.verdict, 'no_improvement');
  });

  it('handles zero-variance targets exactly and a fractional threshold of a zero baseline', () => {
    const exact = decideVerdict({ target: { name: 'size', direction: 'lower', baseline: repeat(6, 1000), candidate: repeat(6, 800), threshold: 0.15 } });
    assert.equal(exact.verdict, 'success');
    assert.equal(exact.target.pValue, 0);
    const same = decideVerdict({ target: { name: 'size', baseline: repeat(6, 5), candidate: repeat(6, 5), threshold: 0.1 } });
    assert.equal(same.verdict, 'inconclusive');
    const zero = decideVerdict({ target: { name: 'errors', baseline: repeat(6, 0), candidate: repeat(6, 1), threshold: 0.1 } });
    assert.equal(zero.verdict, 'inconclusive');
    assert.match(zero.reason, /give it in units/);
  });

  it('keeps false success at no effect within alpha/2 over many seeded runs', () => {
    const rnd = normal(15);
    let successes = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const v = decideVerdict({ target: { name: 't', baseline: draw(rnd, 6, 100, 20), candidate: draw(rnd, 6, 100, 20), threshold: 0.05 } });
      if (v.verdict === 'success') successes++;
    }
    assert.ok(successes / runs <= 0.025 + 0.01, `false success ${successes / runs}`);
  });

  it('refuses NaN in any arm and bad options', () => {
    assert.throws(() => decideVerdict({ target: { name: 't', baseline: [1, 2, NaN], candidate: [1, 2, 3], threshold: 0.1 } }), InvalidInputError);
    assert.throws(() => decideVerdict({ target: { name: 't', baseline: [1, 2], candidate: [1, 2], threshold: 0.1 }, guardrails: [{ name: 'g', baseline: [1, Infinity], candidate: [1, 2], margin: { absolute: 1 } }] }), /finite/);
    assert.throws(() => decideVerdict({ target: { name: 't', baseline: [1, 2], candidate: [1, 2], threshold: 0.1 }, rule: 'median' as never }), /rule/);
    assert.throws(() => decideVerdict({ target: { name: 't', baseline: [1, 2], candidate: [1, 2], threshold: 0.1 }, minSamples: 0 }), /minSamples/);
  });
});

describe('verdicts / decideVerdicts (several at once, Benjamini–Hochberg)', () => {
  it('adjusts the targets\' p-values across the family and says so', () => {
    const rnd = normal(16);
    const inputs = [0, 0, 0, 0.3, 0].map((effect, i) => ({
      target: { name: `cap-${i}`, baseline: draw(rnd, 10, 100, 10), candidate: draw(rnd, 10, 100 * (1 + effect), 10), threshold: 0.1 },
    }));
    const single = inputs.map((i) => decideVerdict(i));
    const many = decideVerdicts(inputs, 0.05);
    assert.equal(many.length, 5);
    many.forEach((v, i) => {
      assert.ok(v.target.adjustedPValue !== null && v.target.adjustedPValue >= (single[i].target.pValue ?? 0) - 1e-15);
    });
    assert.equal(many[3].verdict, 'success', many[3].reason);
    assert.match(many[3].reason, /Benjamini–Hochberg adjusted over 5 comparisons/);
  });

  it('leaves a single verdict unadjusted', () => {
    const rnd = normal(17);
    const [v] = decideVerdicts([{ target: { name: 'a', baseline: draw(rnd, 8, 1, 0.1), candidate: draw(rnd, 8, 1.5, 0.1), threshold: 0.1 } }]);
    assert.equal(v.target.adjustedPValue, null);
  });
});
