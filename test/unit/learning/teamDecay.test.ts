// With banditDecay γ < 1 the pulled team outcomes fade like the local ones: one timeline of the whole team
// (recorded_at across origins), an outcome followed by k later ones of its action type weighs γ^k.
import assert from 'node:assert/strict';
import { storePulled, type OutcomeRecord } from '../../../src/team/records';
import { localOrigin } from '../../../src/team/origin';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { openEngine, TestClock } from '../engine/helpers';

const TYPE = 'experiment_approach';
const outcome = (localId: number, actionName: string, success: boolean, recordedAt: string, actionType = TYPE): OutcomeRecord => ({
  localId, actionType, actionName, success, outcomeValue: null, context: null, recordedAt,
});
const estimates = (engine: SelfImprovementEngine) => engine.chooseAction({ actionType: TYPE, availableActions: ['cache', 'inline'] }).estimates;
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

/** Three local outcomes of `inline` on Jan 2, 3, 4 (the clock moves a day before each). */
async function withLocal(decay: number): Promise<SelfImprovementEngine> {
  const clock = new TestClock('2026-01-01T00:00:00.000Z');
  const { engine } = await openEngine({ banditDecay: decay, clock });
  for (const success of [false, true, false]) {
    clock.advanceDays(1);
    engine.recordOutcome({ actionType: TYPE, actionName: 'inline', success });
  }
  return engine;
}

describe('learning: pulled team outcomes decay with the local ones', () => {
  it('γ < 1: an old team success counts less than a recent one', async () => {
    const old = await withLocal(0.5);
    const recent = await withLocal(0.5);
    try {
      storePulled(old.storage, 'outcomes', 'origin-alice', [outcome(1, 'cache', true, '2026-01-01T12:00:00.000Z')]);
      storePulled(recent.storage, 'outcomes', 'origin-alice', [outcome(1, 'cache', true, '2026-01-05T00:00:00.000Z')]);
      const o = estimates(old).cache;
      const r = estimates(recent).cache;
      close(o.alpha, 1 + 0.5 ** 3); // three local outcomes came after it
      close(r.alpha, 1 + 1); // the newest outcome: full weight
      assert.ok(o.alpha < r.alpha && o.mean < r.mean, 'the old success weighs less');
      assert.equal(o.trials, 1);
      assert.equal(r.trials, 1);
      // The recent team outcome also fades this machine's older evidence by one more step.
      close(estimates(recent).inline.alpha, 1 + 0.5 ** 2); // local success of Jan 3: Jan 4 (local) and Jan 5 (team) after it
      close(estimates(recent).inline.beta, 1 + 0.5 ** 3 + 0.5 ** 1);
      close(estimates(old).inline.beta, 1 + 0.5 ** 2 + 1);
    } finally { await old.close(); await recent.close(); }
  });

  it('without pulled outcomes the local arms are unchanged; other action types and our own rows do not take part', async () => {
    const engine = await withLocal(0.5);
    try {
      const before = estimates(engine);
      close(before.inline.alpha, 1 + 0.5);
      close(before.inline.beta, 1 + 0.25 + 1);
      storePulled(engine.storage, 'outcomes', 'origin-ci', [outcome(1, 'cache', true, '2026-01-09T00:00:00.000Z', 'other_type')]);
      const own = engine.storage.transaction(() => localOrigin(engine.storage)).originId;
      storePulled(engine.storage, 'outcomes', own, [outcome(1, 'inline', true, '2026-01-09T00:00:00.000Z')]);
      assert.deepEqual(estimates(engine), before);
    } finally { await engine.close(); }
  });

  it('the team timeline agrees with the local arms: the same outcomes local or pulled give the same posterior', async () => {
    // One origin recorded all five outcomes locally; another pulled them (all from another origin) — same weights.
    const clock = new TestClock('2026-01-01T00:00:00.000Z');
    const { engine: local } = await openEngine({ banditDecay: 0.8, clock });
    const { engine: pulled } = await openEngine({ banditDecay: 0.8 });
    const seq: [string, boolean][] = [['cache', true], ['inline', false], ['cache', false], ['cache', true], ['inline', true]];
    try {
      const records = seq.map(([name, success], i) => {
        clock.advanceDays(1);
        local.recordOutcome({ actionType: TYPE, actionName: name, success });
        return outcome(i + 1, name, success, clock.now().toISOString());
      });
      storePulled(pulled.storage, 'outcomes', 'origin-bob', records);
      const a = estimates(local);
      const b = estimates(pulled);
      for (const name of ['cache', 'inline'] as const) {
        close(a[name].alpha, b[name].alpha);
        close(a[name].beta, b[name].beta);
        assert.equal(a[name].trials, b[name].trials);
      }
      // A repeated pull adds nothing.
      assert.equal(storePulled(pulled.storage, 'outcomes', 'origin-bob', records), 0);
      close(estimates(pulled).cache.alpha, b.cache.alpha);
    } finally { await local.close(); await pulled.close(); }
  });

  it('γ = 1: pulled outcomes count in full whatever their age', async () => {
    const engine = await withLocal(1);
    try {
      storePulled(engine.storage, 'outcomes', 'origin-alice', [outcome(1, 'cache', true, '2025-06-01T00:00:00.000Z')]);
      assert.equal(estimates(engine).cache.alpha, 2);
    } finally { await engine.close(); }
  });
});
