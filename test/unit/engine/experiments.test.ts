import assert from 'node:assert/strict';
import { InvalidInputError, InvalidStateError, NotFoundError } from '../../../src/engine/errors';
import { TEMPLATES } from '../../../src/engine/experiments/templates';
import { expectationText, learnedExpectation } from '../../../src/engine/experiments/expectation';
import { measureKind, MEASURE_TEMPLATES } from '../../../src/engine/experiments/templates';
import { EXPERIMENT_ACTION_TYPE, type SelfImprovementEngine } from '../../../src/engine/engine';
import type { WeaknessType } from '../../../src/engine/types';
import { openEngine } from './helpers';

const fast = [60, 61, 59, 60, 62, 58, 60, 61];
const slow = [100, 101, 99, 100, 102, 98, 100, 101];

describe('engine: experiment generation', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => ({ engine } = await openEngine()));
  afterEach(() => engine.close());

  const manual = (type: WeaknessType) => engine.identifyWeakness({ name: `${type} w`, type, severity: 'high', description: 'd', impact: 0.7, direction: 'higher' });

  for (const type of ['capability_gap', 'reliability', 'efficiency', 'output_quality'] as WeaknessType[]) {
    it(`uses the ${type} templates, 3 by default, each with hypothesis, methodology and expected improvement`, () => {
      const exps = engine.generateExperiments(manual(type).id);
      assert.equal(exps.length, 3);
      const approaches = new Set(TEMPLATES[type].map((t) => t.approach));
      for (const e of exps) {
        assert.ok(approaches.has(e.approach), `${e.approach} is a ${type} template`);
        assert.equal(e.status, 'planned');
        assert.ok(e.hypothesis.length > 20);
        assert.ok(e.methodology.includes('6 times'));
        assert.equal(e.expectedImprovement, 0, 'no history: no invented estimate');
        assert.match(e.hypothesis, /no estimate yet/);
      }
      assert.equal(new Set(exps.map((e) => e.approach)).size, 3, 'no approach twice');
    });
  }

  it('covers the spec’s named approaches', () => {
    const names = (t: WeaknessType) => TEMPLATES[t].map((x) => x.approach);
    assert.ok(['algorithm_optimization', 'parallel_processing', 'more_training_examples'].every((a) => names('capability_gap').includes(a)));
    assert.ok(['error_handling', 'retry_logic', 'graceful_degradation'].every((a) => names('reliability').includes(a)));
    assert.ok(['caching', 'query_optimization', 'resource_pooling'].every((a) => names('efficiency').includes(a)));
  });

  it('names the capability and its numbers in the methodology', () => {
    engine.registerCapability({ name: 'p95-latency', type: 'efficiency', baseline: 200, target: 100, unit: 'ms', direction: 'lower' });
    const w = engine.measureCapability('p95-latency', 180).weakness!;
    const [e] = engine.generateExperiments(w.id, 1);
    assert.match(e.methodology, /"p95-latency" \(lower is better; baseline 200, current 180, target 100 ms\)/);
    assert.match(e.hypothesis, /p95-latency/);
    assert.match(e.name, /for p95-latency$/);
  });

  it('caps count at the number of templates and refuses bad counts or unknown weaknesses', () => {
    assert.equal(engine.generateExperiments(manual('efficiency').id, 99).length, TEMPLATES.efficiency.length);
    assert.throws(() => engine.generateExperiments(1, 0), InvalidInputError);
    assert.throws(() => engine.generateExperiments(999), NotFoundError);
  });

  it('orders approaches by the bandit: what worked is tried first', () => {
    for (let i = 0; i < 15; i++) {
      engine.recordOutcome({ actionType: EXPERIMENT_ACTION_TYPE, actionName: 'resource_pooling', success: true });
      for (const other of ['caching', 'query_optimization', 'lazy_loading']) {
        engine.recordOutcome({ actionType: EXPERIMENT_ACTION_TYPE, actionName: other, success: false });
      }
    }
    for (let i = 0; i < 5; i++) {
      const [first] = engine.generateExperiments(manual('efficiency').id, 1);
      assert.equal(first.approach, 'resource_pooling');
    }
  });

  it('expected improvement comes only from past outcomes: none → no estimate yet, never an invented figure', () => {
    assert.equal(learnedExpectation([]), null);
    assert.equal(learnedExpectation([0.6, 0.2]), 0.4);
    assert.equal(learnedExpectation([-5]), 0, 'floored at 0');
    assert.equal(expectationText(null), 'no estimate yet');
    assert.equal(expectationText(0), 'no estimate yet');
    assert.match(expectationText(0.4), /^about 40 % \(from past experiments/);
  });

  it('templates fit what the capability measures (unit, name, type, probe format)', () => {
    const cap = (name: string, unit: string, type = 'performance') => ({ name, unit, type });
    assert.equal(measureKind(cap('startup', 'ms')), 'time');
    assert.equal(measureKind(cap('p95-latency', '')), 'time');
    assert.equal(measureKind(cap('tokenizer-tests', 'ratio', 'output_quality')), 'pass_rate');
    assert.equal(measureKind(cap('anything', 'ratio', 'output_quality'), 'tap'), 'pass_rate', 'a TAP probe is a pass rate whatever its name');
    assert.equal(measureKind(cap('judge-score', '', 'output_quality')), 'eval_score');
    assert.equal(measureKind(cap('bundle', 'KB', 'efficiency')), 'size');
    assert.equal(measureKind(cap('widgets', '', 'reliability')), 'other');
    const approaches = (k: keyof typeof MEASURE_TEMPLATES) => MEASURE_TEMPLATES[k].map((t) => t.approach);
    assert.deepEqual(approaches('time').slice(0, 3), ['algorithm_optimization', 'caching', 'io_batching']);
    assert.ok(['edge_cases', 'error_handling'].every((a) => approaches('pass_rate').includes(a)));
    assert.ok(['better_prompts', 'more_training_examples'].every((a) => approaches('eval_score').includes(a)));
    assert.ok(['remove_dependencies', 'tree_shaking'].every((a) => approaches('size').includes(a)));
    // A JS latency never gets "More training examples"; a failing test suite never gets "Better prompts".
    engine.registerCapability({ name: 'parse-ms', type: 'performance', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
    const slowW = engine.measureCapability('parse-ms', 100).weakness!;
    assert.ok(engine.generateExperiments(slowW.id, 4).every((e) => approaches('time').includes(e.approach)));
    engine.registerCapability({ name: 'tokenizer-pass-rate', type: 'output_quality', baseline: 0.667, target: 1, unit: 'ratio' });
    const failW = engine.measureCapability('tokenizer-pass-rate', 0.667).weakness!;
    const failing = engine.generateExperiments(failW.id, 4);
    assert.ok(failing.every((e) => approaches('pass_rate').includes(e.approach) && /no estimate yet/.test(e.methodology)), failing.map((e) => e.approach).join());
  });

  it('the next experiment of an approach expects what past ones achieved', async () => {
    const w = manual('efficiency');
    const all = engine.generateExperiments(w.id, 4);
    const caching = all.find((e) => e.approach === 'caching')!;
    const prior = caching.expectedImprovement;
    // The manual weakness is higher-is-better: the slow samples are the better ones here.
    await engine.testApproach(caching.id, () => ({ samples: slow, baselineSamples: fast }));
    const actual = engine.getExperiment(caching.id).actualImprovement!;
    const next = engine.generateExperiments(w.id, 4).find((e) => e.approach === 'caching')!;
    assert.equal(prior, 0, 'no estimate before any outcome');
    assert.ok(Math.abs(next.expectedImprovement - actual) < 1e-6, `the mean of past outcomes: ${next.expectedImprovement} vs ${actual}`);
    assert.match(next.hypothesis, /from past experiments with this approach/);
  });

  it('lists, gets and deletes experiments', () => {
    const w = manual('reliability');
    const exps = engine.generateExperiments(w.id, 2);
    assert.equal(engine.listExperiments({ weaknessId: w.id }).length, 2);
    assert.equal(engine.listExperiments({ status: 'completed' }).length, 0);
    engine.deleteExperiment(exps[0].id);
    assert.throws(() => engine.getExperiment(exps[0].id), NotFoundError);
  });
});

describe('engine: testApproach', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => ({ engine } = await openEngine()));
  afterEach(() => engine.close());

  function latencyExperiment(current = 100) {
    engine.registerCapability({ name: 'latency', type: 'efficiency', baseline: 120, target: 50, direction: 'lower', unit: 'ms' });
    const w = engine.measureCapability('latency', current).weakness!;
    return engine.generateExperiments(w.id, 1)[0];
  }

  it('goes planned → running → completed, with success for a significant improvement over baseline samples', async () => {
    const e = latencyExperiment();
    const seen: string[] = [];
    const done = await engine.testApproach(e.id, () => {
      seen.push(engine.getExperiment(e.id).status);
      return { samples: fast, baselineSamples: slow };
    });
    assert.deepEqual(seen, ['running']);
    assert.equal(done.status, 'completed');
    assert.equal(done.verdict, 'success');
    assert.ok(Math.abs(done.actualImprovement! - 0.4) < 0.01);
    assert.ok(done.result!.samples!.pValue < 0.05);
    assert.ok(done.startedAt && done.completedAt);
    assert.match(done.reason!, /improved by 40/);
  });

  it('a single value is compared with the capability’s current value', async () => {
    const e = latencyExperiment(100);
    const done = await engine.testApproach(e.id, () => 70);
    assert.equal(done.result!.before, 100);
    assert.equal(done.verdict, 'success');
    assert.ok(Math.abs(done.actualImprovement! - 0.3) < 1e-9);
    assert.equal(engine.getCapability('latency').current, 100, 'the candidate is not recorded as a measurement');
  });

  it('an explicit baselineValue wins; too small an improvement is no_improvement', async () => {
    const e = latencyExperiment(100);
    const done = await engine.testApproach(e.id, async () => 85, 90);
    assert.equal(done.result!.before, 90);
    assert.equal(done.verdict, 'no_improvement');
  });

  it('samples against a single baseline value, or too few samples, are inconclusive (never success)', async () => {
    const e = latencyExperiment();
    assert.equal((await engine.testApproach(e.id, () => fast)).verdict, 'inconclusive');
    const w = engine.listWeaknesses()[0];
    const [e2] = engine.generateExperiments(w.id, 1);
    const r = await engine.testApproach(e2.id, () => ({ samples: fast.slice(0, 4), baselineSamples: slow.slice(0, 4) }));
    assert.equal(r.status, 'completed');
    assert.equal(r.verdict, 'inconclusive');
  });

  it('a throwing test function marks the experiment failed with the error stored', async () => {
    const e = latencyExperiment();
    const done = await engine.testApproach(e.id, () => { throw new Error('benchmark crashed'); });
    assert.equal(done.status, 'failed');
    assert.equal(done.error, 'benchmark crashed');
    assert.equal(done.verdict, null);
    assert.equal(done.actualImprovement, null);
    const fm = engine.getMetaLearnings().find((m) => m.type === 'failure_modes');
    assert.match(fm!.insight, /benchmark crashed/);
  });

  it('a test function returning garbage fails the experiment too', async () => {
    const e = latencyExperiment();
    const done = await engine.testApproach(e.id, () => NaN);
    assert.equal(done.status, 'failed');
    assert.match(done.error!, /finite/);
  });

  it('only planned experiments can be tested; bad arguments are refused', async () => {
    const e = latencyExperiment();
    await engine.testApproach(e.id, () => 70);
    await assert.rejects(engine.testApproach(e.id, () => 70), InvalidStateError);
    await assert.rejects(engine.testApproach(999, () => 70), NotFoundError);
    await assert.rejects(engine.testApproach(e.id, 'x' as never), InvalidInputError);
  });

  it('a failed experiment can be re-run: failed → running → completed, old error cleared and kept in the audit trail', async () => {
    const e = latencyExperiment();
    const failed = await engine.testApproach(e.id, () => { throw new Error('benchmark crashed'); });
    assert.equal(failed.status, 'failed');
    let seenRunning: string | null = null;
    const again = await engine.testApproach(e.id, () => {
      const during = engine.getExperiment(e.id);
      seenRunning = `${during.status}/${during.error}/${during.reason}/${during.completedAt}`;
      return fast;
    }, slow);
    assert.equal(seenRunning, 'running/null/null/null', 'the old outcome is cleared while it runs');
    assert.equal(again.status, 'completed');
    assert.equal(again.verdict, 'success');
    assert.equal(again.error, null);
    const rerun = engine.getAuditTrail({ entity: 'experiment', entityId: e.id }).filter((a) => a.action === 'rerun');
    assert.equal(rerun.length, 1);
    assert.equal(rerun[0]!.details!.previousError, 'benchmark crashed');
    assert.match(String(rerun[0]!.details!.previousReason), /benchmark crashed/);
    assert.equal(engine.verifyAuditTrail().valid, true);
    // Completed stays final.
    await assert.rejects(engine.testApproach(e.id, () => 70), /only planned or failed experiments can be tested/);
  });

  it('startExperiment (the loop) also re-runs a failed experiment, and refuses running or completed ones', async () => {
    engine.registerCapability({ name: 'lat', type: 'efficiency', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
    const exp = engine.createExperiment({ capabilityName: 'lat', name: 'try' });
    engine.startExperiment(exp.id);
    assert.throws(() => engine.startExperiment(exp.id), InvalidStateError);
    engine.failExperiment(exp.id, 'patch does not apply');
    assert.equal(engine.getExperiment(exp.id).status, 'failed');
    const running = engine.startExperiment(exp.id);
    assert.equal(running.status, 'running');
    assert.equal(running.error, null);
    assert.equal(running.completedAt, null);
    const note = engine.getAuditTrail({ entity: 'experiment', entityId: exp.id }).find((a) => a.action === 'rerun');
    assert.equal(note?.details?.previousError, 'patch does not apply');
  });

  it('a weakness without capability needs a baseline', async () => {
    const w = engine.identifyWeakness({ name: 'w', type: 'reliability', severity: 'low', description: '', impact: 0.3, direction: 'higher' });
    const [a, b] = engine.generateExperiments(w.id, 2);
    assert.equal((await engine.testApproach(a.id, () => 5)).status, 'failed');
    const ok = await engine.testApproach(b.id, () => 12, 10);
    assert.equal(ok.verdict, 'success');
  });

  it('records the outcome to the bandit under the experiment’s approach', async () => {
    const e = latencyExperiment();
    await engine.testApproach(e.id, () => 70);
    const choice = engine.chooseAction({ actionType: EXPERIMENT_ACTION_TYPE, availableActions: [e.approach] });
    assert.deepEqual(choice.estimates[e.approach], { alpha: 2, beta: 1, mean: 2 / 3, trials: 1 });
  });

  it('derives meta-learnings: effectiveness per approach with growing confidence and validations', async () => {
    engine.registerCapability({ name: 'score', type: 'output_quality', baseline: 50, target: 100 });
    const w = engine.measureCapability('score', 50).weakness!;
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const e = engine.generateExperiments(w.id, 4).find((x) => x.approach === 'self_review')!;
      runs.push(e.id);
      await engine.testApproach(e.id, () => 70);
    }
    const eff = engine.getMetaLearnings().find((m) => m.type === 'experiment_effectiveness' && m.pattern === 'approach:self_review')!;
    assert.equal(eff.automatic, true);
    assert.match(eff.insight, /succeeded in 3 of 3/);
    assert.equal(eff.confidence, 0.6);
    assert.equal(eff.validationCount, 3, 'created once, then validated by two agreeing outcomes');
    assert.deepEqual(eff.experiments, runs);
    const pref = engine.getMetaLearnings().find((m) => m.type === 'approach_preference')!;
    assert.match(pref.insight, /output_quality weaknesses, self_review works best/);
    // A disagreeing outcome updates the insight but does not validate.
    const e = engine.generateExperiments(w.id, 4).find((x) => x.approach === 'self_review')!;
    await engine.testApproach(e.id, () => 50);
    const after = engine.getMetaLearnings().find((m) => m.pattern === 'approach:self_review' && m.type === 'experiment_effectiveness')!;
    assert.equal(after.validationCount, 3);
    assert.match(after.insight, /succeeded in 3 of 4/);
  });
});
