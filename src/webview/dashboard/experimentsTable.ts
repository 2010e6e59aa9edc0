// The experiments table (like DVC's): a row per experiment, a column per capability; sortable by any
// column (click or Enter on the header), filterable by text and verdict; Enter or a click on a row opens
// the experiment, its "Evidence" button the rendered evidence.
import type { ExperimentRow, ExperimentsTable } from '../../engine/dashboard/types';
import { formatDuration, formatPercent, formatPValue, withUnit } from '../../engine/dashboard/format';
import { h } from './dom';

export interface TableState { sort: string; descending: boolean; filter: string; verdict: string }

type Column = { key: string; label: string; value: (r: ExperimentRow) => string | number | null; text: (r: ExperimentRow) => string };

function columns(t: ExperimentsTable): Column[] {
  return [
    { key: 'id', label: '#', value: (r) => r.id, text: (r) => String(r.id) },
    { key: 'name', label: 'Experiment', value: (r) => r.name.toLowerCase(), text: (r) => r.name },
    { key: 'verdict', label: 'Verdict', value: (r) => r.verdict ?? r.status, text: (r) => r.headline ?? r.status },
    { key: 'effect', label: 'Effect', value: (r) => r.effect, text: (r) => formatPercent(r.effect, true) },
    { key: 'p', label: 'p', value: (r) => r.pValue, text: (r) => formatPValue(r.pValue) },
    { key: 'samples', label: 'Samples', value: (r) => r.samples, text: (r) => (r.samples === null ? '—' : String(r.samples)) },
    { key: 'duration', label: 'Duration', value: (r) => r.durationMs, text: (r) => formatDuration(r.durationMs) },
    ...t.capabilities.map((c): Column => ({
      key: `cap:${c.name}`, label: `${c.name}${c.unit ? ` (${c.unit})` : ''}`,
      value: (r) => r.cells[c.name]?.value ?? null,
      text: (r) => { const cell = r.cells[c.name]; return cell ? `${withUnit(cell.value, c.unit)}${cell.role === 'guardrail' ? (cell.passed ? ' ✓' : ' ✗') : ''}` : ''; },
    })),
  ];
}

export function visibleRows(t: ExperimentsTable, s: TableState): ExperimentRow[] {
  const cols = columns(t);
  const col = cols.find((c) => c.key === s.sort) ?? cols[0];
  const q = s.filter.trim().toLowerCase();
  const rows = t.rows.filter((r) => (!s.verdict || (r.verdict ?? r.status) === s.verdict)
    && (!q || `${r.id} ${r.name} ${r.capability ?? ''} ${r.verdict ?? r.status}`.toLowerCase().includes(q)));
  const dir = s.descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // missing values last either way
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}

export function experimentsTable(t: ExperimentsTable, s: TableState, on: { change: (s: TableState) => void; open: (id: number) => void; evidence: (id: number) => void }): HTMLElement {
  const cols = columns(t);
  const rows = visibleRows(t, s);
  const verdicts = [...new Set(t.rows.map((r) => r.verdict ?? r.status))].sort();
  const header = (c: Column) => {
    const sorted = s.sort === c.key;
    return h('th', { scope: 'col', 'aria-sort': sorted ? (s.descending ? 'descending' : 'ascending') : 'none' },
      h('button', { type: 'button', className: 'sort', id: `sort-${c.key}`, 'data-sort': c.key,
        onclick: () => on.change({ ...s, sort: c.key, descending: sorted ? !s.descending : c.key === 'id' }) },
      c.label, h('span', { 'aria-hidden': 'true' }, sorted ? (s.descending ? ' ▼' : ' ▲') : '')));
  };
  return h('section', { 'aria-labelledby': 'table-title' },
    h('h2', { id: 'table-title' }, 'Experiments'),
    h('div', { className: 'filters' },
      h('label', {}, 'Filter ', h('input', { type: 'search', id: 'table-filter', value: s.filter, placeholder: 'name, capability, verdict',
        onchange: (e: Event) => on.change({ ...s, filter: (e.target as HTMLInputElement).value }) })),
      h('label', {}, ' Verdict ', h('select', { id: 'verdict-filter', onchange: (e: Event) => on.change({ ...s, verdict: (e.target as HTMLSelectElement).value }) },
        h('option', { value: '' }, 'all'), verdicts.map((v) => h('option', { value: v, selected: v === s.verdict }, v.replace(/_/g, ' '))))),
      h('span', { className: 'muted', role: 'status' }, ` ${rows.length} of ${t.rows.length}`)),
    t.rows.length === 0 ? h('p', { className: 'muted' }, 'No experiments yet: generate some for a weakness, or run one on a change.') :
      h('div', { className: 'table-wrap' }, h('table', { className: 'experiments', id: 'experiments-table' },
        h('caption', { className: 'visually-hidden' }, 'Experiments: a row per experiment, a column per capability. Enter on a row opens it.'),
        h('thead', {}, h('tr', {}, cols.map(header), h('th', { scope: 'col' }, h('span', { className: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, rows.map((r) => h('tr', { tabindex: 0, 'data-experiment': r.id, className: `verdict-${r.verdict ?? r.status}`,
          onclick: (e: Event) => { if (!(e.target as HTMLElement).closest('button')) on.open(r.id); },
          onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter' && e.target === e.currentTarget) on.open(r.id); } },
        cols.map((c) => h('td', {}, c.text(r))),
        h('td', {}, r.hasEvidence ? h('button', { type: 'button', onclick: () => on.evidence(r.id) }, 'Evidence') : '')))))));
}
