// Ids contributed by inline review (they must match contributes.json / package.json).

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
}

export enum InlineContextKey {
  /** The active editor's file has an undecided hunk. */
  Pending = 'selfImprovement.inlinePending',
  /** The cursor is on an undecided hunk. */
  HunkAtCursor = 'selfImprovement.inlineHunkAtCursor',
}

/** The diff command of the side-by-side review (owned by the extension's improvement commands). */
export const REVIEW_DIFF_COMMAND = 'selfImprovement.reviewImprovement';
