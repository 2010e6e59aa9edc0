import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { SelfImprovementAPI, SelfImprovementExtensionExports, ChangeEvent } from '../../../api/self-improvement';
import type { Exports } from '../../extension';
import { EXTENSION_ID, engine, readDisk, testing, unique, waitFor, writeDisk } from './helpers';

const TOOL_IDS = ['selfImprovement_listWeaknesses', 'selfImprovement_capabilityHistory', 'selfImprovement_generateExperiments', 'selfImprovement_runExperiment', 'selfImprovement_proposeImprovement'];
const HUMAN_ONLY = /approve|apply|reject|rollback|autoImprove|delete|resolve/i;

async function exportsOf(): Promise<Exports> {
  await testing();
  return vscode.extensions.getExtension<Exports>(EXTENSION_ID)!.exports;
}
const textOf = (r: vscode.LanguageModelToolResult | null | undefined): string =>
  (r?.content ?? []).map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
const noToken = new vscode.CancellationTokenSource().token;

describe('agents: exported API, language-model tools, MCP definition', () => {
  let api: SelfImprovementAPI;
  let cap: string;
  let weaknessId: number;

  before(async () => {
    api = (await exportsOf()).getAPI(1);
    cap = unique('agent-latency');
    (await engine()).registerCapability({ name: cap, type: 'efficiency', direction: 'lower', baseline: 100, target: 50, unit: 'ms' });
  });

  it('getAPI(1) is frozen and has no method that approves, applies, rejects, rolls back or sets autoImprove; other versions fail clearly', async () => {
    const ex: SelfImprovementExtensionExports = await exportsOf();
    assert.equal(api.version, 1);
    assert.ok(Object.isFrozen(api));
    assert.deepEqual(Object.keys(api).filter((k) => HUMAN_ONLY.test(k)), []);
    assert.deepEqual(Object.keys(api).sort(), ['generateExperiments', 'getCapability', 'getExperiment', 'getHistory', 'getImprovement', 'getMeasurements',
      'listCapabilities', 'listExperiments', 'listImprovements', 'listWeaknesses', 'onDidChange', 'proposeImprovement', 'recordMeasurement', 'runExperiment', 'version']);
    assert.throws(() => ex.getAPI(2 as 1), /API version 2 is not available; this extension provides version 1/);
  });

  it('recordMeasurement creates the weakness and fires onDidChange; reads return the published shapes', async () => {
    const events: ChangeEvent[] = [];
    const sub = api.onDidChange((e) => events.push(e));
    try {
      const r = await api.recordMeasurement(cap, 180, { source: 'test' });
      assert.equal(r.capability.current, 180);
      assert.ok(r.weakness, 'a weakness for a capability 260 % off target');
      weaknessId = r.weakness.id;
      assert.equal(r.weakness.severity, 'critical');
      await waitFor('change events', () => events.some((e) => e.kind === 'measurement') && events.some((e) => e.kind === 'weakness') || undefined);
    } finally { sub.dispose(); }
    const c = await api.getCapability(cap);
    assert.equal(c.meetsTarget, false);
    assert.ok(c.gap! > 2);
    assert.ok((await api.listCapabilities()).some((x) => x.name === cap));
    const m = await api.getMeasurements(cap, 5);
    assert.deepEqual(m.map((x) => x.value), [180]);
    assert.deepEqual(m[0]!.context, { source: 'test' });
    const open = await api.listWeaknesses();
    assert.ok(open.some((w) => w.id === weaknessId && w.capabilityName === cap));
    assert.ok(Array.isArray(await api.getHistory(3)));
    assert.equal('originalContent' in ((await api.listImprovements())[0] ?? {}), false, 'internal fields are not exported');
  });

  it('generateExperiments plans them; listExperiments and getExperiment read them', async () => {
    const made = await api.generateExperiments(weaknessId, 2);
    assert.equal(made.length, 2);
    assert.ok(made.every((e) => e.status === 'planned' && e.weaknessId === weaknessId && e.hypothesis.length > 0));
    assert.deepEqual((await api.listExperiments({ weaknessId })).map((e) => e.id).sort(), made.map((e) => e.id).sort());
    assert.equal((await api.getExperiment(made[0]!.id)).name, made[0]!.name);
  });

  it('bad input: each method says what was wrong', async () => {
    await assert.rejects(api.recordMeasurement(cap, Number.NaN), /value must be a finite number/);
    await assert.rejects(api.recordMeasurement('', 1), /name must be a non-empty string/);
    await assert.rejects(api.getExperiment(-1), /id must be an integer from 1/);
    await assert.rejects(api.getMeasurements(cap, 0), /limit must be an integer from 1 to 1000/);
    await assert.rejects(api.listWeaknesses({ status: 'closed' as 'open' }), /"status" must be "open", "resolved" or "all"/);
    await assert.rejects(api.generateExperiments(weaknessId, 99), /"count" must be between 1 and 10/);
    await assert.rejects(api.proposeImprovement({ name: 'x', filePath: '../outside.js', newCode: '' }), /must be relative to the workspace folder and stay inside it/);
    await assert.rejects(api.getCapability('no-such-capability'), /Unknown capability "no-such-capability"/);
    // The fixture declares no capability with a probe: running says so instead of running anything.
    const exp = (await api.listExperiments({ weaknessId }))[0]!;
    await assert.rejects(api.runExperiment(exp.id, 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'), new RegExp(`${cap} is not declared in \\.vscode/self-improvement\\.json`));
    assert.equal((await api.getExperiment(exp.id)).status, 'planned', 'nothing was started');
  });

  it('proposeImprovement stays pending even with autoImprove on in the user settings', async () => {
    const file = `${unique('agent-target')}.txt`;
    await writeDisk(file, 'before\n');
    const config = vscode.workspace.getConfiguration('selfImprovement');
    const t = await testing();
    // The host reopens the engine on this setting; wait until the old one let go of the lock before
    // the next use opens it again (EngineHost.get() during its own close finds the lock busy).
    const reopened = async (auto: boolean): Promise<void> => {
      await waitFor('the old engine closed', () => (t.host.current?.autoImprove === auto ? true : t.host.current === undefined && !fs.existsSync(`${t.host.dbPath}.lock`)) || undefined);
      await waitFor(`the engine with autoImprove=${auto}`, async () => ((await t.host.get()).autoImprove === auto) || undefined);
    };
    await config.update('autoImprove', true, vscode.ConfigurationTarget.Global);
    try {
      await reopened(true);
      const imp = await api.proposeImprovement({ name: 'agent change', filePath: file, oldCode: 'before', newCode: 'after', proposedBy: 'test-agent' });
      assert.equal(imp.status, 'pending');
      assert.equal(imp.proposedBy, 'api:test-agent');
      assert.equal((await api.getImprovement(imp.id)).status, 'pending');
      assert.equal(await readDisk(file), 'before\n');
    } finally {
      await config.update('autoImprove', undefined, vscode.ConfigurationTarget.Global);
      await reopened(false);
    }
  });

  it('the five tools are registered; read tools answer through lm.invokeTool with short structured text', async () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const id of TOOL_IDS) assert.ok(names.includes(id), `${id} in lm.tools`);
    const list = textOf(await vscode.lm.invokeTool('selfImprovement_listWeaknesses', { input: {}, toolInvocationToken: undefined }));
    assert.match(list, new RegExp(`- weakness #${weaknessId} \\[critical, impact 0\\.9, capability ${cap}\\]`));
    const history = textOf(await vscode.lm.invokeTool('selfImprovement_capabilityHistory', { input: { name: cap, limit: 3 }, toolInvocationToken: undefined }));
    assert.match(history, new RegExp(`Capability ${cap} \\(efficiency, lower is better\\): baseline 100 ms, target 50 ms, current 180 ms`));
    assert.match(history, /- experiment #\d+ \[planned/);
    const gen = textOf(await vscode.lm.invokeTool('selfImprovement_generateExperiments', { input: { weaknessId, count: 1 }, toolInvocationToken: undefined }));
    assert.match(gen, new RegExp(`1 experiment planned for weakness #${weaknessId}`));
  });

  it('tool errors say what was wrong with the input', async () => {
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('selfImprovement_capabilityHistory', { input: { name: 'nope' }, toolInvocationToken: undefined })),
      /capability_history failed: Unknown capability "nope"/);
    const tools = (await exportsOf()).testing!.agents.tools;
    await assert.rejects(Promise.resolve(tools.selfImprovement_generateExperiments!.invoke({ input: { weaknessId: 'one' }, toolInvocationToken: undefined }, noToken)),
      /generate_experiments failed: "weaknessId" must be an integer, got "one"/);
    await assert.rejects(Promise.resolve(tools.selfImprovement_proposeImprovement!.invoke({ input: { name: 'x', filePath: 'src/greet.js' }, toolInvocationToken: undefined }, noToken)),
      /propose_improvement failed: "newCode" is required/);
  });

  it('run and propose ask for confirmation with a plain summary; reads do not', async () => {
    const tools = (await exportsOf()).testing!.agents.tools;
    const exp = (await api.listExperiments({ weaknessId, status: 'planned' }))[0]!;
    const patch = 'diff --git a/src/greet.js b/src/greet.js\n--- a/src/greet.js\n+++ b/src/greet.js\n@@ -1 +1 @@\n-a\n+b\n';
    const run = await tools.selfImprovement_runExperiment!.prepareInvocation!({ input: { experimentId: exp.id, patch, maxSamplesPerArm: 8 } }, noToken);
    assert.equal(run?.confirmationMessages?.title, 'Run an A/B experiment?');
    const runText = (run!.confirmationMessages!.message as vscode.MarkdownString).value;
    assert.match(runText, new RegExp(`^Run experiment #${exp.id} "${exp.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": apply the patch \\(src/greet\\.js\\) in a temporary copy`));
    assert.match(runText, /up to 8 times each\. Your files are not changed; a confirmed success becomes a proposal that waits for your approval\./);
    const propose = await tools.selfImprovement_proposeImprovement!.prepareInvocation!({ input: { name: 'Shorter greeting', filePath: 'src/greet.js', oldCode: "  return 'Hello, ' + name;", newCode: '  return `Hi, ${name}`;' } }, noToken);
    assert.equal(propose?.confirmationMessages?.title, 'Propose a code change?');
    assert.equal((propose!.confirmationMessages!.message as vscode.MarkdownString).value,
      'Propose "Shorter greeting" for src/greet.js: replace 1 line with 1. Nothing is written now; the change waits for your approval in the diff editor.');
    const read = await tools.selfImprovement_listWeaknesses!.prepareInvocation!({ input: {} }, noToken);
    assert.equal(read?.confirmationMessages, undefined);
    // Invoked (after a person confirmed), the proposal is pending and the file unchanged.
    const before = await readDisk('src/greet.js');
    const result = textOf(await tools.selfImprovement_proposeImprovement!.invoke({ input: { name: 'Shorter greeting', filePath: 'src/greet.js', oldCode: "  return 'Hello, ' + name;", newCode: '  return `Hi, ${name}`;' }, toolInvocationToken: undefined }, noToken));
    const id = Number(/Proposed improvement #(\d+)/.exec(result)?.[1]);
    assert.match(result, /pending, waiting for a person to approve it in VS Code/);
    assert.equal((await api.getImprovement(id)).proposedBy, 'lm-tool');
    assert.equal(await readDisk('src/greet.js'), before);
    // Leave no pending proposal on a shared fixture file for later suites.
    (await engine()).deleteImprovement(id);
  });

  it('offers the MCP server to VS Code: started from the definition, it reads the same database and refuses writes while this window holds it', async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await vscode.commands.executeCommand('workbench.mcp.startServer', `${ext.id}/Self-Improvement Engine`, { autoTrustChanges: true });
    const find = (suffix: string): string | undefined => vscode.lm.tools.find((t) => t.name.startsWith('mcp_') && t.name.endsWith(suffix))?.name;
    const listName = await waitFor('the MCP tools in lm.tools', () => find('list_weaknesses'), 30_000);
    await (await testing()).host.flush(); // the server reads the file on disk
    const list = textOf(await vscode.lm.invokeTool(listName, { input: {}, toolInvocationToken: undefined }));
    assert.match(list, new RegExp(`weakness #${weaknessId} \\[critical`));
    const gen = find('generate_experiments')!;
    const refused = await Promise.resolve(vscode.lm.invokeTool(gen, { input: { weaknessId }, toolInvocationToken: undefined })).then(textOf, (e: Error) => e.message);
    assert.match(refused, /in use by the Self-Improvement extension or another process/);
    assert.ok(!vscode.lm.tools.some((t) => t.name.startsWith('mcp_') && HUMAN_ONLY.test(t.name.replace(/^mcp_[^_]+_/, ''))), 'no MCP tool approves or applies');
  });

  it('Draft Candidate without any chat model: one clear message, nothing drafted or run', async () => {
    assert.deepEqual(await vscode.lm.selectChatModels(), [], 'this test host has no chat model');
    const t = await testing();
    const exp = (await api.listExperiments({ weaknessId, status: 'planned' }))[0]!;
    const mark = t.ui.shown.length;
    const before = (await api.listExperiments()).length;
    const out = await vscode.commands.executeCommand('selfImprovement.draftCandidate', exp.id);
    assert.equal(out, undefined);
    const shown = t.ui.shown.slice(mark);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!.level, 'warning');
    assert.match(shown[0]!.message, /No chat model is available, so no candidate can be drafted\. .*everything else keeps working/);
    assert.equal((await api.getExperiment(exp.id)).status, 'planned');
    assert.equal((await api.listExperiments()).length, before);
    assert.equal((await engine()).getMetadata(`drafts:experiment:${exp.id}`), null, 'no drafts recorded');
  });
});
