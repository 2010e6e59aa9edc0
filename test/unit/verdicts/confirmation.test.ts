import assert from 'node:assert/strict';
import { confirmationLevel, confirmVerdict, judgeConfirmation, planConfirmation } from '../../../src/engine/verdicts/confirm';
import { SequentialExperiment } from '../../../src/engine/verdicts/sequentialExperiment';
import { type Normal, draw, normal } from './gen';

const spec = { name: 'build-ms', direction: 'lower' as const, threshold: { fraction: 0.15 } };
const fresh = (rnd: Normal, n: number, gain: number, cv = 0.2) => ({ baseline: draw(rnd, n, 100, 100 * cv), candidate: draw(rnd, n, 100 * (1 - gain), 100 * cv) });

/** The loop's procedure: the sequential first phase, then for a success the fixed confirmation of fresh pairs. */
function procedure(rnd: Normal, gain: number, max: number): { verdict: string; runs: number } {
  const e = new SequentialExperiment({ target: spec, maxSamplesPerArm: max });
  const t = { baseline: [] as number[], candidate: [] as number[] };
  for (;;) {
    t.baseline.push(rnd(100, 20));
    t.candidate.push(rnd(100 * (1 - gain), 20));
    const look = e.look({ target: t });
    if (!look.stop) continue;
    if (look.verdict!.verdict !== 'success') return { verdict: look.verdict!.verdict, runs: t.baseline.length };
    const plan = planConfirmation(spec, t.baseline.length, 0.05, max);
    const c = confirmVerdict(look.verdict!, judgeConfirmation(spec, fresh(rnd, plan.pairs, gain), plan, 0.05));
    return { verdict: c.verdict, runs: t.baseline.length + plan.pairs };
  }
}

describe('verdicts / short confirmation on fresh pairs', () => {
  it('plans a third of the first run\'s pairs, at least 3, within the budget, at one-sided level 6α', () => {
    assert.equal(planConfirmation(spec, 6, 0.05).pairs, 3);
    assert.equal(planConfirmation(spec, 14, 0.05).pairs, 5);
    assert.equal(planConfirmation(spec, 39, 0.05, 10).pairs, 10);
    assert.equal(planConfirmation(spec, 14, 0.05).agreeLevel, 0.3);
    assert.equal(confirmationLevel(0.01), 0.06);
    assert.equal(confirmationLevel(0.1), 0.3);
    assert.match(planConfirmation(spec, 14, 0.05).reason, /5 fresh pairs .* one-sided level 0\.3/);
    const prior = { variance: 800, df: 38 };
    assert.deepEqual(planConfirmation({ ...spec, prior }, 14, 0.05).prior, prior, 'the A/A calibration is its variance prior');
  });

  it('fresh pairs at no effect agree at most at its level; a real 25 % gain agrees in most (seeded, CV 20 %)', () => {
    const rnd = normal(310);
    const plan = planConfirmation(spec, 14, 0.05);
    const agree = (gain: number) => Array.from({ length: 2000 }, () => judgeConfirmation(spec, fresh(rnd, plan.pairs, gain), plan, 0.05).verdict === 'success').filter(Boolean).length / 2000;
    const none = agree(0);
    assert.ok(none <= plan.agreeLevel + 0.025, `agreed at no effect ${none}`);
    assert.ok(none >= plan.agreeLevel - 0.06, `the level is used, not wasted: ${none}`);
    assert.ok(agree(0.25) > 0.75, 'a real gain is confirmed');
  });

  it('shows the fresh pairs\' own effect, unbiased because their number is fixed; worse is a regression, unclear asks for more', () => {
    const rnd = normal(311);
    const plan = planConfirmation(spec, 14, 0.05);
    const gains = Array.from({ length: 2000 }, () => judgeConfirmation(spec, fresh(rnd, plan.pairs, 0.25), plan, 0.05).target.relativeGain!);
    const meanGain = gains.reduce((a, b) => a + b, 0) / gains.length;
    assert.ok(Math.abs(meanGain - 0.25) < 0.01, `mean shown gain ${meanGain}`);
    const worse = judgeConfirmation(spec, fresh(rnd, 12, -0.5, 0.05), planConfirmation(spec, 36, 0.05), 0.05);
    assert.equal(worse.verdict, 'regression');
    assert.match(worse.reason, /fresh pairs show it worse/);
    const flat = judgeConfirmation(spec, { baseline: [100, 101, 99], candidate: [101, 99, 100] }, plan, 0.05);
    assert.equal(flat.verdict, 'inconclusive');
    assert.deepEqual(flat.more, { target: true, guardrails: [] });
    // The reason names what decided it (the one-sided lower bound), never a two-sided "40 % interval" that reads like the usual 95 % one.
    assert.match(flat.reason, /one-sided paired test at the lenient level 0\.3: the pair gains' lower bound is -?[\d.]+, not above 0/);
    const good = judgeConfirmation(spec, { baseline: [100, 102, 98, 101], candidate: [70, 71, 69, 72] }, plan, 0.05);
    assert.equal(good.verdict, 'success');
    assert.match(good.reason, /lower bound is [\d.]+, above 0/);
    assert.doesNotMatch(good.reason, /% interval/);
    assert.equal(judgeConfirmation(spec, { baseline: [100], candidate: [90] }, plan, 0.05).verdict, 'inconclusive');
  });

  it('the whole procedure: false success ≤ 1 % at no effect, and a 25 % gain decided in a median ≤ 19.5 runs per arm (seeded)', () => {
    const rnd = normal(312);
    const nulls = Array.from({ length: 1500 }, () => procedure(rnd, 0, 20));
    const falseSuccess = nulls.filter((r) => r.verdict === 'success').length / nulls.length;
    assert.ok(falseSuccess <= 0.01, `false success ${falseSuccess}`);
    const wins = Array.from({ length: 600 }, () => procedure(rnd, 0.25, 39));
    const runs = wins.map((r) => r.runs).sort((a, b) => a - b);
    assert.ok(runs[300]! <= 19.5, `median runs ${runs[300]}`);
    const power = wins.filter((r) => r.verdict === 'success').length / wins.length;
    assert.ok(power > 0.85, `most real gains succeed: ${power}`);
  });
});
