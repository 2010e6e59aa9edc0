// Words and a diff for one hunk (lens titles, hover, screen readers), and the proposal's overall decision.
import type { DecisionSummary, Hunk, HunkStatus } from './types';

function lines(n: number): string {
  return n === 1 ? '1 line' : `${n} lines`;
}

function span(first1: number, n: number): string {
  return n === 1 ? `line ${first1}` : `lines ${first1}–${first1 + n - 1}`;
}

export interface HunkDescription {
  /** One line a screen reader can say, with 1-based line numbers: "Replace lines 12–14 (3 lines) with 2 lines". */
  readonly text: string;
  /** The hunk as a unified diff (header and -/+ lines), for a hover. */
  readonly diff: string;
}

/** Describes a hunk at its current line (a TrackedHunk's `line`), else at its original position. */
export function describeHunk(hunk: Hunk & { readonly line?: number }): HunkDescription {
  const at = hunk.line ?? hunk.start;
  const removed = hunk.count;
  const added = hunk.added.length;
  let text: string;
  if (removed === 0) text = at === 0 ? `Insert ${lines(added)} at the start of the file` : `Insert ${lines(added)} after line ${at}`;
  else if (added === 0) text = `Delete ${span(at + 1, removed)}`;
  else text = `Replace ${span(at + 1, removed)}${removed > 1 ? ` (${lines(removed)})` : ''} with ${lines(added)}`;
  // Unified-diff convention: an empty side names the line after which it sits.
  const oldStart = removed === 0 ? at : at + 1;
  const newStart = added === 0 ? hunk.proposedStart : hunk.proposedStart + 1;
  const diff = [
    `@@ -${oldStart},${removed} +${newStart},${added} @@`,
    ...hunk.removed.map((l) => `-${l}`),
    ...hunk.added.map((l) => `+${l}`),
  ].join('\n');
  return { text, diff };
}

/**
 * The proposal's state from its hunks' decisions: any hunk undecided (pending, reverted, stale) → pending;
 * all approved → applied; some approved → partially_applied; none → rejected. No hunks means the file
 * already reads as proposed: applied.
 */
export function decisionSummary(hunks: readonly { readonly status: HunkStatus }[]): DecisionSummary {
  if (hunks.some((h) => h.status !== 'approved' && h.status !== 'rejected')) return 'pending';
  const approved = hunks.filter((h) => h.status === 'approved').length;
  if (approved === hunks.length) return 'applied';
  return approved > 0 ? 'partially_applied' : 'rejected';
}
