import assert from 'node:assert/strict';
import {
  applyDocumentChange, applyHunks, applyTextChange, approveHunk, checkHunk, decisionSummary, documentText, rejectHunk,
  reverseHunks, splitLines, startReview, type DocumentChange, type ReviewState,
} from '../../../src/engine/review';
import { fixtures, inverseChange, permutations, rng, subsets } from './helpers';

/** Approves the given hunks one by one in the document, in the given order, as the adapter would. */
function approveInOrder(text: string, state: ReviewState, ids: readonly string[]): { text: string; state: ReviewState } {
  for (const id of ids) {
    const r = approveHunk(state, id);
    text = applyTextChange(text, r.edit);
    state = applyDocumentChange(r.state, r.edit);
  }
  return { text, state };
}

describe('review/any subset, any order', () => {
  for (const f of fixtures) {
    it(`approving any subset one by one, in every order, equals applyHunks of that subset (${f.name})`, () => {
      const start = startReview(f.original, f.proposed, f.original);
      assert.equal(start.hunks.length, 3);
      for (const subset of subsets(start.hunks)) {
        const expected = applyHunks(f.original, subset);
        for (const order of permutations(subset)) {
          const label = `approve ${order.map((h) => h.index)}`;
          const done = approveInOrder(f.original, start, order.map((h) => h.id));
          assert.equal(done.text, expected, label);
          assert.deepEqual(done.state.lines, splitLines(expected), label);
          const lines = splitLines(done.text);
          for (const h of done.state.hunks) {
            const chosen = subset.some((s) => s.id === h.id);
            assert.equal(h.status, chosen ? 'approved' : 'pending', `${label}: hunk ${h.index}`);
            if (!chosen) assert.ok(checkHunk(lines, h), `${label}: pending hunk ${h.index} still at its lines`);
          }
          // Rolling back what was approved, at the tracked lines, restores the original.
          assert.equal(reverseHunks(done.text, done.state.hunks.filter((h) => h.status === 'approved')), f.original, label);
        }
      }
    });
  }

  it('still applies the right lines after the person added lines above, between and below the hunks', () => {
    const f = fixtures[0]!;
    for (const subset of subsets(startReview(f.original, f.proposed, f.original).hunks)) {
      let text = f.original;
      let state = startReview(f.original, f.proposed, f.original);
      const edits: DocumentChange[] = [
        { startLine: 8, startCharacter: 0, endLine: 8, endCharacter: 0, text: '// bottom' },
        { startLine: 6, startCharacter: 0, endLine: 6, endCharacter: 0, text: '// between 1\n// between 2\n' },
        { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '// top\n' },
      ];
      for (const e of edits) {
        text = applyTextChange(text, e);
        state = applyDocumentChange(state, e);
      }
      const done = approveInOrder(text, state, subset.map((h) => h.id));
      // Same edits made to the original with the subset applied: the hunks landed on the right lines.
      const expected = applyHunks(f.original, subset).split('\n');
      const keepIndex = (orig: number) => orig + subset.filter((h) => h.start < orig || (h.start === orig && h.count === 0)).reduce((s, h) => s + h.added.length - h.count, 0);
      expected.splice(keepIndex(6), 0, '// between 1', '// between 2');
      expected.unshift('// top');
      expected[expected.length - 1] = '// bottom';
      assert.equal(done.text, expected.join('\n'), `approve ${subset.map((h) => h.index)}`);
    }
  });

  it('summarises the decisions of every approve/reject combination', () => {
    const f = fixtures[0]!;
    const start = startReview(f.original, f.proposed, f.original);
    for (const approved of subsets(start.hunks)) {
      let { state } = approveInOrder(f.original, start, approved.map((h) => h.id));
      assert.equal(decisionSummary(state.hunks), approved.length === 3 ? 'applied' : 'pending');
      for (const h of state.hunks.filter((x) => x.status === 'pending')) state = rejectHunk(state, h.id);
      const expected = approved.length === 3 ? 'applied' : approved.length === 0 ? 'rejected' : 'partially_applied';
      assert.equal(decisionSummary(state.hunks), expected);
    }
  });
});

