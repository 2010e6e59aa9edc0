import assert from 'node:assert/strict';
import { confirmVerdict } from '../../../src/engine/verdicts/confirm';
import { decideVerdict, type VerdictInput } from '../../../src/engine/verdicts/decide';
import { draw, normal } from './gen';

const run = (seed: number, gain: number, n = 10): VerdictInput => {
  const rnd = normal(seed);
  return { target: { name: 'score', baseline: draw(rnd, n, 100, 10), candidate: draw(rnd, n, 100 + gain, 10), threshold: 0.15 } };
};

describe('verdicts / confirmVerdict', () => {
  it('keeps a success confirmed by a fresh success and shows the confirmation\'s effect', () => {
    const first = decideVerdict(run(70, 30));
    const again = decideVerdict(run(71, 30));
    assert.equal(first.verdict, 'success');
    assert.equal(again.verdict, 'success');
    const c = confirmVerdict(first, again);
    assert.equal(c.verdict, 'success');
    assert.equal(c.effect, again.target);
    assert.match(c.reason, /^Confirmed by a fresh run: score improved/);
  });

  it('turns an unconfirmed success into inconclusive (or refused/regression when the rerun says so)', () => {
    const first = decideVerdict(run(70, 30));
    const flat = decideVerdict(run(72, 0));
    const c = confirmVerdict(first, flat);
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.reason, /did not hold/);
    assert.equal(c.effect, flat.target);
    const worse = decideVerdict(run(73, -30));
    assert.equal(confirmVerdict(first, worse).verdict, 'regression');
    assert.equal(confirmVerdict(first, null).verdict, 'inconclusive');
  });

  it('passes other verdicts through and refuses mismatched runs', () => {
    const flat = decideVerdict(run(74, 0));
    assert.equal(confirmVerdict(flat, null).verdict, flat.verdict);
    const other = decideVerdict({ target: { ...run(75, 30).target, name: 'other' } });
    assert.throws(() => confirmVerdict(decideVerdict(run(70, 30)), other), /not "score"/);
    assert.throws(() => confirmVerdict(null as never, null), /needs the first verdict/);
  });

  it('removes most winner\'s-curse successes of a smaller real gain (seeded)', () => {
    let once = 0; let twice = 0;
    for (let i = 0; i < 600; i++) {
      const first = decideVerdict(run(1000 + i, 10, 8));
      if (first.verdict !== 'success') continue;
      once++;
      if (confirmVerdict(first, decideVerdict(run(5000 + i, 10, 8))).verdict === 'success') twice++;
    }
    assert.ok(once > 20, `first-run successes ${once}`);
    assert.ok(twice < once / 3, `confirmed ${twice} of ${once}`);
  });
});
