// Why an experiment got its verdict: both arms' samples (dots and a box), the effect with its interval
// against the threshold, the sequential rule's interval narrowing over the looks, each guardrail against
// its margin, flipped cases, tamper flags and the confirmation run.
import type { ExperimentView } from '../../engine/dashboard/types';
import { formatDuration, formatNumber, formatPercent, pText, signedWithUnit, withUnit } from '../../engine/dashboard/format';
import { dataTable, figure, h } from './dom';
import { chartWidth, Plot, plot } from './plot';
import type { Palette } from './theme';

interface Sample { arm: string; value: number; run: string }

function samplesOf(v: ExperimentView): Sample[] {
  const out: Sample[] = [];
  const add = (arm: string, run: string, xs: number[]) => { for (const value of xs) out.push({ arm, value, run }); };
  if (v.samples) { add('baseline', 'first run', v.samples.baseline); add('candidate', 'first run', v.samples.candidate); }
  if (v.confirmation) { add('baseline (confirmation)', 'confirmation', v.confirmation.baseline); add('candidate (confirmation)', 'confirmation', v.confirmation.candidate); }
  return out;
}

function armsChart(v: ExperimentView, p: Palette): HTMLElement | null {
  const data = samplesOf(v);
  if (!data.length) return null;
  const arms = [...new Set(data.map((d) => d.arm))];
  const color = (d: Sample) => (d.arm.startsWith('baseline') ? p.muted : p.blue);
  const n = (arm: string) => data.filter((d) => d.arm === arm).length;
  const svg = plot({
    width: chartWidth(), height: 60 + arms.length * 46, marginLeft: 150,
    x: { label: `${v.capability ?? 'value'}${v.unit ? ` (${v.unit})` : ''} — ${v.direction === 'lower' ? 'lower' : 'higher'} is better`, nice: true },
    y: { domain: arms, label: null, grid: false },
    marks: [
      // A box only where an arm has enough values for quartiles to mean something.
      Plot.boxX(data.filter((d) => n(d.arm) >= 4), { x: 'value', y: 'arm', fill: p.grid, stroke: p.fg, fillOpacity: p.contrast ? 0 : 0.4, r: 0 }),
      Plot.dot(data, { x: 'value', y: 'arm', r: 3.5, fill: color, fillOpacity: p.contrast ? 1 : 0.75, stroke: p.bg, strokeWidth: 0.5,
        title: (d: Sample) => `${d.arm}: ${withUnit(d.value, v.unit)}`, ariaDescription: 'samples' }),
    ],
  }, p);
  const label = `Samples per arm: ${arms.map((a) => `${a} ${n(a)}`).join(', ')}${v.live ? ' (running: new samples appear as they arrive)' : ''}.`;
  return figure('arms-chart', label, svg, [['muted', 'baseline (HEAD)'], ['blue', 'candidate'], ['box', 'box: quartiles and median']],
    dataTable('samples', ['Arm', 'Value'], data.map((d) => [d.arm, withUnit(d.value, v.unit)])));
}

function effectChart(v: ExperimentView, p: Palette): HTMLElement | null {
  const e = v.effect;
  if (!e) return null;
  const fmt = (x: number | null) => (e.relative ? formatPercent(x, true) : signedWithUnit(x ?? NaN, v.unit));
  const scale = e.relative ? 100 : 1;
  const xs = [0, e.threshold, e.estimate, e.low ?? e.estimate, e.high ?? e.estimate].map((x) => x * scale);
  const span = Math.max(...xs) - Math.min(...xs) || 1;
  const row = [{ y: 'effect', est: e.estimate * scale, low: (e.low ?? e.estimate) * scale, high: (e.high ?? e.estimate) * scale }];
  const svg = plot({
    width: chartWidth(), height: 110, marginLeft: 150,
    x: { label: e.relative ? 'gain in the better direction (%)' : `gain in the better direction (${v.unit})`, domain: [Math.min(...xs) - span * 0.1, Math.max(...xs) + span * 0.1] },
    y: { domain: ['effect'], label: null, grid: false, tickFormat: () => `${Math.round(e.level * 100)} % interval` },
    marks: [
      Plot.ruleX([0], { stroke: p.muted, ariaDescription: 'no change' }),
      Plot.ruleX([e.threshold * scale], { stroke: p.green, strokeDasharray: '5 3', strokeWidth: p.contrast ? 2.5 : 1.5, ariaDescription: 'threshold' }),
      Plot.link(row, { x1: 'low', x2: 'high', y1: 'y', y2: 'y', stroke: p.blue, strokeWidth: 4, ariaDescription: 'interval' }),
      Plot.dot(row, { x: 'est', y: 'y', r: 6, fill: p.blue, stroke: p.bg, ariaDescription: 'estimate' }),
    ],
  }, p);
  const label = `Effect ${fmt(e.estimate)} with ${Math.round(e.level * 100)} % interval [${fmt(e.low)}, ${fmt(e.high)}] against the threshold ${fmt(e.threshold)}; ${pText(e.pValue)}.`;
  return figure('effect-chart', label, svg, [['blue', `effect ${fmt(e.estimate)}, interval [${fmt(e.low)}, ${fmt(e.high)}]`], ['green', `threshold ${fmt(e.threshold)}`], ['muted', 'no change']]);
}

