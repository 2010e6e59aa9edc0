import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { reviewQueue } from '../../../src/engine/improvements/reviewQueue';
import type { AgentContext } from '../../../src/agents/operations';
import { improve } from '../../../src/agents/improve/search';
import { parseBudget, DEFAULT_IMPROVE_BUDGET } from '../../../src/agents/improve/budget';
import { IMPROVE_CONFIG, hitRateModel, makeImproveProject, noop, promptCapability, raise, raiseButBreak, removeImproveProject, scriptedModel, tamper } from './fixture';

async function project(): Promise<{ dir: string; engine: SelfImprovementEngine; ctx: AgentContext; close: () => Promise<void> }> {
  const dir = makeImproveProject();
  // autoImprove on: the search must still leave every success pending.
  const engine = await SelfImprovementEngine.open({ rootDir: dir, autoImprove: true });
  syncCapabilitiesFromConfig(engine, parseConfig(JSON.stringify(IMPROVE_CONFIG)), dir);
  engine.measureCapability('alpha-score', 10);
  engine.measureCapability('beta-score', 10);
  const ctx: AgentContext = { folder: dir, isTrusted: () => true, agent: 'improve:test', read: async (fn) => fn(engine), write: async (fn) => fn(engine) };
  return { dir, engine, ctx, close: async () => { await engine.close(); removeImproveProject(dir); } };
}

const budget = (text: string) => parseBudget(text, { ...DEFAULT_IMPROVE_BUDGET, requests: 50, runs: 50 });

