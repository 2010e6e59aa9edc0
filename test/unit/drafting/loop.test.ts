// The draft loop's provenance and failure rules, against the loop fixture's real project: a model error
// stops at once with its message; a mistyped file is refused before any request; a success is named for
// its patch and proposed by the model; the transcript finds every draft; a second proposal for the same
// file is reported as a duplicate and can supersede the first (rejected, audited).
import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { ErrorCode, hasErrorCode } from '../../../src/engine/errorCodes';
import type { AgentContext } from '../../../src/agents/operations';
import { draftCandidates, type ChatModelPort } from '../../../src/agents/drafting/draftLoop';
import { duplicateText, supersede } from '../../../src/agents/drafting/duplicates';
import { transcriptFor, transcriptMarkdown } from '../../../src/agents/drafting/transcript';
import { CONFIG, FASTER_BUT_BREAKS_SUITE, FASTER_PATCH, linePatch, makeLoopProject, removeProject } from '../loop/fixture';

function scripted(answers: (string | Error)[]): ChatModelPort & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    name: 'acme/drafter-1', prompts,
    ask: async (prompt) => {
      prompts.push(prompt);
      const next = answers.shift();
      if (next === undefined) throw new Error('no scripted answer left');
      if (next instanceof Error) throw next;
      return { text: next, tokens: 10 };
    },
  };
}
const answer = (patch: string, rationale: string): string => `Here is the change:\n\n\`\`\`diff\n${patch}\`\`\`\n\nRationale: ${rationale}.`;

