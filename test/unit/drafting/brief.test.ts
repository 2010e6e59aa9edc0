// The drafting brief (what the first prompt says must not break), the files box's suggestions and
// checks, and the names drafted patches get. Against the loop fixture's real project and engine.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { planExperiment } from '../../../src/engine/loop/plan';
import { hasErrorCode, ErrorCode } from '../../../src/engine/errorCodes';
import { draftBrief } from '../../../src/agents/drafting/brief';
import { checkDraftFiles, parseFileList, readDraftFiles, suggestDraftFiles } from '../../../src/agents/drafting/files';
import { describeDiff, nameForDraft, rationaleOf } from '../../../src/agents/drafting/naming';
import { buildDraftPrompt } from '../../../src/agents/drafting/prompt';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from '../loop/fixture';

const WITH_EVALUATOR = CONFIG.replace('"guardrail": { "margin": 0.02 } }', '"guardrail": { "margin": 0.02 }, "evaluatorFiles": ["fixtures/**"] }');

async function withProject<T>(fn: (dir: string, engine: SelfImprovementEngine) => Promise<T>, config = CONFIG): Promise<T> {
  const dir = makeLoopProject({ config });
  const engine = await SelfImprovementEngine.open({ rootDir: dir });
  try {
    syncCapabilitiesFromConfig(engine, parseConfig(config), dir);
    return await fn(dir, engine);
  } finally {
    await engine.close();
    removeProject(dir);
  }
}

describe('drafting: the brief in the first prompt', () => {
  it('names the target and every guardrail with its probe command, margin and the files that measure it', async () => {
    await withProject(async (_dir, engine) => {
      const exp = engine.generateExperiments(engine.measureCapability('bench-ms', 40).weakness!.id, 1)[0]!;
      const brief = draftBrief(engine, parseConfig(WITH_EVALUATOR).config!, exp.id);
      assert.deepEqual(brief.target, { name: 'bench-ms', direction: 'lower', unit: 'ms', probeCommand: 'node bench.js', measuredBy: ['bench.js'] });
      assert.equal(brief.guardrails.length, 1);
      const g = brief.guardrails[0]!;
      assert.deepEqual([g.name, g.probeCommand, g.margin, g.kind, g.measuredBy], ['suite-pass-rate', 'node suite.js', 0.02, 'suite', ['suite.js', 'fixtures/**']]);
      assert.deepEqual(brief.evaluatorFiles, ['bench.js', 'suite.js', 'fixtures/**', '.vscode/self-improvement.json']);
    }, WITH_EVALUATOR);
  });

  it('says what earlier experiments on the capability found, not the one being drafted', async () => {
    await withProject(async (_dir, engine) => {
      const w = engine.measureCapability('bench-ms', 40).weakness!;
      const [done, current] = engine.generateExperiments(w.id, 2);
      engine.startExperiment(done!.id);
      engine.failExperiment(done!.id, 'the patch did not apply to config.js');
      const brief = draftBrief(engine, parseConfig(CONFIG).config!, current!.id);
      assert.deepEqual(brief.history.map((h) => [h.experimentId, h.status]), [[done!.id, 'failed']]);
      assert.match(brief.history[0]!.reason, /did not apply/);
      assert.deepEqual(draftBrief(engine, parseConfig(CONFIG).config!, current!.id, [done!.id]).history, []);
    });
  });

  it('the prompt holds the guardrails, measuring files, history and asks for a rationale line', async () => {
    await withProject(async (dir, engine) => {
      const w = engine.measureCapability('bench-ms', 40).weakness!;
      const exp = engine.generateExperiments(w.id, 1)[0]!;
      const brief = draftBrief(engine, parseConfig(CONFIG).config!, exp.id);
      const cap = engine.getCapability('bench-ms');
      const prompt = buildDraftPrompt({
        weakness: { name: w.name, description: w.description, severity: w.severity },
        experiment: { name: exp.name, hypothesis: exp.hypothesis, methodology: exp.methodology, approach: exp.approach },
        capability: { ...cap, probeCommand: brief.target.probeCommand, measuredBy: brief.target.measuredBy },
        files: await readDraftFiles(dir, ['config.js']), previous: [], evaluatorFiles: brief.evaluatorFiles, guardrails: brief.guardrails,
        history: [{ experimentId: 9, name: 'Cache the delay', status: 'completed', verdict: 'refused', reason: 'suite-pass-rate fell from 1 to 0.95.', actualImprovement: 0.4 }],
      });
      for (const part of [
        'Measured by: `node bench.js` (files: bench.js)',
        '- suite-pass-rate: `node suite.js` — a pass/fail suite, run once per arm and compared case by case; its pass rate may drop by at most 2 %. Measured by: suite.js.',
        '(bench.js, suite.js, .vscode/self-improvement.json)',
        '- Experiment #9 "Cache the delay": verdict refused (+40 %). suite-pass-rate fell from 1 to 0.95.',
        '--- config.js\nmodule.exports = { delayMs: 100 };',
        'Rationale: <what the change does',
      ]) assert.ok(prompt.includes(part), `prompt contains ${JSON.stringify(part)}\n---\n${prompt}`);
      assert.doesNotMatch(prompt, /\(missing\)/);
    });
  });
});

