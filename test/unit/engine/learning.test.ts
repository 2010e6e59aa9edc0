import assert from 'node:assert/strict';
import { InvalidInputError, NotFoundError } from '../../../src/engine/errors';
import { frequentNGrams } from '../../../src/engine/learning/sequencePatterns';
import { gradeFor, learningQuality } from '../../../src/engine/assessment/selfAssessment';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { MemoryFiles, TestClock, openEngine, seededRandom } from './helpers';

describe('engine: Thompson bandit', () => {
  it('is deterministic with a seeded random source', async () => {
    const picks: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const engine = await SelfImprovementEngine.open({ random: seededRandom(7), files: new MemoryFiles(), clock: new TestClock() });
      const seq: string[] = [];
      for (let i = 0; i < 20; i++) seq.push(engine.chooseAction({ actionType: 't', availableActions: ['a', 'b', 'c'] }).action);
      picks.push(seq);
      await engine.close();
    }
    assert.deepEqual(picks[0], picks[1]);
    assert.ok(new Set(picks[0]).size > 1, 'explores under equal priors');
  });

  it('converges to the better arm', async () => {
    const { engine } = await openEngine({ random: seededRandom(123) });
    const rate: Record<string, number> = { good: 0.8, bad: 0.3 };
    const outcomes = seededRandom(99);
    const pulls: Record<string, number> = { good: 0, bad: 0 };
    for (let i = 0; i < 300; i++) {
      const { action } = engine.chooseAction({ actionType: 'strategy', availableActions: ['good', 'bad'] });
      pulls[action]++;
      engine.recordOutcome({ actionType: 'strategy', actionName: action, success: outcomes() < rate[action], outcomeValue: 1 });
    }
    assert.ok(pulls.good > 240, `good pulled ${pulls.good} of 300`);
    const est = engine.chooseAction({ actionType: 'strategy', availableActions: ['good', 'bad'] }).estimates;
    assert.ok(Math.abs(est.good.mean - 0.8) < 0.1);
    assert.equal(est.good.trials + est.bad.trials, 300);
    await engine.close();
  });

  it('starts every arm at Beta(1,1) and counts successes and failures', async () => {
    const { engine } = await openEngine();
    engine.recordOutcome({ actionType: 't', actionName: 'a', success: true, context: { k: 1 } });
    engine.recordOutcome({ actionType: 't', actionName: 'a', success: false });
    engine.recordOutcome({ actionType: 'other', actionName: 'a', success: true });
    const { estimates } = engine.chooseAction({ actionType: 't', availableActions: ['a', 'new'] });
    assert.deepEqual(estimates.a, { alpha: 2, beta: 2, mean: 0.5, trials: 2 });
    assert.deepEqual(estimates.new, { alpha: 1, beta: 1, mean: 0.5, trials: 0 });
    await engine.close();
  });

  it('decay pulls old evidence toward the prior', async () => {
    const { engine } = await openEngine({ banditDecay: 0.5 });
    engine.recordOutcome({ actionType: 't', actionName: 'a', success: true }); // α 2
    engine.recordOutcome({ actionType: 't', actionName: 'a', success: true }); // α 1 + 0.5·1 + 1 = 2.5
    engine.recordOutcome({ actionType: 't', actionName: 'b', success: false }); // a: α 1.75; b: β 2
    const { estimates } = engine.chooseAction({ actionType: 't', availableActions: ['a', 'b'] });
    assert.equal(estimates.a.alpha, 1.75);
    assert.equal(estimates.b.beta, 2);
    await engine.close();
    await assert.rejects(SelfImprovementEngine.open({ banditDecay: 0, files: new MemoryFiles() }), InvalidInputError);
  });

  it('refuses bad input', async () => {
    const { engine } = await openEngine();
    assert.throws(() => engine.chooseAction({ actionType: 't', availableActions: [] }), InvalidInputError);
    assert.throws(() => engine.chooseAction({ actionType: '', availableActions: ['a'] }), InvalidInputError);
    assert.throws(() => engine.recordOutcome({ actionType: 't', actionName: 'a', success: true, outcomeValue: NaN }), InvalidInputError);
    assert.throws(() => engine.recordOutcome({ actionType: 't', actionName: 'a', success: 'yes' as never }), InvalidInputError);
    await engine.close();
  });
});

