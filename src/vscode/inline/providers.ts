// The file's own editor only points at the review: a CodeLens at the top (`Proposal #3 “…”: 2 undecided ·
// Review Inline · Diff`) and one above each undecided hunk naming it, both opening the review view, where
// the proposed lines are shown and decided; and a hover with the hunk as a diff, in words for screen readers.
import * as vscode from 'vscode';
import type { TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { anchorLine } from './decorations';
import { CommandId } from '../commands/commandTable';
import type { ReviewSession } from './session';

/** What the providers read: the reviews of a document, as the sessions keep them. */
export interface SessionSource {
  sessionsFor(uri: vscode.Uri): readonly ReviewSession[];
  readonly onDidChangeSessions: vscode.Event<void>;
}

/** The line a hunk's lens sits above: its first line; for an insertion, the line it goes before. */
export function lensLine(h: TrackedHunk, lineCount: number): number {
  return Math.max(0, Math.min(lineCount - 1, h.line));
}

export const ofTotal = (h: { readonly index: number }, s: ReviewSession): string =>
  vscode.l10n.t('change {0} of {1}', h.index + 1, s.state.hunks.length);

export class InlineLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly source: SessionSource) {
    this.onDidChangeCodeLenses = source.onDidChangeSessions;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const n = document.lineCount;
    for (const s of this.source.sessionsFor(document.uri)) {
      const open = s.open();
      if (!open.length) continue;
      const top = new vscode.Range(0, 0, 0, 0);
      lenses.push(
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('Proposal #{0} “{1}”: {2} undecided', s.id, s.improvement.name, open.length),
          tooltip: vscode.l10n.t('Review the proposed lines in place, change by change'),
          command: CommandId.ReviewInline, arguments: [s.id],
        }),
        new vscode.CodeLens(top, { title: vscode.l10n.t('Review Inline'), tooltip: vscode.l10n.t('Show the proposed lines under the lines they replace, and decide each change'), command: CommandId.ReviewInline, arguments: [s.id] }),
        new vscode.CodeLens(top, { title: vscode.l10n.t('Diff'), tooltip: vscode.l10n.t('Open the side-by-side diff of the whole proposal'), command: CommandId.InlineShowDiff, arguments: [document.uri, s.id] }),
      );
      for (const h of open) {
        const at = new vscode.Range(lensLine(h, n), 0, lensLine(h, n), 0);
        const what = engineChunk().review.describeHunk(h).text;
        const title = h.status === 'stale'
          ? vscode.l10n.t('Edited since proposed ({0}): review', ofTotal(h, s))
          : vscode.l10n.t('Proposed ({0}): {1} — review', ofTotal(h, s), what);
        lenses.push(new vscode.CodeLens(at, {
          title, tooltip: vscode.l10n.t('Open the review view at this change'), command: CommandId.ReviewInline, arguments: [s.id, h.id],
        }));
      }
    }
    return lenses;
  }
}

/** The lines a hunk's hover answers on: its region, or for an insertion the line above and below the point. */
function hoverLines(h: TrackedHunk, lineCount: number): [number, number] {
  if (h.length > 0) return [h.line, h.line + h.length - 1];
  return [anchorLine(h, lineCount), Math.min(lineCount - 1, h.line)];
}

export class InlineHoverProvider implements vscode.HoverProvider {
  constructor(private readonly source: SessionSource) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const n = document.lineCount;
    for (const s of this.source.sessionsFor(document.uri)) {
      for (const h of s.open()) {
        const [first, last] = hoverLines(h, n);
        if (position.line < first || position.line > last) continue;
        const { text, diff } = engineChunk().review.describeHunk(h);
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: [CommandId.ReviewInline, CommandId.InlineShowDiff] };
        md.appendMarkdown(`**${vscode.l10n.t('Proposal #{0}', s.id)}** — ${ofTotal(h, s)}: ${text}`);
        if (h.status === 'stale') md.appendMarkdown(`\n\n$(warning) ${vscode.l10n.t('These lines were edited since the proposal; it cannot be approved as is.')}`);
        md.appendCodeblock(diff, 'diff');
        const review = encodeURIComponent(JSON.stringify([s.id, h.id]));
        const diffArgs = encodeURIComponent(JSON.stringify([document.uri.toString(), s.id]));
        md.appendMarkdown(`[${vscode.l10n.t('Review Inline')}](command:${CommandId.ReviewInline}?${review}) · [${vscode.l10n.t('Diff')}](command:${CommandId.InlineShowDiff}?${diffArgs})`);
        return new vscode.Hover(md, new vscode.Range(first, 0, last, document.lineAt(last).range.end.character));
      }
    }
    return undefined;
  }
}