describe('drafting: failure, provenance and duplicates', function () {
  this.timeout(180_000);
  let dir: string;
  let engine: SelfImprovementEngine;
  let ctx: AgentContext;
  const experiment = (): number => engine.generateExperiments(engine.measureCapability('bench-ms', 40).weakness!.id, 1)[0]!.id;

  beforeEach(async () => {
    dir = makeLoopProject();
    engine = await SelfImprovementEngine.open({ rootDir: dir });
    syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), dir);
    ctx = { folder: dir, isTrusted: () => true, agent: 'lm:acme/drafter-1', read: async (fn) => fn(engine), write: async (fn) => fn(engine) };
  });
  afterEach(async () => { await engine.close(); removeProject(dir); });

  it('a model error stops at once with the model\'s message, not retried to the budget', async () => {
    const id = experiment();
    const model = scripted([new Error('Quota exceeded for drafter-1'), answer(FASTER_PATCH, 'never asked')]);
    const out = await draftCandidates(ctx, model, { experimentId: id, files: ['config.js'], budget: { maxRequests: 3 } });
    assert.equal(out.stopped, 'model-error');
    assert.equal(out.error, 'Quota exceeded for drafter-1');
    assert.equal(model.prompts.length, 1, 'asked once');
    assert.equal(out.records.length, 1);
    assert.equal(out.records[0]!.reason, 'The model acme/drafter-1 failed: Quota exceeded for drafter-1');
    assert.equal(engine.getExperiment(id).status, 'planned', 'nothing ran');
  });

  it('a mistyped file is refused before the model is asked', async () => {
    const model = scripted([answer(FASTER_PATCH, 'x')]);
    await assert.rejects(draftCandidates(ctx, model, { experimentId: experiment(), files: ['confg.js'] }),
      (e: unknown) => hasErrorCode(e, ErrorCode.DraftFiles) && /"confg\.js" is not a file/.test((e as Error).message));
    assert.equal(model.prompts.length, 0);
  });

  it('names experiments and proposals for what the patch does, proposed by lm:<vendor>/<id>; progress names model and draft; the transcript has every draft', async () => {
    const id = experiment();
    const template = engine.getExperiment(id).name;
    const model = scripted([answer(FASTER_BUT_BREAKS_SUITE, 'Lower the delay and skip ten cases'), answer(FASTER_PATCH, 'Lower the delay to 5 ms')]);
    const progress: string[] = [];
    const out = await draftCandidates({ ...ctx, agent: 'someone-else' }, model, { experimentId: id, files: ['config.js', 'cases.js'], maxSamplesPerArm: 10, onProgress: (m) => progress.push(m) });
    assert.equal(out.stopped, 'success', JSON.stringify(out.records.map((r) => r.reason)));
    const [first, second] = out.records;
    assert.equal(engine.getExperiment(id).name, 'Lower the delay and skip ten cases', 'the chosen experiment is named for its patch');
    assert.equal(engine.getExperiment(second!.experimentId!).name, 'Lower the delay to 5 ms');
    assert.equal(first!.name, 'Lower the delay and skip ten cases');
    // The second prompt still states the idea the drafting started from, not draft 1's name.
    assert.match(model.prompts[1]!, new RegExp(`Experiment \\(\\w+\\): ${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const imp = engine.getImprovement(out.offered[0]!);
    assert.equal(imp.name, 'Lower the delay to 5 ms: config.js');
    assert.equal(imp.proposedBy, 'lm:acme/drafter-1', 'the model, whatever the context\'s agent');
    assert.ok(engine.getAuditTrail({ entity: 'experiment', entityId: id }).some((a) => a.action === 'renamed' && a.actor === 'lm:acme/drafter-1'));
    assert.ok(progress.includes('Draft 1 of 3 by acme/drafter-1: waiting for the model'), progress.join('\n'));
    assert.ok(progress.some((m) => /^Draft 2 of 3 by acme\/drafter-1: measuring run \d+ of \d+$/.test(m)), progress.join('\n'));
    assert.deepEqual(out.duplicates, []);

    // The transcript is found from the draft's own experiment (and the proposal's) as from the chosen one.
    const t = transcriptFor(engine, imp.experimentId!)!;
    assert.equal(t.originId, id);
    assert.deepEqual(t.records.map((r) => r.verdict), ['refused', 'success']);
    const md = transcriptMarkdown(t);
    assert.match(md, /^# Drafting transcript: #\d+ Lower the delay and skip ten cases/);
    assert.match(md, /## Draft 1 by acme\/drafter-1: refused/);
    assert.match(md, /## Draft 2 by acme\/drafter-1: success/);
    // The answers' ```diff blocks sit inside a longer fence, so the Markdown keeps them verbatim.
    assert.ok(md.includes(`\`\`\`\`markdown\n${answer(FASTER_PATCH, 'Lower the delay to 5 ms')}\n\`\`\`\``));
    assert.ok(md.includes(model.prompts[1]!));
    assert.equal(transcriptFor(engine, experiment()), null, 'an experiment without drafts has none');
  });

  it('a second proposal for a file with a pending one is reported, and replacing rejects the first with an audit event', async () => {
    const model = scripted([answer(FASTER_PATCH, 'Lower the delay to 5 ms'), answer(linePatch('config.js', 'module.exports = { delayMs: 100 };', 'module.exports = { delayMs: 1 };'), 'Lower the delay to 1 ms')]);
    const one = await draftCandidates(ctx, model, { experimentId: experiment(), files: ['config.js'], maxSamplesPerArm: 10 });
    assert.equal(one.stopped, 'success');
    assert.deepEqual(one.duplicates, []);
    const two = await draftCandidates(ctx, model, { experimentId: experiment(), files: ['config.js'], maxSamplesPerArm: 10 });
    assert.equal(two.stopped, 'success', JSON.stringify(two.records.map((r) => r.reason)));
    const [dup] = two.duplicates;
    assert.ok(dup, 'the duplicate is reported');
    assert.deepEqual([dup.improvementId, dup.filePath, dup.earlier.map((e) => e.id)], [two.offered[0], 'config.js', [one.offered[0]]]);
    assert.match(duplicateText(dup), new RegExp(`^config\\.js already has a pending proposal, #${one.offered[0]} "Lower the delay to 5 ms: config\\.js" \\(by lm:acme/drafter-1\\); the new #${two.offered[0]} changes the same file\\.$`));
    assert.deepEqual(supersede(engine, dup, 'alice'), [one.offered[0]]);
    const old = engine.getImprovement(one.offered[0]!);
    assert.equal(old.status, 'rejected');
    assert.equal(old.rejectedReason, `Superseded by improvement #${two.offered[0]} for config.js.`);
    assert.ok(engine.getAuditTrail({ entity: 'improvement', entityId: old.id }).some((a) => a.action === 'rejected' && a.actor === 'alice'));
    assert.deepEqual(engine.listImprovements({ status: 'pending' }).map((i) => i.id), [two.offered[0]], 'one pending proposal for the file');
  });
});
