// Plain data of inline review: the hunks of one file's proposal and where they stand in the open document.
// Lines follow VS Code's model: 0-based, split on \r\n, \r or \n, so "a\nb\n" has the lines "a", "b", "".

/** One change block of a proposal (diff with no context lines), positioned in the original content. */
export interface Hunk {
  /** 0-based position among the proposal's hunks, top to bottom. */
  readonly index: number;
  /** Stable id: SHA-256 (hex, first 16 digits) of index, position and lines. Same proposal → same ids. */
  readonly id: string;
  /** First original line this hunk replaces; for a pure insertion, the line it is inserted before. */
  readonly start: number;
  /** Original lines it replaces (= removed.length); 0 means a pure insertion at `start`. */
  readonly count: number;
  /** Where the added lines start in the proposed content. */
  readonly proposedStart: number;
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** Original lines around the hunk (null at the file's start/end): what a pure insertion is anchored to. */
  readonly contextBefore: string | null;
  readonly contextAfter: string | null;
}

/**
 * pending: undecided, the document reads the original lines. approved: applied, the document reads the added
 * lines. rejected: decided against, the file unchanged. stale: the person edited the hunk's lines (or a pure
 * insertion's anchor), so it cannot be applied as proposed. reverted: was approved, then undone; undecided again.
 */
export type HunkStatus = 'pending' | 'approved' | 'rejected' | 'stale' | 'reverted';

/** A hunk as it stands in the open document. */
export interface TrackedHunk extends Hunk {
  readonly status: HunkStatus;
  /** Current 0-based first line of its region in the document. */
  readonly line: number;
  /** Lines its region spans now (removed.length while undecided, added.length once approved). */
  readonly length: number;
  /** For a stale hunk: the undecided status it had, restored if its lines read as proposed-against again. */
  readonly staleFrom?: 'pending' | 'reverted';
  /** The region is wider than the hunk (an edit ran across its edge); narrowed again once its lines read intact at one place. */
  readonly wide?: boolean;
}

export type Eol = '\n' | '\r\n' | '\r';

/** The document as the tracker knows it (kept in step through applyDocumentChange) and its hunks. */
export interface ReviewState {
  readonly lines: readonly string[];
  readonly eol: Eol;
  readonly hunks: readonly TrackedHunk[];
}

/** The shape of a VS Code TextDocumentContentChangeEvent: a 0-based range of the text before the change. */
export interface DocumentChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

/**
 * The one replacement that applies (or reverses) a hunk: a precise range for a WorkspaceEdit, plus the whole
 * lines it replaces (`lineStart`..`lineEnd`, end exclusive) for display and checks.
 */
export interface HunkEdit extends DocumentChange {
  readonly lineStart: number;
  readonly lineEnd: number;
}

export type DecisionSummary = 'applied' | 'partially_applied' | 'rejected' | 'pending';