describe('drafting: the files box', () => {
  it('refuses a mistyped or outside path with a clear message, accepts real files', async () => {
    await withProject(async (dir) => {
      assert.equal(await checkDraftFiles(dir, ['config.js', 'cases.js']), null);
      assert.match((await checkDraftFiles(dir, ['config.js', 'confg.js']))!, /"confg\.js" is not a file in the workspace folder .*check the spelling/);
      assert.match((await checkDraftFiles(dir, ['../etc/passwd']))!, /outside the workspace folder/);
      assert.match((await checkDraftFiles(dir, ['.vscode']))!, /not a file/);
      await assert.rejects(readDraftFiles(dir, ['confg.js']), (e: unknown) => hasErrorCode(e, ErrorCode.DraftFiles));
      assert.deepEqual(parseFileList(' config.js, ./cases.js  config.js,,'), ['config.js', 'cases.js']);
    });
  });

  it('suggests what the weakness mentions, what the probe\'s script imports and recent edits, never what measures', async () => {
    await withProject(async (dir) => {
      mkdirSync(path.join(dir, 'lib'));
      writeFileSync(path.join(dir, 'lib', 'delay.js'), 'module.exports = 1;\n');
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.'], { cwd: dir });
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'lib'], { cwd: dir });
      const measuredBy = ['bench.js', 'suite.js', '.vscode/self-improvement.json'];
      // bench.js requires ./config; the commits touched lib/delay.js and cases.js; README.md is not code.
      assert.deepEqual(await suggestDraftFiles(dir, { weaknessText: 'bench-ms below target', probeCommand: 'node bench.js', measuredBy }), ['config.js', 'lib/delay.js', 'cases.js']);
      assert.deepEqual((await suggestDraftFiles(dir, { weaknessText: 'slow since lib/delay.js changed (see nothere.js)', probeCommand: 'node bench.js', measuredBy }))[0], 'lib/delay.js');
    });
  });
});

describe('drafting: names for what a patch does', () => {
  const FN_PATCH = 'diff --git a/index.js b/index.js\n--- a/index.js\n+++ b/index.js\n@@ -3,3 +3,3 @@ function levenshtein(a, b) {\n   const row = [];\n-  for (let i = 0; i <= b.length; i++) row.push(i);\n+  for (let i = 0, n = b.length; i <= n; i++) row[i] = i;\n   return row;\n';

  it('takes the model\'s rationale line, or the first sentence after the diff', () => {
    assert.equal(rationaleOf('```diff\n...\n```\nRationale: Lower the delay to 5 ms. It is only a wait.'), 'Lower the delay to 5 ms');
    assert.equal(rationaleOf('Here is the change:\n```diff\n...\n```\n\nReuses one row instead of a matrix.'), 'Reuses one row instead of a matrix');
    assert.equal(rationaleOf('Here is the change:\n```diff\n...\n```\n'), null);
  });

  it('otherwise names the functions and files the diff changes', () => {
    assert.equal(describeDiff(FN_PATCH), 'Change levenshtein in index.js');
    assert.equal(describeDiff(FASTER_PATCH), 'Edit config.js');
    assert.equal(nameForDraft(`Here is the change:\n\`\`\`diff\n${FN_PATCH}\`\`\`\n`, FN_PATCH, 'Lazy loading for distance-time'), 'Change levenshtein in index.js');
    assert.equal(nameForDraft('```diff\n```\nRationale: single-row dynamic programming', FN_PATCH, 'x'), 'Single-row dynamic programming');
    assert.equal(nameForDraft('no diff', null, 'Lazy loading for distance-time'), 'Lazy loading for distance-time');
  });
});

describe('wording', () => {
  it('a lower-is-better capability is "above" its target, a higher-is-better one "short of" it', async () => {
    await withProject(async (_dir, engine) => {
      assert.match(engine.measureCapability('bench-ms', 25.27).weakness!.description, /^bench-ms is 152\.7 % above its target \(25\.27 vs 10 ms, lower is better\)\.$/);
      assert.match(engine.measureCapability('suite-pass-rate', 0.5).weakness!.description, /50\.0 % short of its target/);
    });
  });

  it('the plan\'s basis does not repeat the per-arm count', async () => {
    await withProject(async (_dir, engine) => {
      const plan = planExperiment(engine, parseConfig(CONFIG).config!.capabilities[0]!);
      assert.equal(`plan: ${plan.samplesPerArm} per arm (${plan.basis})`, 'plan: 8 per arm (the default; run "Calibrate Noise" to plan from the measured spread)');
    });
  });
});
