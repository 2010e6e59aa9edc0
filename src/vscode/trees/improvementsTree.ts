import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement, ImprovementStatus } from '../../engine/types';
import { CommandId } from '../ids';
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

export class ImprovementsTree extends EngineTree<CodeImprovement> {
  protected readonly title = 'Improvements';

  protected load(engine: SelfImprovementApi): CodeImprovement[] {
    return engine.listImprovements().sort((a, b) => order[a.status] - order[b.status] || b.id - a.id);
  }

  getTreeItem(i: CodeImprovement): vscode.TreeItem {
    const item = new vscode.TreeItem(i.name, vscode.TreeItemCollapsibleState.None);
    item.id = `improvement-${i.id}`;
    item.contextValue = `improvement:${i.status}`;
    const [icon, color] = icons[i.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = `${statusLabel(i.status)} · ${i.filePath}${i.functionName ? ` · ${i.functionName}()` : ''}`;
    item.accessibilityInformation = { label: `${i.name}, ${statusLabel(i.status)}, ${i.filePath}` };
    item.command = { command: CommandId.ReviewImprovement, title: vscode.l10n.t('Review'), arguments: [i] };
    return item;
  }

  tooltip(i: CodeImprovement): vscode.MarkdownString {
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
      `SHA-256 ${vscode.l10n.t('before')} \`${i.hashBefore.slice(0, 12)}\`${i.hashAfter ? ` · ${vscode.l10n.t('after')} \`${i.hashAfter.slice(0, 12)}\`` : ''}`,
    ]);
  }
}
