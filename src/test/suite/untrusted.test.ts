// Runs alone, in a really untrusted workspace: the runner starts VS Code with workspace trust on and the
// folder not trusted (Restricted Mode), so vscode.workspace.isTrusted is false for every path — the
// commands' trust check and the agent paths that read vscode.workspace.isTrusted directly (issue 19).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Exports } from '../../extension';
import { CommandId } from '../../vscode/commands/commandTable';
import { EXTENSION_ID, engine, folder, messagesSince, run, testing, unique, waitFor } from './helpers';

/** Leaves a mark at an absolute path, so a run in a temporary copy of the folder would still show. */
const markScript = (file: string): string => `require('fs').writeFileSync(${JSON.stringify(file)}, 'x'); console.log(1);`;
const textOf = (r: vscode.LanguageModelToolResult | null | undefined): string =>
  (r?.content ?? []).map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
const noToken = new vscode.CancellationTokenSource().token;

describe('untrusted workspace (Restricted Mode, trust really off)', function () {
  this.timeout(120_000);
  let repo: string;
  const mark = unique('untrusted-mark');
  const spawned = (): boolean => fs.existsSync(path.join(repo, 'spawned.mark'));

  let rootConfig: string;
  before(() => {
    repo = path.join(folder().fsPath, unique('untrusted-fixture'));
    fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'mark.js'), markScript(path.join(repo, 'spawned.mark')));
    const declared = JSON.stringify({
      capabilities: [{ name: mark, type: 'efficiency', baseline: 1, target: 2, probe: { command: `node ${path.basename(repo)}/mark.js`, parse: { format: 'number' }, timeoutSeconds: 10 } }],
    });
    fs.writeFileSync(path.join(repo, '.vscode', 'self-improvement.json'), declared.replace(`node ${path.basename(repo)}/mark.js`, 'node mark.js'));
    // The agents' run_experiment reads the workspace folder's own config (this run has a copy of the fixture to itself).
    rootConfig = path.join(folder().fsPath, '.vscode', 'self-improvement.json');
    fs.writeFileSync(rootConfig, declared);
  });
  after(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.writeFileSync(rootConfig, '{ "capabilities": [] }\n');
  });

  it('VS Code reports the workspace as not trusted, and the extension still activates (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const t = await testing();
    assert.ok(t.host, 'activated with its test surface');
  });

  it('commands: Measure Capability and Run Experiment on a Change refuse, say why and how, and spawn nothing', async () => {
    const t = await testing();
    const at = t.ui.shown.length;
    t.ui.enqueue(undefined);
    assert.equal(await run(CommandId.MeasureCapability, { folder: repo, capability: mark }), undefined);
    t.ui.enqueue(undefined);
    assert.equal(await run(CommandId.RunExperimentOnChange, { folder: repo, capability: mark, candidate: { kind: 'working-tree' } }), undefined);
    const warnings = messagesSince(t, at).filter((m) => m.level === 'warning');
    assert.equal(warnings.length, 2, JSON.stringify(messagesSince(t, at)));
    for (const w of warnings) {
      assert.match(w.message, /not trusted/);
      assert.match(w.message, /Manage Workspace Trust/);
    }
    assert.equal(spawned(), false, 'nothing was spawned');
  });

  it('language-model tools: reads answer; run_experiment is refused through vscode.workspace.isTrusted and runs nothing', async () => {
    const tools = vscode.extensions.getExtension<Exports>(EXTENSION_ID)!.exports.testing!.agents.tools;
    const e = await engine();
    if (!e.listCapabilities().some((c) => c.name === mark)) e.registerCapability({ name: mark, type: 'efficiency', baseline: 1, target: 2, unit: '' });
    const w = e.measureCapability(mark, 0).weakness!;
    const list = textOf(await vscode.lm.invokeTool('selfImprovement_listWeaknesses', { input: {}, toolInvocationToken: undefined }));
    assert.match(list, new RegExp(`weakness #${w.id}`));
    const [exp] = e.generateExperiments(w.id, 1);
    const rel = `${path.basename(repo)}/mark.js`;
    const body = fs.readFileSync(path.join(repo, 'mark.js'), 'utf8');
    const patch = `diff --git a/${rel} b/${rel}\n--- a/${rel}\n+++ b/${rel}\n@@ -1 +1 @@\n-${body}\n+${body} // changed\n`;
    await assert.rejects(Promise.resolve(tools.selfImprovement_runExperiment!.invoke({ input: { experimentId: exp!.id, patch, maxSamplesPerArm: 6 }, toolInvocationToken: undefined }, noToken)),
      (err: Error) => /run_experiment failed: .*(not trusted|untrusted)/i.test(err.message));
    assert.equal(spawned(), false, 'no probe ran');
    assert.notEqual((await engine()).getExperiment(exp!.id).status, 'completed');
  });

  it('the MCP server VS Code is offered runs untrusted: run_experiment refused with the reason, reads answer', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await vscode.commands.executeCommand('workbench.mcp.startServer', `${ext.id}/Self-Improvement Engine`, { autoTrustChanges: true });
    const find = (suffix: string): string | undefined => vscode.lm.tools.find((t) => t.name.startsWith('mcp_') && t.name.endsWith(suffix))?.name;
    const listName = await waitFor('the MCP tools in lm.tools', () => find('list_weaknesses'), 30_000);
    await (await testing()).host.flush();
    assert.match(textOf(await vscode.lm.invokeTool(listName, { input: {}, toolInvocationToken: undefined })), /weakness #\d+/);
    const e = await engine();
    const w = e.identifyWeakness({ name: unique('mcp-untrusted'), type: 'reliability', severity: 'low', description: '', impact: 0.3, direction: 'lower' });
    const [exp] = e.generateExperiments(w.id, 1);
    await (await testing()).host.flush();
    const refused = await Promise.resolve(vscode.lm.invokeTool(find('run_experiment')!, { input: { experimentId: exp!.id, patch: 'diff --git a/x b/x\n' }, toolInvocationToken: undefined }))
      .then(textOf, (err: Error) => err.message);
    assert.match(refused, /started without --trusted/);
    assert.equal(spawned(), false);
  });
});
