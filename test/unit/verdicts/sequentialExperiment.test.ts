import assert from 'node:assert/strict';
import { SequentialExperiment, type Look } from '../../../src/engine/verdicts/sequentialExperiment';
import { judgePairedGuardrail } from '../../../src/engine/verdicts/pairedGuardrail';
import { type Normal, normal } from './gen';

interface Sim { gain: number; cv?: number; guard?: { cv: number; worse: number }; max?: number; alpha?: number }

/** One experiment as the loop runs it: a pair of each series the last look asked for, then a look. */
function simulate(rnd: Normal, s: Sim): { look: Look; pairs: number } {
  const e = new SequentialExperiment({
    target: { name: 'build-ms', direction: 'lower', threshold: 0.15 },
    guardrails: s.guard ? [{ name: 'parse-ms', direction: 'lower', margin: { fraction: 0.05 } }] : [],
    alpha: s.alpha ?? 0.05, maxSamplesPerArm: s.max ?? 20,
  });
  const t = { baseline: [] as number[], candidate: [] as number[] };
  const g = { baseline: [] as number[], candidate: [] as number[] };
  let next = { target: true, guardrails: s.guard ? ['parse-ms'] : [] };
  for (;;) {
    const cv = s.cv ?? 0.2;
    if (next.target) { t.baseline.push(rnd(100, 100 * cv)); t.candidate.push(rnd(100 * (1 - s.gain), 100 * cv)); }
    if (next.guardrails.length && s.guard) { g.baseline.push(rnd(100, 100 * s.guard.cv)); g.candidate.push(rnd(100 * (1 + s.guard.worse), 100 * s.guard.cv)); }
    const look = e.look({ target: t, guardrails: { 'parse-ms': g } });
    if (look.stop) return { look, pairs: Math.max(t.baseline.length, g.baseline.length) };
    next = look.next;
  }
}

const share = (runs: { look: Look }[], verdict: string): number => runs.filter((r) => r.look.verdict!.verdict === verdict).length / runs.length;

