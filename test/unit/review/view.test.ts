import assert from 'node:assert/strict';
import {
  adjacentViewHunk, applyDocumentChange, applyTextChange, approveHunk, docLineOfRow, documentText, hunkAtRow, rejectHunk, reviewView,
  rowOfDocLine, startReview, unapproveEdit, type ReviewState,
} from '../../../src/engine/review';
import { InvalidStateError } from '../../../src/engine/errors';
import { ErrorCode, hasErrorCode } from '../../../src/engine/errorCodes';
import { crlf, deletionsAtEdges, edgesNoFinalNewline, threeHunks } from './helpers';

// threeHunks, original lines: 0 import a · 1 import b · 2 "" · 3 function f() { · 4   return 1; · 5 } · 6 "" · 7 export { f }; · 8 ""
// hunk 0 inserts "import c" before line 2; hunk 1 replaces line 4 with two lines; hunk 2 deletes line 7.
const kinds = (s: ReviewState) => reviewView(s).rows.map((r) => r.kind[0]).join('');

describe('review/view: the document with every undecided hunk\'s proposed lines under the lines they replace', () => {
  it('interleaves removed and added lines per hunk, in document order', () => {
    const s = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original);
    const v = reviewView(s);
    assert.equal(v.text, [
      'import a', 'import b', 'import c', '', 'function f() {', '  return 1;', '  const x = 2;', '  return x;', '}', '', 'export { f };', '',
    ].join('\n'));
    assert.equal(kinds(s), 'ccaccraaccrc');
    assert.deepEqual(v.hunks.map((h) => [h.index, h.firstRow, h.removedRows, h.addedRows]), [
      [0, 2, [2, 2], [2, 3]], [1, 5, [5, 6], [6, 8]], [2, 10, [10, 11], [11, 11]],
    ]);
    // Every document line appears exactly once, in order (context and removed rows).
    assert.deepEqual(v.rows.filter((r) => r.kind !== 'added').map((r) => r.docLine), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps the document\'s line endings and handles insertions at the very start and end', () => {
    const c = crlf(threeHunks);
    assert.match(reviewView(startReview(c.original, c.proposed, c.original)).text, /^import a\r\nimport b\r\nimport c\r\n/);
    const e = startReview(edgesNoFinalNewline.original, edgesNoFinalNewline.proposed, edgesNoFinalNewline.original);
    assert.equal(reviewView(e).text, 'z\na\nb\nB\nc\nd\ne');
    assert.equal(kinds(e), 'acracca');
    const d = startReview(deletionsAtEdges.original, deletionsAtEdges.proposed, deletionsAtEdges.original);
    assert.equal(reviewView(d).text, deletionsAtEdges.original.split('\n').flatMap((l) => (l === 'b' ? ['b', 'B'] : [l])).join('\n'));
  });

  it('shows decided hunks as the document reads: approved → its added lines as context, rejected → nothing extra', () => {
    let s = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original);
    let text = threeHunks.original;
    const r = approveHunk(s, s.hunks[1]!.id);
    text = applyTextChange(text, r.edit);
    s = applyDocumentChange(r.state, r.edit);
    s = rejectHunk(s, s.hunks[2]!.id);
    const v = reviewView(s);
    assert.deepEqual(v.hunks.map((h) => h.index), [0]);
    assert.equal(v.text, text.replace('import b\n', 'import b\nimport c\n'));
    // Nothing undecided: the view is the document itself.
    s = rejectHunk(s, s.hunks[0]!.id);
    assert.equal(reviewView(s).text, documentText(s));
    assert.equal(reviewView(s).hunks.length, 0);
  });

  it('maps rows to hunks and document lines both ways; next/previous wrap around', () => {
    const s = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original);
    const v = reviewView(s);
    assert.equal(hunkAtRow(v, 6)?.index, 1, 'an added row belongs to its hunk');
    assert.equal(hunkAtRow(v, 5)?.index, 1, 'a removed row too');
    assert.equal(hunkAtRow(v, 4), undefined, 'context belongs to none');
    assert.equal(adjacentViewHunk(v, 0, 'next')?.index, 0);
    assert.equal(adjacentViewHunk(v, 5, 'next')?.index, 2);
    assert.equal(adjacentViewHunk(v, 10, 'next')?.index, 0, 'wraps');
    assert.equal(adjacentViewHunk(v, 7, 'previous')?.index, 0, 'from inside a hunk, the one before');
    assert.equal(adjacentViewHunk(v, 0, 'previous')?.index, 2, 'wraps');
    assert.equal(rowOfDocLine(v, 4), 5);
    assert.equal(rowOfDocLine(v, 5), 8, 'the added rows are skipped');
    assert.equal(docLineOfRow(v, 6), 5, 'an added row stands for the line it goes before');
    assert.equal(docLineOfRow(v, 99), 8);
  });

  it('a stale hunk keeps its rows (the lines as edited, then the proposal)', () => {
    let s = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original);
    s = applyDocumentChange(s, { startLine: 4, startCharacter: 9, endLine: 4, endCharacter: 10, text: '42' });
    const v = reviewView(s);
    const h = v.hunks.find((x) => x.index === 1)!;
    assert.equal(h.status, 'stale');
    assert.deepEqual(v.text.split('\n').slice(h.removedRows[0], h.addedRows[1]), ['  return 42;', '  const x = 2;', '  return x;']);
  });
});

describe('review/unapproveEdit: taking an approval back from outside the document\'s undo', () => {
  it('restores exactly the replaced lines; the hunk then reads as reverted', () => {
    for (const f of [threeHunks, crlf(threeHunks), edgesNoFinalNewline, deletionsAtEdges]) {
      let s = startReview(f.original, f.proposed, f.original);
      let text = f.original;
      for (const h of s.hunks) {
        const r = approveHunk(s, h.id);
        text = applyTextChange(text, r.edit);
        s = applyDocumentChange(r.state, r.edit);
      }
      assert.equal(text, f.proposed, f.name);
      for (const h of [...s.hunks].reverse()) {
        const e = unapproveEdit(s, h.id);
        text = applyTextChange(text, e);
        s = applyDocumentChange(s, e);
        assert.equal(s.hunks.find((x) => x.id === h.id)?.status, 'reverted', `${f.name}: change ${h.index + 1}`);
      }
      assert.equal(text, f.original, f.name);
    }
  });

  it('refuses a hunk that is not approved, or whose applied lines were edited', () => {
    let s = startReview(threeHunks.original, threeHunks.proposed, threeHunks.original);
    assert.throws(() => unapproveEdit(s, s.hunks[1]!.id), InvalidStateError);
    const r = approveHunk(s, s.hunks[1]!.id);
    s = applyDocumentChange(r.state, r.edit);
    s = applyDocumentChange(s, { startLine: 5, startCharacter: 2, endLine: 5, endCharacter: 2, text: 'let y = 0; ' });
    assert.throws(() => unapproveEdit(s, s.hunks[1]!.id), (err: unknown) => hasErrorCode(err, ErrorCode.HunkMismatch));
  });
});
