import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../engine/api';
import { CommandId } from './commands/commandTable';

/** Grade and open weaknesses at a glance; a click opens the self-assessment. */
export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('selfImprovement.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t('Self-Improvement');
    this.item.command = CommandId.ShowSelfAssessment;
    this.item.text = '$(pulse) Self-Improvement';
    this.item.tooltip = vscode.l10n.t('Self-Improvement: open the self-assessment');
    this.item.show();
  }

  update(engine: SelfImprovementApi): void {
    const a = engine.getSelfAssessment();
    const open = a.weaknesses.open;
    this.item.text = `$(pulse) ${a.noData ? '—' : a.grade} · $(warning) ${open}`;
    const md = new vscode.MarkdownString(
      `**${vscode.l10n.t('Self-Improvement')}** — ${a.noData ? vscode.l10n.t('no data yet') : vscode.l10n.t('grade {0} (learning quality {1})', a.grade, a.learningQuality.toFixed(2))}\n\n` +
      `${vscode.l10n.t('{0} open weaknesses, {1} pending improvements', open, a.improvements.pending)}\n\n${a.summary}`);
    this.item.tooltip = md;
    this.item.backgroundColor = a.weaknesses.bySeverity.critical > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
