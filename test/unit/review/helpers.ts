// Shared fixtures for the hunk-model tests: small proposals of known shape, in several line-ending variants.

export interface Fixture {
  name: string;
  original: string;
  proposed: string;
}

const lf = (lines: string[]): string => lines.join('\n');

/** Three hunks: an insertion, a one-to-two replacement, a deletion; trailing newline. */
export const threeHunks: Fixture = {
  name: 'LF, trailing newline',
  original: lf(['import a', 'import b', '', 'function f() {', '  return 1;', '}', '', 'export { f };', '']),
  proposed: lf(['import a', 'import b', 'import c', '', 'function f() {', '  const x = 2;', '  return x;', '}', '', '']),
};

export const crlf = (f: Fixture): Fixture => ({
  name: `${f.name} (CRLF)`,
  original: f.original.replace(/\n/g, '\r\n'),
  proposed: f.proposed.replace(/\n/g, '\r\n'),
});

/** Insertion at the very start and after the last line of a file without a final newline. */
export const edgesNoFinalNewline: Fixture = {
  name: 'no final newline, insertions at start and end',
  original: lf(['a', 'b', 'c', 'd']),
  proposed: lf(['z', 'a', 'B', 'c', 'd', 'e']),
};

/** Deletion at the start and deletion through the last line (no final newline). */
export const deletionsAtEdges: Fixture = {
  name: 'deletions at start and through the end',
  original: lf(['x', 'y', 'a', 'b', 'c', 'd', 'e']),
  proposed: lf(['a', 'B', 'c']),
};

export const fixtures: Fixture[] = [threeHunks, crlf(threeHunks), edgesNoFinalNewline, crlf(edgesNoFinalNewline), deletionsAtEdges];

export function subsets<T>(items: readonly T[]): T[][] {
  return Array.from({ length: 1 << items.length }, (_, mask) => items.filter((_, i) => mask & (1 << i)));
}

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The project's seeded PRNG (mulberry32), so runs reproduce. */
export { seededUniform as rng } from '../../../src/engine/verdicts/random';

export interface Change {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

/** The change an editor's undo makes for `change` applied to `before`: the inserted text's range back to what it replaced. */
export function inverseChange(before: string, change: Change): Change {
  const lines = before.split(/\r\n|\r|\n/);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const offset = (line: number, ch: number): number =>
    lines.slice(0, line).reduce((s, l, i) => s + l.length + breaks[i]!.length, 0) + ch;
  const replaced = before.slice(offset(change.startLine, change.startCharacter), offset(change.endLine, change.endCharacter));
  const inserted = change.text.split(/\r\n|\r|\n/);
  const endLine = change.startLine + inserted.length - 1;
  const endCharacter = inserted.length === 1 ? change.startCharacter + inserted[0]!.length : inserted[inserted.length - 1]!.length;
  return { startLine: change.startLine, startCharacter: change.startCharacter, endLine, endCharacter, text: replaced };
}
