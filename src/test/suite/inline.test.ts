import * as assert from 'assert';
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { CodeImprovement } from '../../engine/types';
import { REVIEW_SCHEME } from '../../vscode/ids';
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
/** The review view of BASE/PROPOSED: each hunk's proposed lines right under the lines they replace. */
const REVIEW_TEXT = [
  '// inline review fixture', 'function add(a, b) {', '  return a + b;', '  return a + b; // checked', '}', '',
  'function mul(a, b) {', '  let r = 0;', '  for (let i = 0; i < b; i++) r += a;', '  return r;', '  return a * b;', '}', '',
  'module.exports = { add, mul };', '',
].join('\n');
const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

interface Lens { line: number; title: string; args: unknown[] }

async function lenses(uri: vscode.Uri): Promise<Lens[]> {
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return (found ?? []).filter((l) => l.command?.command.startsWith('selfImprovement.') || l.command?.command === '')
    .map((l) => ({ line: l.range.start.line, title: l.command!.title, args: l.command!.arguments ?? [] }));
}

const titlesAt = (ls: Lens[], line: number): string[] => ls.filter((l) => l.line === line).map((l) => l.title);
const KEYS = process.platform === 'darwin' ? { y: '⌘⌥Y', n: '⌘⌥N', next: '⌘⌥]', prev: '⌘⌥[' } : { y: 'Ctrl+Alt+Y', n: 'Ctrl+Alt+N', next: 'Ctrl+Alt+]', prev: 'Ctrl+Alt+[' };
const HUNK_LENSES = (i: number, of: number) => [`Change ${i} of ${of}`, `Approve (${KEYS.y})`, `Reject (${KEYS.n})`, `Next (${KEYS.next})`, `Previous (${KEYS.prev})`];

/** A fresh file with `base` and a pending proposal on it, open in the first editor group. */
async function setup(base = BASE, proposed = PROPOSED, hunks = 2): Promise<{ rel: string; uri: vscode.Uri; imp: CodeImprovement; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const t = await testing();
  const rel = `src/${unique('inline')}.js`;
  await writeDisk(rel, base);
  const e = await engine();
  const imp = await e.applyImprovement({ name: 'Tidy add and mul', filePath: rel, newCode: proposed });
  const uri = fileUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  await t.inline.settle();
  await waitFor('the review to start', () => t.inline.openHunks(uri).length === hunks);
  return { rel, uri, imp, doc, editor };
}

/** Opens the review view the way a person does ("Review Inline") and waits until its rows are drawn. */
async function openReview(imp: CodeImprovement): Promise<vscode.TextEditor> {
  const t = await testing();
  const editor = await run<vscode.TextEditor>(CommandId.ReviewInline, imp.id);
  assert.ok(editor, 'Review Inline returns the review editor');
  assert.equal(editor.document.uri.scheme, REVIEW_SCHEME);
  await waitFor('the review view drawn', () => (t.inline.drawnView(editor)?.added ?? 0) > 0 || undefined);
  return editor;
}

async function decisions(id: number): Promise<string[]> {
  return (await engine()).getHunks(id).map((h) => h.decision ?? 'undecided');
}