describe('review/random editing (fuzz)', () => {
  it('never lets a pending or reverted hunk sit on lines that do not read as proposed-against (what Approve would replace), and keeps the text in step', () => {
    const next = rng(2024);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    for (let round = 0; round < 400; round++) {
      const f = pick(fixtures);
      let text = f.original;
      let state = startReview(f.original, f.proposed, f.original);
      for (let step = 0; step < 12; step++) {
        const lines = splitLines(text);
        const r = next();
        if (r < 0.2) {
          const open = state.hunks.filter((h) => h.status === 'pending' || h.status === 'reverted');
          if (open.length) {
            const a = approveHunk(state, pick(open).id);
            text = applyTextChange(text, a.edit);
            state = applyDocumentChange(a.state, a.edit);
            continue;
          }
        }
        const sl = Math.floor(next() * lines.length);
        const el = Math.min(lines.length - 1, sl + (next() < 0.6 ? 0 : Math.floor(next() * 3)));
        const sc = Math.floor(next() * (lines[sl]!.length + 1));
        const ec = el === sl ? sc + Math.floor(next() * (lines[el]!.length - sc + 1)) : Math.floor(next() * (lines[el]!.length + 1));
        const change: DocumentChange = { startLine: sl, startCharacter: sc, endLine: el, endCharacter: ec, text: pick(['', 'x', '\n', 'y\n', '\nz', 'p\nq\n', 'a\n', 'c\n', '\nd\ne', 'b']).replace(/\n/g, state.eol) };
        text = applyTextChange(text, change);
        state = applyDocumentChange(state, change);
        const now = splitLines(text);
        assert.deepEqual(state.lines, now, `round ${round} step ${step}`);
        for (const h of state.hunks) {
          if (h.status === 'pending' || h.status === 'reverted') {
            assert.ok(checkHunk(now, h), `round ${round} step ${step}: ${h.status} hunk ${h.index} at ${h.line} does not read as proposed-against`);
          }
          assert.ok(h.line >= 0 && h.line + h.length <= now.length, `round ${round} step ${step}: hunk ${h.index} out of the document`);
        }
      }
      assert.equal(documentText(state).split(/\r\n|\n/).join('\n'), text.split(/\r\n|\n/).join('\n'));
    }
  });
});

describe('review/undo everything (fuzz)', () => {
  it('after random edits and approvals, undoing every step leaves no ghost: the original text, every hunk undecided at its line', () => {
    const next = rng(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    let recovered = 0;
    for (let round = 0; round < 200; round++) {
      const f = pick(fixtures);
      let text = f.original;
      let state = startReview(f.original, f.proposed, f.original);
      const undo: DocumentChange[] = [];
      const apply = (c: DocumentChange): void => {
        undo.push(inverseChange(text, c));
        text = applyTextChange(text, c);
        state = applyDocumentChange(state, c);
      };
      for (let step = 0; step < 8; step++) {
        const open = state.hunks.filter((h) => h.status === 'pending' || h.status === 'reverted');
        const r = next();
        if (r < 0.3 && open.length) {
          const a = approveHunk(state, pick(open).id);
          state = a.state;
          apply(a.edit);
        } else if (r < 0.45 && undo.length) {
          const c = undo.pop()!;
          text = applyTextChange(text, c);
          state = applyDocumentChange(state, c);
        } else {
          const lines = splitLines(text);
          const sl = Math.floor(next() * lines.length);
          const el = Math.min(lines.length - 1, sl + (next() < 0.7 ? 0 : 1));
          const sc = Math.floor(next() * (lines[sl]!.length + 1));
          const ec = el === sl ? sc + Math.floor(next() * (lines[el]!.length - sc + 1)) : Math.floor(next() * (lines[el]!.length + 1));
          apply({ startLine: sl, startCharacter: sc, endLine: el, endCharacter: ec, text: pick(['', 'x', '\n', 'y\n', '\nz']).replace(/\n/g, state.eol) });
        }
      }
      if (state.hunks.some((h) => h.status === 'stale')) recovered++;
      while (undo.length) {
        const c = undo.pop()!;
        text = applyTextChange(text, c);
        state = applyDocumentChange(state, c);
      }
      assert.equal(text, f.original, `round ${round}`);
      for (const h of state.hunks) {
        assert.ok(h.status === 'pending' || h.status === 'reverted', `round ${round}: hunk ${h.index} is ${h.status} after undoing everything`);
        assert.equal(h.line, h.start, `round ${round}: hunk ${h.index} back at its line`);
      }
    }
    assert.ok(recovered > 20, `enough rounds had stale hunks to recover (${recovered})`);
  });
});
