import * as assert from 'assert';
import type { Capability, MeasureResult } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, folder, iconId, messagesSince, readDisk, run, testing, tooltipText, unique, writeDisk } from './helpers';

describe('capability commands and tree', () => {
  const name = unique('latency');
  // Register Capability writes the workspace's config file (the fixture's own): put it back afterwards.
  let original: string;
  before(async () => { original = await readDisk('.vscode/self-improvement.json'); });
  after(async () => { await writeDisk('.vscode/self-improvement.json', original); await (await testing()).measure.watcher.reload(folder().fsPath); });

  it('registers a capability through the multi-step input, re-asking on invalid values, and writes it to the config file', async () => {
    const t = await testing();
    const rejectedBefore = t.ui.rejectedInputs.length;
    // The last step (a probe command) left empty: its values will be recorded by hand; then the notification's answer.
    t.ui.enqueue('bad name!', name, 'performance', 'Lower is better', 'abc', '200', '100', 'ms', '', undefined);
    const cap = await run<Capability>(CommandId.RegisterCapability);
    assert.ok(cap, 'no capability returned');
    assert.equal(cap.name, name);
    assert.equal(cap.direction, 'lower');
    assert.equal(cap.baseline, 200);
    assert.equal(cap.target, 100);
    assert.equal(cap.unit, 'ms');
    assert.deepEqual(t.ui.rejectedInputs.slice(rejectedBefore).map((r) => r.value), ['bad name!', 'abc']);
    assert.equal(t.ui.pendingAnswers(), 0);
    const text = await readDisk('.vscode/self-improvement.json');
    assert.match(text, new RegExp(`"name": "${name}"`), `the config file holds it: ${text}`);
    assert.match(t.ui.shown[t.ui.shown.length - 1]!.message, /Added ".*" to \.vscode\/self-improvement\.json\. It has no probe/);
    assert.deepEqual(t.ui.shown[t.ui.shown.length - 1]!.items, ['Add a Probe…', 'Open Config']);
  });

  it('refuses a duplicate name in the first step and stops on cancel', async () => {
    const t = await testing();
    const before = t.ui.rejectedInputs.length;
    t.ui.enqueue(name, undefined);
    assert.equal(await run(CommandId.RegisterCapability), undefined);
    assert.match(t.ui.rejectedInputs[before].reason, /already exists/);
  });

  it('records a measurement below target: an automatic weakness and a critical icon', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    t.ui.enqueue(name, '190');
    const result = await run<MeasureResult>(CommandId.RecordMeasurement);
    assert.ok(result?.weakness, 'expected an automatic weakness');
    assert.equal(result.weakness.severity, 'critical');
    assert.ok(messagesSince(t, mark).some((m) => m.level === 'warning' && m.message.includes(name)));
    await t.refresh();
    const children = await t.trees.capabilities.getChildren();
    const profile = children.find((c) => c.name === name)!;
    const item = t.trees.capabilities.getTreeItem(profile);
    assert.equal(item.contextValue, 'capability:noProbe', 'no probe: its menu offers Add a Probe…');
    assert.equal(iconId(item), 'error');
    assert.match(String(item.description), /190 \/ 100 ms/);
    assert.equal(item.tooltip, undefined, "tooltips are built on hover");
    const tip = tooltipText(t.trees.capabilities.resolveTreeItem(item, profile));
    for (const word of ['Baseline', 'Last measured', 'Measurements', '200']) assert.ok(tip.includes(word), `tooltip lacks ${word}: ${tip}`);
  });

  it('a measurement on target resolves the weakness and shows a pass icon', async () => {
    const t = await testing();
    const result = await run<MeasureResult>(CommandId.RecordMeasurement, name, 95);
    assert.ok(result?.resolved, 'expected the weakness to be resolved');
    const profile = (await t.trees.capabilities.getChildren()).find((c) => c.name === name)!;
    assert.equal(iconId(t.trees.capabilities.getTreeItem(profile)), 'pass-filled');
    assert.match(String(t.trees.capabilities.getTreeItem(profile).description), /^95 \/ 100 ms/);
  });

  it('registers from an argument object and removes after confirmation', async () => {
    const t = await testing();
    const other = unique('size');
    await run(CommandId.RegisterCapability, { name: other, type: 'efficiency', baseline: 10, target: 5, direction: 'lower', unit: 'MB' });
    t.ui.enqueue('Cancel');
    assert.equal(await run(CommandId.RemoveCapability, other), false);
    assert.ok((await engine()).listCapabilities().some((c) => c.name === other));
    t.ui.enqueue('Remove');
    assert.equal(await run(CommandId.RemoveCapability, { name: other }), true);
    assert.ok(!(await engine()).listCapabilities().some((c) => c.name === other));
    assert.ok(!(await t.trees.capabilities.getChildren()).some((c) => c.name === other));
  });

  it('an unknown capability gives an error message, not an exception', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    assert.equal(await run(CommandId.RecordMeasurement, 'no-such-capability', 1), undefined);
    assert.ok(messagesSince(t, mark).some((m) => m.level === 'error' && /no-such-capability/.test(m.message)));
  });
});
