// Keeps hunks right while the person edits: shift on edits above, stale on overlap, undo/redo detected
// from what the lines read after each change. Pure: every function returns a new state.
import { diffArrays } from 'diff';
import { InvalidStateError } from '../errors';
import { applyHunks, HunkMismatchError, readsAt } from './apply';
import { applyChangeToLines, type LineEdit } from './lineEdit';
import { splitHunks } from './split';
import { detectEol, regionEdit, splitLines } from './text';
import type { DocumentChange, HunkEdit, HunkStatus, ReviewState, TrackedHunk } from './types';

/** What a hunk's region reads in the document. */
export type RegionReading = 'added' | 'removed' | 'other';

export function readRegion(lines: readonly string[], hunk: TrackedHunk): RegionReading {
  if (hunk.length === hunk.added.length && readsAt(lines, hunk.line, hunk.added, hunk)) return 'added';
  if (hunk.length === hunk.count && readsAt(lines, hunk.line, hunk.removed, hunk)) return 'removed';
  return 'other';
}

/**
 * The status a hunk takes when its region was touched, given what the region reads now. Approved and read
 * back as original → reverted (an undo); reverted and read as added → approved again (a redo). A pending
 * hunk never becomes approved by typing: only approveHunk does that.
 */
export function statusAfterEdit(hunk: TrackedHunk, reading: RegionReading): Pick<TrackedHunk, 'status' | 'staleFrom'> {
  switch (hunk.status) {
    case 'pending':
      return reading === 'removed' ? { status: 'pending' } : { status: 'stale', staleFrom: 'pending' };
    case 'reverted':
      if (reading === 'added') return { status: 'approved' };
      return reading === 'removed' ? { status: 'reverted' } : { status: 'stale', staleFrom: 'reverted' };
    case 'stale':
      return reading === 'removed' ? { status: hunk.staleFrom ?? 'pending' } : { status: 'stale', staleFrom: hunk.staleFrom ?? 'pending' };
    case 'approved':
      if (reading === 'removed') return { status: 'reverted' };
      // Every added line gone (and not read back as original): nothing of it is applied any more.
      if (reading === 'other' && hunk.length === 0 && hunk.added.length > 0) return { status: 'stale', staleFrom: 'reverted' };
      // Read neither way: the person edited the applied code; the decision stands (rollback will refuse).
      return { status: 'approved' };
    case 'rejected':
      return { status: 'rejected' };
  }
}

function withStatus(h: TrackedHunk, s: Pick<TrackedHunk, 'status' | 'staleFrom'>): TrackedHunk {
  const { staleFrom: _drop, ...rest } = h;
  return s.status === 'stale' ? { ...rest, status: 'stale', staleFrom: s.staleFrom ?? 'pending' } : { ...rest, status: s.status };
}

/**
 * Moves one hunk's region for a line edit; `touched` when the edit reached its lines (or an insertion's
 * anchor). `absorbEdges`: the region no longer reads as its hunk, so lines inserted right at its edges may
 * be its own lines coming back (an undo): take them in and mark the region wide.
 */
function track(h: TrackedHunk, e: LineEdit, absorbEdges: boolean): { hunk: TrackedHunk; touched: boolean } {
  const s = h.line;
  const end = s + h.length;
  const delta = e.count - (e.end - e.start);
  const insertion = e.start === e.end;
  if (absorbEdges && insertion && h.length > 0 && (e.start === s || e.start === end)) {
    return { hunk: { ...h, length: h.length + e.count, wide: true }, touched: true };
  }
  if (h.length === 0) {
    // An empty region is a point between lines s-1 and s; the lines on both sides anchor it.
    // Lines inserted at the point: the hunk's own lines coming back (an undo), or the person's, where the point now is ambiguous.
    if (insertion && e.start === s) return { hunk: { ...h, length: e.count, wide: true }, touched: true };
    if (e.end < s) return { hunk: { ...h, line: s + delta }, touched: false };
    if (e.start > s) return { hunk: h, touched: false };
    // Left: a replacement of lines reaching the anchor line above (s-1), below (s), or both.
    if (e.end === s) return { hunk: { ...h, line: s + delta }, touched: true };
    if (e.start === s) return { hunk: h, touched: true };
    return { hunk: { ...h, line: e.start, length: e.end + delta - e.start, wide: true }, touched: true };
  }
  if (e.end <= s) return { hunk: { ...h, line: s + delta }, touched: false };
  if (e.start >= end) return { hunk: h, touched: false };
  if (e.start >= s && e.end <= end) return { hunk: { ...h, length: h.length + delta }, touched: true };
  const line = Math.min(s, e.start);
  return { hunk: { ...h, line, length: Math.max(end, e.end) + delta - line, wide: true }, touched: true };
}

function narrowed(h: TrackedHunk): TrackedHunk {
  const { wide: _wide, ...rest } = h;
  return rest;
}

