// A proposal (whole original file, whole proposed file) cut into hunks: one per change block, no context.
import { createHash } from 'node:crypto';
import { diffArrays } from 'diff';
import { splitLines } from './text';
import type { Hunk } from './types';

function hunkId(index: number, start: number, removed: readonly string[], added: readonly string[]): string {
  // JSON keeps line boundaries unambiguous; the index separates identical blocks at different places.
  return createHash('sha256').update(JSON.stringify([index, start, removed, added])).digest('hex').slice(0, 16);
}

/**
 * Diffs the two texts line by line (diffArrays over VS Code-model lines, so line endings never make a
 * hunk of their own and positions are the editor's line numbers) and returns the change blocks.
 */
export function splitHunks(original: string, proposed: string): Hunk[] {
  const oldLines = splitLines(original);
  const newLines = splitLines(proposed);
  const hunks: Hunk[] = [];
  let oldPos = 0;
  let newPos = 0;
  let pending: { start: number; proposedStart: number; removed: string[]; added: string[] } | null = null;
  const flush = (): void => {
    if (!pending) return;
    const { start, proposedStart, removed, added } = pending;
    const index = hunks.length;
    hunks.push({
      index, id: hunkId(index, start, removed, added), start, count: removed.length, proposedStart, removed, added,
      contextBefore: start > 0 ? oldLines[start - 1]! : null,
      contextAfter: start + removed.length < oldLines.length ? oldLines[start + removed.length]! : null,
    });
    pending = null;
  };
  for (const part of diffArrays(oldLines, newLines)) {
    if (!part.added && !part.removed) {
      flush();
      oldPos += part.value.length;
      newPos += part.value.length;
      continue;
    }
    pending ??= { start: oldPos, proposedStart: newPos, removed: [], added: [] };
    if (part.removed) {
      pending.removed.push(...part.value);
      oldPos += part.value.length;
    } else {
      pending.added.push(...part.value);
      newPos += part.value.length;
    }
  }
  flush();
  return hunks;
}
