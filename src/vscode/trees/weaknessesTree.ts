import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { Weakness } from '../../engine/types';
import { EngineTree } from './engineTree';
import { md, num, passIcon, severityIcon, tooltip, when } from './format';

export class WeaknessesTree extends EngineTree<Weakness> {
  protected readonly title = 'Weaknesses';

  protected load(engine: SelfImprovementApi): Weakness[] {
    // Open ones by priority (most urgent first), then the resolved ones, newest first.
    const all = engine.listWeaknesses({ status: 'all' });
    const open = all.filter((w) => w.status === 'open').sort((a, b) => b.priority - a.priority || b.impact - a.impact);
    const resolved = all.filter((w) => w.status === 'resolved').sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
    return [...open, ...resolved];
  }

  get openCount(): number {
    return this.items.filter((w) => w.status === 'open').length;
  }

  getTreeItem(w: Weakness): vscode.TreeItem {
    const item = new vscode.TreeItem(w.name, vscode.TreeItemCollapsibleState.None);
    item.id = `weakness-${w.id}`;
    item.contextValue = `weakness:${w.status}`;
    item.iconPath = w.status === 'resolved' ? passIcon() : severityIcon(w.severity);
    item.description = w.status === 'resolved'
      ? vscode.l10n.t('resolved')
      : vscode.l10n.t('{0} · impact {1}', w.severity, num(w.impact));
    return item;
  }

  tooltip(w: Weakness): vscode.MarkdownString {
    return tooltip([
      `**${md(w.name)}** — ${w.severity}, ${w.type.replace(/_/g, ' ')}${w.automatic ? ` (${vscode.l10n.t('detected automatically')})` : ''}`,
      md(w.description),
      `${vscode.l10n.t('Impact')} ${num(w.impact)} · ${vscode.l10n.t('priority')} ${num(w.priority)}${w.capabilityName ? ` · ${vscode.l10n.t('capability')} \`${w.capabilityName}\`` : ''}`,
      ...(w.evidence.length ? [`${vscode.l10n.t('Evidence')}:\n${w.evidence.map((e) => `- ${md(e)}`).join('\n')}`] : []),
      `${vscode.l10n.t('Identified')} ${when(w.identifiedAt)}${w.resolvedAt ? ` · ${vscode.l10n.t('resolved')} ${when(w.resolvedAt)}` : ''}`,
    ]);
  }
}
