import assert from 'node:assert/strict';
import { analyzeBlocked, type BlockSamples } from '../../../src/team/blockedAnalysis';
import { seededNormal } from '../../../src/engine/verdicts/random';

/**
 * Three machines, the third twice as slow (both arms); the fast ones finish more blocks in the same time.
 * Within a block both arms share the block's drift; `effect` is the candidate's relative change.
 */
function simulate(seed: number, effect: number, slowNoise = 1, blocksPerMachine: Record<string, number> = { fast1: 5, fast2: 5, slow: 2 }, pairsPerBlock = 3): BlockSamples[] {
  const normal = seededNormal(seed);
  const speed: Record<string, number> = { fast1: 1, fast2: 1.05, slow: 2 };
  const blocks: BlockSamples[] = [];
  for (const [machine, count] of Object.entries(blocksPerMachine)) {
    for (let b = 0; b < count; b++) {
      const drift = Math.exp(normal(0, 0.1));
      const baseline: number[] = [];
      const candidate: number[] = [];
      const sd = 0.08 * (machine === 'slow' ? slowNoise : 1);
      for (let i = 0; i < pairsPerBlock; i++) {
        baseline.push(100 * speed[machine] * drift * Math.exp(normal(0, sd)));
        candidate.push(100 * speed[machine] * drift * (1 + effect) * Math.exp(normal(0, sd)));
      }
      blocks.push({ machine, baseline, candidate });
    }
  }
  return blocks;
}

describe('team: blocked analysis (machines of different speed)', () => {
  for (const slowNoise of [1, 2.5]) {
    it(`no effect, one machine 2× slower${slowNoise > 1 ? ' and 2.5× noisier' : ''}, uneven blocks: never a false success over 2000 seeded runs, and p < 0.05 about 5 % of the time`, () => {
      let successes = 0;
      let significant = 0;
      const runs = 2000;
      for (let seed = 1; seed <= runs; seed++) {
        const r = analyzeBlocked(simulate(seed, 0, slowNoise), { direction: 'lower', threshold: 0.15 });
        if (r.verdict === 'success') successes++;
        if (r.pValue < 0.05) significant++;
      }
      assert.equal(successes, 0);
      const rate = significant / runs;
      // Binomial sd at 5 % over 2000 runs is 0.5 %: 2–8 % is calibrated, neither anti-conservative nor blind.
      assert.ok(rate > 0.02 && rate < 0.08, `false-positive rate of the test itself: ${rate}`);
    });
  }

  it('a real 25 % speed-up is found in nearly every run, with the slow machine\'s doubled times cancelling out', () => {
    let successes = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = analyzeBlocked(simulate(seed, -0.25), { direction: 'lower', threshold: 0.15 });
      if (r.verdict === 'success') successes++;
      if (seed === 1) {
        assert.equal(r.scale, 'log-ratio');
        assert.deepEqual(r.machines.map((m) => [m.machine, m.blocks, m.pairs]), [['fast1', 5, 15], ['fast2', 5, 15], ['slow', 2, 6]]);
        const slow = r.machines.find((m) => m.machine === 'slow')!;
        const fast = r.machines.find((m) => m.machine === 'fast1')!;
        assert.ok(slow.baselineMean > 1.7 * fast.baselineMean, 'the slow machine really is slower');
        assert.ok(Math.abs(slow.mean - fast.mean) < 0.15, 'yet its effect is the same on the log-ratio scale');
        assert.ok(r.interval[0] < r.relativeChange && r.relativeChange < r.interval[1]);
      }
    }
    assert.ok(successes >= 285, `found in ${successes}/300`);
  });

  it('a significant slowdown is a regression; too few pairs is inconclusive; unpaired blocks and non-numbers are refused', () => {
    assert.equal(analyzeBlocked(simulate(7, 0.3), { direction: 'lower', threshold: 0.15 }).verdict, 'regression');
    assert.equal(analyzeBlocked(simulate(7, 0.3), { direction: 'higher', threshold: 0.15 }).verdict, 'success');
    const few = analyzeBlocked([{ machine: 'a', baseline: [1, 2], candidate: [1, 2] }], { direction: 'lower', threshold: 0.1 });
    assert.equal(few.verdict, 'inconclusive');
    assert.match(few.reason, /at least 6/);
    assert.throws(() => analyzeBlocked([{ machine: 'a', baseline: [1, 2], candidate: [1] }], { direction: 'lower', threshold: 0.1 }), /pairs/);
    assert.throws(() => analyzeBlocked([{ machine: 'a', baseline: [1, NaN], candidate: [1, 2] }], { direction: 'lower', threshold: 0.1 }), /finite/);
  });

  it('values that are not all positive (e.g. scores around zero) use differences relative to each machine\'s baseline', () => {
    const blocks: BlockSamples[] = [
      { machine: 'a', baseline: [0, 0.1, -0.1, 0.05, 0], candidate: [0.5, 0.6, 0.4, 0.55, 0.5] },
      { machine: 'b', baseline: [0.02, -0.02, 0.01, 0], candidate: [0.52, 0.47, 0.5, 0.51] },
    ];
    const r = analyzeBlocked(blocks, { direction: 'higher', threshold: 0.15 });
    assert.equal(r.scale, 'relative-difference');
    assert.equal(r.verdict, 'success');
  });
});
