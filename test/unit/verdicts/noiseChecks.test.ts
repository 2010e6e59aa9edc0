import assert from 'node:assert/strict';
import { BIMODAL_BAR, bimodalityCoefficient, driftTest, noiseChecks } from '../../../src/engine/verdicts/noiseChecks';
import { draw, normal } from './gen';

describe('verdicts / noise checks (bimodal runs, a drifting baseline)', () => {
  it('rarely warns on plain normal runs (seeded: ≤ 2 % of 2000 draws of 12–40 runs)', () => {
    const rnd = normal(80);
    for (const n of [12, 20, 40]) {
      let warned = 0;
      for (let i = 0; i < 2000; i++) if ((bimodalityCoefficient(draw(rnd, n, 100, 10)) ?? 0) > BIMODAL_BAR) warned++;
      assert.ok(warned / 2000 <= 0.02, `n=${n}: ${warned / 2000}`);
    }
  });

  it('warns when a third of the runs sit in a second cluster, and says what the verdict did', () => {
    const rnd = normal(81);
    const runs = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? rnd(150, 3) : rnd(100, 3)));
    assert.ok(bimodalityCoefficient(runs)! > BIMODAL_BAR);
    const w = noiseChecks({ name: 'parse-ms', baseline: runs, candidate: draw(rnd, 20, 100, 3), unit: 'ms' });
    assert.equal(w.length, 1);
    assert.match(w[0]!, /^parse-ms: the baseline runs look bimodal .*10 % trimmed mean of the pair differences/);
  });

  it('warns when the baseline drifts from the first pairs to the last, saying pairing cancels shared drift', () => {
    const rnd = normal(82);
    const baseline = Array.from({ length: 12 }, (_, i) => 100 + 3 * i + rnd(0, 1));
    const w = noiseChecks({ name: 'build-ms', baseline, candidate: baseline.map((x) => x * 0.8), unit: 'ms' });
    assert.equal(w.length, 1);
    assert.match(w[0]!, /^build-ms: the baseline drifted from 10\d\.\d ms in the first pairs to 12\d\.\d ms in the last \(p < 0\.001\).*drift shared by both arms cancels/);
    assert.deepEqual(noiseChecks({ name: 'x', baseline: draw(rnd, 12, 100, 5), candidate: draw(rnd, 12, 100, 5) }).filter((s) => /drifted/.test(s)), []);
    assert.equal(driftTest([1, 2, 3]), null);
    assert.equal(bimodalityCoefficient([1, 2, 3]), null);
  });
});
