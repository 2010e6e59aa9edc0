import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CodeImprovement } from '../../engine/types';
import type { ReviewAllResult } from '../../vscode/commands/changeSetCommands';
import { CommandId } from '../../vscode/commands/commandTable';
import { PROPOSAL_SCHEME } from '../../vscode/ids';
import { isChangeSet, type ChangeSet } from '../../vscode/trees/changeSet';
import { allTabs, engine, iconId, readDisk, run, testing, tooltipText, unique, waitFor, writeDisk } from './helpers';

/** Any tab showing one of our proposals: a multi-file diff (its input type is not in the stable API) or a plain diff. */
const proposalTabs = (ids: number[]): vscode.Tab[] => allTabs().filter((t) =>
  t.input instanceof vscode.TabInputTextDiff
    ? t.input.modified.scheme === PROPOSAL_SCHEME && ids.some((id) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.query.includes(`id=${id}&`))
    : /Experiment #\d+/.test(t.label));

describe('change sets: an experiment that changes several files', () => {
  const dir = unique('changeset');
  const files = [`${dir}/a.js`, `${dir}/b.js`];
  const initial = ['const a = 1;\n', 'const b = 2;\n'];
  const proposedText = ['const a = 10;\n', 'const b = 20;\n'];
  let experimentId: number;
  let capabilityName: string;
  let proposals: CodeImprovement[];
  let set: ChangeSet;

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (let k = 0; k < files.length; k++) await writeDisk(files[k], initial[k]);
    const e = await engine();
    const capability = e.registerCapability({ name: unique('changeset-speed'), type: 'performance', baseline: 10, target: 5, direction: 'lower' });
    capabilityName = capability.name;
    experimentId = e.createExperiment({ capabilityName, name: 'Tune constants' }).id;
    proposals = [];
    for (let k = 0; k < files.length; k++) {
      proposals.push(await e.proposeForReview({ name: `Tune constants: ${files[k]}`, filePath: files[k], newCode: proposedText[k], experimentId, proposedBy: 'experiment' }));
    }
  });

  it('the Improvements tree shows the set as one parent with one child per file', async () => {
    const t = await testing();
    await t.refresh();
    const top = await t.trees.improvements.getChildren();
    assert.ok(!top.some((n) => !isChangeSet(n) && proposals.some((p) => p.id === n.id)), 'the files must not also be top-level rows');
    const found = top.find((n): n is ChangeSet => isChangeSet(n) && n.experimentId === experimentId);
    assert.ok(found, 'no change set node');
    set = found;
    const item = t.trees.improvements.getTreeItem(set);
    assert.equal(item.label, `Experiment #${experimentId}: Tune constants — 2 files`);
    assert.equal(item.contextValue, 'changeSet:pending');
    assert.equal(item.description, '2 pending');
    assert.equal(iconId(item), 'diff-multiple');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.match(tooltipText(t.trees.improvements.resolveTreeItem(item, set)), /a\.js[\s\S]*b\.js/);
    const children = await t.trees.improvements.getChildren(set);
    assert.deepEqual(children.map((c) => c.id), proposals.map((p) => p.id));
    for (const child of children) {
      const childItem = t.trees.improvements.getTreeItem(child);
      assert.equal(childItem.contextValue, 'improvement:pending', 'children keep the improvement contextValue (their inline actions)');
      assert.equal(t.trees.improvements.getParent(child), set);
    }
  });

  it('Review All Files opens the files together (multi-file diff where the host has it)', async () => {
    const hasChanges = (await vscode.commands.getCommands(true)).includes('vscode.changes');
    const result = (await run<ReviewAllResult>(CommandId.ReviewAllFiles, set))!;
    assert.ok(result, 'no result');
    assert.equal(result.mode, hasChanges ? 'multiDiff' : 'diffs');
    assert.deepEqual(result.files, files);
    await waitFor('a review tab', () => proposalTabs(proposals.map((p) => p.id)).length > 0);
    if (hasChanges) {
      await waitFor('the multi-diff tab', () => allTabs().some((t) => t.label.includes(`Experiment #${experimentId}`)));
    }
  });

  it('Approve All Files applies every file of the set', async () => {
    const t = await testing();
    const results = (await run<CodeImprovement[]>(CommandId.ApproveAllFiles, set))!;
    assert.deepEqual(results.map((r) => r.status), ['applied', 'applied']);
    assert.equal(await readDisk(files[0]), proposedText[0]);
    assert.equal(await readDisk(files[1]), proposedText[1]);
    await t.refresh();
    const node = (await t.trees.improvements.getChildren()).find((n): n is ChangeSet => isChangeSet(n) && n.experimentId === experimentId)!;
    const item = t.trees.improvements.getTreeItem(node);
    assert.equal(item.contextValue, 'changeSet:done');
    assert.equal(item.description, '2 applied');
  });

  it('Reject All Files rejects every pending file of a set and leaves the files as they are', async () => {
    const e = await engine();
    const second = e.createExperiment({ capabilityName, name: 'Second pass' });
    const p1 = await e.proposeForReview({ name: 'p1', filePath: files[0], newCode: 'const a = 100;\n', experimentId: second.id, proposedBy: 'experiment' });
    const p2 = await e.proposeForReview({ name: 'p2', filePath: files[1], newCode: 'const b = 200;\n', experimentId: second.id, proposedBy: 'experiment' });
    const rejected = (await run<CodeImprovement[]>(CommandId.RejectAllFiles, second.id, 'superseded'))!;
    assert.deepEqual(rejected.map((r) => [r.id, r.status]), [[p1.id, 'rejected'], [p2.id, 'rejected']]);
    assert.equal(await readDisk(files[0]), proposedText[0]);
    assert.equal(await readDisk(files[1]), proposedText[1]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