/**
 * A wide region (an edit ran across its edge, or lines came in at a damaged region's edge) that reads
 * neither way may still hold the hunk's lines intact somewhere inside: narrow it to them when they read
 * exactly at one place only. Several matches are ambiguous: leave it wide (an undecided hunk stays stale).
 */
function relocate(h: TrackedHunk, lines: readonly string[]): TrackedHunk {
  const wanted: (readonly string[])[] = h.status === 'approved' || h.status === 'reverted' ? [h.added, h.removed] : h.status === 'rejected' ? [] : [h.removed];
  for (const target of wanted) {
    const found: number[] = [];
    for (let p = h.line; p + target.length <= h.line + h.length; p++) if (readsAt(lines, p, target, h)) found.push(p);
    if (found.length === 1) return { ...narrowed(h), line: found[0]!, length: target.length };
    if (found.length > 1) return h;
  }
  return h;
}

/** A region the person's edits left not reading as its hunk: stale, widened, or applied lines edited. */
function damaged(h: TrackedHunk, before: readonly string[] | null): boolean {
  return h.status === 'stale' || h.wide === true || (before !== null && h.status === 'approved' && readRegion(before, h) === 'other');
}

/** `before`: the lines the edits apply to when there is one edit (so regions can be read before it), else null. */
function trackAll(state: ReviewState, lines: readonly string[], edits: readonly LineEdit[], before: readonly string[] | null): ReviewState {
  const hunks = state.hunks.map((h0) => {
    let h = h0;
    let touched = false;
    for (const e of edits) {
      const atEdge = e.start === e.end && (e.start === h.line || e.start === h.line + h.length);
      const r = track(h, e, atEdge && damaged(h, before));
      h = r.hunk;
      touched ||= r.touched;
    }
    if (!touched) return h;
    if (h.wide) h = readRegion(lines, h) === 'other' ? relocate(h, lines) : narrowed(h);
    return withStatus(h, statusAfterEdit(h, readRegion(lines, h)));
  });
  return { ...state, lines, hunks };
}

/** Tracks one document change (VS Code range semantics, positions in the text before the change). */
export function applyDocumentChange(state: ReviewState, change: DocumentChange): ReviewState {
  const { lines, edit } = applyChangeToLines(state.lines, change);
  return trackAll(state, lines, edit ? [edit] : [], state.lines);
}

/** Tracks the changes of one VS Code change event, in the order they came (each against the text left by the previous). */
export function applyDocumentChanges(state: ReviewState, changes: readonly DocumentChange[]): ReviewState {
  return changes.reduce(applyDocumentChange, state);
}

/**
 * Brings the state to `text` when changes were not seen one by one (file changed on disk, a missed event):
 * the line diff between what the state knew and `text` is tracked like edits, then touched hunks re-checked.
 */
export function resyncDocument(state: ReviewState, text: string): ReviewState {
  const next = splitLines(text);
  const edits: LineEdit[] = [];
  let pos = 0;
  for (const part of diffArrays([...state.lines], next)) {
    const n = part.value.length;
    if (!part.added && !part.removed) {
      pos += n;
      continue;
    }
    // Adjacent removed/added parts form one replacement.
    const last = edits[edits.length - 1];
    const open = last && last.end === pos ? last : null;
    const edit = open ?? { start: pos, end: pos, count: 0 };
    const merged = part.added ? { ...edit, count: edit.count + n } : { ...edit, end: edit.end + n };
    if (open) edits[edits.length - 1] = merged;
    else edits.push(merged);
    if (part.removed) pos += n;
  }
  // Bottom-up, so each edit's old-text positions are still valid when it is tracked.
  return trackAll({ ...state, eol: detectEol(text, state.eol) }, next, edits.reverse(), edits.length === 1 ? state.lines : null);
}

export type Decisions = Readonly<Record<string, HunkStatus>>;

/**
 * Opens review of a proposal on the document as it is now. `decisions` (hunk id → status) restores earlier
 * decisions: approved hunks are expected applied in the document; everything is then checked against
 * `documentText`, so hunks whose lines were edited since come back stale.
 */
export function startReview(originalContent: string, proposedContent: string, documentText: string, decisions: Decisions = {}): ReviewState {
  const hunks = splitHunks(originalContent, proposedContent);
  const approved = hunks.filter((h) => decisions[h.id] === 'approved');
  const base = applyHunks(originalContent, approved);
  let shift = 0;
  const tracked = hunks.map((h): TrackedHunk => {
    const decided = decisions[h.id];
    const status: HunkStatus = decided === 'approved' || decided === 'rejected' || decided === 'reverted' ? decided : 'pending';
    const line = h.start + shift;
    if (status === 'approved') shift += h.added.length - h.count;
    return { ...h, status, line, length: status === 'approved' ? h.added.length : h.count };
  });
  const state: ReviewState = { lines: splitLines(base), eol: detectEol(documentText, originalContent), hunks: tracked };
  const synced = resyncDocument(state, documentText);
  // Re-check everything once: a hunk the diff aligned around may still not read as expected.
  return { ...synced, hunks: synced.hunks.map((h) => withStatus(h, statusAfterEdit(h, readRegion(synced.lines, h)))) };
}

