import assert from 'node:assert/strict';
import { decisionSummary, describeHunk, splitHunks, startReview, type HunkStatus } from '../../../src/engine/review';
import { deletionsAtEdges, edgesNoFinalNewline, threeHunks } from './helpers';

const texts = (original: string, proposed: string) => splitHunks(original, proposed).map((h) => describeHunk(h).text);

describe('review/describeHunk', () => {
  it('says what each hunk will change, with 1-based line numbers', () => {
    assert.deepEqual(texts(threeHunks.original, threeHunks.proposed), [
      'Insert 1 line after line 2',
      'Replace line 5 with 2 lines',
      'Delete line 8',
    ]);
    assert.deepEqual(texts(edgesNoFinalNewline.original, edgesNoFinalNewline.proposed), [
      'Insert 1 line at the start of the file',
      'Replace line 2 with 1 line',
      'Insert 1 line after line 4',
    ]);
    assert.deepEqual(texts(deletionsAtEdges.original, deletionsAtEdges.proposed), ['Delete lines 1–2', 'Replace line 4 with 1 line', 'Delete lines 6–7']);
  });

  it('names the number of replaced lines for a multi-line replacement', () => {
    const original = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const proposed = original.replace('line 12\nline 13\nline 14', 'new a\nnew b');
    assert.deepEqual(texts(original, proposed), ['Replace lines 12–14 (3 lines) with 2 lines']);
    const inserted = original.replace('line 7\n', 'line 7\nx\ny\nz\n');
    assert.deepEqual(texts(original, inserted), ['Insert 3 lines after line 7']);
    const deleted = original.replace('line 4\nline 5\n', '');
    assert.deepEqual(texts(original, deleted), ['Delete lines 4–5']);
  });

  it('describes a hunk where it is now in the document', () => {
    const state = startReview(threeHunks.original, threeHunks.proposed, '// a\n// b\n' + threeHunks.original);
    assert.equal(describeHunk(state.hunks[1]!).text, 'Replace line 7 with 2 lines');
  });

  it('gives a unified diff for the hover', () => {
    const [insert, replace, remove] = splitHunks(threeHunks.original, threeHunks.proposed);
    assert.equal(describeHunk(replace!).diff, '@@ -5,1 +6,2 @@\n-  return 1;\n+  const x = 2;\n+  return x;');
    assert.equal(describeHunk(insert!).diff, '@@ -2,0 +3,1 @@\n+import c');
    assert.equal(describeHunk(remove!).diff, '@@ -8,1 +9,0 @@\n-export { f };');
  });
});

describe('review/decisionSummary', () => {
  const of = (...s: HunkStatus[]) => decisionSummary(s.map((status) => ({ status })));

  it('is applied when every hunk is approved, rejected when none is, partially applied otherwise', () => {
    assert.equal(of('approved', 'approved'), 'applied');
    assert.equal(of('rejected', 'rejected'), 'rejected');
    assert.equal(of('approved', 'rejected', 'rejected'), 'partially_applied');
  });

  it('is pending while any hunk is undecided (pending, stale or reverted)', () => {
    for (const open of ['pending', 'stale', 'reverted'] as const) assert.equal(of('approved', open, 'rejected'), 'pending', open);
  });

  it('is applied for a proposal with no hunks (the file already reads as proposed)', () => {
    assert.equal(decisionSummary([]), 'applied');
  });
});
