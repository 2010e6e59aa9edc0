import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { Experiment } from '../../engine/types';
import { engineChunk } from '../../chunkLoader';
import { EngineTree } from './engineTree';
import { md, percent, pValue, tooltip, when } from './format';

const order: Record<Experiment['status'], number> = { running: 0, planned: 1, completed: 2, failed: 3 };

export function experimentIcon(e: Experiment): vscode.ThemeIcon {
  const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
  if (e.status === 'running') return icon('loading~spin');
  if (e.status === 'planned') return icon('beaker');
  if (e.status === 'failed') return icon('error', 'testing.iconFailed');
  switch (e.verdict) {
    case 'success': return icon('pass-filled', 'testing.iconPassed');
    case 'regression': return icon('arrow-down', 'testing.iconFailed');
    case 'inconclusive': return icon('question', 'testing.iconQueued');
    default: return icon('circle-slash', 'disabledForeground');
  }
}

export class ExperimentsTree extends EngineTree<Experiment> {
  protected readonly title = 'Experiments';
  /** The engine's headline per experiment (a flagged success reads as one), from its evidence, at load. */
  private headlines = new Map<number, string>();

  protected load(engine: SelfImprovementApi): Experiment[] {
    const all = engine.listExperiments().sort((a, b) => order[a.status] - order[b.status] || b.id - a.id);
    const { experimentHeadline } = engineChunk();
    this.headlines = new Map(all.filter((e) => e.verdict).map((e) => [e.id, experimentHeadline(e, engine.getExperimentEvidence(e.id)) ?? '']));
    return all;
  }

  /** The verdict as the engine words it everywhere; the bare verdict for an element not loaded here. */
  headline(e: Experiment): string {
    return this.headlines.get(e.id) ?? engineChunk().experimentHeadline(e, null) ?? '';
  }

  getTreeItem(e: Experiment): vscode.TreeItem {
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.None);
    item.id = `experiment-${e.id}`;
    item.contextValue = `experiment:${e.status}`;
    item.iconPath = experimentIcon(e);
    const p = e.result?.samples?.pValue;
    item.description = e.status === 'completed'
      ? `${this.headline(e)} · ${percent(e.actualImprovement)}${p !== undefined ? ` · ${pValue(p)}` : ''}`
      : e.status === 'failed' ? vscode.l10n.t('failed') : `${e.status} · ${engineChunk().expectationLabel(e.expectedImprovement)}`;
    return item;
  }

  tooltip(e: Experiment): vscode.MarkdownString {
    const p = e.result?.samples?.pValue;
    return tooltip([
      `**${md(e.name)}** — ${e.status}${e.verdict ? `, ${md(this.headline(e))}` : ''} (${md(e.approach)}, ${vscode.l10n.t('weakness')} #${e.weaknessId})`,
      `*${vscode.l10n.t('Hypothesis')}:* ${md(e.hypothesis)}`,
      `*${vscode.l10n.t('Method')}:* ${md(e.methodology)}`,
      `${vscode.l10n.t('Expected improvement')}: ${engineChunk().expectationText(e.expectedImprovement)}${e.actualImprovement !== null ? ` · ${vscode.l10n.t('actual')} ${percent(e.actualImprovement)}` : ''}${p !== undefined ? ` · ${pValue(p)}` : ''}`,
      ...(e.reason ? [md(e.reason)] : []),
      ...(e.error ? [`$(error) ${md(e.error)}`] : []),
      `${vscode.l10n.t('Created')} ${when(e.createdAt)}${e.completedAt ? ` · ${vscode.l10n.t('finished')} ${when(e.completedAt)}` : ''}`,
    ]);
  }
}
