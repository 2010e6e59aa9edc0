import assert from 'node:assert/strict';
import { splitHunks } from '../../../src/engine/review';
import { crlf, deletionsAtEdges, edgesNoFinalNewline, fixtures, rng, threeHunks } from './helpers';

const shape = (h: ReturnType<typeof splitHunks>[number]) => ({ start: h.start, count: h.count, removed: h.removed, added: h.added });

describe('review/splitHunks', () => {
  it('cuts a proposal into one hunk per change block, positioned in the original', () => {
    const hunks = splitHunks(threeHunks.original, threeHunks.proposed);
    assert.deepEqual(hunks.map(shape), [
      { start: 2, count: 0, removed: [], added: ['import c'] },
      { start: 4, count: 1, removed: ['  return 1;'], added: ['  const x = 2;', '  return x;'] },
      { start: 7, count: 1, removed: ['export { f };'], added: [] },
    ]);
    assert.deepEqual(hunks.map((h) => h.index), [0, 1, 2]);
    assert.deepEqual(hunks.map((h) => h.proposedStart), [2, 5, 9]);
    assert.deepEqual([hunks[0]!.contextBefore, hunks[0]!.contextAfter], ['import b', '']);
  });

  it('gives the same hunks, without line endings in them, for a CRLF file', () => {
    const lfHunks = splitHunks(threeHunks.original, threeHunks.proposed);
    const crlfHunks = splitHunks(crlf(threeHunks).original, crlf(threeHunks).proposed);
    assert.deepEqual(crlfHunks.map(shape), lfHunks.map(shape));
    assert.ok(crlfHunks.every((h) => [...h.removed, ...h.added].every((l) => !/[\r\n]/.test(l))));
  });

  it('treats a line-ending-only difference as no change', () => {
    assert.deepEqual(splitHunks('a\nb\n', 'a\r\nb\r\n'), []);
    assert.deepEqual(splitHunks('same', 'same'), []);
  });

  it('handles insertions at the start and after the last line of a file without a final newline', () => {
    const hunks = splitHunks(edgesNoFinalNewline.original, edgesNoFinalNewline.proposed);
    assert.deepEqual(hunks.map(shape), [
      { start: 0, count: 0, removed: [], added: ['z'] },
      { start: 1, count: 1, removed: ['b'], added: ['B'] },
      { start: 4, count: 0, removed: [], added: ['e'] },
    ]);
    assert.equal(hunks[0]!.contextBefore, null);
    assert.equal(hunks[2]!.contextAfter, null);
  });

  it('handles deletions at the start and through the end', () => {
    assert.deepEqual(splitHunks(deletionsAtEdges.original, deletionsAtEdges.proposed).map(shape), [
      { start: 0, count: 2, removed: ['x', 'y'], added: [] },
      { start: 3, count: 1, removed: ['b'], added: ['B'] },
      { start: 5, count: 2, removed: ['d', 'e'], added: [] },
    ]);
  });

  it('handles empty files on either side', () => {
    assert.deepEqual(splitHunks('', 'a\nb\n').map(shape), [{ start: 0, count: 0, removed: [], added: ['a', 'b'] }]);
    assert.deepEqual(splitHunks('a\nb\n', '').map(shape), [{ start: 0, count: 2, removed: ['a', 'b'], added: [] }]);
    assert.deepEqual(splitHunks('a', '').map(shape), [{ start: 0, count: 1, removed: ['a'], added: [''] }]);
  });

  it('treats adding or removing the final newline as a change of the last (empty) line', () => {
    assert.deepEqual(splitHunks('a\nb', 'a\nb\n').map(shape), [{ start: 2, count: 0, removed: [], added: [''] }]);
    assert.deepEqual(splitHunks('a\nb\n', 'a\nb').map(shape), [{ start: 2, count: 1, removed: [''], added: [] }]);
  });

  it('gives stable ids: same proposal, same ids; different hunks, different ids', () => {
    for (const f of fixtures) {
      const a = splitHunks(f.original, f.proposed).map((h) => h.id);
      const b = splitHunks(f.original, f.proposed).map((h) => h.id);
      assert.deepEqual(a, b);
      assert.equal(new Set(a).size, a.length);
      assert.ok(a.every((id) => /^[0-9a-f]{16}$/.test(id)));
    }
    // Identical blocks at different places still get different ids.
    const twins = splitHunks('x\nk\nx\n', 'y\nk\ny\n');
    assert.equal(twins.length, 2);
    assert.notEqual(twins[0]!.id, twins[1]!.id);
  });

  it('keeps hunks separated by at least one unchanged line, in order, covering the whole diff (random proposals)', () => {
    const next = rng(7);
    for (let round = 0; round < 200; round++) {
      const original = Array.from({ length: Math.floor(next() * 12) }, () => String.fromCharCode(97 + Math.floor(next() * 4)));
      const proposed = original.flatMap((l) => {
        const r = next();
        return r < 0.15 ? [] : r < 0.3 ? [l, 'n' + Math.floor(next() * 3)] : r < 0.4 ? ['m'] : [l];
      });
      const hunks = splitHunks(original.join('\n'), proposed.join('\n'));
      for (let i = 1; i < hunks.length; i++) {
        assert.ok(hunks[i]!.start > hunks[i - 1]!.start + hunks[i - 1]!.count, `round ${round}: hunks ${i - 1} and ${i} touch`);
      }
      for (const h of hunks) assert.ok(h.removed.length + h.added.length > 0);
    }
  });
});