function find(state: ReviewState, id: string): TrackedHunk {
  const h = state.hunks.find((x) => x.id === id);
  if (!h) throw new InvalidStateError(`No hunk ${id} in this review.`);
  return h;
}

function replace(state: ReviewState, h: TrackedHunk): ReviewState {
  return { ...state, hunks: state.hunks.map((x) => (x.id === h.id ? h : x)) };
}

/**
 * Approves an undecided hunk whose lines still read as proposed-against: returns the one edit to apply
 * and the state with the hunk marked approved. Keep feeding document changes as usual: the edit's own change
 * event then moves the region onto the added lines. If the edit could not be applied, call reopenHunk.
 */
export function approveHunk(state: ReviewState, id: string): { state: ReviewState; edit: HunkEdit } {
  const h = find(state, id);
  if (h.status !== 'pending' && h.status !== 'reverted') {
    throw new InvalidStateError(`Change ${h.index + 1} is ${h.status}; only a pending change can be approved.`);
  }
  if (readRegion(state.lines, h) !== 'removed') {
    throw new HunkMismatchError([h.index], `The lines of change ${h.index + 1} were edited; nothing was applied. Review the diff and re-propose.`);
  }
  const edit = regionEdit(state.lines, state.eol, h.line, h.line + h.length, h.added);
  return { state: replace(state, withStatus(h, { status: 'approved' })), edit };
}

/**
 * The edit that takes an approved hunk back out of the document (its added lines replaced by the lines it
 * replaced): an "undo" of an approval made from somewhere the document's own undo cannot reach (a
 * read-only review view). The state is not changed: feed the edit's change event as usual and the hunk
 * reads as reverted. Throws when the applied lines were edited since (nothing to take back cleanly).
 */
export function unapproveEdit(state: ReviewState, id: string): HunkEdit {
  const h = find(state, id);
  if (h.status !== 'approved') throw new InvalidStateError(`Change ${h.index + 1} is ${h.status}, not approved.`);
  if (readRegion(state.lines, h) !== 'added') {
    throw new HunkMismatchError([h.index], `The applied lines of change ${h.index + 1} were edited since; undo in the file itself or roll back.`);
  }
  return regionEdit(state.lines, state.eol, h.line, h.line + h.length, h.removed);
}

/** Rejects an undecided (pending, reverted or stale) hunk; the document is not touched. */
export function rejectHunk(state: ReviewState, id: string): ReviewState {
  const h = find(state, id);
  if (h.status === 'approved' || h.status === 'rejected') {
    throw new InvalidStateError(`Change ${h.index + 1} is already ${h.status}.`);
  }
  return replace(state, withStatus(h, { status: 'rejected' }));
}

/** Takes back a rejection, or an approval whose edit never landed: the hunk is undecided again. */
export function reopenHunk(state: ReviewState, id: string): ReviewState {
  const h = find(state, id);
  if (h.status !== 'rejected' && h.status !== 'approved') return state;
  if (h.status === 'approved' && readRegion(state.lines, h) === 'added') {
    throw new InvalidStateError(`Change ${h.index + 1} is applied; undo it in the editor or roll it back.`);
  }
  return replace(state, withStatus(h, statusAfterEdit({ ...h, status: 'pending' }, readRegion(state.lines, h))));
}

/** The document text the state tracks. */
export function documentText(state: ReviewState): string {
  return state.lines.join(state.eol);
}

/** Undecided hunks (pending, reverted, stale), top to bottom. */
export function openHunks(state: ReviewState): TrackedHunk[] {
  return state.hunks.filter((h) => h.status === 'pending' || h.status === 'reverted' || h.status === 'stale')
    .sort((a, b) => a.line - b.line);
}

/** The open hunk whose region holds `line` (an insertion point counts for the line it goes before). */
export function hunkAtLine(state: ReviewState, line: number): TrackedHunk | undefined {
  return openHunks(state).find((h) => (h.length === 0 ? line === h.line : line >= h.line && line < h.line + h.length));
}

/** The next (or previous) open hunk after (before) `line`, wrapping around. */
export function adjacentHunk(state: ReviewState, line: number, direction: 'next' | 'previous'): TrackedHunk | undefined {
  const open = openHunks(state);
  if (direction === 'next') return open.find((h) => h.line > line) ?? open[0];
  return [...open].reverse().find((h) => h.line < line) ?? open[open.length - 1];
}


