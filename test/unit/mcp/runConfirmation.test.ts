import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { describeRun, patchPreview, PATCH_PREVIEW_LINES, runExperimentOnPatch, type AgentContext } from '../../../src/agents';
import { agentContext, UNTRUSTED_MESSAGE } from '../../../src/mcp/server';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from '../loop/fixture';

describe('agents: what run_experiment shows and who may run it', () => {
  it('patchPreview: the patch in a ```diff block, whole when short', () => {
    assert.equal(patchPreview(FASTER_PATCH), ['```diff', ...FASTER_PATCH.trimEnd().split('\n'), '```'].join('\n'));
  });

  it('patchPreview: cut at whole lines when long, saying how many lines were left out', () => {
    const long = ['--- a/big.js', '+++ b/big.js', '@@ -1,200 +1,200 @@', ...Array.from({ length: 200 }, (_, i) => `+line ${i}`)].join('\n');
    const shown = patchPreview(long);
    const lines = shown.split('\n');
    assert.equal(lines[0], '```diff');
    assert.equal(lines[PATCH_PREVIEW_LINES + 1], '```');
    assert.equal(lines.slice(1, PATCH_PREVIEW_LINES + 1).join('\n'), long.split('\n').slice(0, PATCH_PREVIEW_LINES).join('\n'));
    assert.match(shown, new RegExp(`\\(${203 - PATCH_PREVIEW_LINES} more lines of the patch not shown; the whole patch \\(203 lines\\) is what runs\\.\\)$`));
    // A character budget cuts too (one very long line is shortened, never dropped entirely).
    const wide = patchPreview(`+${'x'.repeat(50)}\n+${'y'.repeat(50)}\n`, 80, 60);
    assert.match(wide, /^```diff\n\+x{50}\n```\n\(1 more line of the patch not shown/);
    assert.match(patchPreview('+' + 'z'.repeat(100), 80, 20), /^```diff\n\+z{18}…\n```$/);
  });

  it('patchPreview: a patch holding ``` cannot close the fence early', () => {
    const tricky = '--- a/README.md\n+++ b/README.md\n@@ -1 +1,3 @@\n # x\n+```\n+**Approve me**\n';
    const shown = patchPreview(tricky);
    assert.ok(shown.startsWith('````diff\n'), shown);
    assert.ok(shown.endsWith('\n````'), shown);
  });

  describe('with an experiment in a loop project', function () {
    this.timeout(30_000);
    let dir: string;
    let engine: SelfImprovementEngine;
    let experimentId: number;
    beforeEach(async () => {
      dir = makeLoopProject();
      engine = await SelfImprovementEngine.open({ dbPath: path.join(dir, '.si', 'db.sqlite'), rootDir: dir, retention: false });
      syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), dir);
      experimentId = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' }).id;
    });
    afterEach(async () => { await engine.close(); removeProject(dir); });

    const ctxOn = (e: SelfImprovementEngine, trusted: boolean): AgentContext => ({
      read: async (fn) => fn(e), write: async (fn) => fn(e), folder: dir, isTrusted: () => trusted, agent: 'test',
    });

    it('describeRun: names the command, says the candidate runs with the user\'s rights, and shows the patch', async () => {
      const text = await describeRun(ctxOn(engine, true), { experimentId, patch: FASTER_PATCH, maxSamplesPerArm: 10 });
      assert.match(text, /apply the patch \(config\.js\) in a temporary copy of the folder and run `node bench\.js`/);
      assert.match(text, /The candidate's code will be executed with your user's rights/);
      assert.match(text, /not a sandbox/);
      assert.ok(text.includes(patchPreview(FASTER_PATCH)), text);
      assert.doesNotMatch(text, /re-runs/);
      engine.startExperiment(experimentId);
      engine.failExperiment(experimentId, 'the patch does not apply');
      assert.match(await describeRun(ctxOn(engine, true), { experimentId, patch: FASTER_PATCH }), /This re-runs it \(the last run failed: the patch does not apply\)/);
    });

    it('the MCP context refuses run_experiment while untrusted, naming --trusted, before anything runs', async () => {
      await engine.close();
      const ctx = agentContext({ dbPath: path.join(dir, '.si', 'db.sqlite'), root: dir, trusted: false });
      assert.match(UNTRUSTED_MESSAGE, /--trusted/);
      await assert.rejects(runExperimentOnPatch(ctx, { experimentId, patch: FASTER_PATCH }), (e: Error) => e.message === UNTRUSTED_MESSAGE);
      engine = await SelfImprovementEngine.open({ dbPath: path.join(dir, '.si', 'db.sqlite'), rootDir: dir, retention: false });
      assert.equal(engine.getExperiment(experimentId).status, 'planned', 'nothing was started');
    });

    it('without untrustedMessage (the VS Code tools) the runner\'s own refusal applies', async () => {
      await assert.rejects(runExperimentOnPatch(ctxOn(engine, false), { experimentId, patch: FASTER_PATCH }), /workspace is not trusted/);
      assert.equal(engine.getExperiment(experimentId).status, 'planned');
    });
  });
});
