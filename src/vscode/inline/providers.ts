// CodeLenses (`Approve | Reject | Diff` above each undecided hunk, `Approve All | Reject All` at the top) and
// the hover (the hunk as a diff, with what it will change in words for screen readers).
import * as vscode from 'vscode';
import type { TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { anchorLine } from './decorations';
import { CommandId } from '../commands/commandTable';
import type { ReviewSession } from './session';

/** What the providers read: the reviews of a document, as the controller keeps them. */
export interface SessionSource {
  sessionsFor(uri: vscode.Uri): readonly ReviewSession[];
  readonly onDidChangeSessions: vscode.Event<void>;
}

/** The line a hunk's lens sits above: its first line; for an insertion, the line it goes before. */
export function lensLine(h: TrackedHunk, lineCount: number): number {
  return Math.max(0, Math.min(lineCount - 1, h.line));
}

const ofTotal = (h: TrackedHunk, s: ReviewSession): string =>
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
      const approvable = open.filter((h) => h.status !== 'stale').length;
      lenses.push(
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('Proposal #{0} “{1}”: {2} undecided', s.id, s.improvement.name, open.length),
          tooltip: vscode.l10n.t('Open the side-by-side diff of the whole proposal'),
          command: CommandId.InlineShowDiff, arguments: [document.uri, s.id],
        }),
      );
      if (approvable) {
        lenses.push(new vscode.CodeLens(top, {
          title: vscode.l10n.t('Approve All'), tooltip: vscode.l10n.t('Apply all {0} undecided changes that still fit the file', approvable),
          command: CommandId.InlineApproveAll, arguments: [document.uri, s.id],
        }));
      }
      lenses.push(new vscode.CodeLens(top, {
        title: vscode.l10n.t('Reject All'), tooltip: vscode.l10n.t('Reject all {0} undecided changes; the file stays as it is', open.length),
        command: CommandId.InlineRejectAll, arguments: [document.uri, s.id],
      }));
      for (const h of open) {
        const at = new vscode.Range(lensLine(h, n), 0, lensLine(h, n), 0);
        const what = engineChunk().review.describeHunk(h).text;
        const args = [document.uri, s.id, h.id];
        if (h.status === 'stale') {
          lenses.push(
            new vscode.CodeLens(at, { title: vscode.l10n.t('Edited since proposed'), tooltip: vscode.l10n.t('These lines changed after the proposal: it can no longer be approved as is ({0})', ofTotal(h, s)), command: '' }),
            new vscode.CodeLens(at, { title: vscode.l10n.t('Diff'), tooltip: vscode.l10n.t('Compare with the proposal'), command: CommandId.InlineShowDiff, arguments: args }),
            new vscode.CodeLens(at, { title: vscode.l10n.t('Re-propose'), tooltip: vscode.l10n.t('Propose this change again against the lines as they are now'), command: CommandId.InlineRepropose, arguments: args }),
            new vscode.CodeLens(at, { title: vscode.l10n.t('Reject'), tooltip: vscode.l10n.t('Reject: {0}', what), command: CommandId.InlineRejectHunk, arguments: args }),
          );
          continue;
        }
        lenses.push(
          new vscode.CodeLens(at, { title: vscode.l10n.t('Approve'), tooltip: vscode.l10n.t('Approve ({0}): {1}', ofTotal(h, s), what), command: CommandId.InlineApproveHunk, arguments: args }),
          new vscode.CodeLens(at, { title: vscode.l10n.t('Reject'), tooltip: vscode.l10n.t('Reject ({0}), the file stays as it is: {1}', ofTotal(h, s), what), command: CommandId.InlineRejectHunk, arguments: args }),
          new vscode.CodeLens(at, { title: vscode.l10n.t('Diff'), tooltip: vscode.l10n.t('Compare with the proposal side by side'), command: CommandId.InlineShowDiff, arguments: args }),
        );
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
        const args = encodeURIComponent(JSON.stringify([document.uri.toString(), s.id, h.id]));
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: [CommandId.InlineApproveHunk, CommandId.InlineRejectHunk, CommandId.InlineShowDiff, CommandId.InlineRepropose] };
        md.appendMarkdown(`**${vscode.l10n.t('Proposal #{0}', s.id)}** — ${ofTotal(h, s)}: ${text}`);
        if (h.status === 'stale') md.appendMarkdown(`\n\n$(warning) ${vscode.l10n.t('These lines were edited since the proposal; it cannot be approved as is.')}`);
        md.appendCodeblock(diff, 'diff');
        const actions = h.status === 'stale'
          ? [[vscode.l10n.t('Diff'), CommandId.InlineShowDiff], [vscode.l10n.t('Re-propose'), CommandId.InlineRepropose], [vscode.l10n.t('Reject'), CommandId.InlineRejectHunk]]
          : [[vscode.l10n.t('Approve'), CommandId.InlineApproveHunk], [vscode.l10n.t('Reject'), CommandId.InlineRejectHunk], [vscode.l10n.t('Diff'), CommandId.InlineShowDiff]];
        md.appendMarkdown(actions.map(([label, cmd]) => `[${label}](command:${cmd}?${args})`).join(' · '));
        return new vscode.Hover(md, new vscode.Range(first, 0, last, document.lineAt(last).range.end.character));
      }
    }
    return undefined;
  }
}
