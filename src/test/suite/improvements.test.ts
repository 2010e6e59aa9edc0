import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CodeImprovement } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { PROPOSAL_SCHEME } from '../../vscode/ids';
import { proposalUri } from '../../vscode/proposalContent';
import { allTabs, engine, fileUri, iconId, messagesSince, readDisk, run, testing, unique, waitFor, writeDisk } from './helpers';

const diffTabOf = (id: number): vscode.Tab | undefined => allTabs().find((t) =>
  t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME && t.input.modified.query.includes(`id=${id}&`));

async function openWithSelection(relative: string, text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  const editor = await vscode.window.showTextDocument(doc);
  const start = doc.getText().indexOf(text);
  assert.ok(start >= 0, `${text} not in ${relative}`);
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(start + text.length));
  return editor;
}

describe('improvements: propose, review, approve, reject, roll back', () => {
  const original = 'function double(x) {\n  return x + x;\n}';
  const replacement = 'function double(x) {\n  return 2 * x;\n}';
  let proposal: CodeImprovement;
  let mathBefore: string;

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mathBefore = await readDisk('src/math.js');
  });

  it('proposes the selection with new code; stays pending (workspace autoImprove is ignored) and opens the diff', async () => {
    const t = await testing();
    await openWithSelection('src/math.js', original);
    t.ui.enqueue('Use multiplication');
    proposal = (await run<CodeImprovement>(CommandId.ProposeImprovement, { newCode: replacement }))!;
    assert.ok(proposal, 'no proposal returned');
    assert.equal(proposal.status, 'pending');
    assert.equal(proposal.name, 'Use multiplication');
    assert.equal(proposal.filePath, 'src/math.js');
    assert.equal(proposal.proposedContent, mathBefore.replace(original, replacement));
    assert.equal(await readDisk('src/math.js'), mathBefore, 'a pending proposal must not touch the file');
    const tab = await waitFor('the proposal diff', () => diffTabOf(proposal.id));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), fileUri('src/math.js').toString());
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), proposal.proposedContent);
    assert.match(tab.label, /math\.js ↔ Proposal #\d+: Use multiplication/);
    await t.refresh();
    const item = t.trees.improvements.getTreeItem((await t.trees.improvements.getChildren()).find((i) => i.id === proposal.id)!);
    assert.equal(item.contextValue, 'improvement:pending');
    assert.equal(iconId(item), 'git-pull-request');
    assert.equal(item.command?.command, CommandId.ReviewImprovement);
  });

  it('each proposal has its own URI', () => {
    assert.notEqual(proposalUri({ id: 1, filePath: 'a.js' }).toString(), proposalUri({ id: 2, filePath: 'a.js' }).toString());
    assert.notEqual(proposalUri({ id: 1, filePath: 'a.js' }).toString(), proposalUri({ id: 1, filePath: 'a.js' }, 'original').toString());
  });

  it('approve from the editor title (the proposal URI) writes through the editor, saves and closes the diff', async () => {
    const t = await testing();
    const doc = await vscode.workspace.openTextDocument(fileUri('src/math.js'));
    const applied = (await run<CodeImprovement>(CommandId.ApproveImprovement, proposalUri(proposal)))!;
    assert.equal(applied.status, 'applied');
    assert.equal(await readDisk('src/math.js'), proposal.proposedContent);
    assert.equal(doc.getText(), proposal.proposedContent, 'the open document did not update');
    assert.equal(doc.isDirty, false);
    await waitFor('the diff to close', () => !diffTabOf(proposal.id));
    const actions = (await engine()).getAuditTrail({ entity: 'improvement', entityId: proposal.id }).map((e) => e.action).join(' ');
    assert.match(actions, /propos/);
    assert.match(actions, /appl|approv/);
    await t.refresh();
    const item = t.trees.improvements.getTreeItem((await t.trees.improvements.getChildren()).find((i) => i.id === proposal.id)!);
    assert.equal(item.contextValue, 'improvement:applied');
  });

  it('the change is one undoable edit', async () => {
    const doc = await vscode.workspace.openTextDocument(fileUri('src/math.js'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => doc.getText() === mathBefore);
    await vscode.commands.executeCommand('redo');
    await waitFor('redo', () => doc.getText() === proposal.proposedContent);
    await doc.save();
  });

  it('review of an applied improvement shows what it was against what was proposed', async () => {
    await run(CommandId.ReviewImprovement, proposal);
    const tab = await waitFor('the review diff', () => diffTabOf(proposal.id));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, PROPOSAL_SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), mathBefore);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('rolls back: the file is as it was, the tree says rolled back', async () => {
    const t = await testing();
    const rolledBack = (await run<CodeImprovement>(CommandId.RollbackImprovement, proposal.id))!;
    assert.equal(rolledBack.status, 'rolled_back');
    assert.equal(await readDisk('src/math.js'), mathBefore);
    await t.refresh();
    const item = t.trees.improvements.getTreeItem((await t.trees.improvements.getChildren()).find((i) => i.id === proposal.id)!);
    assert.equal(item.contextValue, 'improvement:rolled_back');
    assert.equal(iconId(item), 'discard');
  });

  it('rejects with a reason; the file stays untouched and the diff closes', async () => {
    const t = await testing();
    await openWithSelection('src/greet.js', "'Hello, ' + name");
    const p = (await run<CodeImprovement>(CommandId.ProposeImprovement, { newCode: '`Hello, ${name}!`', name: 'Template literal' }))!;
    await waitFor('the diff', () => diffTabOf(p.id));
    const before = await readDisk('src/greet.js');
    t.ui.enqueue('Changes the output');
    const rejected = (await run<CodeImprovement>(CommandId.RejectImprovement))!; // no argument: the active diff
    assert.equal(rejected.id, p.id);
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejectedReason, 'Changes the output');
    assert.equal(await readDisk('src/greet.js'), before);
    await waitFor('the diff to close', () => !diffTabOf(p.id));
    t.ui.enqueue('Delete');
    assert.equal(await run(CommandId.DeleteImprovement, p.id), true);
    assert.throws(() => t.host.current!.getImprovement(p.id));
  });

  it('refuses to approve a file changed since the proposal and re-proposes against the current text on request', async () => {
    const t = await testing();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const p = (await run<CodeImprovement>(CommandId.ProposeImprovement, {
      uri: fileUri('src/notes.txt'), oldCode: 'second line', newCode: 'second line, improved', name: unique('notes'),
    }))!;
    assert.equal(p.status, 'pending');
    // Someone edits and saves the file after the proposal was made.
    const doc = await vscode.workspace.openTextDocument(fileUri('src/notes.txt'));
    const changed = doc.getText() + 'a fourth line, added by someone else\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), 'a fourth line, added by someone else\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    assert.equal(await readDisk('src/notes.txt'), changed);
    const mark = t.ui.shown.length;
    t.ui.enqueue('Review Against Current');
    const fresh = (await run<CodeImprovement>(CommandId.ApproveImprovement, p))!;
    const warning = messagesSince(t, mark).find((m) => m.level === 'warning');
    assert.ok(warning && /changed since the proposal/.test(warning.message) && warning.items.includes('Review Against Current'), JSON.stringify(messagesSince(t, mark)));
    assert.equal(await readDisk('src/notes.txt'), changed, 'nothing may be written');
    assert.notEqual(fresh.id, p.id);
    assert.equal(fresh.status, 'pending');
    assert.equal(fresh.originalContent, changed);
    assert.equal(fresh.proposedContent, p.proposedContent);
    assert.equal((await engine()).getImprovement(p.id).status, 'rejected');
    await waitFor('the new diff', () => diffTabOf(fresh.id));
    // Approving the fresh proposal now succeeds.
    assert.equal((await run<CodeImprovement>(CommandId.ApproveImprovement, fresh.id))!.status, 'applied');
    assert.equal(await readDisk('src/notes.txt'), p.proposedContent);
  });

  it('Review Against Current stays pending with autoImprove on: the person asked to review it', async () => {
    const t = await testing();
    const rel = `src/${unique('review-current')}.txt`;
    await writeDisk(rel, 'one\ntwo\n');
    const e = await engine();
    const p = (await run<CodeImprovement>(CommandId.ProposeImprovement, { uri: fileUri(rel), oldCode: 'two', newCode: 'TWO', name: unique('rc') }))!;
    assert.equal(p.status, 'pending');
    // Someone edits and saves the (open) file after the proposal was made.
    const doc = await vscode.workspace.openTextDocument(fileUri(rel));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), 'three\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    assert.equal(await readDisk(rel), 'one\ntwo\nthree\n');
    e.autoImprove = true;
    try {
      t.ui.enqueue('Review Against Current');
      const fresh = (await run<CodeImprovement>(CommandId.ApproveImprovement, p.id))!;
      assert.equal(fresh.status, 'pending');
      assert.equal(await readDisk(rel), 'one\ntwo\nthree\n', 'nothing applied without the diff being reviewed');
      await waitFor('the new diff', () => diffTabOf(fresh.id));
      t.ui.enqueue('');
      assert.equal((await run<CodeImprovement>(CommandId.RejectImprovement, fresh.id))!.status, 'rejected');
    } finally {
      e.autoImprove = false;
      while (t.ui.pendingAnswers()) await t.ui.input({}); // no unused answer leaks into the next test
    }
  });

  it('takes the new code from the clipboard when asked', async () => {
    const t = await testing();
    const clip = "function greet(name) {\n  return 'Hi, ' + name;\n}";
    await vscode.env.clipboard.writeText(clip);
    assert.equal(await vscode.env.clipboard.readText(), clip, 'the clipboard does not hold the text');
    await openWithSelection('src/greet.js', "function greet(name) {\n  return 'Hello, ' + name;\n}");
    t.ui.enqueue('From Clipboard', 'Shorter greeting');
    const p = (await run<CodeImprovement>(CommandId.ProposeImprovement))!;
    assert.ok(p, JSON.stringify(t.ui.shown.slice(-3)));
    assert.ok(p.proposedContent.includes("return 'Hi, ' + name;"));
    t.ui.enqueue('');
    assert.equal((await run<CodeImprovement>(CommandId.RejectImprovement, p))!.status, 'rejected');
  });

  it('proposes a function picked from the document symbols', async function () {
    this.timeout(60_000);
    const t = await testing();
    const doc = await vscode.workspace.openTextDocument(fileUri('src/math.js'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    // The TypeScript server needs a moment before it answers symbol requests.
    await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s && s.length > 0;
    }, 45_000);
    t.ui.enqueue('square');
    const newSquare = 'function square(x) {\n  return x * x;\n}';
    const p = (await run<CodeImprovement>(CommandId.ProposeImprovement, { newCode: newSquare, name: 'Multiply' }))!;
    assert.ok(p, JSON.stringify(t.ui.shown.slice(-3)));
    assert.equal(p.functionName, 'square');
    assert.ok(p.proposedContent.includes('return x * x;') && !p.proposedContent.includes('result += x'));
    assert.ok(p.proposedContent.includes('return x + x;'), 'the rest of the file must stay');
    t.ui.enqueue('');
    assert.equal((await run<CodeImprovement>(CommandId.RejectImprovement, p))!.status, 'rejected');
  });
});
