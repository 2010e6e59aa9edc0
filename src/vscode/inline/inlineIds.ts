// Ids contributed by inline review (they must match package.json).

export enum InlineCommand {
  ReviewInline = 'selfImprovement.reviewInline',
  ApproveHunk = 'selfImprovement.inline.approveHunk',
  RejectHunk = 'selfImprovement.inline.rejectHunk',
  ApproveAll = 'selfImprovement.inline.approveAll',
  RejectAll = 'selfImprovement.inline.rejectAll',
  ShowDiff = 'selfImprovement.inline.showDiff',
  Repropose = 'selfImprovement.inline.repropose',
  NextHunk = 'selfImprovement.inline.nextHunk',
  PreviousHunk = 'selfImprovement.inline.previousHunk',
  /** Takes back the last approval made in a review view (its edit reversed in the file). */
  UndoApproval = 'selfImprovement.inline.undoApproval',
  /** Text buttons in the native diff editor's title (no icon, so VS Code renders the title as text). */
  DiffApprove = 'selfImprovement.diff.approve',
  DiffReject = 'selfImprovement.diff.reject',
}

export enum InlineContextKey {
  /** The active editor (a file or its review view) has an undecided hunk. */
  Pending = 'selfImprovement.inlinePending',
  /** The cursor of the active review view is on an undecided hunk. */
  HunkAtCursor = 'selfImprovement.inlineHunkAtCursor',
  /** The active review view has an approval that Undo can take back. */
  CanUndo = 'selfImprovement.inlineCanUndo',
}

/** The read-only review view: the file with each undecided hunk's proposed lines under the lines they replace. */
export const REVIEW_SCHEME = 'self-improvement-review';

/** Commands owned by the extension's improvement commands that inline review calls. */
export const REVIEW_DIFF_COMMAND = 'selfImprovement.reviewImprovement';
export const APPROVE_IMPROVEMENT_COMMAND = 'selfImprovement.approveImprovement';
export const REJECT_IMPROVEMENT_COMMAND = 'selfImprovement.rejectImprovement';
