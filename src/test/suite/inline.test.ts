import * as assert from 'assert';
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { CodeImprovement } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, fileUri, readDisk, run, testing, unique, waitFor, writeDisk } from './helpers';

// A file with two far-apart change blocks: line 3 replaced (1 → 1 line), lines 7–9 replaced (3 → 1 line).
const BASE = [
  '// inline review fixture', 'function add(a, b) {', '  return a + b;', '}', '',
  'function mul(a, b) {', '  let r = 0;', '  for (let i = 0; i < b; i++) r += a;', '  return r;', '}', '',
  'module.exports = { add, mul };', '',
].join('\n');
const PROPOSED = BASE.replace('  return a + b;', '  return a + b; // checked').replace('  let r = 0;\n  for (let i = 0; i < b; i++) r += a;\n  return r;', '  return a * b;');
const FIRST_APPLIED = BASE.replace('  return a + b;', '  return a + b; // checked');
const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

interface Lens { line: number; title: string; args: unknown[] }

async function lenses(uri: vscode.Uri): Promise<Lens[]> {
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return (found ?? []).filter((l) => l.command?.command.startsWith('selfImprovement.') || l.command?.command === '')
    .map((l) => ({ line: l.range.start.line, title: l.command!.title, args: l.command!.arguments ?? [] }));
}

const titlesAt = (ls: Lens[], line: number): string[] => ls.filter((l) => l.line === line).map((l) => l.title);

/** A fresh file with BASE and a pending proposal on it, open in the first editor group. */
async function setup(): Promise<{ rel: string; uri: vscode.Uri; imp: CodeImprovement; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const t = await testing();
  const rel = `src/${unique('inline')}.js`;
  await writeDisk(rel, BASE);
  const e = await engine();
  const imp = await e.applyImprovement({ name: 'Tidy add and mul', filePath: rel, newCode: PROPOSED });
  const uri = fileUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  await t.inline.settle();
  await waitFor('the review to start', () => t.inline.openHunks(uri).length === 2);
  return { rel, uri, imp, doc, editor };
}

async function decisions(id: number): Promise<string[]> {
  return (await engine()).getHunks(id).map((h) => h.decision ?? 'undecided');
}

