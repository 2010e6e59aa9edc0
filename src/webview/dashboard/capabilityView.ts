// A capability over time: measurements (dots and line), daily roll-ups (mean with min–max) where raw
// rows were retired, baseline and target lines, the A/A noise band, and markers for experiments,
// approvals and rollbacks. Colours say better or worse in the capability's direction.
import type { CapabilitySeries } from '../../engine/dashboard/types';
import { formatNumber, teamLatestText, withUnit } from '../../engine/dashboard/format';
import { dataTable, figure, h } from './dom';
import { chartWidth, Plot, plot } from './plot';
import { TEAM_SWATCHES, type Palette } from './theme';

/** The origin filter's key of this machine's own series (team origins use originId@branch). */
export const LOCAL_ORIGIN = 'local';

/** Which origins are hidden (by key), and how to change that; shared by the cards and the capability view. */
export interface OriginFilter {
  hidden: ReadonlySet<string>;
  set(key: string, shown: boolean): void;
}

const NO_FILTER: OriginFilter = { hidden: new Set(), set: () => undefined };

/** Each team origin's colour (and swatch), by its place among the capability's origins: stable across renders. */
function teamColours(s: CapabilitySeries, p: Palette): Map<string, { colour: string; swatch: string }> {
  return new Map(s.team.map((t, i) => [t.key, { colour: p.team[i % p.team.length]!, swatch: TEAM_SWATCHES[i % TEAM_SWATCHES.length]! }]));
}

const MARKER_LABEL = { experiment: 'experiment', approved: 'approved', applied: 'applied', rolled_back: 'rolled back' } as const;

function markerColor(kind: keyof typeof MARKER_LABEL, p: Palette): string {
  return kind === 'experiment' ? p.purple : kind === 'rolled_back' ? p.orange : p.green;
}