describe('sequence patterns', () => {
  it('finds frequent n-grams with support and confidence', () => {
    const grams = frequentNGrams(['a', 'b', 'c', 'a', 'b', 'd', 'a', 'b', 'c']);
    const ab = grams.find((g) => g.sequence.join() === 'a,b')!;
    assert.equal(ab.occurrences, 3);
    assert.equal(ab.support, 3 / 8);
    assert.equal(ab.confidence, 1); // every "a" is followed by "b"
    const abc = grams.find((g) => g.sequence.join() === 'a,b,c')!;
    assert.equal(abc.occurrences, 2);
    assert.equal(abc.confidence, 2 / 3); // "a b" followed by c in 2 of 3
    assert.ok(!grams.some((g) => g.sequence.join() === 'b,d'), 'single occurrences are not patterns');
    assert.ok(grams.every((g) => g.sequence.length >= 2 && g.sequence.length <= 4));
  });

  it('stores patterns per context and predicts with back-off from the longest prefix', async () => {
    const { engine } = await openEngine();
    const found = engine.detectSequencePattern(['cache', 'index', 'retry', 'cache', 'index', 'pool', 'cache', 'index', 'retry'], 'approaches');
    assert.ok(found.length > 0 && found.every((p) => p.context === 'approaches' && p.id > 0));
    const p3 = engine.predictNext(['pool', 'cache', 'index']);
    assert.equal(p3.next, 'retry');
    assert.equal(p3.order, 2);
    assert.equal(p3.confidence, 2 / 3);
    const p1 = engine.predictNext(['zzz', 'cache']);
    assert.equal(p1.next, 'index');
    assert.equal(p1.order, 1);
    assert.equal(p1.confidence, 1);
    assert.deepEqual(engine.predictNext(['unknown']), { next: null, confidence: 0, order: 0, patternId: null });
    assert.equal(engine.predictNext(['cache'], undefined, 'other-context').next, null);
    const ci = found.find((p) => p.sequence.join() === 'cache,index')!;
    assert.deepEqual(engine.predictNext(['x', 'cache'], ci.id), { next: 'index', confidence: 1, order: 1, patternId: ci.id });
    assert.throws(() => engine.predictNext(['a'], 999), NotFoundError);
    assert.throws(() => engine.detectSequencePattern([1 as never], 'c'), InvalidInputError);
    // Re-detection refreshes rather than duplicates.
    const again = engine.detectSequencePattern(['cache', 'index', 'cache', 'index'], 'approaches');
    assert.equal(again.find((p) => p.sequence.join() === 'cache,index')!.id, ci.id);
    await engine.close();
  });
});

describe('engine: meta-learning and history', () => {
  it('records, merges the same pattern (validation) and filters by confidence', async () => {
    const { engine } = await openEngine();
    const m = engine.recordMetaLearning({ type: 'improvement_patterns', pattern: 'small diffs', insight: 'small diffs pass review', confidence: 0.6, experiments: [1] });
    assert.equal(m.validationCount, 1);
    assert.equal(m.automatic, false);
    engine.recordMetaLearning({ type: 'approach_preference', pattern: 'p2', insight: 'i', confidence: 0.2 });
    const again = engine.recordMetaLearning({ type: 'improvement_patterns', pattern: 'small diffs', insight: 'confirmed', confidence: 0.7, experiments: [2] });
    assert.equal(again.id, m.id);
    assert.equal(again.validationCount, 2);
    assert.deepEqual(again.experiments, [1, 2]);
    assert.deepEqual(engine.getMetaLearnings(0.5).map((x) => x.insight), ['confirmed']);
    assert.equal(engine.getMetaLearnings().length, 2);
    assert.throws(() => engine.recordMetaLearning({ type: 'nope' as never, pattern: 'p', insight: 'i', confidence: 0.5 }), InvalidInputError);
    assert.throws(() => engine.recordMetaLearning({ type: 'failure_modes', pattern: 'p', insight: 'i', confidence: 2 }), InvalidInputError);
    await engine.close();
  });

  it('tracks history, newest first, with a limit', async () => {
    const { engine, clock } = await openEngine();
    engine.trackImprovementHistory({ version: '1.0', summary: 'first', delta: { latency: -0.2 }, changes: ['cache'] });
    clock.advance(1000);
    engine.trackImprovementHistory({ version: '1.1', summary: 'second', improvements: [3] });
    const h = engine.getImprovementHistory();
    assert.deepEqual(h.map((x) => x.version), ['1.1', '1.0']);
    assert.deepEqual(h[1].delta, { latency: -0.2 });
    assert.deepEqual(h[0].improvements, [3]);
    assert.equal(engine.getImprovementHistory(1).length, 1);
    assert.throws(() => engine.trackImprovementHistory({ version: '2', summary: 's', delta: { x: NaN } }), InvalidInputError);
    assert.throws(() => engine.getImprovementHistory(0), InvalidInputError);
    await engine.close();
  });
});