function sequentialChart(v: ExperimentView, p: Palette): HTMLElement | null {
  // Every look the run took, even one: a rule that stopped at its first look shows that look's interval.
  if (v.sequential.length < 1) return null;
  const first = v.sequential[0]!.n;
  const lastN = v.sequential[v.sequential.length - 1]!.n;
  const svg = plot({
    width: chartWidth(), height: 240,
    x: { label: 'samples per arm (look)', tickFormat: 'd', domain: [first - 1, lastN + 1], ticks: Math.min(10, lastN - first + 3) },
    y: { label: `gain (${v.unit || 'units'})` },
    marks: [
      Plot.areaY(v.sequential, { x: 'n', y1: 'low', y2: 'high', fill: p.blue, fillOpacity: p.contrast ? 0.1 : 0.2, ariaDescription: 'always-valid interval' }),
      Plot.ruleX(v.sequential, { x: 'n', y1: 'low', y2: 'high', stroke: p.blue, strokeWidth: p.contrast ? 3 : 2, strokeOpacity: p.contrast ? 1 : 0.6, ariaDescription: 'look intervals' }),
      Plot.ruleY([0], { stroke: p.muted }),
      Plot.line(v.sequential, { x: 'n', y: 'thresholdUnits', stroke: p.green, strokeDasharray: '5 3', ariaDescription: 'threshold' }),
      Plot.dot(v.sequential, { x: 'n', y: 'thresholdUnits', symbol: 'diamond', r: 4, stroke: p.green, fill: 'none', strokeWidth: 1.5, ariaDescription: 'threshold at each look' }),
      Plot.line(v.sequential, { x: 'n', y: 'estimate', stroke: p.blue, strokeWidth: 2, ariaDescription: 'estimate' }),
      Plot.dot(v.sequential, { x: 'n', y: 'estimate', r: 3, fill: p.blue, title: (l: { n: number; estimate: number; low: number; high: number; decision: string }) =>
        `${l.n} per arm: ${signedWithUnit(l.estimate, v.unit)} [${formatNumber(l.low)}, ${formatNumber(l.high)}] — ${l.decision}`, ariaDescription: 'looks' }),
    ],
  }, p);
  const last = v.sequential[v.sequential.length - 1];
  return figure('sequential-chart', `Sequential test over ${v.sequential.length} looks: the always-valid interval narrowed to [${formatNumber(last.low)}, ${formatNumber(last.high)}] ${v.unit} at ${last.n} samples per arm; decision ${v.sequentialDecision ?? last.decision}.`,
    svg, [['blue-band', 'always-valid interval at each look (the recorded pairs replayed through the rule)'], ['blue', 'estimated gain'], ['green', 'threshold']],
    dataTable('looks', ['Samples per arm', 'Gain', 'Interval', 'Decision'], v.sequential.map((l) => [l.n, signedWithUnit(l.estimate, v.unit), `[${formatNumber(l.low)}, ${formatNumber(l.high)}]`, l.decision])));
}

