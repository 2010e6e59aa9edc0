// Inline review's hunk model: pure, no `vscode`. Adapters map document changes in and decorations/lenses out.
//
// Adapter protocol (one ReviewState per reviewed document):
//   open:     state = startReview(improvement.originalContent, improvement.proposedContent, document.getText(), savedDecisions)
//   typing:   state = applyDocumentChanges(state, event.contentChanges mapped to DocumentChange) — every event,
//             including the ones our own edits and undo/redo cause; undo/redo of an approval is detected here
//             (approved → reverted → approved), edits over a hunk make it stale, edits above shift it.
//   approve:  const { state, edit } = approveHunk(state, id); apply `edit` as one WorkspaceEdit replace;
//             if it fails, state = reopenHunk(state, id).
//   reject:   state = rejectHunk(state, id) (document untouched).
//   drifted:  state = resyncDocument(state, document.getText()) (file changed on disk, an event that did not fit).
//   show:     openHunks(state) → lenses/decorations at hunk.line..line+length (length 0: an insertion point);
//             describeHunk(h) for lens titles and hovers; decisionSummary(state.hunks) for the improvement.
//   review:   reviewView(state) → the read-only "review view" text (document + proposed lines under each undecided hunk), rows for colours/lenses.
//   rollback: reverseHunks(fileText, state.hunks.filter(h => h.status === 'approved')).
export type { DecisionSummary, DocumentChange, Eol, Hunk, HunkEdit, HunkStatus, ReviewState, TrackedHunk } from './types';
export { splitHunks } from './split';
export { applyHunks, checkApplied, checkHunk, HunkMismatchError, hunkEdit, reverseHunks, type PlacedHunk } from './apply';
export {
  adjacentHunk, applyDocumentChange, applyDocumentChanges, approveHunk, documentText, hunkAtLine, openHunks, readRegion,
  rejectHunk, reopenHunk, resyncDocument, startReview, statusAfterEdit, unapproveEdit, type Decisions, type RegionReading,
} from './track';
export { decisionSummary, describeHunk, type HunkDescription } from './describe';
export { applyTextChange, detectEol, splitLines } from './text';
export { adjacentViewHunk, docLineOfRow, hunkAtRow, reviewView, rowOfDocLine, type ReviewView, type ViewHunk, type ViewRow, type ViewRowKind } from './view';