describe('self-assessment', () => {
  it('grade boundaries are strict: A > 0.8, B > 0.6, C > 0.4, else D', () => {
    assert.equal(gradeFor(0.81), 'A');
    assert.equal(gradeFor(0.8), 'B');
    assert.equal(gradeFor(0.61), 'B');
    assert.equal(gradeFor(0.6), 'C');
    assert.equal(gradeFor(0.41), 'C');
    assert.equal(gradeFor(0.4), 'D');
    assert.equal(gradeFor(0), 'D');
  });

  it('quality = 0.6 × exceeded/completed + 0.4 × resolved/all, empty denominators count 0', () => {
    assert.equal(learningQuality(3, 4, 1, 2), 0.6 * 0.75 + 0.4 * 0.5);
    assert.equal(learningQuality(0, 0, 1, 1), 0.4);
    assert.equal(learningQuality(2, 2, 0, 0), 0.6);
    assert.equal(learningQuality(0, 0, 0, 0), 0);
  });

  it('says "no data yet" on an empty engine', async () => {
    const { engine } = await openEngine();
    const a = engine.getSelfAssessment();
    assert.equal(a.noData, true);
    assert.equal(a.learningQuality, 0);
    assert.equal(a.grade, 'D');
    assert.match(a.summary, /no data yet/i);
    assert.equal(a.exceededExpectationsRate, null);
    await engine.close();
  });

  it('computes the formula from the engine’s own records', async () => {
    const { engine } = await openEngine();
    engine.registerCapability({ name: 's', type: 'output_quality', baseline: 50, target: 100 });
    const w = engine.measureCapability('s', 50).weakness!;
    engine.identifyWeakness({ name: 'other', type: 'reliability', severity: 'low', description: '', impact: 0.3, direction: 'higher' });
    const [e1, e2, e3] = engine.generateExperiments(w.id, 3);
    await engine.testApproach(e1.id, () => 100); // +100 % ≥ expected
    await engine.testApproach(e2.id, () => 51); // +2 % < expected
    await engine.testApproach(e3.id, () => { throw new Error('x'); }); // failed: not completed
    engine.measureCapability('s', 100); // resolves the automatic weakness
    const a = engine.getSelfAssessment();
    assert.equal(a.exceededExpectationsRate, 0.5);
    assert.equal(a.weaknessResolutionRate, 0.5);
    assert.equal(a.learningQuality, 0.6 * 0.5 + 0.4 * 0.5);
    assert.equal(a.grade, 'C');
    assert.equal(a.noData, false);
    assert.deepEqual(a.experiments, { total: 3, completed: 2, failed: 1, succeeded: 1, successRate: 1 / 3, averageImprovement: (1 + 0.02) / 2 });
    assert.deepEqual(a.weaknesses, { total: 2, open: 1, resolved: 1, bySeverity: { critical: 0, high: 0, medium: 0, low: 1 } });
    assert.equal(a.capabilities.meetingTarget, 1);
    assert.equal(a.capabilities.averageImprovement, 1);
    assert.ok(a.metaLearnings > 0);
    assert.match(a.summary, /Grade C/);
    await engine.close();
  });
});
