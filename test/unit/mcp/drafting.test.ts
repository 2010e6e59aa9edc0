import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import type { AgentContext } from '../../../src/agents/operations';
import { buildDraftPrompt, extractPatch, DraftAnswerError } from '../../../src/agents/drafting/prompt';
import { draftCandidates, draftsKey, type ChatModelPort, type DraftRecord } from '../../../src/agents/drafting/draftLoop';
import { CONFIG, FASTER_BUT_BREAKS_SUITE, FASTER_PATCH, makeLoopProject, removeProject } from '../loop/fixture';

/** A scripted chat model: answers in order, records every prompt. */
function fakeModel(answers: string[]): ChatModelPort & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    name: 'fake-model', prompts,
    ask: async (prompt) => {
      prompts.push(prompt);
      const text = answers.shift();
      if (text === undefined) throw new Error('the fake model has no more answers');
      return { text, tokens: Math.ceil((prompt.length + text.length) / 4) };
    },
  };
}
const fenced = (patch: string): string => `Here is the change:\n\n\`\`\`diff\n${patch}\`\`\`\n\nIt lowers the delay.`;

describe('agents: drafting candidates with a chat model', function () {
  this.timeout(120_000);

  it('extracts the diff from an answer, and says so when there is none', () => {
    assert.equal(extractPatch(fenced(FASTER_PATCH)), FASTER_PATCH);
    assert.equal(extractPatch(FASTER_PATCH), FASTER_PATCH);
    assert.throws(() => extractPatch('Just make it faster.'), DraftAnswerError);
    assert.throws(() => extractPatch('```diff\n--- a/x\n+++ b/x\n```'), /no hunks/);
  });

  it('the prompt carries the weakness, hypothesis, methodology, files, evaluator files and the earlier drafts\' outcome', () => {
    const p = buildDraftPrompt({
      weakness: { name: 'slow bench', description: 'bench-ms above target', severity: 'high' },
      experiment: { name: 'shorter delay', hypothesis: 'H: waiting less is faster', methodology: 'M: A/B', approach: 'caching' },
      capability: { name: 'bench-ms', direction: 'lower', unit: 'ms', baseline: 40, target: 10, current: 40, probeCommand: 'node bench.js' },
      files: [{ path: 'config.js', content: 'module.exports = { delayMs: 100 };\n' }],
      previous: [{ draft: 1, verdict: 'refused', reason: 'suite-pass-rate got worse', patch: null }],
      evaluatorFiles: ['bench.js'],
    });
    for (const part of ['slow bench', 'H: waiting less is faster', 'M: A/B', 'Measured by: `node bench.js`', '--- config.js\nmodule.exports = { delayMs: 100 };', 'Draft 1: verdict refused. suite-pass-rate got worse', '(bench.js)', '```diff']) {
      assert.ok(p.includes(part), `prompt contains ${JSON.stringify(part)}`);
    }
  });

  it('a draft that breaks the suite is refused by the verdict; the next, told why, makes the benchmark faster and is offered pending', async () => {
    const dir = makeLoopProject();
    const engine = await SelfImprovementEngine.open({ rootDir: dir, autoImprove: true });
    try {
      syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), dir);
      const weakness = engine.measureCapability('bench-ms', 40).weakness!;
      const exp = engine.generateExperiments(weakness.id, 1)[0]!;
      const ctx: AgentContext = { folder: dir, isTrusted: () => true, agent: 'test', read: async (fn) => fn(engine), write: async (fn) => fn(engine) };
      const model = fakeModel([fenced(FASTER_BUT_BREAKS_SUITE), fenced(FASTER_PATCH)]);
      const seen: DraftRecord[] = [];
      const out = await draftCandidates(ctx, model, { experimentId: exp.id, files: ['config.js', 'cases.js'], maxSamplesPerArm: 10, onDraft: (r) => seen.push(r) });

      assert.equal(out.stopped, 'success');
      assert.deepEqual(out.records.map((r) => r.verdict), ['refused', 'success']);
      assert.match(out.records[0]!.reason, /suite-pass-rate/);
      assert.equal(out.records[0]!.improvementIds.length, 0, 'a refused draft proposes nothing');
      assert.equal(out.records[0]!.experimentId, exp.id, 'the first draft runs the chosen experiment');
      assert.notEqual(out.records[1]!.experimentId, exp.id, 'the next draft is measured as its own experiment');
      // Execution feedback: the second prompt tells the model what the first draft did.
      assert.match(model.prompts[1]!, /Draft 1: verdict refused\./);
      // Offered for approval only: pending even with autoImprove on; the user's file untouched.
      assert.equal(out.offered.length, 1);
      const imp = engine.getImprovement(out.offered[0]!);
      assert.equal(imp.status, 'pending');
      assert.equal(imp.filePath, 'config.js');
      assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { delayMs: 100 };\n');
      // Every prompt and answer kept with the experiment.
      const kept = engine.getMetadata<DraftRecord[]>(draftsKey(exp.id))!;
      assert.deepEqual(kept.map((r) => [r.prompt, r.answer]), model.prompts.map((p, i) => [p, out.records[i]!.answer]));
      assert.equal(seen.length, 2);
      // The outcomes reached the bandit under the experiment's approach.
      assert.equal(engine.chooseAction({ actionType: 'improvement_experiment', availableActions: [exp.approach] }).estimates[exp.approach]!.trials >= 2, true);
    } finally {
      await engine.close();
      removeProject(dir);
    }
  });

  it('stops at the request budget; an answer without a diff is recorded, not run', async () => {
    const dir = makeLoopProject();
    const engine = await SelfImprovementEngine.open({ rootDir: dir });
    try {
      syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), dir);
      const exp = engine.generateExperiments(engine.measureCapability('bench-ms', 40).weakness!.id, 1)[0]!;
      const ctx: AgentContext = { folder: dir, isTrusted: () => true, agent: 'test', read: async (fn) => fn(engine), write: async (fn) => fn(engine) };
      const model = fakeModel(['I would cache it.', 'Still no diff.', 'never asked']);
      const out = await draftCandidates(ctx, model, { experimentId: exp.id, files: [], budget: { maxRequests: 2 } });
      assert.equal(out.stopped, 'budget');
      assert.equal(model.prompts.length, 2);
      assert.deepEqual(out.records.map((r) => [r.verdict, r.experimentId]), [[null, null], [null, null]]);
      assert.match(out.records[0]!.reason, /no unified diff/);
      assert.equal(engine.getExperiment(exp.id).status, 'planned', 'nothing ran');
    } finally {
      await engine.close();
      removeProject(dir);
    }
  });
});
