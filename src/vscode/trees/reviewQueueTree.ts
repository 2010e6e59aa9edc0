// The Review Queue view: the pending proposals the engine's queue rule admits (confirmed, every guardrail
// held, unflagged; engine/improvements/reviewQueue.ts), each with its effect, interval, guardrails, the
// model that drafted it and its transcript. Review / Approve / Reject are the Improvements view's own
// commands (a person's click; nothing here approves by itself).
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { ReviewQueueEntry } from '../../engine/improvements/reviewQueue';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../commands/commandTable';
import { EngineTree } from './engineTree';
import { md, num, percent, tooltip, when } from './format';

/** A queue entry (`id` is the improvement's, so the improvement commands take the row as their argument). */
export interface QueueRow { kind: 'entry'; id: number; entry: ReviewQueueEntry; transcriptExperimentId: number | null }
interface DetailRow { kind: 'detail'; parent: QueueRow; label: string; description: string; icon: string; command?: vscode.Command }
export type ReviewQueueNode = QueueRow | DetailRow;

export function effectText(q: ReviewQueueEntry): string {
  return q.relativeGain !== null ? `${percent(q.relativeGain)} ${q.capability}` : `${num(q.gain)} ${q.unit} ${q.capability}`;
}

export function intervalText(q: ReviewQueueEntry): string {
  if (q.relativeCi) return `${percent(q.relativeCi[0])} … ${percent(q.relativeCi[1])}`;
  if (q.ci) return `${num(q.ci[0])} … ${num(q.ci[1])} ${q.unit}`;
  return '—';
}

export class ReviewQueueTree extends EngineTree<ReviewQueueNode> {
  protected readonly title = 'Review Queue';

  protected load(engine: SelfImprovementApi): ReviewQueueNode[] {
    const chunk = engineChunk();
    return chunk.reviewQueue(engine).map((entry) => {
      let transcriptExperimentId: number | null = null;
      try { transcriptExperimentId = chunk.agents.transcriptExperimentOf(engine, entry.experimentId); } catch { /* a deleted experiment: no link */ }
      return { kind: 'entry', id: entry.improvementId, entry, transcriptExperimentId };
    });
  }

  override async getChildren(element?: ReviewQueueNode): Promise<ReviewQueueNode[]> {
    if (!element) return super.getChildren();
    return element.kind === 'entry' ? this.details(element) : [];
  }

  private details(row: QueueRow): DetailRow[] {
    const q = row.entry;
    const guards = q.guardrails.length ? q.guardrails.map((g) => `${g.capability} ${g.status}`).join(', ') : vscode.l10n.t('none declared');
    const rows: DetailRow[] = [
      { kind: 'detail', parent: row, label: vscode.l10n.t('Effect'), description: `${effectText(q)} (${vscode.l10n.t('confirmed by a fresh run')})`, icon: 'graph' },
      { kind: 'detail', parent: row, label: vscode.l10n.t('Interval'), description: intervalText(q), icon: 'symbol-ruler' },
      { kind: 'detail', parent: row, label: vscode.l10n.t('Guardrails'), description: guards, icon: 'shield' },
      { kind: 'detail', parent: row, label: vscode.l10n.t('Model'), description: q.proposedBy, icon: 'sparkle' },
      { kind: 'detail', parent: row, label: vscode.l10n.t('Evidence'), description: vscode.l10n.t('experiment #{0}', q.experimentId), icon: 'beaker',
        command: { command: CommandId.ShowEvidence, title: vscode.l10n.t('Show Evidence'), arguments: [{ id: q.experimentId }] } },
    ];
    if (row.transcriptExperimentId !== null) {
      rows.push({ kind: 'detail', parent: row, label: vscode.l10n.t('Transcript'), description: vscode.l10n.t('prompts, answers and verdicts'), icon: 'comment-discussion',
        command: { command: CommandId.ShowDraftingTranscript, title: vscode.l10n.t('Show Drafting Transcript'), arguments: [row.transcriptExperimentId] } });
    }
    return rows;
  }

  getParent(element: ReviewQueueNode): ReviewQueueNode | undefined {
    return element.kind === 'detail' ? element.parent : undefined;
  }

  getTreeItem(node: ReviewQueueNode): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `queue-${node.parent.id}-${node.label}`;
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = node.command ? 'queueLink' : 'queueDetail';
      if (node.command) item.command = node.command;
      item.accessibilityInformation = { label: `${node.label}: ${node.description}` };
      return item;
    }
    const q = node.entry;
    const item = new vscode.TreeItem(q.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `queue-${q.improvementId}`;
    item.contextValue = 'queueEntry';
    item.iconPath = new vscode.ThemeIcon('git-pull-request', new vscode.ThemeColor('charts.green'));
    item.description = `${effectText(q)} · ${q.filePath}`;
    item.accessibilityInformation = { label: `${q.name}, ${effectText(q)}, ${q.filePath}, ${vscode.l10n.t('waiting for your review')}` };
    item.command = { command: CommandId.ReviewImprovement, title: vscode.l10n.t('Review'), arguments: [{ id: q.improvementId }] };
    return item;
  }

  tooltip(node: ReviewQueueNode): vscode.MarkdownString {
    const q = node.kind === 'entry' ? node.entry : node.parent.entry;
    return tooltip([
      `**#${q.improvementId} ${md(q.name)}** — ${vscode.l10n.t('confirmed, guarded, unflagged; waiting for your review')}`,
      `${vscode.l10n.t('Effect')}: ${md(effectText(q))} (${vscode.l10n.t('interval')} ${md(intervalText(q))})`,
      `${vscode.l10n.t('Guardrails')}: ${q.guardrails.length ? md(q.guardrails.map((g) => `${g.capability} ${g.status}`).join(', ')) : vscode.l10n.t('none declared')}`,
      `\`${q.filePath}\` · ${vscode.l10n.t('experiment')} #${q.experimentId} · ${vscode.l10n.t('proposed by')} ${md(q.proposedBy)} ${when(q.proposedAt)}`,
    ]);
  }
}
