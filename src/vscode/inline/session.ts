// One improvement under inline review in one open document: the pure hunk model's state, kept in step with
// the document, and what the engine last recorded for each hunk (to detect undo/redo of approvals).
import type * as vscode from 'vscode';
import type { CodeImprovement, HunkDecisionKind } from '../../engine/types';
import type { DocumentChange, HunkStatus, ReviewState, TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';

/** A decision the document's own changes imply (undo of an approval → reverted, redo → approved). */
export interface ImpliedDecision {
  readonly hunk: TrackedHunk;
  readonly decision: Extract<HunkDecisionKind, 'approved' | 'reverted'>;
}

export function toDocumentChange(c: vscode.TextDocumentContentChangeEvent): DocumentChange {
  return { startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text };
}

export class ReviewSession {
  state: ReviewState;
  /** The document's text as last seen (the "before" of the next change's hashes). */
  text: string;
  /** Hunk id → the engine's latest decision. Set before the engine call returns, so nothing is recorded twice. */
  readonly recorded = new Map<string, HunkDecisionKind>();
  /** Engine calls of this session run one after another, in the order the changes happened. */
  queue: Promise<unknown> = Promise.resolve();

  constructor(readonly improvement: CodeImprovement, readonly uri: vscode.Uri, documentTextNow: string, decisions: ReadonlyMap<string, HunkDecisionKind>) {
    for (const [id, d] of decisions) this.recorded.set(id, d);
    const statuses: Record<string, HunkStatus> = Object.fromEntries(decisions);
    this.state = engineChunk().review.startReview(improvement.originalContent, improvement.proposedContent, documentTextNow, statuses);
    this.text = documentTextNow;
  }

  get id(): number {
    return this.improvement.id;
  }

  open(): TrackedHunk[] {
    return engineChunk().review.openHunks(this.state);
  }

  hunk(id: string): TrackedHunk | undefined {
    return this.state.hunks.find((h) => h.id === id);
  }

  /**
   * Tracks one change event; falls back to a full resync when the event does not fit what the state knew
   * (a missed event, a reload from disk). Returns the decisions the change implies.
   */
  track(changes: readonly vscode.TextDocumentContentChangeEvent[], textNow: string): ImpliedDecision[] {
    let next: ReviewState;
    try {
      next = engineChunk().review.applyDocumentChanges(this.state, changes.map(toDocumentChange));
      if (engineChunk().review.documentText(next) !== textNow) next = engineChunk().review.resyncDocument(next, textNow);
    } catch {
      next = engineChunk().review.resyncDocument(this.state, textNow);
    }
    this.state = next;
    this.text = textNow;
    return this.implied();
  }

  /** Brings the state to the document's text when changes were not seen one by one. */
  resync(textNow: string): ImpliedDecision[] {
    if (engineChunk().review.documentText(this.state) !== textNow) this.state = engineChunk().review.resyncDocument(this.state, textNow);
    this.text = textNow;
    return this.implied();
  }

  /** Approved in the engine but no longer applied in the document → reverted; reverted but applied again → approved. */
  implied(): ImpliedDecision[] {
    const out: ImpliedDecision[] = [];
    for (const h of this.state.hunks) {
      const recorded = this.recorded.get(h.id);
      const undone = h.status === 'reverted' || (h.status === 'stale' && h.staleFrom === 'reverted');
      if (recorded === 'approved' && undone) out.push({ hunk: h, decision: 'reverted' });
      else if (recorded === 'reverted' && h.status === 'approved') out.push({ hunk: h, decision: 'approved' });
    }
    return out;
  }
}