export function capabilityChart(s: CapabilitySeries, p: Palette, o: { width?: number; height?: number; compact?: boolean; filter?: OriginFilter } = {}): SVGSVGElement {
  const hidden = (o.filter ?? NO_FILTER).hidden;
  const local = !hidden.has(LOCAL_ORIGIN);
  const pts = local ? s.points.map((x) => ({ ...x, date: new Date(x.at) })) : [];
  const days = local ? s.rollups.map((r) => ({ ...r, date: new Date(r.at) })) : [];
  const marks = s.markers.map((m) => ({ ...m, date: new Date(m.at) }));
  const colours = teamColours(s, p);
  const team = s.team.filter((t) => !hidden.has(t.key))
    .flatMap((t) => t.points.map((x) => ({ ...x, key: t.key, origin: t.name, date: new Date(x.at) })));
  const teamColour = (d: { key: string }): string => colours.get(d.key)?.colour ?? p.orange;
  const dates = [...pts, ...days, ...marks, ...team].map((x) => x.date.getTime());
  const lo = dates.length ? Math.min(...dates) : Date.now();
  const hi = dates.length ? Math.max(...dates) : Date.now();
  const pad = Math.max((hi - lo) * 0.04, 3_600_000);
  const domain = [new Date(lo - pad), new Date(hi + pad)];
  const band = s.noiseBand;
  const compact = o.compact ?? false;
  return plot({
    width: o.width ?? chartWidth(), height: o.height ?? 300, marginLeft: compact ? 44 : 56, marginTop: compact ? 8 : 20,
    // Whole days on the axis once the points span days (not "12 PM / 12 AM" pairs).
    x: { type: 'utc', domain, label: null, ...(hi - lo > 2 * 86_400_000 ? { ticks: compact ? 3 : Math.min(8, Math.floor((hi - lo) / 86_400_000)), tickFormat: '%b %d' } : { ticks: compact ? 3 : undefined }) },
    y: { label: compact ? null : `${s.name}${s.unit ? ` (${s.unit})` : ''} — ${s.direction === 'lower' ? 'lower' : 'higher'} is better`, nice: true, ticks: compact ? 3 : undefined },
    marks: [
      band ? Plot.rectY([band], { x1: domain[0], x2: domain[1], y1: 'low', y2: 'high', fill: p.blue, fillOpacity: p.contrast ? 0.05 : 0.12,
        stroke: p.contrast ? p.blue : 'none', strokeDasharray: '2 3', ariaDescription: 'noise band' }) : null,
      Plot.ruleY([s.baseline], { stroke: p.muted, strokeDasharray: '6 4', strokeWidth: p.contrast ? 2 : 1, ariaDescription: 'baseline' }),
      Plot.ruleY([s.target], { stroke: p.green, strokeWidth: p.contrast ? 2.5 : 1.5, ariaDescription: 'target' }),
      compact ? null : Plot.ruleX(marks, { x: 'date', stroke: (m: { kind: keyof typeof MARKER_LABEL }) => markerColor(m.kind, p), strokeDasharray: '3 3', strokeWidth: p.contrast ? 2 : 1, ariaDescription: 'markers' }),
      compact ? null : Plot.dot(marks, { x: 'date', frameAnchor: 'top', symbol: 'triangle', r: 5, fill: (m: { kind: keyof typeof MARKER_LABEL }) => markerColor(m.kind, p),
        title: 'label', ariaDescription: 'marker symbols' }),
      Plot.ruleX(days, { x: 'date', y1: 'min', y2: 'max', stroke: p.muted, strokeWidth: 3, strokeOpacity: 0.6, title: (d: { day: string; count: number; min: number; max: number }) => `${d.day}: ${d.count} values, ${formatNumber(d.min)}–${formatNumber(d.max)} ${s.unit}`, ariaDescription: 'daily range' }),
      Plot.dot(days, { x: 'date', y: 'mean', r: 4, stroke: p.fg, fill: p.bg, strokeWidth: 1.5, title: (d: { day: string; mean: number }) => `${d.day} mean ${withUnit(d.mean, s.unit)}`, ariaDescription: 'daily means' }),
      Plot.line(pts, { x: 'date', y: 'value', stroke: p.blue, strokeWidth: p.contrast ? 2.5 : 1.5, ariaDescription: 'measurement line' }),
      Plot.dot(pts, { x: 'date', y: 'value', r: compact ? 2.5 : 3.5, fill: p.blue, stroke: p.bg, strokeWidth: 1,
        title: (d: { at: string; value: number }) => `${new Date(d.at).toLocaleString()}: ${withUnit(d.value, s.unit)}`, ariaDescription: 'measurements' }),
      // The team's series: a colour per origin and squares, so they differ from this machine's dots without colour too.
      team.length ? Plot.line(team, { x: 'date', y: 'value', z: 'key', stroke: teamColour, strokeWidth: p.contrast ? 2 : 1.2, strokeDasharray: '4 2', ariaDescription: 'team measurement lines' }) : null,
      team.length ? Plot.dot(team, { x: 'date', y: 'value', symbol: 'square', r: compact ? 2.5 : 3.5, fill: teamColour, stroke: p.bg, strokeWidth: 1,
        title: (d: { at: string; value: number; origin: string; commitSha: string | null }) => `${d.origin}, ${new Date(d.at).toLocaleString()}: ${withUnit(d.value, s.unit)}${d.commitSha ? ` (${d.commitSha.slice(0, 8)})` : ''}`,
        ariaDescription: 'team measurements' }) : null,
    ],
  }, p);
}

function trendLine(s: CapabilitySeries): HTMLElement {
  const t = s.trend;
  if (!t) return h('p', { className: 'muted' }, 'Trend: not enough points yet (two or more).');
  return h('p', { className: `trend trend-${t.quality}` }, `Trend: ${t.text}`);
}

/** One labelled checkbox per origin (this machine and each team origin): keyboard reachable, Space toggles. */
function originFilter(s: CapabilitySeries, p: Palette, filter: OriginFilter): HTMLElement | null {
  if (!s.team.length) return null;
  const colours = teamColours(s, p);
  const now = new Date();
  const box = (key: string, swatch: string, text: string): HTMLElement => h('label', {},
    h('input', { type: 'checkbox', id: `origin-${key}`, 'data-origin': key, checked: !filter.hidden.has(key),
      onchange: (e: Event) => filter.set(key, (e.target as HTMLInputElement).checked) }),
    h('span', { className: `swatch swatch-${swatch}${key === LOCAL_ORIGIN ? '' : ' swatch-square'}`, 'aria-hidden': 'true' }), text);
  return h('fieldset', { className: 'origins', id: 'origin-filter' },
    h('legend', {}, 'Origins shown'),
    box(LOCAL_ORIGIN, 'blue', `This machine (${s.points.length} measurements)`),
    s.team.map((t) => box(t.key, colours.get(t.key)!.swatch, `${teamLatestText({ origin: t, ...t.latest }, s.unit, now)}, ${t.points.length} values`)));
}

