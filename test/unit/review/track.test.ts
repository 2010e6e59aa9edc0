import assert from 'node:assert/strict';
import {
  adjacentHunk, applyDocumentChange, applyDocumentChanges, hunkAtLine, openHunks, applyHunks, applyTextChange, approveHunk, checkHunk, documentText, HunkMismatchError,
  rejectHunk, reopenHunk, resyncDocument, startReview, type DocumentChange, type ReviewState,
} from '../../../src/engine/review';
import { InvalidStateError } from '../../../src/engine/errors';
import { deletionsAtEdges, edgesNoFinalNewline, fixtures, inverseChange, threeHunks } from './helpers';

// threeHunks, original lines: 0 import a · 1 import b · 2 "" · 3 function f() { · 4   return 1; · 5 } · 6 "" · 7 export { f }; · 8 ""
// hunk 0 inserts "import c" before line 2; hunk 1 replaces line 4 with two lines; hunk 2 deletes line 7.

const at = (line: number, character: number, text: string, endLine = line, endCharacter = character): DocumentChange =>
  ({ startLine: line, startCharacter: character, endLine, endCharacter, text });

const view = (s: ReviewState) => s.hunks.map((h) => `${h.status}@${h.line}+${h.length}`);

/** Applies a change to both the text and the state, as the adapter does. */
function edit(doc: { text: string; state: ReviewState }, change: DocumentChange): void {
  doc.text = applyTextChange(doc.text, change);
  doc.state = applyDocumentChange(doc.state, change);
}

function open(f = threeHunks) {
  return { text: f.original, state: startReview(f.original, f.proposed, f.original) };
}

