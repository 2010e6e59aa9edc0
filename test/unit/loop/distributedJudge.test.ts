// The engine's judge of a distributed run: the local loop's rules on blocks of several machines, each
// machine's values scaled to the common baseline. Seeded simulations (no timing): a machine twice as slow
// and noisier gives no false success at no effect; a real effect is found and stops early; a broken
// timing guardrail or cascade suite refuses.
import * as assert from 'node:assert/strict';
import { DistributedJudge, distributedChecks, machineScaled, type JudgedBlock } from '../../../src/engine/loop/distributedJudge';
import { parseConfig } from '../../../src/engine/config';
import { CONFIG } from './fixture';
import { emptySeries, type ArmSeries } from '../../../src/engine/ab/series';
import { seededNormal } from '../../../src/engine/verdicts/random';

const SPEED: Record<string, number> = { fast1: 1, fast2: 1.05, slow: 2 };
const MACHINES = Object.keys(SPEED);

function block(normal: (m: number, s: number) => number, machine: string, effect: number, pairs: number, guardEffect: number | null, slowNoise: number): JudgedBlock {
  const drift = Math.exp(normal(0, 0.1));
  const sd = 0.08 * (machine === 'slow' ? slowNoise : 1);
  const v = (scale: number) => 100 * SPEED[machine]! * drift * scale * Math.exp(normal(0, sd));
  const baseline = Array.from({ length: pairs }, () => v(1));
  const candidate = Array.from({ length: pairs }, () => v(1 + effect));
  if (guardEffect === null) return { machine, baseline, candidate };
  const g: ArmSeries = emptySeries();
  g.perRun = { baseline: Array.from({ length: pairs }, () => 50 * SPEED[machine]! * Math.exp(normal(0, 0.02))), candidate: Array.from({ length: pairs }, () => 50 * SPEED[machine]! * (1 + guardEffect) * Math.exp(normal(0, 0.02))) };
  return { machine, baseline, candidate, guards: { mem: g } };
}

/** A run as the coordinator makes it: waves of 3 blocks (one per machine) up to 12, then 2 fresh blocks to confirm a success. */
function simulate(seed: number, effect: number, o: { guardEffect?: number; slowNoise?: number } = {}) {
  const normal = seededNormal(seed);
  const guards = o.guardEffect === undefined ? [] : [{ name: 'mem', direction: 'lower' as const, unit: 'MB', margin: 0.1, suite: false }];
  const judge = new DistributedJudge({ target: { name: 't', direction: 'lower', unit: 'ms' }, threshold: 0.15, guards, maxPairs: 36 });
  const blocks: JudgedBlock[] = [];
  let look = null;
  while (blocks.length < 12) {
    for (const m of MACHINES) blocks.push(block(normal, m, effect, 3, o.guardEffect ?? null, o.slowNoise ?? 1));
    look = judge.look(blocks);
    if (look.stop) break;
  }
  const first = look!.verdict!;
  const fresh = first.verdict === 'success' ? [block(normal, 'fast1', effect, 3, null, 1), block(normal, 'slow', effect, 3, null, o.slowNoise ?? 1)] : null;
  const plan = fresh ? { ...judge.confirmationPlan(blocks.length * 3), pairs: 6 } : null;
  return { look: look!, blocks: blocks.length, confirmed: judge.confirm(first, fresh, plan) };
}

