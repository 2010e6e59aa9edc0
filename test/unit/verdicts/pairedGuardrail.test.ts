import assert from 'node:assert/strict';
import { decideVerdict } from '../../../src/engine/verdicts/decide';
import { judgePairedGuardrail } from '../../../src/engine/verdicts/pairedGuardrail';
import { seededUniform } from '../../../src/engine/verdicts/random';
import { draw, normal } from './gen';

const cases = (n: number, failing: (i: number) => boolean) => Array.from({ length: n }, (_, i) => ({ id: `t${i}`, pass: !failing(i) }));

describe('verdicts / judgePairedGuardrail (pass/fail suite as a guardrail)', () => {
  it('3 random flips of 100 do not show a 1-point margin broken (unknown); 10 of 200 past a 2-point one do, naming cases and McNemar p', () => {
    // Changed with issue 15: a drop that is observed but not shown at alpha is "unknown", no longer a refusal.
    const r = judgePairedGuardrail({ name: 'test-pass-rate', baselineCases: cases(100, () => false), candidateCases: cases(100, (i) => i < 3), margin: { absolute: 0.01 } });
    assert.equal(r.passed, false);
    assert.equal(r.status, 'unknown');
    assert.ok(Math.abs(r.worseBy - 0.03) < 1e-12);
    assert.deepEqual(r.flips.flippedToFail, ['t0', 't1', 't2']);
    assert.match(r.reason, /^test-pass-rate fell from 1\.00 to 0\.97: not yet known whether it stayed within its 0\.01 margin \(.*McNemar p=0\.25; 3 cases flipped to fail: t0, t1, t2\); more cases or runs needed\.$/);
    const big = judgePairedGuardrail({ name: 'suite', baselineCases: cases(200, () => false), candidateCases: cases(200, (i) => i < 10), margin: { absolute: 0.02 } });
    assert.equal(big.status, 'broken', big.reason);
    assert.ok(big.brokenPValue! < 0.05);
    assert.equal(big.flips.pValue, 2 * 0.5 ** 10);
    assert.match(big.reason, /^suite fell from 1\.00 to 0\.95, beyond its 0\.02 margin \(p=0\.0\d+, 200 paired cases, McNemar p=0\.002; 10 cases flipped to fail: t0, t1, t2, t3, t4 and 5 more\)\.$/);
  });

  it('does not take a small suite without flips as proof of a tight margin, unless declared deterministic', () => {
    const same = { name: 'suite', baselineCases: cases(100, (i) => i % 10 === 0), candidateCases: cases(100, (i) => i % 10 === 0), margin: { absolute: 0.01 } };
    const random = judgePairedGuardrail(same);
    assert.equal(random.passed, false);
    assert.equal(random.status, 'unknown');
    assert.match(random.reason, /not yet known whether it stayed within/);
    const exact = judgePairedGuardrail({ ...same, deterministic: true });
    assert.equal(exact.passed, true);
    assert.match(exact.reason, /went from 0\.9 to 0\.9, within its 0\.01 margin \(exact, 100 paired cases, McNemar p=1\)/);
    assert.equal(judgePairedGuardrail({ ...same, baselineCases: cases(1000, () => false), candidateCases: cases(1000, () => false) }).passed, true);
  });

  it('keeps the false pass rate ≤ alpha when the pass rate truly drops by the margin (seeded)', () => {
    const u = seededUniform(60);
    for (const [n, toPass] of [[50, 0.2], [200, 0.2], [200, 0]]) {
      const base = 0.9; const delta = 0.02;
      const toFail = (delta + (1 - base) * toPass) / base;
      let passes = 0;
      const runs = 1500;
      for (let k = 0; k < runs; k++) {
        const before = Array.from({ length: n }, (_, i) => ({ id: i, pass: u() < base }));
        const after = before.map((c) => ({ id: c.id, pass: c.pass ? u() >= toFail : u() < toPass }));
        if (judgePairedGuardrail({ name: 'x', baselineCases: before, candidateCases: after, margin: { absolute: delta } }).passed) passes++;
      }
      assert.ok(passes / runs <= 0.05 + 0.015, `n=${n}, fail→pass ${toPass}: false pass ${passes / runs}`);
    }
  });

  it('passes a large suite with a few balanced flips and a comfortable margin', () => {
    const before = cases(1000, (i) => i % 10 === 0);
    const after = cases(1000, (i) => (i % 10 === 0 && i !== 0 && i !== 10) || i === 1 || i === 2);
    const r = judgePairedGuardrail({ name: 'evals', baselineCases: before, candidateCases: after, margin: { fraction: 0.02 } });
    assert.equal(r.passed, true, r.reason);
    assert.equal(r.flips.b, 2);
    assert.equal(r.flips.c, 2);
    assert.match(r.reason, /2 % margin/);
  });

  it('fails with no matched cases and refuses bad input', () => {
    const r = judgePairedGuardrail({ name: 'x', baselineCases: [], candidateCases: [], margin: { absolute: 0.01 } });
    assert.equal(r.passed, false);
    assert.match(r.reason, /no case ran in both/);
    assert.throws(() => judgePairedGuardrail({ name: 'x', baselineCases: [{ id: 'a', pass: 'yes' as never }], candidateCases: [], margin: { absolute: 0.01 } }), /true or false/);
    assert.throws(() => judgePairedGuardrail({ name: 'x', baselineCases: [], candidateCases: [], margin: undefined as never }), /needs a margin/);
  });

  it('serves as a guardrail in decideVerdict beside sample guardrails', () => {
    const rnd = normal(61);
    const v = decideVerdict({
      target: { name: 'startup-ms', direction: 'lower', baseline: draw(rnd, 10, 120, 5), candidate: draw(rnd, 10, 84, 5), threshold: 0.15 },
      guardrails: [
        { name: 'unit-tests', baselineCases: cases(100, () => false), candidateCases: cases(100, (i) => i < 3), margin: { absolute: 0.01 }, deterministic: true },
        { name: 'memory-mb', direction: 'lower', baseline: draw(rnd, 10, 50, 1), candidate: draw(rnd, 10, 50, 1), margin: { fraction: 0.1 } },
      ],
    });
    assert.equal(v.verdict, 'refused');
    assert.equal(v.guardrails.length, 2);
    assert.deepEqual(v.guardrails.map((g) => g.passed), [false, true]);
    assert.match(v.reason, /but unit-tests fell from 1\.00 to 0\.97, beyond its 0\.01 margin/);
  });
});