describe('inline review: decide a proposal hunk by hunk, its proposed lines on screen', () => {
  // VS Code in the browser saves after a delay by default; these tests check what an unsaved buffer does.
  let autoSave: string | undefined;
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    autoSave = vscode.workspace.getConfiguration('files').inspect<string>('autoSave')?.globalValue;
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the file itself is untouched and points at the review: lenses, marks on the plain editor, hover as a diff', async () => {
    const t = await testing();
    const { uri, doc, editor, imp } = await setup();
    assert.equal(doc.getText(), BASE, 'the buffer is untouched');
    assert.equal(doc.isDirty, false);
    const ls = await waitFor('lenses', async () => { const l = await lenses(uri); return l.length >= 5 ? l : undefined; });
    assert.deepEqual(titlesAt(ls, 0), [`Proposal #${imp.id} “Tidy add and mul”: 2 undecided`, 'Review Inline', 'Diff']);
    assert.deepEqual(titlesAt(ls, 2), ['Proposed (change 1 of 2): Replace line 3 with 1 line — review']);
    assert.deepEqual(titlesAt(ls, 6), ['Proposed (change 2 of 2): Replace lines 7–9 (3 lines) with 1 line — review']);
    assert.ok(!ls.some((l) => /^Approve/.test(l.title)), 'nothing is approved from where the proposed lines are not on screen');
    const drawn = await waitFor('decorations', () => t.inline.drawnOn(editor));
    assert.equal(drawn.regions, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(7, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Replace lines 7–9 \(3 lines\) with 1 line/);
    assert.match(text, /```diff\n@@ -7,3 \+7,1 @@\n- {2}let r = 0;\n- {2}for .*\n- {2}return r;\n\+ {2}return a \* b;\n```/);
  });

  it('Review Inline shows every proposed line under the lines it replaces: read-only, same language, coloured rows, keys on the lenses', async () => {
    const t = await testing();
    const { doc, imp, rel } = await setup();
    const review = await openReview(imp);
    assert.equal(vscode.window.activeTextEditor, review, 'the person asked: the review view has the focus');
    assert.equal(review.document.getText(), REVIEW_TEXT);
    assert.equal(review.document.languageId, 'javascript', 'coloured in the file\'s language');
    assert.deepEqual(t.inline.drawnView(review), { removed: 4, added: 2, stale: 0 });
    assert.equal(review.selection.active.line, 2, 'the cursor on the first change');
    const ls = await lenses(review.document.uri);
    assert.deepEqual(titlesAt(ls, 0), [`Proposal #${imp.id} “Tidy add and mul”: 2 undecided`, 'Approve All', 'Reject All']);
    assert.deepEqual(titlesAt(ls, 2), HUNK_LENSES(1, 2));
    assert.deepEqual(titlesAt(ls, 7), HUNK_LENSES(2, 2));
    // Typing into the view changes nothing anywhere: it is read-only.
    await vscode.commands.executeCommand('type', { text: 'typed into the review' });
    assert.equal(review.document.getText(), REVIEW_TEXT);
    assert.equal(doc.getText(), BASE);
    assert.equal(doc.isDirty, false);
    assert.equal(await readDisk(rel), BASE, 'the file on disk is untouched until approval');
  });

  it('a 12-line proposal: all 12 added lines are in the view, one hunk, nothing in the file yet', async () => {
    const t = await testing();
    const added = Array.from({ length: 12 }, (_, i) => `  const step${i + 1} = values[${i}] * ${i + 1};`);
    const proposed = BASE.replace('  let r = 0;\n', `${added.join('\n')}\n  let r = 0;\n`);
    const { imp, rel } = await setup(BASE, proposed, 1);
    const review = await openReview(imp);
    const lines = review.document.getText().split('\n');
    assert.deepEqual(lines.slice(6, 18), added, 'the 12 proposed lines, in place, before the line they go before');
    assert.deepEqual(t.inline.drawnView(review), { removed: 0, added: 12, stale: 0 });
    assert.equal(await readDisk(rel), BASE);
  });

  it('approve one hunk and reject the other in the view: one edit, saved, recorded with hashes; view and marks follow; focus kept', async () => {
    const t = await testing();
    const { uri, doc, imp, rel } = await setup();
    const review = await openReview(imp);
    const [h0, h1] = (await engine()).getHunks(imp.id);
    const tabsBefore = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    assert.equal(await run(CommandId.InlineApproveHunk, review.document.uri, imp.id, h0!.id), true);
    assert.equal(doc.getText(), FIRST_APPLIED, 'exactly the first hunk applied');
    assert.equal(doc.isDirty, false, 'a clean document is saved after approval');
    assert.equal(await readDisk(rel), FIRST_APPLIED);
    await waitFor('the view to drop the decided hunk', () => (t.inline.drawnView(review)?.added === 1 ? true : undefined));
    assert.equal(review.document.getText(), REVIEW_TEXT.replace('  return a + b;\n  return a + b; // checked', '  return a + b; // checked'));

    assert.equal(await run(CommandId.InlineRejectHunk, review.document.uri, imp.id, h1!.id), true);
    assert.equal(doc.getText(), FIRST_APPLIED, 'reject changes nothing');
    assert.equal(await readDisk(rel), FIRST_APPLIED);
    await waitFor('no colour left once every change is decided', () => (t.inline.drawnView(review)?.removed === 0 && t.inline.drawnView(review)?.added === 0) || undefined);
    assert.equal(review.document.getText(), FIRST_APPLIED, 'the view is the file as it is now');
    assert.deepEqual(await decisions(imp.id), ['approved', 'rejected']);
    const e = await engine();
    assert.equal(e.getImprovement(imp.id).status, 'partially_applied');
    const approved = e.getAuditTrail({ entity: 'improvement', entityId: imp.id }).find((a) => a.action === 'hunk_approved')!;
    assert.equal(approved.hashBefore, sha(BASE));
    assert.equal(approved.hashAfter, sha(FIRST_APPLIED));
    assert.equal(vscode.window.activeTextEditor, review, 'focus stayed in the review view');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabsBefore, 'no tab opened behind the person');
    await waitFor('the file\'s lenses gone', async () => ((await lenses(uri)).length === 0 ? true : undefined));

    // Rollback of the partly applied proposal restores exactly what the approved hunk replaced.
    const rolled = await run<CodeImprovement>(CommandId.RollbackImprovement, imp.id);
    assert.equal(rolled?.status, 'rolled_back');
    assert.equal(await readDisk(rel), BASE);
  });

  it('keyboard path in the view (commands at the cursor): next, previous, approve, reject, undo approval', async () => {
    const t = await testing();
    const { doc, imp, rel } = await setup();
    const review = await openReview(imp);
    review.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await run(CommandId.InlineNextHunk), true);
    assert.equal(review.selection.active.line, 2);
    assert.equal(await run(CommandId.InlineNextHunk), true);
    assert.equal(review.selection.active.line, 7);
    assert.equal(await run(CommandId.InlinePreviousHunk), true);
    assert.equal(review.selection.active.line, 2);
    assert.equal(await run(CommandId.InlineApproveHunk), true, 'the change at the cursor');
    assert.equal(await readDisk(rel), FIRST_APPLIED);
    await waitFor('the view to follow', () => (t.inline.drawnView(review)?.added === 1 ? true : undefined));
    assert.equal(await run(CommandId.InlineUndoApproval), true);
    assert.equal(doc.getText(), BASE);
    await t.inline.settle();
    assert.equal(await readDisk(rel), BASE, 'undo saved the file back');
    assert.deepEqual(await decisions(imp.id), ['reverted', 'undecided']);
    await waitFor('the change offered again', () => (t.inline.drawnView(review)?.added === 2 ? true : undefined));
    assert.equal(review.document.getText(), REVIEW_TEXT);
    review.selection = new vscode.Selection(8, 0, 8, 0); // inside the second change
    assert.equal(await run(CommandId.InlineRejectHunk), true);
    assert.equal(await run(CommandId.InlineUndoApproval), false, 'nothing approved to take back');
    assert.deepEqual(await decisions(imp.id), ['reverted', 'rejected']);
    assert.equal(vscode.window.activeTextEditor, review);
  });

  it('undo in the file of an approved hunk puts it back to pending (recorded as reverted); redo approves it again', async () => {
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
    assert.equal(t.inline.openHunks(uri).length, 2, 'the hunk is offered again, no ghost');
    await vscode.commands.executeCommand('redo');
    await waitFor('redo', () => doc.getText() === FIRST_APPLIED);
    await t.inline.settle();
    assert.deepEqual(await decisions(imp.id), ['approved', 'undecided']);
    assert.equal(t.inline.openHunks(uri).length, 1);
    const actions = (await engine()).getAuditTrail({ entity: 'improvement', entityId: imp.id }).map((a) => a.action);
    assert.deepEqual(actions.filter((a) => a.startsWith('hunk_')), ['hunk_approved', 'hunk_reverted', 'hunk_approved']);
  });

  it('typing in the file while its review is open: hunks shift, an edited one turns stale; the typing never lands in the proposal', async () => {
    const t = await testing();
    const { uri, doc, editor, imp, rel } = await setup();
    const review = await openReview(imp);
    // The person goes back to the file (another editor) and types there.
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.Two });
    await vscode.commands.executeCommand('type', { text: 'let one;\nlet two;\n' });
    assert.equal(doc.lineAt(0).text, 'let one;');
    await waitFor('hunks moved down 2 lines', () => (t.inline.openHunks(uri).map((x) => x.hunk.line).join() === '4,8' ? true : undefined));
    await waitFor('the view follows the file', () => (review.document.getText() === `let one;\nlet two;\n${REVIEW_TEXT}` ? true : undefined))
      .catch((err: Error) => { throw new Error(`${err.message}: ${JSON.stringify(review.document.getText())}`); });
    assert.equal(t.inline.drawnView(review)?.added, 2, 'the proposed lines are the proposal\'s, unchanged');
    assert.equal(await readDisk(rel), BASE, 'nothing saved behind the person');
    // Overlap: the person edits a line of the second hunk.
    const ed2 = vscode.window.activeTextEditor!;
    await ed2.edit((b) => b.replace(new vscode.Range(9, 0, 9, doc.lineAt(9).text.length), '  for (let i = 0; i < b; i += 1) r += a;'));
    const ls = await waitFor('the stale hunk in the view', async () => {
      const l = await lenses(review.document.uri);
      return l.some((x) => x.title === 'Edited since proposed') ? l : undefined;
    });
    assert.ok(!titlesAt(ls, ls.find((l) => l.title === 'Edited since proposed')!.line).some((x) => x.startsWith('Approve')), 'no Approve on a stale hunk');
    const h1 = (await engine()).getHunks(imp.id)[1]!;
    const textBefore = doc.getText();
    assert.equal(await run(CommandId.InlineApproveHunk, review.document.uri, imp.id, h1.id), false, 'a stale hunk cannot be approved');
    assert.equal(doc.getText(), textBefore);
    // Approving the intact first hunk in a dirty document applies it but does not save the person's edits.
    const h0 = (await engine()).getHunks(imp.id)[0]!;
    assert.equal(await run(CommandId.InlineApproveHunk, review.document.uri, imp.id, h0.id), true);
    assert.equal(doc.lineAt(4).text, '  return a + b; // checked', 'applied where the hunk moved to');
    assert.equal(doc.isDirty, true);
    assert.equal(await readDisk(rel), BASE, 'nothing saved behind the person');
    assert.deepEqual(await decisions(imp.id), ['undecided', 'undecided'], 'not recorded while it is only in the buffer');
    // Re-propose the stale hunk against the lines as they are now: a new proposal, the old hunk rejected.
    const fresh = await run<CodeImprovement>(CommandId.InlineRepropose, review.document.uri, imp.id, h1.id);
    assert.ok(fresh && fresh.status === 'pending');
    assert.deepEqual(await decisions(imp.id), ['undecided', 'rejected']);
    await waitFor('the new proposal under review', () => t.inline.openHunks(uri).some((x) => x.session.id === fresh.id) || undefined);
    await run(CommandId.InlineRejectAll, uri, fresh.id);
    await vscode.window.showTextDocument(doc);
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

  it('marks in every plain editor of the file, never on either side of the diff editor, gone once decided', async () => {
    const t = await testing();
    const { uri, doc, editor, imp } = await setup();
    const second = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
    assert.equal(vscode.window.activeTextEditor, editor, 'preserveFocus');
    await waitFor('both editors marked', () => (t.inline.drawnOn(editor)?.regions === 2 && t.inline.drawnOn(second)?.regions === 2 ? true : undefined));
    // The same proposal in the native diff editor, in group two: its left side is this file.
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Two });
    await run(CommandId.ReviewImprovement, imp.id);
    const diffSide = await waitFor('the diff\'s original side', () => vscode.window.visibleTextEditors.find((e) => e.document === doc && e.viewColumn === undefined)) // diff sides have no viewColumn
      .catch((err: Error) => { throw new Error(`${err.message}: ${JSON.stringify(vscode.window.visibleTextEditors.map((e) => [e.document.uri.toString(), e.viewColumn]))}`); });
    await t.inline.settle();
    await waitFor('no marks on the diff\'s original side', () => ((t.inline.drawnOn(diffSide)?.regions ?? 0) === 0 ? true : undefined));
    assert.equal(t.inline.drawnOn(diffSide)?.notes.length ?? 0, 0, 'no after-text there either');
    assert.equal(t.inline.drawnOn(editor)?.regions, 2, 'the plain editor in group one keeps its marks');
    // Decide both from elsewhere: the marks go at once.
    const [h0, h1] = (await engine()).getHunks(imp.id);
    await run(CommandId.InlineApproveHunk, uri, imp.id, h0!.id);
    assert.equal(t.inline.drawnOn(editor)?.regions, 1);
    await run(CommandId.InlineRejectHunk, uri, imp.id, h1!.id);
    assert.equal(t.inline.drawnOn(editor)?.regions, 0, 'nothing pending: nothing drawn');
    assert.equal(t.inline.drawnOn(editor)?.notes.length, 0);
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
      return last.some((l) => l.title.startsWith('Edited since proposed')) && titlesAt(last, 7).length ? last : undefined;
    }).catch((err: Error) => { throw new Error(`${err.message}: ${JSON.stringify(last.map((l) => [l.line, l.title]))}`); });
    // The reload reached the first hunk's line: stale (its region may widen to the reloaded block, lines 1–4).
    const stale = ls.find((l) => l.title.startsWith('Edited since proposed'))!;
    assert.ok(stale.line <= 3, `stale lens at ${stale.line}`);
    assert.deepEqual(titlesAt(ls, 7), ['Proposed (change 2 of 2): Replace lines 8–10 (3 lines) with 1 line — review'], 'the intact hunk moved down one line');
    assert.equal(doc.getText(), external, 'nothing written into the reloaded file');
  });
});
