import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/engine/errors';
import { type CaseResult, mcnemarExact } from '../../../src/engine/verdicts/mcnemar';
import { seededUniform } from '../../../src/engine/verdicts/random';

const suite = (passes: boolean[], prefix = 'case-'): CaseResult[] => passes.map((pass, i) => ({ id: `${prefix}${i}`, pass }));

describe('verdicts / mcnemarExact (paired pass/fail)', () => {
  it('counts flips each way, names them, and gives the exact binomial p-value', () => {
    const before = suite([true, true, true, true, false, false, false, false, false, false]);
    const after = suite([true, true, true, false, true, true, true, true, true, false]);
    const r = mcnemarExact(before, after);
    assert.equal(r.b, 1);
    assert.equal(r.c, 5);
    assert.deepEqual(r.flippedToFail, ['case-3']);
    assert.deepEqual(r.flippedToPass, ['case-4', 'case-5', 'case-6', 'case-7', 'case-8']);
    // 2·P(X ≤ 1), X ~ Bin(6, ½) = 2·(1 + 6)/64
    assert.ok(Math.abs(r.pValue - 14 / 64) < 1e-12, String(r.pValue));
    assert.equal(r.matched, 10);
    assert.equal(r.baselinePassRate, 0.4);
    assert.equal(r.candidatePassRate, 0.8);
  });

  it('caps the p-value at 1 for balanced flips and gives 1 when nothing flipped', () => {
    const balanced = mcnemarExact(suite([true, false]), suite([false, true]));
    assert.equal(balanced.pValue, 1);
    const none = mcnemarExact(suite([true, false, true]), suite([true, false, true]));
    assert.deepEqual([none.b, none.c, none.pValue], [0, 0, 1]);
  });

  it('is significant for many one-way flips on a large suite', () => {
    const before = suite(Array.from({ length: 200 }, () => true));
    const after = suite(Array.from({ length: 200 }, (_, i) => i >= 12));
    const r = mcnemarExact(before, after);
    assert.equal(r.b, 12);
    assert.ok(r.pValue < 0.001);
  });

  it('matches by id (any order, numeric or string ids) and lists unmatched cases', () => {
    const r = mcnemarExact(
      [{ id: 1, pass: true }, { id: 'b', pass: false }, { id: 'gone', pass: true }],
      [{ id: 'new', pass: true }, { id: 'b', pass: true }, { id: '1', pass: true }],
    );
    assert.equal(r.matched, 2);
    assert.deepEqual(r.flippedToPass, ['b']);
    assert.deepEqual(r.unmatched, { baselineOnly: ['gone'], candidateOnly: ['new'] });
  });

  it('handles empty suites without NaN', () => {
    const r = mcnemarExact([], []);
    assert.deepEqual([r.b, r.c, r.pValue, r.matched, r.baselinePassRate, r.candidatePassRate], [0, 0, 1, 0, null, null]);
  });

  it('keeps the false-positive rate ≤ alpha when flips are equally likely both ways (seeded)', () => {
    const u = seededUniform(40);
    let rejections = 0;
    const runs = 2000;
    for (let k = 0; k < runs; k++) {
      const before = Array.from({ length: 100 }, (_, i) => ({ id: i, pass: u() < 0.8 }));
      const after = before.map((c) => ({ id: c.id, pass: u() < 0.1 ? !c.pass : c.pass }));
      if (mcnemarExact(before, after).pValue < 0.05) rejections++;
    }
    // Without real change, flips from a 0.8 pass rate go mostly pass→fail: compare rates symmetric instead.
    assert.ok(rejections / runs > 0.05, 'asymmetric flip rates are a real change and should be detected often');
    rejections = 0;
    for (let k = 0; k < runs; k++) {
      const before = Array.from({ length: 100 }, (_, i) => ({ id: i, pass: u() < 0.8 }));
      const after = before.map((c) => ({ id: c.id, pass: c.pass ? u() >= 0.02 : u() < 0.08 }));
      if (mcnemarExact(before, after).pValue < 0.05) rejections++;
    }
    assert.ok(rejections / runs <= 0.05 + 0.01, `false positives ${rejections / runs}`);
  });

  it('refuses duplicate ids, non-boolean results, missing ids and non-arrays', () => {
    assert.throws(() => mcnemarExact([{ id: 'a', pass: true }, { id: 'a', pass: false }], []), /"a" twice/);
    assert.throws(() => mcnemarExact([{ id: 'a', pass: 1 as never }], []), /pass must be true or false/);
    assert.throws(() => mcnemarExact([{ id: NaN, pass: true }], []), /id must be/);
    assert.throws(() => mcnemarExact(null as never, []), InvalidInputError);
  });
});
