import * as vscode from 'vscode';
import type { Severity, Trend } from '../../engine/types';
import { engineChunk } from '../../chunkLoader';

/** Short numbers for tree descriptions: 3 significant digits, no exponent for everyday values. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function percent(ratio: number | null | undefined, signed = true): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const p = (ratio * 100).toFixed(1);
  return `${signed && ratio > 0 ? '+' : ''}${p} %`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return vscode.l10n.t('never');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * The arrow follows the values (↘ when they go down), the word the capability's direction: a latency
 * going down is "↘ better", a pass rate going down "↘ worse".
 */
export function trendArrow(trend: Trend | null | undefined): string {
  if (!trend) return '';
  if (trend.direction === 'flat' || trend.slopePerDay === 0) return '→';
  return `${trend.slopePerDay > 0 ? '↗' : '↘'} ${trend.direction === 'improving' ? vscode.l10n.t('better') : vscode.l10n.t('worse')}`;
}

/** p-values as "p < 0.001" or "p = 0.04", never "p=0" (the engine's one formatter). */
export function pValue(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '' : engineChunk().dashboard.pText(p);
}

export function severityIcon(severity: Severity | null): vscode.ThemeIcon {
  switch (severity) {
    case 'critical': return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'high': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'medium': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
    case 'low': return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
    default: return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  }
}

export const passIcon = (): vscode.ThemeIcon => new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));

/** Escapes text from the database before it goes into a MarkdownString. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** `commands`: the only command links the tooltip may run (none by default). */
export function tooltip(lines: string[], commands: string[] = []): vscode.MarkdownString {
  const m = new vscode.MarkdownString(lines.join('\n\n'));
  m.supportThemeIcons = true;
  if (commands.length) m.isTrusted = { enabledCommands: commands };
  return m;
}
