// The "review view" of one proposal: the document as it is now with every undecided hunk's proposed lines
// written in right below the lines they would replace, so a person reads old and new code together in one
// editor (a read-only document the adapter serves). Pure: rows say where each line came from, so the
// adapter can colour removed and added rows, put lenses on hunks and map the cursor both ways.
import { openHunks } from './track';
import type { HunkStatus, ReviewState } from './types';

/** context: a document line outside any undecided hunk; removed: a line a hunk would replace; added: a proposed line. */
export type ViewRowKind = 'context' | 'removed' | 'added';

export interface ViewRow {
  readonly kind: ViewRowKind;
  /** The document line this row shows (context, removed); for an added row, the document line it goes before. */
  readonly docLine: number;
  /** The hunk a removed or added row belongs to. */
  readonly hunkId?: string;
}

/** Where one undecided hunk sits in the view. Rows are 0-based, ends exclusive. */
export interface ViewHunk {
  readonly id: string;
  readonly index: number;
  readonly status: HunkStatus;
  /** First row of the hunk (its first removed row, else its first added row). */
  readonly firstRow: number;
  readonly removedRows: readonly [number, number];
  readonly addedRows: readonly [number, number];
}

export interface ReviewView {
  readonly text: string;
  readonly rows: readonly ViewRow[];
  /** Undecided hunks, top to bottom. */
  readonly hunks: readonly ViewHunk[];
}

/**
 * Builds the view from a review state: every document line once, and after each undecided hunk's region
 * (for an insertion, at its point) that hunk's added lines. Approved and rejected hunks show as the
 * document reads. With nothing undecided the view is the document itself.
 */
export function reviewView(state: ReviewState): ReviewView {
  const open = openHunks(state);
  const out: string[] = [];
  const rows: ViewRow[] = [];
  const hunks: ViewHunk[] = [];
  let next = 0;
  const context = (until: number): void => {
    for (; next < until && next < state.lines.length; next++) {
      out.push(state.lines[next]!);
      rows.push({ kind: 'context', docLine: next });
    }
  };
  for (const h of open) {
    const start = Math.max(h.line, next);
    context(start);
    const firstRow = rows.length;
    const end = Math.min(state.lines.length, h.line + h.length);
    for (; next < end; next++) {
      out.push(state.lines[next]!);
      rows.push({ kind: 'removed', docLine: next, hunkId: h.id });
    }
    const addedStart = rows.length;
    for (const line of h.added) {
      out.push(line);
      rows.push({ kind: 'added', docLine: next, hunkId: h.id });
    }
    hunks.push({ id: h.id, index: h.index, status: h.status, firstRow, removedRows: [firstRow, addedStart], addedRows: [addedStart, rows.length] });
  }
  context(state.lines.length);
  return { text: out.join(state.eol), rows, hunks };
}

/** The undecided hunk a view row belongs to (removed or added rows). */
export function hunkAtRow(view: ReviewView, row: number): ViewHunk | undefined {
  const id = view.rows[row]?.hunkId;
  return id === undefined ? undefined : view.hunks.find((h) => h.id === id);
}

/** The hunk after (before) `row`, wrapping around; from inside a hunk, the next (previous) other one. */
export function adjacentViewHunk(view: ReviewView, row: number, direction: 'next' | 'previous'): ViewHunk | undefined {
  const { hunks } = view;
  if (direction === 'next') return hunks.find((h) => h.firstRow > row) ?? hunks[0];
  const here = hunkAtRow(view, row);
  return [...hunks].reverse().find((h) => h.firstRow < row && h !== here) ?? hunks[hunks.length - 1];
}

/** The view row showing a document line (its context or removed row). */
export function rowOfDocLine(view: ReviewView, docLine: number): number {
  const row = view.rows.findIndex((r) => r.kind !== 'added' && r.docLine >= docLine);
  return row < 0 ? Math.max(0, view.rows.length - 1) : row;
}

/** The document line a view row stands for (an added row: the line it would go before). */
export function docLineOfRow(view: ReviewView, row: number): number {
  return view.rows[Math.max(0, Math.min(row, view.rows.length - 1))]?.docLine ?? 0;
}
