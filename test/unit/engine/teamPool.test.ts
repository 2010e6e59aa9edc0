// The bandit and the meta-learnings pool the team's outcomes (team_outcomes / team_learnings, stored by the
// team sync's storePulled) with this database's own: each outcome and each origin once, never our own rows twice.
import assert from 'node:assert/strict';
import { storePulled, type LearningRecord, type OutcomeRecord } from '../../../src/team/records';
import { localOrigin } from '../../../src/team/origin';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { openEngine } from './helpers';

const outcome = (localId: number, actionName: string, success: boolean): OutcomeRecord => ({
  localId, actionType: 'experiment_approach', actionName, success, outcomeValue: null, context: null, recordedAt: `2026-01-0${1 + (localId % 9)}T00:00:00.000Z`,
});
const learning = (pattern: string, updatedAt: string, experiments: number[], validationCount: number, confidence: number, insight = `${pattern} at ${updatedAt}`): LearningRecord => ({
  type: 'experiment_effectiveness', pattern, insight, confidence, experiments, validationCount, updatedAt,
});
const estimates = (engine: SelfImprovementEngine) => engine.chooseAction({ actionType: 'experiment_approach', availableActions: ['cache', 'inline'] }).estimates;

describe('engine: the team\'s outcomes and learnings pooled with local ones', () => {
  it('the bandit\'s posterior counts every other origin\'s outcome once, and ignores rows under our own origin id', async () => {
    const { engine } = await openEngine();
    try {
      engine.recordOutcome({ actionType: 'experiment_approach', actionName: 'cache', success: true });
      engine.recordOutcome({ actionType: 'experiment_approach', actionName: 'cache', success: false });
      const db = engine.storage;
      const alice = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => outcome(i, 'cache', i <= 8));
      const ci = [1, 2, 3, 4, 5].map((i) => outcome(i, 'inline', false));
      assert.equal(storePulled(db, 'outcomes', 'origin-alice', alice), 10);
      assert.equal(storePulled(db, 'outcomes', 'origin-ci', ci), 5);
      const pooled = estimates(engine);
      assert.deepEqual([pooled.cache.alpha, pooled.cache.beta, pooled.cache.trials], [1 + 1 + 8, 1 + 1 + 2, 12]);
      assert.deepEqual([pooled.inline.alpha, pooled.inline.beta, pooled.inline.trials], [1, 1 + 5, 5]);

      // A repeated pull stores nothing new; the posterior does not move.
      assert.equal(storePulled(db, 'outcomes', 'origin-alice', alice), 0);
      assert.deepEqual(estimates(engine), pooled);

      // Our own pushed rows handed back under our origin id (a copied database, a server restored from backup)
      // are already counted in rl_action_stats: they must not count again.
      const own = db.transaction(() => localOrigin(db)).originId;
      storePulled(db, 'outcomes', own, [outcome(1, 'cache', true), outcome(2, 'cache', false)]);
      assert.deepEqual(estimates(engine), pooled);
    } finally { await engine.close(); }
  });

  it('learnings: each origin\'s latest version once, validations and experiments added, team-only ones listed', async () => {
    const { engine } = await openEngine();
    try {
      const local = engine.recordMetaLearning({ type: 'experiment_effectiveness', pattern: 'approach:cache', insight: 'cache succeeded in 1 of 2 experiment(s).', confidence: 0.5, experiments: [1, 2] });
      const db = engine.storage;
      // Alice's learning changed twice: two records; only the latest (3 experiments, 2 validations) counts.
      storePulled(db, 'learnings', 'origin-alice', [
        learning('approach:cache', '2026-01-02T00:00:00.000Z', [4], 1, 0.33),
        learning('approach:cache', '2026-01-05T00:00:00.000Z', [4, 5, 6], 2, 0.6),
      ]);
      storePulled(db, 'learnings', 'origin-ci', [learning('approach:cache', '2026-01-03T00:00:00.000Z', [9], 1, 0.33)]);
      storePulled(db, 'learnings', 'origin-ci', [learning('approach:inline', '2026-01-04T00:00:00.000Z', [10, 11], 1, 0.5, 'inline succeeded in 0 of 2 experiment(s).')]);
      const own = db.transaction(() => localOrigin(db)).originId;
      storePulled(db, 'learnings', own, [learning('approach:cache', '2026-01-06T00:00:00.000Z', [1, 2, 3, 4, 5, 6, 7, 8], 9, 0.9)]);

      const all = engine.getMetaLearnings();
      assert.equal(all.length, 2);
      const cache = all.find((m) => m.pattern === 'approach:cache')!;
      assert.equal(cache.id, local.id);
      assert.equal(cache.insight, local.insight, 'the local insight is kept');
      assert.deepEqual(cache.team, { origins: 2, validationCount: 3, experiments: 4 });
      assert.equal(cache.validationCount, 1 + 3);
      assert.equal(cache.confidence, 0.75, '6 experiments in all: 6 / (6 + 2)');
      assert.deepEqual(cache.experiments, [1, 2], 'experiment ids stay this database\'s own');

      const inline = all.find((m) => m.pattern === 'approach:inline')!;
      assert.ok(inline.id < 0 && Number.isInteger(inline.id), 'only the team has it: a stable negative id, never 0');
      assert.equal(inline.insight, 'inline succeeded in 0 of 2 experiment(s).');
      assert.deepEqual(inline.team, { origins: 1, validationCount: 1, experiments: 2 });
      assert.equal(inline.confidence, 0.5);
      assert.deepEqual(all.map((m) => m.pattern), ['approach:cache', 'approach:inline'], 'most confident first');
      assert.deepEqual(engine.getMetaLearnings(0.6).map((m) => m.pattern), ['approach:cache'], 'minConfidence applies to the pooled confidence');
    } finally { await engine.close(); }
  });

  it('without a team store nothing changes: the local learnings as they are', async () => {
    const { engine } = await openEngine();
    try {
      const m = engine.recordMetaLearning({ type: 'failure_modes', pattern: 'approach:x', insight: 'x failed', confidence: 0.4 });
      assert.deepEqual(engine.getMetaLearnings(), [m]);
    } finally { await engine.close(); }
  });
});
