// Inline review: a pending proposal reviewed hunk by hunk with its proposed lines on screen, in a read-only
// review view (the file as it is with each hunk's proposed lines under the lines they replace), decided
// one hunk at a time into the real file. Stable API only. Three jobs, three files: sessions and engine
// sync (reviewSessions.ts), rendering (reviewRendering.ts), commands and navigation (reviewCommands.ts,
// deciding in reviewDecide.ts); this class only wires them and answers the tests.
import type * as vscode from 'vscode';
import { Disposables } from '../lifecycle';
import type { TrackedHunk } from '../../engine/review';
import type { DrawnHunks } from './decorations';
import type { DrawnView } from './reviewDecorations';
import { InlineCommands } from './reviewCommands';
import { InlineRenderer } from './reviewRendering';
import { InlineSessions, type InlineReviewDeps } from './reviewSessions';
import type { ReviewSession } from './session';

export type { InlineReviewDeps } from './reviewSessions';

export class InlineReview extends Disposables {
  private readonly sessions: InlineSessions;
  private readonly renderer: InlineRenderer;

  constructor(deps: InlineReviewDeps) {
    super();
    this.sessions = this.register(new InlineSessions(deps));
    this.renderer = this.register(new InlineRenderer(this.sessions));
    for (const d of new InlineCommands(this.sessions, this.renderer).register()) this.register(d);
  }

  sessionsFor(uri: vscode.Uri): readonly ReviewSession[] {
    return this.sessions.sessionsFor(uri);
  }

  /** Undecided hunks of a file across its reviews, top to bottom. */
  openHunks(uri: vscode.Uri): { session: ReviewSession; hunk: TrackedHunk }[] {
    return this.sessions.openHunks(uri);
  }

  /** What is drawn on a file's editor now (undefined: never drawn). */
  drawnOn(editor: vscode.TextEditor): DrawnHunks | undefined {
    return this.renderer.drawnOn(editor);
  }

  /** What is drawn on a review view's editor now. */
  drawnView(editor: vscode.TextEditor): DrawnView | undefined {
    return this.renderer.drawnView(editor);
  }

  /** Resolves once sessions reflect the engine and the open editors, and everything visible is redrawn. */
  async settle(): Promise<void> {
    await this.sessions.settle();
    this.renderer.renderAll();
  }
}

/** Registers inline review (providers, listeners, commands); dispose to remove it all. */
export function registerInlineReview(deps: InlineReviewDeps): InlineReview {
  return new InlineReview(deps);
}