describe('review/tracking: edits above, below and over hunks', () => {
  it('starts with every hunk pending at its original line', () => {
    const { state } = open();
    assert.deepEqual(view(state), ['pending@2+0', 'pending@4+1', 'pending@7+1']);
    assert.equal(documentText(state), threeHunks.original);
  });

  it('shifts hunks below an edit by its line delta, and they still read as proposed-against', () => {
    const doc = open();
    edit(doc, at(0, 0, '// header\n// more\n'));
    assert.deepEqual(view(doc.state), ['pending@4+0', 'pending@6+1', 'pending@9+1']);
    edit(doc, at(0, 0, '', 1, 0)); // delete the first line
    assert.deepEqual(view(doc.state), ['pending@3+0', 'pending@5+1', 'pending@8+1']);
    edit(doc, at(4, 14, '\n  // note')); // Enter at the end of "function f() {", above hunk 1
    assert.deepEqual(view(doc.state), ['pending@3+0', 'pending@6+1', 'pending@9+1']);
    const lines = doc.text.split('\n');
    for (const h of doc.state.hunks) assert.ok(checkHunk(lines, h), `hunk ${h.index} reads as proposed-against at ${h.line}`);
    assert.equal(documentText(doc.state), doc.text);
  });

  it('shifts a hunk when a whole line is inserted right at its first line', () => {
    const doc = open();
    edit(doc, at(4, 0, '  // comment\n'));
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@5+1', 'pending@8+1']);
  });

  it('does not shift anything for an edit inside a line above', () => {
    const doc = open();
    edit(doc, at(3, 9, 'oo')); // function foo() {
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@4+1', 'pending@7+1']);
  });

  it('leaves hunks alone for edits below them', () => {
    const doc = open();
    edit(doc, at(8, 0, 'export default f;\n'));
    edit(doc, at(5, 1, ' // end of f')); // line 5 is below hunk 1 and above hunk 2
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@4+1', 'pending@7+1']);
  });

  it('keeps a hunk pending when Enter is pressed at the end of its last line (a new line below it)', () => {
    const doc = open();
    edit(doc, at(4, 11, '\n'));
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@4+1', 'pending@8+1']);
  });

  it('makes a hunk stale when an edit overlaps its lines, and only that hunk', () => {
    const doc = open();
    edit(doc, at(4, 9, '42', 4, 10)); // return 42;
    assert.deepEqual(view(doc.state), ['pending@2+0', 'stale@4+1', 'pending@7+1']);
    assert.equal(doc.state.hunks[1]!.staleFrom, 'pending');
  });

  it('makes a hunk stale when an edit from above runs into it, and shifts the ones below', () => {
    const doc = open();
    edit(doc, at(3, 5, '', 4, 4)); // joins "funct" with "eturn 1;"
    assert.deepEqual(view(doc.state).map((v) => v.split('@')[0]), ['pending', 'stale', 'pending']);
    assert.equal(doc.state.hunks[2]!.line, 6);
    assert.ok(checkHunk(doc.text.split('\n'), doc.state.hunks[2]!));
  });

  it('makes a pure insertion stale when an edit touches its insertion point or the lines anchoring it', () => {
    for (const change of [at(2, 0, '// x\n'), at(1, 8, 'b'), at(2, 0, 'x'), at(1, 0, '', 2, 0)]) {
      const doc = open();
      edit(doc, change);
      assert.equal(doc.state.hunks[0]!.status, 'stale', JSON.stringify(change));
      assert.equal(doc.state.hunks[1]!.status, 'pending', JSON.stringify(change));
    }
  });

  it('leaves a pure insertion pending for edits a line away from its anchors', () => {
    const doc = open();
    edit(doc, at(0, 8, 's'));
    edit(doc, at(3, 0, '// f\n'));
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@5+1', 'pending@8+1']);
  });

  it('brings a stale hunk back to pending when the person undoes their edit', () => {
    const doc = open();
    const change = at(4, 9, '42', 4, 10);
    const before = doc.text;
    edit(doc, change);
    assert.equal(doc.state.hunks[1]!.status, 'stale');
    edit(doc, inverseChange(before, change));
    assert.equal(doc.text, before);
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@4+1', 'pending@7+1']);
  });

  it('finds a hunk again after an edit across its edge is undone (pending, and approved)', () => {
    const doc = open();
    const change = at(3, 5, '', 4, 4);
    const before = doc.text;
    edit(doc, change);
    assert.equal(doc.state.hunks[1]!.status, 'stale');
    edit(doc, inverseChange(before, change));
    assert.deepEqual(view(doc.state), ['pending@2+0', 'pending@4+1', 'pending@7+1']);

    const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[1]!.id);
    doc.state = state;
    edit(doc, e);
    const applied = doc.text;
    const across = at(3, 0, 'function g() {\n', 5, 0); // rewrites lines 3–4 and the first applied line
    edit(doc, across);
    edit(doc, inverseChange(applied, across));
    assert.equal(doc.text, applied);
    assert.deepEqual(view(doc.state), ['pending@2+0', 'approved@4+2', 'pending@8+1']);
  });

  it('does not keep an approved insertion approved once its lines are deleted by hand', () => {
    const approved = () => {
      const doc = open();
      const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[0]!.id);
      doc.state = state;
      edit(doc, e); // line 2 is now "import c"
      return doc;
    };
    const alone = approved();
    edit(alone, at(1, 8, '', 2, 8)); // deletes just the inserted line: same as undoing it
    assert.equal(alone.state.hunks[0]!.status, 'reverted');
    const withAnchor = approved();
    edit(withAnchor, at(1, 0, '', 3, 0)); // deletes it with the line it was anchored to
    assert.equal(withAnchor.state.hunks[0]!.status, 'stale');
    assert.equal(withAnchor.state.hunks[0]!.staleFrom, 'reverted');
  });

  it('tracks several changes of one event in order (multi-cursor, bottom-up as VS Code sends them)', () => {
    const doc = open();
    const changes = [at(8, 0, '// tail\n'), at(4, 2, '// '), at(0, 0, '// head\n')];
    doc.state = applyDocumentChanges(doc.state, changes);
    doc.text = changes.reduce(applyTextChange, doc.text);
    assert.deepEqual(view(doc.state), ['pending@3+0', 'stale@5+1', 'pending@8+1']);
    assert.equal(documentText(doc.state), doc.text);
  });

  it('refuses a change that does not fit the tracked document (so the adapter resyncs)', () => {
    const { state } = open();
    assert.throws(() => applyDocumentChange(state, at(40, 0, 'x')), /resynchronise/);
    assert.throws(() => applyDocumentChange(state, at(0, 99, 'x')), RangeError);
  });
});

