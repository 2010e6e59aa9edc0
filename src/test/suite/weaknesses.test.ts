import * as assert from 'assert';
import type { Weakness } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, iconId, run, testing, tooltipText, unique } from './helpers';

describe('weakness commands, tree and badge', () => {
  const name = unique('flaky-login');
  let created: Weakness;

  it('identifies a weakness through prompts (impact validated, capability optional)', async () => {
    const t = await testing();
    const before = t.ui.rejectedInputs.length;
    t.ui.enqueue(name, 'reliability', 'high', 'Login test fails one run in ten', '1.5', '0.7', '(no capability)');
    created = (await run<Weakness>(CommandId.IdentifyWeakness))!;
    assert.ok(created, 'no weakness returned');
    assert.equal(created.severity, 'high');
    assert.equal(created.impact, 0.7);
    assert.equal(created.capabilityName, null);
    assert.equal(t.ui.rejectedInputs[before]?.value, '1.5');
  });

  it('analyze lists open weaknesses by priority and the tree, badge and icons agree', async () => {
    const t = await testing();
    const open = (await run<Weakness[]>(CommandId.AnalyzeWeaknesses))!;
    assert.ok(open.some((w) => w.id === created.id));
    for (let i = 1; i < open.length; i++) assert.ok(open[i - 1].priority >= open[i].priority, 'not sorted by priority');
    await t.refresh();
    const items = await t.trees.weaknesses.getChildren();
    const openInTree = items.filter((w) => w.status === 'open');
    assert.deepEqual(openInTree.map((w) => w.id).sort(), open.map((w) => w.id).sort());
    assert.equal(t.views.weaknesses.badge?.value, open.length);
    const item = t.trees.weaknesses.getTreeItem(items.find((w) => w.id === created.id)!);
    assert.equal(item.contextValue, 'weakness:open');
    assert.equal(iconId(item), 'warning');
    assert.match(String(item.description), /high · impact 0\.7/);
    assert.match(tooltipText(t.trees.weaknesses.resolveTreeItem(item, created)), /Login test fails/);
  });

  it('resolves from a tree element, then deletes after confirmation', async () => {
    const t = await testing();
    const resolved = (await run<Weakness>(CommandId.ResolveWeakness, created))!;
    assert.equal(resolved.status, 'resolved');
    await t.refresh();
    const item = t.trees.weaknesses.getTreeItem((await t.trees.weaknesses.getChildren()).find((w) => w.id === created.id)!);
    assert.equal(item.contextValue, 'weakness:resolved');
    assert.equal(iconId(item), 'pass-filled');
    const open = (await engine()).listWeaknesses({ status: 'open' }).length;
    assert.equal(t.views.weaknesses.badge?.value, open || undefined);
    t.ui.enqueue('Delete');
    assert.equal(await run(CommandId.DeleteWeakness, created.id), true);
    assert.ok(!(await engine()).listWeaknesses({ status: 'all' }).some((w) => w.id === created.id));
  });
});
