import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/engine/errors';
import { judgeGuardrail } from '../../../src/engine/verdicts/guardrail';
import { draw, normal, repeat } from './gen';

describe('verdicts / judgeGuardrail (non-inferiority)', () => {
  it('fails a pass rate that fell from 1.00 to 0.97 with a 0.01 margin, and says so', () => {
    const r = judgeGuardrail({ name: 'test-pass-rate', baseline: repeat(8, 1), candidate: repeat(8, 0.97), margin: { absolute: 0.01 }, alpha: 0.05 });
    assert.equal(r.passed, false);
    assert.equal(r.status, 'broken');
    assert.ok(Math.abs(r.worseBy - 0.03) < 1e-12);
    assert.ok(Math.abs((r.worseByRelative ?? 0) - 0.03) < 1e-12);
    assert.match(r.reason, /test-pass-rate fell from 1\.00 to 0\.97, beyond its 0\.01 margin/);
  });

  it('passes an unchanged noisy capability when the samples show it stays within the margin', () => {
    const rnd = normal(1);
    const r = judgeGuardrail({ name: 'bundle-kb', direction: 'lower', baseline: draw(rnd, 30, 500, 5), candidate: draw(rnd, 30, 500, 5), margin: { fraction: 0.02 } });
    assert.equal(r.passed, true, r.reason);
    assert.ok(r.pValue !== null && r.pValue < 0.05);
    assert.ok(Math.abs((r.marginUnits ?? 0) - 0.02 * r.baselineMean) < 1e-9);
    assert.match(r.reason, /bundle-kb (went|rose|fell) from .*, within its 2 % margin \((9\.\d\d|10\.\d)\)/);
  });

  it('fails a latency guardrail that rose well beyond its margin (lower is better)', () => {
    const rnd = normal(2);
    const r = judgeGuardrail({ name: 'p95-ms', direction: 'lower', baseline: draw(rnd, 20, 100, 5), candidate: draw(rnd, 20, 120, 5), margin: { fraction: 0.05 }, unit: 'ms' });
    assert.equal(r.passed, false);
    assert.ok(r.worseBy > 15 && r.worseBy < 25, String(r.worseBy));
    assert.match(r.reason, /p95-ms rose from .* ms, beyond its 5 % margin/);
  });

  it('calls a guardrail that too few noisy samples cannot judge unknown (not broken), asking for more samples', () => {
    const rnd = normal(3);
    const r = judgeGuardrail({ name: 'score', baseline: draw(rnd, 4, 0.8, 0.2), candidate: draw(rnd, 4, 0.8, 0.2), margin: { absolute: 0.01 } });
    assert.equal(r.passed, false);
    assert.equal(r.status, 'unknown');
    assert.ok(r.brokenPValue !== null && r.brokenPValue >= 0.05);
    assert.match(r.reason, /not yet known whether it stayed within its 0\.01 margin .*more samples needed/);
  });

  it('has three outcomes: held, broken (shown worse beyond the margin), unknown', () => {
    const rnd = normal(5);
    const held = judgeGuardrail({ name: 'x', direction: 'lower', baseline: draw(rnd, 30, 100, 2), candidate: draw(rnd, 30, 100, 2), margin: { fraction: 0.05 } });
    const broken = judgeGuardrail({ name: 'x', direction: 'lower', baseline: draw(rnd, 30, 100, 2), candidate: draw(rnd, 30, 112, 2), margin: { fraction: 0.05 } });
    const unknown = judgeGuardrail({ name: 'x', direction: 'lower', baseline: draw(rnd, 6, 100, 10), candidate: draw(rnd, 6, 100, 10), margin: { fraction: 0.05 } });
    assert.deepEqual([held.status, broken.status, unknown.status], ['held', 'broken', 'unknown']);
    assert.ok(broken.brokenPValue! < 0.05 && held.pValue! < 0.05);
  });

  it('keeps "broken" for a truly unchanged guardrail ≤ alpha (seeded, CV 10 %, n = 10)', () => {
    const rnd = normal(6);
    let broken = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      if (judgeGuardrail({ name: 'x', direction: 'lower', baseline: draw(rnd, 10, 100, 10), candidate: draw(rnd, 10, 100, 10), margin: { fraction: 0.05 } }).status === 'broken') broken++;
    }
    assert.ok(broken / runs <= 0.05, `unchanged guardrail shown broken ${broken / runs}`);
  });

  it('keeps the false pass rate at ≤ alpha when the candidate is worse by exactly the margin', () => {
    const rnd = normal(4);
    let passes = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const r = judgeGuardrail({ name: 'x', baseline: draw(rnd, 10, 100, 10), candidate: draw(rnd, 10, 95, 10), margin: { absolute: 5 }, alpha: 0.05 });
      if (r.passed) passes++;
    }
    assert.ok(passes / runs <= 0.05 + 0.015, `false pass rate ${passes / runs}`);
    assert.ok(passes / runs >= 0.02, `the test should be near its level, not degenerate: ${passes / runs}`);
  });

  it('handles zero variance exactly: equal arms pass even with a zero margin; exactly-at-margin passes', () => {
    assert.equal(judgeGuardrail({ name: 'a', baseline: repeat(6, 1), candidate: repeat(6, 1), margin: { absolute: 0 } }).passed, true);
    const atMargin = judgeGuardrail({ name: 'b', baseline: repeat(6, 1), candidate: repeat(6, 0.99), margin: { absolute: 0.01 } });
    assert.equal(atMargin.passed, true, atMargin.reason);
    assert.match(atMargin.reason, /exact, no variance/);
  });

  it('refuses to judge with a single sample per arm or a fractional margin of a zero baseline', () => {
    const one = judgeGuardrail({ name: 'a', baseline: [1], candidate: [1], margin: { absolute: 0.1 } });
    assert.equal(one.passed, false);
    assert.equal(one.status, 'unknown');
    assert.equal(one.pValue, null);
    assert.match(one.reason, /at least 2 samples/);
    const zero = judgeGuardrail({ name: 'errors', direction: 'lower', baseline: [0, 0, 0], candidate: [0, 0, 1], margin: { fraction: 0.1 } });
    assert.equal(zero.passed, false);
    assert.equal(zero.worseByRelative, null);
    assert.match(zero.reason, /give the margin in units/);
  });

  it('refuses NaN, empty samples, a missing margin and a bad alpha with clear errors', () => {
    assert.throws(() => judgeGuardrail({ name: 'a', baseline: [1, NaN], candidate: [1, 2], margin: { absolute: 1 } }), (e: Error) => e instanceof InvalidInputError && /baseline\[1\] must be a finite number/.test(e.message));
    assert.throws(() => judgeGuardrail({ name: 'a', baseline: [], candidate: [1, 2], margin: { absolute: 1 } }), InvalidInputError);
    assert.throws(() => judgeGuardrail({ name: 'a', baseline: [1, 2], candidate: [1, 2], margin: undefined as never }), /needs a margin/);
    assert.throws(() => judgeGuardrail({ name: 'a', baseline: [1, 2], candidate: [1, 2], margin: { absolute: -1 } }), /must not be negative/);
    assert.throws(() => judgeGuardrail({ name: 'a', baseline: [1, 2], candidate: [1, 2], margin: { absolute: 1 }, alpha: 1.5 }), /alpha/);
  });
});