function guardrails(v: ExperimentView, p: Palette): HTMLElement | null {
  if (!v.guardrails.length) return null;
  const rows = v.guardrails.filter((g) => g.marginUnits !== null && g.marginUnits > 0).map((g) => ({ ...g, share: g.worseBy / g.marginUnits! }));
  const chart = rows.length ? plot({
    width: chartWidth(), height: 50 + rows.length * 36, marginLeft: 150,
    x: { label: 'worse by, as a share of the margin (1 = the margin)', domain: [Math.min(-0.2, ...rows.map((r) => r.share)) - 0.1, Math.max(1.2, ...rows.map((r) => r.share)) + 0.1] },
    y: { domain: rows.map((r) => r.capability), label: null, grid: false },
    marks: [
      Plot.ruleX([0], { stroke: p.muted }),
      Plot.ruleX([1], { stroke: p.red, strokeDasharray: '5 3', strokeWidth: p.contrast ? 2.5 : 1.5, ariaDescription: 'margin' }),
      Plot.dot(rows, { x: 'share', y: 'capability', r: 6, fill: (g: { passed: boolean }) => (g.passed ? p.green : p.red), ariaDescription: 'guardrails' }),
    ],
  }, p) : null;
  const list = h('ul', { className: 'guardrails' }, v.guardrails.map((g) => h('li', { className: g.passed ? 'ok' : 'bad' },
    `${g.passed ? '✓ held' : '✗ did not hold'} — ${g.capability}: ${withUnit(g.baselineMean, g.unit)} → ${withUnit(g.candidateMean, g.unit)}, worse by ${withUnit(g.worseBy, g.unit)}`
    + `${g.marginUnits !== null ? ` (margin ${withUnit(g.marginUnits, g.unit)})` : ''}, ${pText(g.pValue)}${g.error ? ` — ${g.error}` : ''}`)));
  return h('section', { 'aria-labelledby': 'guard-title' }, h('h2', { id: 'guard-title' }, 'Guardrails'),
    chart ? figure('guardrail-chart', `Guardrails against their margins: ${v.guardrails.map((g) => `${g.capability} ${g.passed ? 'held' : 'did not hold'}`).join(', ')}.`, chart,
      [['green', 'held'], ['red', 'did not hold / the margin']]) : null, list);
}

export function experimentView(v: ExperimentView, p: Palette, actions: { evidence: (id: number) => void; capability: (name: string) => void }): HTMLElement {
  const verdict = v.headline ?? v.status;
  const effect = effectChart(v, p);
  const sequential = sequentialChart(v, p);
  return h('section', { 'aria-labelledby': 'exp-title' },
    h('h1', { id: 'exp-title' }, `Experiment #${v.id}: ${v.name}`),
    h('p', {}, h('span', { className: `badge verdict-${v.verdict ?? v.status}` }, verdict), v.live ? h('span', { className: 'badge live' }, 'live') : null,
      v.capability ? [' · ', h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); actions.capability(v.capability!); } }, v.capability)] : null,
      v.threshold !== null ? ` · threshold ${formatPercent(v.threshold)}` : '', v.durationMs !== null ? ` · took ${formatDuration(v.durationMs)}` : '',
      v.hasEvidence ? [' · ', h('button', { type: 'button', onclick: () => actions.evidence(v.id) }, 'Open evidence')] : null),
    v.reason ? h('p', { className: 'reason' }, v.reason) : null,
    v.note ? h('p', { className: 'muted note' }, v.note) : null,
    v.tamperFlags.length ? h('div', { className: 'warning', role: 'note' }, h('h2', {}, '⚠ Tamper flags'),
      h('p', {}, 'The candidate changes files that belong to what measures it; it is never applied automatically.'),
      h('ul', {}, v.tamperFlags.map((f) => h('li', {}, h('code', {}, f.file), `: ${f.reasons.join('; ')}`)))) : null,
    v.samples || v.status === 'running' ? [h('h2', {}, 'Samples'), armsChart(v, p) ?? h('p', { className: 'muted' }, 'No samples yet: they appear as the runs finish.')] : null,
    effect ? [h('h2', {}, 'Effect against the threshold'), effect] : null,
    sequential ? [h('h2', {}, 'Sequential test'), sequential] : null,
    guardrails(v, p),
    v.flips.length ? h('section', {}, h('h2', {}, 'Flipped cases (paired, McNemar)'), h('ul', {}, v.flips.map((f) => h('li', {},
      `${f.capability}: ${f.matched} paired cases, ${pText(f.pValue)}; to fail: ${f.toFail.join(', ') || 'none'}; to pass: ${f.toPass.join(', ') || 'none'}`)))) : null,
  );
}
