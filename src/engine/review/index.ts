// Inline review's hunk model: pure, no `vscode`. Adapters map document changes in and decorations/lenses out.
export type { DecisionSummary, DocumentChange, Eol, Hunk, HunkEdit, HunkStatus, ReviewState, TrackedHunk } from './types';
export { splitHunks } from './split';
export { applyHunks, checkApplied, checkHunk, HunkMismatchError, hunkEdit, reverseHunks, type PlacedHunk } from './apply';
export {
  adjacentHunk, applyDocumentChange, applyDocumentChanges, approveHunk, documentText, hunkAtLine, openHunks, readRegion,
  rejectHunk, reopenHunk, resyncDocument, startReview, statusAfterEdit, type Decisions, type RegionReading,
} from './track';
export { decisionSummary, describeHunk, type HunkDescription } from './describe';
export { applyTextChange, detectEol, splitLines } from './text';