export function capabilityView(s: CapabilitySeries, p: Palette, open: (id: number) => void, filter: OriginFilter = NO_FILTER): HTMLElement {
  const shownTeam = s.team.filter((t) => !filter.hidden.has(t.key));
  const local = !filter.hidden.has(LOCAL_ORIGIN);
  const teamDesc = shownTeam.length ? `; the team's values from ${shownTeam.map((t) => `${t.name} (${t.points.length})`).join(', ')}` : '';
  const desc = `${s.name}: ${local ? s.points.length : 0} measurements${local && s.rollups.length ? ` and ${s.rollups.length} rolled-up days` : ''}${teamDesc}, baseline ${withUnit(s.baseline, s.unit)}, target ${withUnit(s.target, s.unit)}, current ${withUnit(s.current, s.unit)}${s.trend ? `; ${s.trend.text}` : ''}.`;
  const colours = teamColours(s, p);
  const legend: [string, string][] = [['blue', s.team.length ? 'measurements on this machine' : 'measurements'], ['muted', `baseline ${withUnit(s.baseline, s.unit)} (dashed)`], ['green', `target ${withUnit(s.target, s.unit)}`]];
  for (const t of shownTeam) legend.push([`${colours.get(t.key)!.swatch} swatch-square`, `${t.name} (team, ■ and dashed line)`]);
  if (s.noiseBand) legend.push(['blue-band', `A/A noise band: ${withUnit(s.noiseBand.center, s.unit)} ± 2 sd (${withUnit(2 * s.noiseBand.sd, s.unit)}), calibrated ${new Date(s.noiseBand.measuredAt).toLocaleDateString()}`]);
  if (s.rollups.length) legend.push(['hollow', 'daily mean with min–max (raw rows rolled up)']);
  const kinds = new Set(s.markers.map((m) => m.kind));
  if (kinds.has('experiment')) legend.push(['purple', 'experiment ran (▲ and dotted line)']);
  if (kinds.has('approved') || kinds.has('applied')) legend.push(['green', 'change approved / applied']);
  if (kinds.has('rolled_back')) legend.push(['orange', 'change rolled back']);
  const rows = [...(local ? s.points : []).map((x) => [new Date(x.at).toLocaleString(), withUnit(x.value, s.unit), x.experimentId ? `experiment #${x.experimentId}` : 'measurement']),
    ...(local ? s.rollups : []).map((r) => [r.day, `${withUnit(r.mean, s.unit)} mean (${formatNumber(r.min)}–${formatNumber(r.max)}, ${r.count} values)`, 'daily roll-up']),
    ...shownTeam.flatMap((t) => t.points.map((x) => [new Date(x.at).toLocaleString(), withUnit(x.value, s.unit), `team: ${t.name}`]))];
  return h('section', { 'aria-labelledby': 'cap-title' },
    h('h1', { id: 'cap-title' }, s.name),
    s.description ? h('p', { className: 'muted' }, s.description) : null,
    h('p', {}, `Current ${withUnit(s.current, s.unit)} · target ${withUnit(s.target, s.unit)} · baseline ${withUnit(s.baseline, s.unit)} · ${s.direction === 'lower' ? 'lower' : 'higher'} is better · ${s.totalCount} values recorded`),
    trendLine(s),
    originFilter(s, p, filter),
    figure('capability-chart', desc, capabilityChart(s, p, { filter }), legend, dataTable(`${s.name} measurements`, ['When', 'Value', 'Kind'], rows)),
    s.markers.length ? h('section', { 'aria-labelledby': 'markers-title' }, h('h2', { id: 'markers-title' }, 'Events'),
      h('ul', { className: 'events' }, s.markers.map((m) => h('li', {},
        h('span', { className: `swatch swatch-${m.kind === 'experiment' ? 'purple' : m.kind === 'rolled_back' ? 'orange' : 'green'}`, 'aria-hidden': 'true' }),
        `${new Date(m.at).toLocaleString()} — `,
        m.experimentId !== null ? h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); open(m.experimentId!); } }, m.label) : m.label)))) : null,
  );
}