describe('improve: the unattended search', function () {
  this.timeout(300_000);

  it('parses a budget and refuses what it cannot read', () => {
    assert.deepEqual(parseBudget('requests=4, tokens=9000,minutes=2.5,runs=3'), { requests: 4, tokens: 9000, minutes: 2.5, runs: 3 });
    assert.deepEqual(parseBudget('runs=2'), { ...DEFAULT_IMPROVE_BUDGET, runs: 2 });
    assert.throws(() => parseBudget('requests=0'), /positive whole number/);
    assert.throws(() => parseBudget('drafts=3'), /not a budget item/);
    assert.throws(() => parseBudget('runs=1.5'), /whole number/);
  });

  it('goes by priority, one experiment per weakness per round, and stops exactly at the request budget', async () => {
    const p = await project();
    try {
      const [first, second] = p.engine.listWeaknesses({ status: 'open' });
      assert.ok(first && second && first.priority >= second.priority);
      const model = scriptedModel({ 'alpha-score': [noop('a1'), noop('a2')], 'beta-score': [noop('b1'), noop('b2')] });
      const out = await improve(p.ctx, model, { budget: budget('requests=3'), candidatesPerExperiment: 1, maxSamplesPerArm: 6 });
      assert.equal(out.stopped, 'budget');
      assert.equal(out.limit, 'requests');
      assert.equal(model.prompts.length, 3, 'never a request past the budget');
      assert.deepEqual(model.prompts.map(promptCapability), [first.capabilityName, second.capabilityName, first.capabilityName]);
      assert.deepEqual([out.spent.requests, out.spent.runs, out.spent.tokens], [3, 3, 300]);
      assert.deepEqual(out.drafts.map((d) => d.record.verdict), ['no_improvement', 'no_improvement', 'no_improvement']);
      assert.equal(out.queued.length, 0);
      assert.equal(reviewQueue(p.engine).length, 0);
    } finally { await p.close(); }
  });

  it('the runs and tokens budgets end it too; a model error stops at once with its message', async () => {
    const p = await project();
    try {
      const runs = await improve(p.ctx, scriptedModel({ 'alpha-score': [noop('a'), noop('b'), noop('c')], 'beta-score': [noop('d')] }), { budget: budget('runs=2'), candidatesPerExperiment: 3, maxSamplesPerArm: 6 });
      assert.equal(runs.limit, 'runs');
      assert.equal(runs.spent.runs, 2);
      const tokens = await improve(p.ctx, scriptedModel({ 'alpha-score': [noop('e'), noop('f')] }), { budget: budget('tokens=50'), maxSamplesPerArm: 6 });
      assert.equal(tokens.limit, 'tokens');
      assert.equal(tokens.spent.requests, 1, 'the first answer spent the tokens');
      const broken = scriptedModel({});
      const failed = await improve(p.ctx, broken, { budget: budget('requests=10'), candidatesPerExperiment: 1 });
      assert.equal(failed.stopped, 'model-error');
      assert.match(failed.message, /no answer left/);
      assert.equal(broken.prompts.length, 1, 'not retried until the budget');
    } finally { await p.close(); }
  });

  it('starts later experiments from different kept candidates, not one line of descent', async () => {
    const p = await project();
    try {
      // Two distinct near misses (real gains refused by the suite guardrail), then a third draft.
      // Two distinct near misses: real gains below the 15 % threshold (no improvement), kept as parents.
      const a = raise('alpha', 11);
      const b = raise('alpha', 11) + noop('and a note');
      const model = scriptedModel({ 'alpha-score': [a, b, noop('x')] });
      const alpha = p.engine.listWeaknesses({ status: 'open' }).find((w) => w.capabilityName === 'alpha-score')!;
      const out = await improve(p.ctx, model, { budget: budget('requests=3'), candidatesPerExperiment: 1, weaknessIds: [alpha.id], maxSamplesPerArm: 6 });
      assert.deepEqual(out.drafts.map((d) => d.record.verdict), ['no_improvement', 'no_improvement', 'no_improvement']);
      const [e1, e2] = out.drafts.map((d) => d.experimentId);
      assert.deepEqual(out.drafts.map((d) => d.parent), [null, e1, e2], 'the second starts from the first, the third from the second (the least used)');
      assert.ok(!model.prompts[0]!.includes('Start from this earlier candidate'));
      assert.ok(model.prompts[1]!.includes(a) && model.prompts[1]!.includes('Start from this earlier candidate'));
      assert.ok(model.prompts[2]!.includes(b) && !model.prompts[2]!.includes(`experiment #${e1}, verdict`), 'a different parent');
      // Distinct experiments: each the bandit's pick of a kind, each measured.
      assert.equal(new Set(out.drafts.map((d) => d.experimentId)).size, 3);
    } finally { await p.close(); }
  });

  it('an unattended run over two weaknesses queues exactly the confirmed, guarded, unflagged candidates and applies nothing', async () => {
    const p = await project();
    try {
      const model = scriptedModel({
        'alpha-score': [raiseButBreak('alpha', 30), raise('alpha', 30)],
        'beta-score': [noop('b'), tamper('beta'), raise('beta', 20)],
      });
      const progress: string[] = [];
      const out = await improve(p.ctx, model, { budget: budget('requests=10'), candidatesPerExperiment: 2, maxSamplesPerArm: 6, onProgress: (x) => progress.push(x.message) });
      assert.equal(out.stopped, 'done', out.message);
      assert.deepEqual(out.drafts.map((d) => [promptCapability(model.prompts[out.drafts.indexOf(d)]!), d.record.verdict ?? d.record.reason]), [
        ['alpha-score', 'refused'], ['alpha-score', 'success'], ['beta-score', 'no_improvement'], ['beta-score', 'success'], ['beta-score', 'success'],
      ]);
      const queue = reviewQueue(p.engine);
      const pending = p.engine.listImprovements({ status: 'pending' });
      // The tampered success is a pending proposal (flagged) but never queued.
      assert.equal(pending.length, 3);
      assert.deepEqual(queue.map((q) => q.filePath).sort(), ['alpha-config.js', 'beta-config.js']);
      assert.deepEqual(out.queued.map((q) => q.improvementId).sort(), queue.map((q) => q.improvementId).sort());
      assert.ok(pending.some((i) => i.filePath === 'beta.js' && !queue.some((q) => q.improvementId === i.id)));
      for (const q of queue) {
        assert.ok(q.relativeGain! > 0 && q.relativeCi, 'effect and interval');
        assert.deepEqual(q.guardrails.map((g) => g.status), ['held', 'held']);
        assert.equal(q.proposedBy, 'lm:scripted-model', 'proposed by the model that drafted it, whoever started the search');
      }
      assert.equal(p.engine.listImprovements({ status: 'applied' }).length, 0, 'nothing applied, autoImprove notwithstanding');
      assert.equal(readFileSync(path.join(p.dir, 'alpha-config.js'), 'utf8'), 'module.exports = { score: 10 };\n');
      assert.ok(progress.some((m) => m.includes('scripted-model draft')));
      // A second run finds both capabilities queued and does nothing.
      const again = await improve(p.ctx, scriptedModel({}), { budget: budget('requests=5') });
      assert.equal(again.stopped, 'nothing-to-do');
    } finally { await p.close(); }
  });

  it('with a scripted model of known hit rate, every queued candidate is a real improvement', async () => {
    const p = await project();
    try {
      const model = hitRateModel(0.5, 7);
      const out = await improve(p.ctx, model, { budget: budget('requests=6'), candidatesPerExperiment: 2, maxSamplesPerArm: 6 });
      const queue = reviewQueue(p.engine);
      assert.equal(queue.length, out.queued.length);
      assert.ok(queue.length <= model.hits && queue.length >= Math.min(model.hits, 1));
      for (const q of queue) assert.equal(p.engine.getImprovement(q.improvementId).proposedContent, 'module.exports = { score: 30 };\n');
    } finally { await p.close(); }
  });
});
