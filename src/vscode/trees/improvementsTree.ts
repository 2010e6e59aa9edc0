import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement, ImprovementStatus } from '../../engine/types';
import { CommandId } from '../commands/commandTable';
import { groupChangeSets, isChangeSet, type ChangeSet } from './changeSet';
import { EngineTree } from './engineTree';
import { md, tooltip, when } from './format';

const order: Record<ImprovementStatus, number> = { pending: 0, approved: 1, failed: 2, applied: 3, partially_applied: 3, rolled_back: 4, rejected: 5 };

const icons: Record<ImprovementStatus, [string, string | undefined]> = {
  pending: ['git-pull-request', 'charts.yellow'],
  approved: ['loading~spin', undefined],
  applied: ['pass-filled', 'testing.iconPassed'],
  partially_applied: ['pass', 'testing.iconPassed'],
  rejected: ['close', 'disabledForeground'],
  rolled_back: ['discard', 'charts.blue'],
  failed: ['error', 'testing.iconFailed'],
};

export const statusLabel = (s: ImprovementStatus): string => s.replace(/_/g, ' ');

/** A row of the Improvements tree: a single improvement, or an experiment's change set (its files are children). */
export type ImprovementNode = CodeImprovement | ChangeSet;

/** "2 pending · 1 applied", most urgent first. */
export function statusSummary(set: ChangeSet): string {
  const counts = new Map<ImprovementStatus, number>();
  for (const i of set.improvements) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => order[a] - order[b]).map(([s, n]) => `${n} ${statusLabel(s)}`).join(' · ');
}

/** The set's most urgent status decides its icon and contextValue (pending while any file waits). */
const setStatus = (set: ChangeSet): ImprovementStatus =>
  set.improvements.map((i) => i.status).sort((a, b) => order[a] - order[b])[0] ?? 'pending';

export class ImprovementsTree extends EngineTree<ImprovementNode> {
  protected readonly title = 'Improvements';

  /** Tamper flags of the experiments behind the listed improvements (they change their own evaluator). */
  private flags = new Map<number, { file: string; reasons: string[] }[]>();

  protected load(engine: SelfImprovementApi): ImprovementNode[] {
    const improvements = engine.listImprovements().sort((a, b) => order[a.status] - order[b.status] || b.id - a.id);
    this.flags = new Map();
    for (const id of new Set(improvements.map((i) => i.experimentId).filter((x): x is number => x !== null))) {
      const found = engine.getExperimentEvidence(id)?.tamperFlags ?? [];
      if (found.length) this.flags.set(id, found);
    }
    return groupChangeSets(engine, improvements);
  }

  private flagsOf(experimentId: number | null): { file: string; reasons: string[] }[] {
    return experimentId === null ? [] : this.flags.get(experimentId) ?? [];
  }

  private flagLines(experimentId: number | null): string[] {
    const flags = this.flagsOf(experimentId);
    if (!flags.length) return [];
    return [`$(warning) **${vscode.l10n.t('Flagged')}**: ${vscode.l10n.t('the candidate changes files of what measures it; it is never applied automatically.')}`,
      ...flags.map((f) => `- \`${f.file}\`: ${md(f.reasons.join('; '))}`)];
  }

  override async getChildren(element?: ImprovementNode): Promise<ImprovementNode[]> {
    if (element) return isChangeSet(element) ? element.improvements : [];
    return super.getChildren();
  }

  getParent(element: ImprovementNode): ImprovementNode | undefined {
    if (isChangeSet(element)) return undefined;
    return this.items.find((n): n is ChangeSet => isChangeSet(n) && n.improvements.some((i) => i.id === element.id));
  }

  getTreeItem(node: ImprovementNode): vscode.TreeItem {
    return isChangeSet(node) ? this.setItem(node) : this.improvementItem(node);
  }

  tooltip(node: ImprovementNode): vscode.MarkdownString {
    return isChangeSet(node) ? this.setTooltip(node) : this.improvementTooltip(node);
  }

  private setItem(set: ChangeSet): vscode.TreeItem {
    const label = vscode.l10n.t('Experiment #{0}: {1} — {2} files', set.experimentId, set.experimentName || vscode.l10n.t('(deleted)'), set.improvements.length);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = set.id;
    const status = setStatus(set);
    item.contextValue = status === 'pending' ? 'changeSet:pending' : 'changeSet:done';
    const color = icons[status][1];
    item.iconPath = new vscode.ThemeIcon(status === 'pending' ? 'diff-multiple' : icons[status][0], color ? new vscode.ThemeColor(color) : undefined);
    item.description = `${this.flagsOf(set.experimentId).length ? `⚠ ${vscode.l10n.t('flagged')} · ` : ''}${statusSummary(set)}`;
    item.accessibilityInformation = { label: `${label}, ${item.description}` };
    return item;
  }

  private setTooltip(set: ChangeSet): vscode.MarkdownString {
    return tooltip([
      `**${vscode.l10n.t('Experiment')} #${set.experimentId} ${md(set.experimentName)}** — ${statusSummary(set)}`,
      ...set.improvements.map((i) => `- \`${i.filePath}\` — ${statusLabel(i.status)} (#${i.id})`),
      ...this.flagLines(set.experimentId),
    ]);
  }

  private improvementItem(i: CodeImprovement): vscode.TreeItem {
    const item = new vscode.TreeItem(i.name, vscode.TreeItemCollapsibleState.None);
    item.id = `improvement-${i.id}`;
    item.contextValue = `improvement:${i.status}`;
    const [icon, color] = icons[i.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = `${this.flagsOf(i.experimentId).length ? `⚠ ${vscode.l10n.t('flagged')} · ` : ''}${statusLabel(i.status)} · ${i.filePath}${i.functionName ? ` · ${i.functionName}()` : ''}`;
    item.accessibilityInformation = { label: `${i.name}, ${statusLabel(i.status)}, ${i.filePath}` };
    item.command = { command: CommandId.ReviewImprovement, title: vscode.l10n.t('Review'), arguments: [i] };
    return item;
  }

  private improvementTooltip(i: CodeImprovement): vscode.MarkdownString {
    return tooltip([
      `**#${i.id} ${md(i.name)}** — ${statusLabel(i.status)}`,
      ...(i.description ? [md(i.description)] : []),
      `\`${i.filePath}\`${i.functionName ? ` · \`${i.functionName}\`` : ''}${i.experimentId ? ` · ${vscode.l10n.t('experiment')} #${i.experimentId}` : ''}`,
      `${vscode.l10n.t('Proposed by')} ${md(i.proposedBy)} ${when(i.proposedAt)}`,
      ...(i.approvedBy ? [`${vscode.l10n.t('Approved by')} ${md(i.approvedBy)} ${when(i.approvedAt)}`] : []),
      ...(i.appliedAt ? [`${vscode.l10n.t('Applied')} ${when(i.appliedAt)}`] : []),
      ...(i.rejectedReason !== null && i.status === 'rejected' ? [`${vscode.l10n.t('Rejected')}: ${md(i.rejectedReason || '—')}`] : []),
      ...(i.rolledBackAt ? [`${vscode.l10n.t('Rolled back')} ${when(i.rolledBackAt)}`] : []),
      ...(i.error ? [`$(error) ${md(i.error)}`] : []),
      ...this.flagLines(i.experimentId),
      `SHA-256 ${vscode.l10n.t('before')} \`${i.hashBefore.slice(0, 12)}\`${i.hashAfter ? ` · ${vscode.l10n.t('after')} \`${i.hashAfter.slice(0, 12)}\`` : ''}`,
    ]);
  }
}
