import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CapabilityProfile } from '../../engine/types';
import type { TeamLatest } from '../../engine/capabilities/teamMeasurements';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../commands/commandTable';
import { EngineTree } from './engineTree';

/** Values in the tooltip's sparkline (and its trend). */
const SPARK_POINTS = 20;
import { md, num, passIcon, percent, severityIcon, tooltip, trendArrow, when } from './format';

/** Which origins' values the view shows beside this machine's: all, none (this machine only), or one. */
export type OriginChoice = { kind: 'all' } | { kind: 'local' } | { kind: 'origin'; key: string; name: string };

export class CapabilitiesTree extends EngineTree<CapabilityProfile> {
  protected readonly title = 'Capabilities';
  /** Set by "Filter by Origin…" (originFilter.ts). */
  origins: OriginChoice = { kind: 'all' };
  /** The team's latest value per capability and origin, read with the items (newest first). */
  private team = new Map<string, TeamLatest[]>();

  /** The team values shown for a capability under the current filter. */
  teamLatest(name: string): TeamLatest[] {
    const all = this.team.get(name) ?? [];
    const o = this.origins;
    return o.kind === 'all' ? all : o.kind === 'local' ? [] : all.filter((l) => l.origin.key === o.key);
  }
  /** Whether a capability has a probe in its folder's config (the root wires it to the config watcher). */
  hasProbe: (name: string) => boolean | undefined = () => undefined;

  protected load(engine: SelfImprovementApi): CapabilityProfile[] {
    this.team = new Map();
    for (const l of engine.getTeamLatest()) this.team.set(l.capabilityName, [...(this.team.get(l.capabilityName) ?? []), l]);
    // Worst gap first: what needs attention sits on top.
    return engine.profileAllCapabilities().filter((c) => !c.archived)
      .sort((a, b) => (b.gap ?? -Infinity) - (a.gap ?? -Infinity) || a.name.localeCompare(b.name));
  }

  getTreeItem(c: CapabilityProfile): vscode.TreeItem {
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = `capability-${c.id}`;
    // Its menus follow: Measure, Calibrate and Is My Change Better? with a probe, Add a Probe… without one.
    item.contextValue = this.hasProbe(c.name) ? 'capability:probe' : 'capability:noProbe';
    const unit = c.unit ? ` ${c.unit}` : '';
    const arrow = trendArrow(c.trend);
    // One origin picked: its latest value sits beside this machine's, in the row itself.
    const picked = this.origins.kind === 'origin' ? this.teamLatest(c.name)[0] : undefined;
    item.description = `${num(c.current)} / ${num(c.target)}${unit}${arrow ? ` ${arrow}` : ''}${c.noise ? ` ±${num(c.noise.sd)}` : ''}${c.noiseWarning ? ' ⚠' : ''}${picked ? ` · ${picked.origin.name} ${num(picked.value)}${unit}` : ''}`;
    item.iconPath = c.current === null ? severityIcon(null) : c.meetsTarget ? passIcon() : severityIcon(c.severity);
    return item;
  }

  tooltip(c: CapabilityProfile): vscode.MarkdownString {
    const unit = c.unit ? ` ${c.unit}` : '';
    const d = engineChunk().dashboard;
    // The latest values, oldest first: the sparkline and a trend that is per day only over a real span of days.
    const recent = this.host.current?.getMeasurements(c.name, SPARK_POINTS).reverse() ?? [];
    const trend = d.trendSummary(recent.map((m) => ({ at: m.recordedAt, value: m.value })), c);
    const spark = d.sparklineDataUri(recent.map((m) => m.value), { target: c.target, quality: trend?.quality });
    const better = c.direction === 'lower' ? vscode.l10n.t('lower is better') : vscode.l10n.t('higher is better');
    return tooltip([
      `**${md(c.name)}** — ${md(c.type)} (${better})`,
      ...(c.description ? [md(c.description)] : []),
      ...(spark ? [`![${md(vscode.l10n.t('Latest {0} values, {1} to {2}', recent.length, d.withUnit(recent[0]!.value, c.unit), d.withUnit(recent[recent.length - 1]!.value, c.unit)))}](${spark})`] : []),
      `| | |\n|---|---|\n| ${vscode.l10n.t('Current')} | ${num(c.current)}${unit} |\n| ${vscode.l10n.t('Target')} | ${num(c.target)}${unit} |\n| ${vscode.l10n.t('Baseline')} | ${num(c.baseline)}${unit} |\n| ${vscode.l10n.t('Gap to target')} | ${c.gap === null ? '—' : percent(Math.max(c.gap, 0), false)} |\n| ${vscode.l10n.t('From baseline')} | ${percent(c.improvementFromBaseline)} |\n| ${vscode.l10n.t('Severity')} | ${c.meetsTarget ? vscode.l10n.t('on target') : c.severity ?? '—'} |\n| ${vscode.l10n.t('Trend')} | ${trend ? md(trend.text) : '—'} |\n| ${vscode.l10n.t('Last measured')} | ${when(c.lastMeasuredAt)} |\n| ${vscode.l10n.t('Measurements')} | ${c.measurementCount} |${c.noise ? `\n| ${vscode.l10n.t('Noise (A/A)')} | ±${num(c.noise.sd)}${unit}${c.noise.cv === null ? '' : ` (CV ${percent(c.noise.cv, false)})`}, ${c.noise.n} ${vscode.l10n.t('runs per arm')} |` : ''}`,
      ...(c.noiseWarning ? [`$(warning) ${md(c.noiseWarning)}`] : []),
      ...this.teamLines(c),
      `[$(graph-line) ${vscode.l10n.t('Open in Dashboard')}](command:${CommandId.OpenDashboard}?${encodeURIComponent(JSON.stringify([{ kind: 'capability', name: c.name }]))})`,
    ], [CommandId.OpenDashboard]);
  }

  /** "Team" and one line per origin: "CI on main: 41.2 ms (2 h ago)". */
  private teamLines(c: CapabilityProfile): string[] {
    const latest = this.teamLatest(c.name);
    if (!latest.length) return [];
    const d = engineChunk().dashboard;
    const now = new Date();
    return [`**${vscode.l10n.t('Team (latest by origin)')}**\n\n${latest.map((l) => `- ${md(d.teamLatestText(l, c.unit, now))}`).join('\n')}`];
  }
}