describe('inline review: decide a proposal hunk by hunk in the file', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('previews both hunks without touching the buffer: lenses, decorations, hover as a diff', async () => {
    const t = await testing();
    const { uri, doc, editor, imp } = await setup();
    assert.equal(doc.getText(), BASE, 'the buffer is untouched');
    assert.equal(doc.isDirty, false);
    const ls = await waitFor('lenses', async () => { const l = await lenses(uri); return l.length >= 9 ? l : undefined; });
    assert.deepEqual(titlesAt(ls, 0), [`Proposal #${imp.id} “Tidy add and mul”: 2 undecided`, 'Approve All', 'Reject All']);
    assert.deepEqual(titlesAt(ls, 2), ['Approve', 'Reject', 'Diff']);
    assert.deepEqual(titlesAt(ls, 6), ['Approve', 'Reject', 'Diff']);
    const drawn = await waitFor('decorations', () => t.inline.drawnOn(editor));
    assert.equal(drawn.regions, 2);
    assert.deepEqual(drawn.notes.map((n) => n.trim()), ['→ 1 line proposed', '→ 1 line proposed']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(7, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Replace lines 7–9 \(3 lines\) with 1 line/);
    assert.match(text, /```diff\n@@ -7,3 \+7,1 @@\n- {2}let r = 0;\n- {2}for .*\n- {2}return r;\n\+ {2}return a \* b;\n```/);
  });

  it('approve one hunk and reject the other: one edit, saved, recorded with hashes; lenses gone; focus kept', async () => {
    const { uri, doc, editor, imp, rel } = await setup();
    const [h0, h1] = (await engine()).getHunks(imp.id);
    const tabsBefore = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    assert.equal(await run(CommandId.InlineApproveHunk, uri, imp.id, h0!.id), true);
    assert.equal(doc.getText(), FIRST_APPLIED, 'exactly the first hunk applied');
    assert.equal(doc.isDirty, false, 'a clean document is saved after approval');
    assert.equal(await readDisk(rel), FIRST_APPLIED);
    assert.deepEqual(titlesAt(await lenses(uri), 2), [], 'no lens left on the approved hunk');
    assert.deepEqual(titlesAt(await lenses(uri), 6), ['Approve', 'Reject', 'Diff']);

    assert.equal(await run(CommandId.InlineRejectHunk, uri, imp.id, h1!.id), true);
    assert.equal(doc.getText(), FIRST_APPLIED, 'reject changes nothing');
    assert.equal(await readDisk(rel), FIRST_APPLIED);
    await waitFor('lenses to disappear', async () => ((await lenses(uri)).length === 0 ? true : undefined));
    assert.deepEqual(await decisions(imp.id), ['approved', 'rejected']);
    const e = await engine();
    assert.equal(e.getImprovement(imp.id).status, 'partially_applied');
    const approved = e.getAuditTrail({ entity: 'improvement', entityId: imp.id }).find((a) => a.action === 'hunk_approved')!;
    assert.equal(approved.hashBefore, sha(BASE));
    assert.equal(approved.hashAfter, sha(FIRST_APPLIED));
    assert.equal(vscode.window.activeTextEditor, editor, 'focus stayed in the reviewed editor');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabsBefore, 'no tab opened behind the person');

    // Rollback of the partly applied proposal restores exactly what the approved hunk replaced.
    const rolled = await run<CodeImprovement>(CommandId.RollbackImprovement, imp.id);
    assert.equal(rolled?.status, 'rolled_back');
    assert.equal(await readDisk(rel), BASE);
  });

  it('undo of an approved hunk puts it back to pending (recorded as reverted); redo approves it again', async () => {
    const t = await testing();
    const { uri, doc, imp } = await setup();
    const [h0] = (await engine()).getHunks(imp.id);
    await run(CommandId.InlineApproveHunk, uri, imp.id, h0!.id);
    assert.equal(doc.getText(), FIRST_APPLIED);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => doc.getText() === BASE);
    await t.inline.settle();
    assert.deepEqual(await decisions(imp.id), ['reverted', 'undecided']);
    assert.equal((await engine()).getImprovement(imp.id).status, 'pending');
    assert.deepEqual(titlesAt(await lenses(uri), 2), ['Approve', 'Reject', 'Diff'], 'the hunk is offered again, no ghost');
    await vscode.commands.executeCommand('redo');
    await waitFor('redo', () => doc.getText() === FIRST_APPLIED);
    await t.inline.settle();
    assert.deepEqual(await decisions(imp.id), ['approved', 'undecided']);
    assert.deepEqual(titlesAt(await lenses(uri), 2), []);
    const actions = (await engine()).getAuditTrail({ entity: 'improvement', entityId: imp.id }).map((a) => a.action);
    assert.deepEqual(actions.filter((a) => a.startsWith('hunk_')), ['hunk_approved', 'hunk_reverted', 'hunk_approved']);
  });

  it('an edit above shifts the hunks; an overlapping edit makes one stale (no Approve); user edits are never saved', async () => {
    const { uri, doc, editor, imp, rel } = await setup();
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    let ls = await lenses(uri);
    assert.deepEqual(titlesAt(ls, 4), ['Approve', 'Reject', 'Diff'], 'first hunk moved down 2 lines');
    assert.deepEqual(titlesAt(ls, 8), ['Approve', 'Reject', 'Diff'], 'second hunk moved down 2 lines');
    // Overlap: the person edits a line of the second hunk.
    await editor.edit((b) => b.replace(new vscode.Range(9, 0, 9, doc.lineAt(9).text.length), '  for (let i = 0; i < b; i += 1) r += a;'));
    ls = await lenses(uri);
    assert.deepEqual(titlesAt(ls, 8), ['Edited since proposed', 'Diff', 'Re-propose', 'Reject']);
    const h1 = (await engine()).getHunks(imp.id)[1]!;
    const textBefore = doc.getText();
    assert.equal(await run(CommandId.InlineApproveHunk, uri, imp.id, h1.id), false, 'a stale hunk cannot be approved');
    assert.equal(doc.getText(), textBefore);
    // Approving the intact first hunk in a dirty document applies it but does not save the person's edits.
    const h0 = (await engine()).getHunks(imp.id)[0]!;
    assert.equal(await run(CommandId.InlineApproveHunk, uri, imp.id, h0.id), true);
    assert.equal(doc.lineAt(4).text, '  return a + b; // checked', 'applied where the hunk moved to');
    assert.equal(doc.isDirty, true);
    assert.equal(await readDisk(rel), BASE, 'nothing saved behind the person');
    assert.deepEqual(await decisions(imp.id), ['undecided', 'undecided'], 'not recorded while it is only in the buffer');
    // Re-propose the stale hunk against the lines as they are now: a new proposal, the old hunk rejected.
    const fresh = await run<CodeImprovement>(CommandId.InlineRepropose, uri, imp.id, h1.id);
    assert.ok(fresh && fresh.status === 'pending');
    assert.deepEqual(await decisions(imp.id), ['undecided', 'rejected']);
    const t = await testing();
    await waitFor('the new proposal under review', () => t.inline.openHunks(uri).some((x) => x.session.id === fresh.id) || undefined);
    assert.deepEqual(titlesAt(await lenses(uri), 8), ['Approve', 'Reject', 'Diff']);
    await run(CommandId.InlineRejectAll, uri, fresh.id);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('an approval into a document with unsaved edits is recorded when the person saves, not before', async () => {
    const { uri, doc, editor, imp, rel } = await setup();
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// mine\n'));
    const h0 = (await engine()).getHunks(imp.id)[0]!;
    assert.equal(await run(CommandId.InlineApproveHunk, uri, imp.id, h0.id), true);
    assert.equal(doc.isDirty, true);
    assert.deepEqual(await decisions(imp.id), ['undecided', 'undecided']);
    assert.equal(await doc.save(), true);
    await waitFor('the approval recorded on save', async () => (await decisions(imp.id))[0] === 'approved' || undefined);
    assert.equal(await readDisk(rel), `// mine\n${FIRST_APPLIED}`);
    assert.equal((await engine()).getHunkDecisions(imp.id).at(-1)?.hashAfter, sha(`// mine\n${FIRST_APPLIED}`));
  });

  it('decorations in every editor group showing the file, and back when its tab is shown again', async () => {
    const t = await testing();
    const { uri, doc, editor, imp } = await setup();
    const second = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
    assert.equal(vscode.window.activeTextEditor, editor, 'preserveFocus');
    const both = await waitFor('both editors decorated', () => {
      const a = t.inline.drawnOn(editor);
      const b = t.inline.drawnOn(second);
      return a?.regions === 2 && b?.regions === 2 ? true : undefined;
    });
    assert.ok(both);
    // Approve from the second group: both editors update.
    const [h0] = (await engine()).getHunks(imp.id);
    await run(CommandId.InlineApproveHunk, uri, imp.id, h0!.id);
    assert.equal(t.inline.drawnOn(editor)?.regions, 1);
    assert.equal(t.inline.drawnOn(second)?.regions, 1);
    // Hide the file in group one behind another file, then show it again: a new editor, decorated again.
    const other = fileUri(`src/${unique('other')}.txt`);
    await writeDisk(vscode.workspace.asRelativePath(other), 'other\n');
    await vscode.window.showTextDocument(other, { viewColumn: vscode.ViewColumn.One });
    const again = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    await waitFor('decorations restored', () => (t.inline.drawnOn(again)?.regions === 1 ? true : undefined));
  });

  it('keyboard commands: next/previous hunk move the cursor, approve/reject act on the hunk at the cursor', async () => {
    const { doc, editor, imp } = await setup();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await run(CommandId.InlineNextHunk), true);
    assert.equal(editor.selection.active.line, 2);
    assert.equal(await run(CommandId.InlineNextHunk), true);
    assert.equal(editor.selection.active.line, 6);
    assert.equal(await run(CommandId.InlinePreviousHunk), true);
    assert.equal(editor.selection.active.line, 2);
    assert.equal(await run(CommandId.InlineRejectHunk), true);
    assert.equal(doc.getText(), BASE);
    editor.selection = new vscode.Selection(7, 0, 7, 0);
    assert.equal(await run(CommandId.InlineApproveHunk), true);
    assert.equal(doc.lineAt(6).text, '  return a * b;');
    assert.deepEqual(await decisions(imp.id), ['rejected', 'approved']);
    assert.equal((await engine()).getImprovement(imp.id).status, 'partially_applied');
  });

  it('Approve All applies every hunk as one undo step; undo takes both back (recorded as reverted)', async () => {
    const t = await testing();
    const { uri, doc, imp, rel } = await setup();
    assert.equal(await run(CommandId.InlineApproveAll, uri, imp.id), true);
    assert.equal(doc.getText(), PROPOSED);
    assert.equal(await readDisk(rel), PROPOSED);
    assert.equal((await engine()).getImprovement(imp.id).status, 'applied');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to restore the whole file', () => doc.getText() === BASE || undefined);
    await t.inline.settle();
    assert.deepEqual(await decisions(imp.id), ['reverted', 'reverted']);
    assert.equal((await engine()).getImprovement(imp.id).status, 'pending');
    assert.equal(t.inline.openHunks(uri).length, 2, 'both offered again');
    await run(CommandId.InlineRejectAll, uri, imp.id);
    assert.equal((await engine()).getImprovement(imp.id).status, 'rejected');
    await waitFor('lenses to disappear', async () => ((await lenses(uri)).length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.files.save');
  });

  it('a file changed on disk by someone else is re-checked: shifted hunks follow, edited ones turn stale', async () => {
    const t = await testing();
    const { uri, doc, rel } = await setup();
    const external = `// added elsewhere\n${BASE.replace('  return a + b;', '  return b + a;')}`;
    await writeDisk(rel, external);
    await waitFor('the editor to reload', () => doc.getText() === external || undefined);
    await t.inline.settle();
    let last: Lens[] = [];
    const ls = await waitFor('lenses re-checked', async () => {
      last = await lenses(uri);
      return last.some((l) => l.title === 'Edited since proposed') && titlesAt(last, 7).length ? last : undefined;
    }).catch((err: Error) => { throw new Error(`${err.message}: ${JSON.stringify(last.map((l) => [l.line, l.title]))}`); });
    // The reload reached the first hunk's line: stale (its region may widen to the reloaded block, lines 1–4).
    const stale = ls.find((l) => l.title === 'Edited since proposed')!;
    assert.ok(stale.line <= 3, `stale lens at ${stale.line}`);
    assert.ok(!ls.some((l) => l.line === stale.line && l.title === 'Approve'), 'no Approve on the stale hunk');
    assert.deepEqual(titlesAt(ls, 7), ['Approve', 'Reject', 'Diff'], 'the intact hunk moved down one line');
    assert.equal(doc.getText(), external, 'nothing written into the reloaded file');
  });
});
