import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { TOOL_SPECS } from '../../../src/agents/catalog';
import { describeProposal, parseProposeImprovement, parseRunExperiment, parseListWeaknesses, parseGenerateExperiments, ToolInputError } from '../../../src/agents';
import { HumanOnlyError, withoutAutoApply } from '../../../src/agents/noAutoApply';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: unknown; displayName: string }[]; mcpServerDefinitionProviders: { id: string }[] };
  bin: Record<string, string>;
};

describe('agents: catalog, input validation, the human gate', () => {
  it('package.json declares every tool with the catalog\'s description and schema, under allowed names', () => {
    const declared = pkg.contributes.languageModelTools;
    // Tools without an lmName are the MCP server's only (sync, measure, calibrate, evidence: the window does those itself).
    const lmTools = TOOL_SPECS.filter((t) => t.lmName !== null);
    assert.equal(declared.length, lmTools.length);
    for (const spec of lmTools) {
      const d = declared.find((t) => t.name === spec.lmName);
      assert.ok(d, `${spec.lmName} is declared`);
      assert.equal(d.modelDescription, spec.description);
      assert.equal(d.displayName, spec.title);
      assert.deepEqual(d.inputSchema, spec.inputSchema);
      assert.doesNotMatch(d.name, /^(copilot_|vscode_)/);
    }
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders.map((p) => p.id), ['selfImprovement.mcpServer']);
    assert.equal(pkg.bin['self-improvement-mcp'], 'dist/mcp.js');
  });

  it('bad input is refused with the field and what is expected', () => {
    assert.throws(() => parseListWeaknesses({ status: 'closed' }), (e: Error) => e instanceof ToolInputError && /"status" must be "open", "resolved" or "all", got "closed"/.test(e.message));
    assert.throws(() => parseListWeaknesses({ minImpact: 2 }), /"minImpact" must be a number from 0 to 1, got 2/);
    assert.throws(() => parseGenerateExperiments({}), /"weaknessId" is required/);
    assert.throws(() => parseGenerateExperiments({ weaknessId: 1.5 }), /"weaknessId" must be an integer, got 1.5/);
    assert.throws(() => parseGenerateExperiments({ weaknessId: 1, count: 50 }), /"count" must be between 1 and 10, got 50/);
    assert.throws(() => parseGenerateExperiments({ weaknessId: 1, approve: true }), /Unknown field "approve"/);
    assert.throws(() => parseRunExperiment({ experimentId: 1, patch: 'make it faster' }), /"patch" must be a unified diff/);
    assert.throws(() => parseProposeImprovement({ name: 'x', filePath: '../etc/passwd', newCode: '' }), /must be relative to the workspace folder and stay inside it/);
    assert.throws(() => parseProposeImprovement({ name: 'x', filePath: '/abs.ts', newCode: '' }), /must be relative/);
    assert.throws(() => parseProposeImprovement({ name: 'x', filePath: 'a.ts' }), /"newCode" is required/);
    assert.throws(() => parseProposeImprovement([1]), /must be a JSON object, got an array/);
  });

  it('a proposal\'s confirmation says which file, how much, and that nothing is written now', () => {
    assert.equal(describeProposal({ name: 'Cache lookups', filePath: 'src/a.ts', oldCode: 'a\nb', newCode: 'c', experimentId: 4 }),
      'Propose "Cache lookups" for src/a.ts: replace 2 lines with 1, linked to experiment #4. Nothing is written now; the change waits for your approval in the diff editor.');
  });

  it('withoutAutoApply: with autoImprove on, applyImprovement only proposes; approve, rollback, reject and hunk decisions are refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-agents-'));
    writeFileSync(path.join(dir, 'a.txt'), 'old\n');
    const engine = await SelfImprovementEngine.open({ rootDir: dir, autoImprove: true });
    try {
      const view = withoutAutoApply(engine);
      assert.equal(view.autoImprove, false);
      const imp = await view.applyImprovement({ name: 'n', filePath: 'a.txt', newCode: 'new\n' });
      assert.equal(imp.status, 'pending');
      assert.equal(readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'old\n');
      await assert.rejects(async () => view.approveImprovement(imp.id, 'agent'), HumanOnlyError);
      await assert.rejects(async () => view.rollbackImprovement(imp.id), HumanOnlyError);
      assert.throws(() => view.rejectImprovement(imp.id), HumanOnlyError);
      await assert.rejects(async () => view.recordHunkDecision(imp.id, { hunkId: 'x', decision: 'approved' }), HumanOnlyError);
      assert.throws(() => { (view as { improvementThreshold: number }).improvementThreshold = 0; }, HumanOnlyError);
      assert.equal(engine.getImprovement(imp.id).status, 'pending');
      // Reads pass through.
      assert.equal(view.listImprovements().length, 1);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