describe('verdicts / SequentialExperiment (one always-valid paired rule for target and guardrails)', () => {
  it('false success ≤ alpha/2 at no effect, looking after every pair up to 200 (seeded, CV 20 %)', () => {
    const rnd = normal(90);
    const runs = Array.from({ length: 1500 }, () => simulate(rnd, { gain: 0, max: 200 }));
    assert.ok(share(runs, 'success') <= 0.025 + 0.008, `false success ${share(runs, 'success')}`);
  });

  it('a 25 % gain at CV 20 % is clear in far fewer pairs than the fixed plan (median ≤ 19, the plan needs 39)', () => {
    const rnd = normal(91);
    const runs = Array.from({ length: 600 }, () => simulate(rnd, { gain: 0.25, max: 200 }));
    const n = runs.map((r) => r.pairs).sort((a, b) => a - b)[300]!;
    assert.ok(share(runs, 'success') > 0.97, `success ${share(runs, 'success')}`);
    assert.ok(n <= 19, `median pairs ${n}`);
    assert.ok(runs.every((r) => r.look.stopped !== 'budget'));
  });

  it('an unchanged guardrail is almost never broken (≤ 5 % at CV 10 %); unknown at a spent budget is inconclusive with "more"', () => {
    const rnd = normal(92);
    const runs = Array.from({ length: 800 }, () => simulate(rnd, { gain: 0.25, cv: 0.1, guard: { cv: 0.1, worse: 0 }, max: 20 }));
    assert.ok(share(runs, 'refused') <= 0.05, `refused ${share(runs, 'refused')}`);
    const open = runs.find((r) => r.look.verdict!.verdict === 'inconclusive')!;
    assert.equal(open.look.stopped, 'budget');
    assert.deepEqual(open.look.verdict!.more, { target: false, guardrails: ['parse-ms'] });
    assert.equal(open.look.verdict!.guardrails[0]!.status, 'unknown');
    assert.match(open.look.verdict!.reason, /but parse-ms .*not yet known whether it stayed within its 5 % margin .*Budget of 20 runs per arm spent before a clear answer on the guardrail: inconclusive, not refused — run more samples/);
  });

  it('a guardrail truly worse by its margin passes ≤ 5 %; twice the margin is refused as broken', () => {
    const rnd = normal(93);
    const atMargin = Array.from({ length: 800 }, () => simulate(rnd, { gain: 0.25, cv: 0.1, guard: { cv: 0.1, worse: 0.05 }, max: 100 }));
    assert.ok(share(atMargin, 'success') <= 0.05, `passed ${share(atMargin, 'success')}`);
    const twice = Array.from({ length: 300 }, () => simulate(rnd, { gain: 0.25, cv: 0.05, guard: { cv: 0.05, worse: 0.1 }, max: 100 }));
    assert.ok(share(twice, 'refused') > 0.9, `refused ${share(twice, 'refused')}`);
    const r = twice.find((x) => x.look.verdict!.verdict === 'refused')!;
    assert.equal(r.look.stopped, 'guardrail');
    assert.match(r.look.verdict!.reason, /parse-ms rose from .*, beyond its 5 % margin \(\d+\.\d+\) \(always-valid p=0\.\d+, \d+ pairs, interval of the gain/);
  });

  it('stops for futility (no_improvement / regression) and says so; stops sampling a settled series', () => {
    const e = new SequentialExperiment({ target: { name: 't', direction: 'higher', threshold: { absolute: 1 } }, guardrails: [{ name: 'g', margin: { absolute: 1 } }], maxSamplesPerArm: 50 });
    const ones = (n: number, v: number): number[] => Array.from({ length: n }, () => v);
    // The guardrail is exactly unchanged (held at the first look); the target's gains (3, −2, 4, −1, 2, 0) leave it open.
    let look = e.look({ target: { baseline: [1, 2, 3, 4, 5, 6], candidate: [4, 0, 7, 3, 7, 6] }, guardrails: { g: { baseline: ones(6, 5), candidate: ones(6, 5) } } });
    assert.equal(look.stop, false);
    assert.deepEqual(look.next, { target: true, guardrails: [] });
    assert.equal(look.guardrails[0]!.status, 'held');
    look = e.look({ target: { baseline: ones(8, 100).map((x, i) => x + (i % 2)), candidate: ones(8, 90).map((x, i) => x + (i % 3)) } });
    assert.equal(look.stopped, 'futility');
    assert.equal(look.verdict!.verdict, 'regression');
    assert.match(look.verdict!.reason, /^t got worse .*lies below 0, so sampling stopped for futility\.$/);
  });

  it('a suite settled by the cascade as broken refuses before any pair; cancel is never a success', () => {
    const cases = (fail: number) => Array.from({ length: 200 }, (_, i) => ({ id: `case${i + 1}`, pass: i >= fail }));
    const suite = judgePairedGuardrail({ name: 'suite', baselineCases: cases(0), candidateCases: cases(10), margin: { absolute: 0.02 } });
    const e = new SequentialExperiment({ target: { name: 't', threshold: 0.15 }, settled: [suite], maxSamplesPerArm: 20 });
    const look = e.look({ target: { baseline: [], candidate: [] } });
    assert.equal(look.stopped, 'guardrail');
    assert.equal(look.verdict!.verdict, 'refused');
    assert.match(look.verdict!.reason, /^Before the target was judged, suite fell from 1\.00 to 0\.95, beyond its 0\.02 margin \(.*McNemar p=0\.002; 10 cases flipped to fail: case1, case2/);
    const c = new SequentialExperiment({ target: { name: 't', threshold: 0.15 }, maxSamplesPerArm: 20 });
    c.look({ target: { baseline: [10, 20, 30, 40, 50, 60], candidate: [14, 10, 37, 33, 57, 60] } });
    const cancelled = c.cancel();
    assert.equal(cancelled.stopped, 'cancel');
    assert.equal(cancelled.verdict!.verdict, 'inconclusive');
    assert.match(cancelled.verdict!.reason, /^Cancelled before a clear answer/);
  });

  it('caps a lower-is-better relative interval at 100 % (a time cannot fall below 0)', () => {
    const e = new SequentialExperiment({ target: { name: 'ms', direction: 'lower', threshold: 0.15 }, maxSamplesPerArm: 6 });
    const look = e.look({ target: { baseline: [120, 300, 90, 150, 400, 100], candidate: [40, 41, 39, 40, 42, 38] } });
    const rel = look.verdict!.target.relativeCi!;
    assert.ok(rel[1] <= 1, `relative interval ${rel}`);
    assert.ok(look.target.interval[1] / 193 > 1, 'the unit interval itself reaches past the baseline');
  });
});
