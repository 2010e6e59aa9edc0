import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/engine/errors';
import { openEngine } from '../engine/helpers';

const slowBuild = { name: 'slow build', type: 'efficiency' as const, severity: 'critical' as const, impact: 0.9, description: 'The build takes two minutes' };
const baseline = [121, 118, 119, 117, 122, 120, 118, 119];
const candidate = [41, 39, 40, 42, 38, 40, 41, 39];

describe('verdicts / direction of a hand-registered weakness', () => {
  it('a weakness without a capability must say which way is better; 120 → 40 ms with "lower" is a success, not a regression', async () => {
    const { engine } = await openEngine();
    try {
      assert.throws(() => engine.identifyWeakness(slowBuild), (e: Error) => e instanceof InvalidInputError && /needs a direction: is higher or lower better/.test(e.message));
      assert.throws(() => engine.identifyWeakness({ ...slowBuild, direction: 'faster' as never }), /direction/);
      const w = engine.identifyWeakness({ ...slowBuild, direction: 'lower' });
      assert.equal(w.direction, 'lower');
      const [exp] = engine.generateExperiments(w.id, 1);
      const done = await engine.testApproach(exp!.id, () => candidate, baseline);
      assert.equal(done.verdict, 'success', done.reason ?? '');
      assert.equal(done.result?.direction, 'lower');
      assert.ok(done.actualImprovement! > 0.6);
      // The same numbers for a score (higher is better) are a regression.
      const score = engine.identifyWeakness({ ...slowBuild, name: 'score', direction: 'higher' });
      const [e2] = engine.generateExperiments(score.id, 1);
      assert.equal((await engine.testApproach(e2!.id, () => candidate, baseline)).verdict, 'regression');
    } finally {
      await engine.close();
    }
  });

  it('a weakness of a capability takes the capability\'s direction and refuses a contradicting one', async () => {
    const { engine } = await openEngine();
    try {
      engine.registerCapability({ name: 'build-s', type: 'efficiency', baseline: 120, target: 30, direction: 'lower', unit: 's' });
      const w = engine.identifyWeakness({ ...slowBuild, capabilityName: 'build-s' });
      assert.equal(w.direction, null, 'the capability\'s applies');
      assert.throws(() => engine.identifyWeakness({ ...slowBuild, capabilityName: 'build-s', direction: 'higher' }), /is "lower is better"; a weakness of it cannot say "higher"/);
      const [exp] = engine.generateExperiments(w.id, 1);
      assert.equal((await engine.testApproach(exp!.id, () => candidate, baseline)).verdict, 'success');
    } finally {
      await engine.close();
    }
  });
});