describe('distributed judge: the local loop\'s rules on blocks of machines of different speed', () => {
  for (const slowNoise of [1, 2.5]) {
    it(`no effect, one machine 2× slower${slowNoise > 1 ? ' and 2.5× noisier' : ''}: the sequential rule's first successes stay under α/2 and none survives confirmation often (1000 seeded runs)`, () => {
      let first = 0;
      let final = 0;
      for (let seed = 1; seed <= 1000; seed++) {
        const r = simulate(seed, 0, { slowNoise });
        if (r.look.verdict!.verdict === 'success') first++;
        if (r.confirmed.verdict === 'success') final++;
      }
      assert.ok(first <= 25, `first-run successes ${first}/1000 (α/2 = 2.5 %)`);
      assert.ok(final <= 10, `confirmed successes ${final}/1000`);
    });
  }

  it('a real 40 % speed-up: found in nearly every run, usually before the block budget, the effect in relative terms whatever the machine', () => {
    let found = 0;
    let early = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = simulate(seed, -0.4);
      if (r.confirmed.verdict === 'success') found++;
      if (r.look.stopped === 'rule' && r.blocks < 12) early++;
      if (seed === 1) assert.ok(Math.abs((r.confirmed.effect.relativeGain ?? 0) - 0.4) < 0.12, `relative gain ${r.confirmed.effect.relativeGain}`);
    }
    assert.ok(found >= 190, `found ${found}/200`);
    assert.ok(early >= 150, `stopped early ${early}/200`);
  });

  it('a timing guardrail 40 % worse (margin 10 %): refused, the guardrail named, even with the target 40 % better', () => {
    const r = simulate(3, -0.4, { guardEffect: 0.4 });
    assert.equal(r.look.stopped, 'guardrail');
    assert.equal(r.confirmed.verdict, 'refused');
    assert.match(r.confirmed.reason, /mem rose from .* beyond its 10 % margin/);
    const held = simulate(3, -0.4, { guardEffect: 0 });
    assert.equal(held.confirmed.verdict, 'success', held.confirmed.reason);
    assert.deepEqual(held.confirmed.first.guardrails.map((g) => [g.name, g.status]), [['mem', 'held']]);
  });

  it('a suite of the cascade that breaks refuses before any pair; one whose probe fails at HEAD is noted, not judged', () => {
    const judge = new DistributedJudge({ target: { name: 't', direction: 'lower', unit: 'ms' }, threshold: 0.15, maxPairs: 12,
      guards: [{ name: 'tests', direction: 'higher', unit: '', margin: 0.02, suite: true }, { name: 'lint', direction: 'higher', unit: '', margin: 0.02, suite: true }] });
    const cases = (failing: number) => [Array.from({ length: 20 }, (_, i) => ({ id: `case${i + 1}`, pass: i >= failing }))];
    const tests: ArmSeries = { ...emptySeries(), baselineCases: cases(0), candidateCases: cases(3) };
    const lint: ArmSeries = { ...emptySeries(), error: { arm: 'baseline', message: 'lint: command not found' } };
    assert.equal(judge.cascade({ tests, lint }), true);
    const look = judge.refusedByCascade();
    assert.equal(look.stopped, 'guardrail');
    assert.equal(look.verdict?.verdict, 'refused');
    assert.match(look.verdict!.reason, /tests fell from 1\.00 to 0\.85, beyond its 2 % margin/);
    assert.deepEqual(judge.unjudged, ['lint was not judged as a guardrail: its probe fails at HEAD (lint: command not found)']);
  });

  it('machineScaled: each machine to the common baseline mean; values not all positive are left alone', () => {
    const s = machineScaled([{ machine: 'a', baseline: [10, 10], candidate: [5, 5] }, { machine: 'b', baseline: [30, 30], candidate: [15, 15] }]);
    assert.deepEqual(s, { baseline: [20, 20, 20, 20], candidate: [10, 10, 10, 10] });
    assert.deepEqual(machineScaled([{ machine: 'a', baseline: [0, 1], candidate: [1, 2] }]), { baseline: [0, 1], candidate: [1, 2] });
  });

  it('checks a run\'s guardrails and, for tampering, the probe commands and evaluator files of all it measures', () => {
    const withEvaluator = CONFIG.replace('"timeoutSeconds": 20 } },', '"timeoutSeconds": 20 }, "evaluatorFiles": ["bench-data.json"] },');
    const config = parseConfig(withEvaluator).config!;
    const { guardrails, tamper } = distributedChecks(config, 'bench-ms');
    assert.deepEqual(guardrails.map((g) => [g.name, g.suite, g.margin]), [['suite-pass-rate', true, 0.02]]);
    assert.deepEqual(tamper, { probeCommands: ['node bench.js', 'node suite.js'], evaluatorFiles: ['bench-data.json'] });
    assert.deepEqual(distributedChecks(config, 'suite-pass-rate').guardrails.map((g) => g.name), ['bench-ms']);
  });
});
