// Applying and reversing hunks on text: any subset, any order, each checked before anything changes.
import { EngineError, ErrorCode } from '../errors';
import { detectEol, regionEdit, replaceLines, splitLines } from './text';
import type { Hunk, HunkEdit } from './types';

/** A hunk's lines no longer read as expected; nothing was changed. */
export class HunkMismatchError extends EngineError {
  readonly code = ErrorCode.HunkMismatch;
  constructor(readonly hunkIndexes: readonly number[], message: string) {
    super(message);
  }
}

/** A hunk, optionally with its current line in the document (a TrackedHunk has one). */
export type PlacedHunk = Hunk & { readonly line?: number };

function linesEqual(doc: readonly string[], at: number, expected: readonly string[]): boolean {
  if (at < 0 || at + expected.length > doc.length) return false;
  return expected.every((l, i) => doc[at + i] === l);
}

/** Does the document read `lines` at `at`; for no lines, do the neighbours read as the hunk's context? */
export function readsAt(doc: readonly string[], at: number, lines: readonly string[], hunk: Hunk): boolean {
  if (lines.length > 0) return linesEqual(doc, at, lines);
  if (at < 0 || at > doc.length) return false;
  const beforeOk = hunk.contextBefore === null ? at === 0 : doc[at - 1] === hunk.contextBefore;
  const afterOk = hunk.contextAfter === null ? at === doc.length : doc[at] === hunk.contextAfter;
  return beforeOk && afterOk;
}

/** Do the document's lines at `line` (default: the tracked line, else the original start) read as the hunk was proposed against? */
export function checkHunk(documentLines: readonly string[], hunk: PlacedHunk, line = hunk.line ?? hunk.start): boolean {
  return readsAt(documentLines, line, hunk.removed, hunk);
}

/** Does the document read the hunk's applied (added) lines at `line`? */
export function checkApplied(documentLines: readonly string[], hunk: Hunk, line: number): boolean {
  return readsAt(documentLines, line, hunk.added, hunk);
}

function lineLabel(start: number, count: number): string {
  return count <= 1 ? `line ${start + 1}` : `lines ${start + 1}–${start + count}`;
}

function assertDistinct(hunks: readonly Hunk[]): void {
  const seen = new Set<string>();
  for (const h of hunks) {
    if (seen.has(h.id)) throw new HunkMismatchError([h.index], `Hunk ${h.index + 1} was given twice.`);
    seen.add(h.id);
  }
}

/**
 * Applies only the given hunks (positions from the original) to text that still reads as the original there.
 * Order does not matter: edits go bottom-up so earlier positions stay valid.
 */
export function applyHunks(text: string, hunks: readonly Hunk[]): string {
  assertDistinct(hunks);
  const lines = splitLines(text);
  const bad = hunks.filter((h) => !checkHunk(lines, h, h.start));
  if (bad.length) {
    throw new HunkMismatchError(bad.map((h) => h.index),
      `The file changed where ${bad.length === 1 ? 'this change goes' : 'these changes go'} (${bad.map((h) => lineLabel(h.start, h.count)).join(', ')}); nothing was applied. Re-propose against the current file.`);
  }
  const eol = detectEol(text);
  let out = text;
  for (const h of [...hunks].sort((a, b) => b.start - a.start)) out = replaceLines(out, h.start, h.start + h.count, h.added, eol);
  return out;
}

/**
 * The one replacement that applies a hunk to the document text at `line` (default: its tracked line, else
 * its original start). Refuses when the lines there do not read as proposed-against.
 */
export function hunkEdit(text: string, hunk: PlacedHunk, line = hunk.line ?? hunk.start): HunkEdit {
  const lines = splitLines(text);
  if (!checkHunk(lines, hunk, line)) {
    throw new HunkMismatchError([hunk.index], `The text at ${lineLabel(line, hunk.count)} no longer reads as this change expects; nothing was applied.`);
  }
  return regionEdit(lines, detectEol(text), line, line + hunk.count, hunk.added);
}

/** Where each applied hunk sits now: its tracked line, else its original start shifted by the applied hunks above it. */
function appliedPositions(hunks: readonly PlacedHunk[]): number[] {
  return hunks.map((h) => h.line ?? h.start + hunks
    .filter((g) => g.start < h.start || (g.start === h.start && g.index < h.index))
    .reduce((sum, g) => sum + g.added.length - g.count, 0));
}

/**
 * Restores exactly what the given applied hunks replaced (rollback of a partly applied proposal). Without
 * tracked lines, `currentText` is taken as the original with exactly these hunks applied elsewhere unchanged
 * in line count. Refuses, changing nothing, when a hunk's lines no longer read as applied.
 */
export function reverseHunks(currentText: string, appliedHunks: readonly PlacedHunk[]): string {
  assertDistinct(appliedHunks);
  const lines = splitLines(currentText);
  const at = appliedPositions(appliedHunks);
  const bad = appliedHunks.filter((h, i) => !checkApplied(lines, h, at[i]!));
  if (bad.length) {
    throw new HunkMismatchError(bad.map((h) => h.index),
      `The applied lines of ${bad.map((h) => `change ${h.index + 1}`).join(', ')} were edited since; nothing was rolled back. Restore them by hand or from version control.`);
  }
  const eol = detectEol(currentText);
  const order = appliedHunks.map((h, i) => ({ h, line: at[i]! })).sort((a, b) => b.line - a.line);
  let out = currentText;
  for (const { h, line } of order) out = replaceLines(out, line, line + h.added.length, h.removed, eol);
  return out;
}
