// CodeLenses of the review view, where the proposed lines are on screen: at the top the proposal with
// `Approve All | Reject All | Undo Approval`, above each undecided hunk `Approve | Reject | Next | Previous`
// with their keys, so a person learns the keyboard path from the lens itself.
import * as vscode from 'vscode';
import type { ReviewView } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../commands/commandTable';
import { parseReviewUri } from './reviewDocument';
import type { ReviewSession } from './session';

/** The key chord for a lens title, as the person's keyboard names it. */
export function keyLabel(key: string): string {
  return process.platform === 'darwin' ? `⌘⌥${key}` : `Ctrl+Alt+${key}`;
}

export const UNDO_KEY = process.platform === 'darwin' ? '⌘Z' : 'Ctrl+Z';

/** What the review lenses read: the review behind a view, and the view its document shows now. */
export interface ReviewLensSource {
  session(id: number): ReviewSession | undefined;
  viewOf(doc: vscode.TextDocument): ReviewView | undefined;
  /** The approvals Undo Approval can take back in this review. */
  undoable(s: ReviewSession): number;
  readonly onDidChangeViews: vscode.Event<void>;
}

export class ReviewLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly source: ReviewLensSource) {
    this.onDidChangeCodeLenses = source.onDidChangeViews;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const parsed = parseReviewUri(document.uri);
    const s = parsed && this.source.session(parsed.id);
    const view = this.source.viewOf(document);
    const top = new vscode.Range(0, 0, 0, 0);
    if (!parsed) return [];
    if (!s || !view) {
      return [new vscode.CodeLens(top, { title: vscode.l10n.t('Proposal #{0}: nothing left to review here', parsed.id), command: '' })];
    }
    const uri = document.uri;
    const lenses: vscode.CodeLens[] = [];
    const open = view.hunks;
    const approvable = open.filter((h) => h.status !== 'stale').length;
    lenses.push(new vscode.CodeLens(top, {
      title: open.length
        ? vscode.l10n.t('Proposal #{0} “{1}”: {2} undecided', s.id, s.improvement.name, open.length)
        : vscode.l10n.t('Proposal #{0} “{1}”: every change decided', s.id, s.improvement.name),
      tooltip: vscode.l10n.t('Open the side-by-side diff of the whole proposal'), command: CommandId.InlineShowDiff, arguments: [uri, s.id],
    }));
    if (approvable) {
      lenses.push(new vscode.CodeLens(top, {
        title: vscode.l10n.t('Approve All'), tooltip: vscode.l10n.t('Apply all {0} undecided changes that still fit the file', approvable),
        command: CommandId.InlineApproveAll, arguments: [uri, s.id],
      }));
    }
    if (open.length) {
      lenses.push(new vscode.CodeLens(top, {
        title: vscode.l10n.t('Reject All'), tooltip: vscode.l10n.t('Reject all {0} undecided changes; the file stays as it is', open.length),
        command: CommandId.InlineRejectAll, arguments: [uri, s.id],
      }));
    }
    if (this.source.undoable(s)) {
      lenses.push(new vscode.CodeLens(top, {
        title: vscode.l10n.t('Undo Approval ({0})', UNDO_KEY), tooltip: vscode.l10n.t('Take the last approval back out of the file'),
        command: CommandId.InlineUndoApproval, arguments: [uri, s.id],
      }));
    }
    for (const vh of open) {
      const h = s.hunk(vh.id);
      if (!h) continue;
      const at = new vscode.Range(vh.firstRow, 0, vh.firstRow, 0);
      const args = [uri, s.id, h.id];
      const what = engineChunk().review.describeHunk(h).text;
      lenses.push(new vscode.CodeLens(at, { title: vscode.l10n.t('Change {0} of {1}', h.index + 1, s.state.hunks.length), tooltip: what, command: '' }));
      if (h.status === 'stale') {
        lenses.push(
          new vscode.CodeLens(at, { title: vscode.l10n.t('Edited since proposed'), tooltip: vscode.l10n.t('These lines changed after the proposal: it can no longer be approved as is'), command: '' }),
          new vscode.CodeLens(at, { title: vscode.l10n.t('Re-propose'), tooltip: vscode.l10n.t('Propose this change again against the lines as they are now'), command: CommandId.InlineRepropose, arguments: args }),
        );
      } else {
        lenses.push(new vscode.CodeLens(at, { title: vscode.l10n.t('Approve ({0})', keyLabel('Y')), tooltip: vscode.l10n.t('Approve: {0}', what), command: CommandId.InlineApproveHunk, arguments: args }));
      }
      lenses.push(
        new vscode.CodeLens(at, { title: vscode.l10n.t('Reject ({0})', keyLabel('N')), tooltip: vscode.l10n.t('Reject, the file stays as it is: {0}', what), command: CommandId.InlineRejectHunk, arguments: args }),
      );
      if (open.length > 1) {
        lenses.push(
          new vscode.CodeLens(at, { title: vscode.l10n.t('Next ({0})', keyLabel(']')), command: CommandId.InlineNextHunk, arguments: [uri, vh.firstRow] }),
          new vscode.CodeLens(at, { title: vscode.l10n.t('Previous ({0})', keyLabel('[')), command: CommandId.InlinePreviousHunk, arguments: [uri, vh.firstRow] }),
        );
      }
    }
    return lenses;
  }
}