describe('review/tracking: approve, reject, undo and redo', () => {
  it('approves one hunk as one edit: the region moves onto the added lines and later hunks shift', () => {
    const doc = open();
    const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[1]!.id);
    doc.state = state;
    edit(doc, e);
    assert.deepEqual(view(doc.state), ['pending@2+0', 'approved@4+2', 'pending@8+1']);
    assert.equal(doc.text, applyHunks(threeHunks.original, [doc.state.hunks[1]!]));
  });

  it('rejects without touching the document', () => {
    const doc = open();
    const state = rejectHunk(doc.state, doc.state.hunks[0]!.id);
    assert.deepEqual(view(state), ['rejected@2+0', 'pending@4+1', 'pending@7+1']);
    assert.deepEqual(state.lines, doc.state.lines);
    assert.deepEqual(view(reopenHunk(state, state.hunks[0]!.id)), view(doc.state));
  });

  it('refuses to approve a stale, rejected or approved hunk, and a hunk whose lines were edited', () => {
    const doc = open();
    edit(doc, at(4, 9, '42', 4, 10));
    assert.throws(() => approveHunk(doc.state, doc.state.hunks[1]!.id), InvalidStateError);
    const rejected = rejectHunk(doc.state, doc.state.hunks[0]!.id);
    assert.throws(() => approveHunk(rejected, rejected.hunks[0]!.id), InvalidStateError);
    assert.throws(() => approveHunk(doc.state, 'nope'), InvalidStateError);
    // A state that missed the edit (the lines say otherwise) still refuses.
    const forged: ReviewState = { ...doc.state, hunks: doc.state.hunks.map((h) => ({ ...h, status: 'pending' as const })) };
    assert.throws(() => approveHunk(forged, forged.hunks[1]!.id), HunkMismatchError);
  });

  it('reopens an approval whose edit never landed', () => {
    const doc = open();
    const { state } = approveHunk(doc.state, doc.state.hunks[2]!.id);
    assert.deepEqual(view(reopenHunk(state, state.hunks[2]!.id)), view(doc.state));
    // …but not an approval that is applied.
    const applied = applyDocumentChange(state, approveHunk(doc.state, doc.state.hunks[2]!.id).edit);
    assert.throws(() => reopenHunk(applied, applied.hunks[2]!.id), /applied/);
  });

  for (const f of fixtures) {
    it(`undo of an approved hunk makes it reverted and restores the text; redo approves it again (${f.name})`, () => {
      const count = startReview(f.original, f.proposed, f.original).hunks.length;
      for (let i = 0; i < count; i++) {
        const doc = open(f);
        const id = doc.state.hunks[i]!.id;
        const start = view(doc.state);
        const { state, edit: e } = approveHunk(doc.state, id);
        doc.state = state;
        const before = doc.text;
        edit(doc, e);
        assert.equal(doc.state.hunks[i]!.status, 'approved', `hunk ${i} approved`);
        const applied = doc.text;
        const undo = inverseChange(before, e);
        edit(doc, undo);
        assert.equal(doc.text, f.original);
        assert.equal(doc.state.hunks[i]!.status, 'reverted', `hunk ${i} reverted by undo`);
        assert.deepEqual(view(doc.state).map((v) => v.replace('reverted', 'pending')), start, `hunk ${i}: positions restored`);
        edit(doc, inverseChange(applied, undo)); // redo: the undo undone
        assert.equal(doc.text, applied);
        assert.equal(doc.state.hunks[i]!.status, 'approved', `hunk ${i} approved again by redo`);
      }
    });
  }

  it('detects undo when the editor reports it as a smaller character range', () => {
    const doc = open();
    const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[1]!.id);
    doc.state = state;
    edit(doc, e); // lines 4–5: "  const x = 2;", "  return x;"
    edit(doc, at(4, 2, 'return 1;', 5, 11));
    assert.equal(doc.text, threeHunks.original);
    assert.deepEqual(view(doc.state), ['pending@2+0', 'reverted@4+1', 'pending@7+1']);
  });

  it('keeps an approved hunk approved when the person edits its applied lines (the decision stands)', () => {
    const doc = open();
    const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[1]!.id);
    doc.state = state;
    edit(doc, e);
    edit(doc, at(5, 11, ' // x'));
    assert.equal(doc.state.hunks[1]!.status, 'approved');
  });

  it('lets a reverted hunk be approved again through approveHunk', () => {
    const doc = open();
    const id = doc.state.hunks[0]!.id;
    let r = approveHunk(doc.state, id);
    doc.state = r.state;
    const before = doc.text;
    edit(doc, r.edit);
    edit(doc, inverseChange(before, r.edit));
    assert.equal(doc.state.hunks[0]!.status, 'reverted');
    r = approveHunk(doc.state, id);
    doc.state = r.state;
    edit(doc, r.edit);
    assert.deepEqual(view(doc.state), ['approved@2+1', 'pending@5+1', 'pending@8+1']);
  });
});

