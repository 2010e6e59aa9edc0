import assert from 'node:assert/strict';
import {
  applyHunks, applyTextChange, checkHunk, HunkMismatchError, hunkEdit, reverseHunks, splitHunks, splitLines,
} from '../../../src/engine/review';
import { crlf, deletionsAtEdges, edgesNoFinalNewline, fixtures, rng, subsets, threeHunks } from './helpers';

describe('review/applyHunks and reverseHunks', () => {
  it('applies all hunks to get the proposal and none to keep the original, for every fixture', () => {
    for (const f of fixtures) {
      const hunks = splitHunks(f.original, f.proposed);
      assert.equal(applyHunks(f.original, hunks), f.proposed, f.name);
      assert.equal(applyHunks(f.original, []), f.original, f.name);
    }
  });

  it('applies one chosen hunk alone, leaving the others as they were', () => {
    const [insert, replace, remove] = splitHunks(threeHunks.original, threeHunks.proposed);
    assert.equal(applyHunks(threeHunks.original, [replace!]),
      'import a\nimport b\n\nfunction f() {\n  const x = 2;\n  return x;\n}\n\nexport { f };\n');
    assert.equal(applyHunks(threeHunks.original, [remove!, insert!]),
      'import a\nimport b\nimport c\n\nfunction f() {\n  return 1;\n}\n\n');
  });

  it('keeps CRLF line endings in what it adds', () => {
    const f = crlf(threeHunks);
    const hunks = splitHunks(f.original, f.proposed);
    for (const subset of subsets(hunks)) {
      const out = applyHunks(f.original, subset);
      assert.ok(!/[^\r]\n/.test(out), `bare LF after applying ${subset.map((h) => h.index)}`);
    }
  });

  it('keeps untouched bytes of a mixed-EOL file exactly', () => {
    const original = 'a\r\nb\nc\r\nd\n';
    const proposed = 'a\nb\nC\nd\n';
    const [h] = splitHunks(original, proposed);
    assert.equal(applyHunks(original, [h!]), 'a\r\nb\nC\r\nd\n');
  });

  it('works on files with no final newline at both edges', () => {
    const [start, middle, end] = splitHunks(edgesNoFinalNewline.original, edgesNoFinalNewline.proposed);
    assert.equal(applyHunks(edgesNoFinalNewline.original, [end!]), 'a\nb\nc\nd\ne');
    assert.equal(applyHunks(edgesNoFinalNewline.original, [start!]), 'z\na\nb\nc\nd');
    assert.equal(applyHunks(edgesNoFinalNewline.original, [middle!, end!]), 'a\nB\nc\nd\ne');
    const [, , tail] = splitHunks(deletionsAtEdges.original, deletionsAtEdges.proposed);
    assert.equal(applyHunks(deletionsAtEdges.original, [tail!]), 'x\ny\na\nb\nc');
  });

  it('refuses, changing nothing, when the original lines changed where a hunk goes', () => {
    const hunks = splitHunks(threeHunks.original, threeHunks.proposed);
    const edited = threeHunks.original.replace('  return 1;', '  return 42;');
    assert.throws(() => applyHunks(edited, hunks), (e: unknown) => e instanceof HunkMismatchError && e.hunkIndexes.join() === '1' && /line 5/.test(e.message));
    // The other hunks still apply.
    assert.doesNotThrow(() => applyHunks(edited, [hunks[0]!, hunks[2]!]));
    // A pure insertion checks its anchor lines.
    const movedAnchor = threeHunks.original.replace('import b', 'import bb');
    assert.throws(() => applyHunks(movedAnchor, [hunks[0]!]), HunkMismatchError);
  });

  it('refuses the same hunk twice', () => {
    const hunks = splitHunks(threeHunks.original, threeHunks.proposed);
    assert.throws(() => applyHunks(threeHunks.original, [hunks[1]!, hunks[1]!]), /given twice/);
  });

  it('reverses any applied subset back to the original', () => {
    for (const f of fixtures) {
      const hunks = splitHunks(f.original, f.proposed);
      for (const applied of subsets(hunks)) {
        const text = applyHunks(f.original, applied);
        assert.equal(reverseHunks(text, applied), f.original, `${f.name}: reverse ${applied.map((h) => h.index)}`);
      }
    }
  });

  it('reverses part of an applied subset (hunks placed at their current lines) to leave exactly the rest applied', () => {
    for (const f of fixtures) {
      const hunks = splitHunks(f.original, f.proposed);
      for (const applied of subsets(hunks)) {
        const text = applyHunks(f.original, applied);
        for (const back of subsets(applied)) {
          const kept = applied.filter((h) => !back.includes(h));
          assert.equal(reverseHunks(text, withPositions(back, applied)), applyHunks(f.original, kept),
            `${f.name}: applied ${applied.map((h) => h.index)}, reversed ${back.map((h) => h.index)}`);
        }
      }
    }
  });

  it('refuses to reverse a hunk whose applied lines were edited, naming it', () => {
    const hunks = splitHunks(threeHunks.original, threeHunks.proposed);
    const text = applyHunks(threeHunks.original, hunks).replace('  return x;', '  return x + 1;');
    assert.throws(() => reverseHunks(text, hunks), (e: unknown) => e instanceof HunkMismatchError && e.hunkIndexes.join() === '1' && /change 2/.test(e.message));
    assert.doesNotThrow(() => reverseHunks(text, withPositions([hunks[0]!, hunks[2]!], hunks)));
    // Without positions, the text is taken as only the given hunks applied: hunk 3 is then looked for in the wrong place.
    assert.throws(() => reverseHunks(text, [hunks[0]!, hunks[2]!]), HunkMismatchError);
  });
});