describe('review/navigation helpers', () => {
  it('lists open hunks, finds the one at a line, and steps to the next and previous, wrapping around', () => {
    let { state } = open();
    state = rejectHunk(state, state.hunks[1]!.id);
    assert.deepEqual(openHunks(state).map((h) => h.index), [0, 2]);
    assert.equal(hunkAtLine(state, 7)?.index, 2);
    assert.equal(hunkAtLine(state, 2)?.index, 0); // an insertion counts for the line it goes before
    assert.equal(hunkAtLine(state, 4), undefined); // rejected: nothing to act on
    assert.equal(adjacentHunk(state, 2, 'next')?.index, 2);
    assert.equal(adjacentHunk(state, 7, 'next')?.index, 0);
    assert.equal(adjacentHunk(state, 7, 'previous')?.index, 0);
    assert.equal(adjacentHunk(state, 0, 'previous')?.index, 2);
    for (const h of openHunks(state)) state = rejectHunk(state, h.id);
    assert.equal(adjacentHunk(state, 0, 'next'), undefined);
    assert.equal(openHunks(state).length, 0);
  });
});

describe('review/tracking: opening and resync', () => {
  it('restores earlier decisions: approved hunks found applied in the document', () => {
    const hunks = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original).hunks;
    const text = applyHunks(threeHunks.original, [hunks[0]!]);
    const state = startReview(threeHunks.original, threeHunks.proposed, text, { [hunks[0]!.id]: 'approved', [hunks[2]!.id]: 'rejected' });
    assert.deepEqual(view(state), ['approved@2+1', 'pending@5+1', 'rejected@8+1']);
  });

  it('opens on a document edited since the proposal: moved hunks found, edited ones stale', () => {
    const text = '// licence\n' + threeHunks.original.replace('export { f };', 'export { f, g };');
    const state = startReview(threeHunks.original, threeHunks.proposed, text);
    assert.deepEqual(view(state).map((v) => v.replace(/\+\d+$/, '')), ['pending@3', 'pending@5', 'stale@8']);
  });

  it('re-checks a file changed on disk: shifts, stale hunks, and an approved hunk reverted by someone else', () => {
    const doc = open();
    const { state, edit: e } = approveHunk(doc.state, doc.state.hunks[1]!.id);
    doc.state = state;
    edit(doc, e);
    // Someone else: a line on top, the approved change undone, hunk 3's line edited.
    const onDisk = '#!/usr/bin/env node\n' + threeHunks.original.replace('export { f };', 'export { f as g };');
    const next = resyncDocument(doc.state, onDisk);
    assert.deepEqual(view(next), ['pending@3+0', 'reverted@5+1', 'stale@8+1']);
    assert.equal(documentText(next), onDisk);
  });

  it('keeps CRLF as the document line ending for edits it computes', () => {
    const f = fixtures[1]!;
    const state = startReview(f.original, f.proposed, f.original);
    assert.equal(state.eol, '\r\n');
    assert.equal(approveHunk(state, state.hunks[1]!.id).edit.text, '  const x = 2;\r\n  return x;\r\n');
  });

  it('handles edge hunks at both ends of files without a final newline', () => {
    for (const f of [edgesNoFinalNewline, deletionsAtEdges]) {
      const doc = open(f);
      for (const h of [...doc.state.hunks].reverse()) {
        const { state, edit: e } = approveHunk(doc.state, h.id);
        doc.state = state;
        edit(doc, e);
      }
      assert.equal(doc.text, f.proposed, f.name);
      assert.ok(doc.state.hunks.every((h) => h.status === 'approved'), f.name);
    }
  });
});