describe('review/hunkEdit and checkHunk', () => {
  it('gives one edit per hunk that, applied as a VS Code change, equals applyHunks of that hunk', () => {
    for (const f of fixtures) {
      for (const h of splitHunks(f.original, f.proposed)) {
        const edit = hunkEdit(f.original, h);
        assert.equal(applyTextChange(f.original, edit), applyHunks(f.original, [h]), `${f.name} hunk ${h.index}`);
        assert.deepEqual([edit.lineStart, edit.lineEnd], [h.start, h.start + h.count]);
      }
    }
  });

  it('replaces whole lines with a column-0 range when the hunk ends before the last line', () => {
    const [, replace] = splitHunks(threeHunks.original, threeHunks.proposed);
    const edit = hunkEdit(threeHunks.original, replace!);
    assert.deepEqual({ ...edit }, { lineStart: 4, lineEnd: 5, startLine: 4, startCharacter: 0, endLine: 5, endCharacter: 0, text: '  const x = 2;\n  return x;\n' });
    const crlfEdit = hunkEdit(crlf(threeHunks).original, replace!);
    assert.equal(crlfEdit.text, '  const x = 2;\r\n  return x;\r\n');
  });

  it('refuses an edit when the lines there do not read as proposed-against, and checks at a given line', () => {
    const [, replace] = splitHunks(threeHunks.original, threeHunks.proposed);
    const shifted = '// header\n' + threeHunks.original;
    assert.throws(() => hunkEdit(shifted, replace!), HunkMismatchError);
    assert.equal(checkHunk(splitLines(shifted), replace!), false);
    assert.equal(checkHunk(splitLines(shifted), replace!, 5), true);
    const edit = hunkEdit(shifted, replace!, 5);
    assert.equal(applyTextChange(shifted, edit), '// header\n' + applyHunks(threeHunks.original, [replace!]));
  });

  it('matches applyHunks on random proposals (fuzz)', () => {
    const next = rng(11);
    for (let round = 0; round < 300; round++) {
      const eol = next() < 0.3 ? '\r\n' : '\n';
      const original = Array.from({ length: Math.floor(next() * 8) }, () => 'abc'[Math.floor(next() * 3)]!);
      const proposed = original.flatMap((l) => (next() < 0.2 ? [] : next() < 0.2 ? ['x', l] : next() < 0.1 ? ['y'] : [l]));
      if (next() < 0.3) proposed.push('end');
      const o = original.join(eol) + (next() < 0.5 ? eol : '');
      const p = proposed.join(eol) + (next() < 0.5 ? eol : '');
      const hunks = splitHunks(o, p);
      const out = applyHunks(o, hunks);
      // Same lines as the proposal; the original's line ending when it has one.
      assert.deepEqual(splitLines(out), splitLines(p), `round ${round}`);
      if (o.includes('\n')) assert.equal(out, splitLines(p).join(eol), `round ${round}`);
      for (const h of hunks) assert.equal(applyTextChange(o, hunkEdit(o, h)), applyHunks(o, [h]), `round ${round} hunk ${h.index}`);
    }
  });
});

/** The hunks of `back` with their lines in a text where all of `applied` were applied. */
function withPositions<T extends { start: number; count: number; added: readonly string[]; index: number }>(back: T[], applied: T[]): (T & { line: number })[] {
  return back.map((h) => ({
    ...h,
    line: h.start + applied.filter((g) => g.start < h.start).reduce((s, g) => s + g.added.length - g.count, 0),
  }));
}
