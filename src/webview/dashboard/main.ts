// The dashboard webview's entry point: receives plain data from the extension (protocol.ts), draws it
// with Observable Plot and plain DOM, and re-draws on a theme switch (VS Code changes the body's class
// and CSS variables) or a resize. Navigation goes back to the extension, which answers with data.
import type { DashboardOverview } from '../../engine/dashboard/types';
import { withUnit } from '../../engine/dashboard/format';
import type { DashboardRoute, FromWebview, ToWebview } from '../../vscode/dashboard/protocol';
import { capabilityChart, capabilityView, type OriginFilter } from './capabilityView';
import { h } from './dom';
import { experimentsTable, type TableState } from './experimentsTable';
import { experimentView } from './experimentView';
import { palette, type Palette } from './theme';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);
const open = (route: DashboardRoute): void => post({ type: 'open', route });

let last: ToWebview | null = null;
const saved = vscode.getState() as { table?: TableState; hiddenOrigins?: string[] } | undefined;
let table: TableState = saved?.table ?? { sort: 'id', descending: true, filter: '', verdict: '' };
// Origins (this machine, each team origin) the person unticked; kept with the panel's state.
const hiddenOrigins = new Set<string>(saved?.hiddenOrigins ?? []);
const saveState = (): void => vscode.setState({ table, hiddenOrigins: [...hiddenOrigins] });
const origins: OriginFilter = {
  hidden: hiddenOrigins,
  set: (key, shown) => { if (shown) hiddenOrigins.delete(key); else hiddenOrigins.add(key); saveState(); render(); },
};
let renders = 0;

function overview(o: DashboardOverview, p: Palette): HTMLElement {
  return h('section', { 'aria-labelledby': 'overview-title' },
    h('h1', { id: 'overview-title' }, 'Self-Improvement Dashboard'),
    h('h2', {}, 'Capabilities'),
    o.capabilities.length === 0 ? h('p', { className: 'muted' }, 'No capabilities yet: declare them in .vscode/self-improvement.json or register one.') :
      h('ul', { className: 'cards' }, o.capabilities.map((c) => h('li', {},
        h('button', { type: 'button', className: 'card', 'data-capability': c.name, onclick: () => open({ kind: 'capability', name: c.name }),
          'aria-label': `${c.name}: current ${withUnit(c.current, c.unit)}, target ${withUnit(c.target, c.unit)}${c.trend ? `, ${c.trend.text}` : ''}. Open its history.` },
        h('span', { className: 'card-title' }, c.name),
        h('span', { className: 'card-figures' }, `${withUnit(c.current, c.unit)} / ${withUnit(c.target, c.unit)}`),
        c.trend ? h('span', { className: `trend trend-${c.trend.quality}` }, `${c.trend.arrow} ${c.trend.quality}`) : null,
        capabilityChart(c, p, { width: 280, height: 110, compact: true, filter: origins }))))),
    o.moreCapabilities ? h('p', { className: 'muted' }, `${o.moreCapabilities} more capabilities: open them from the Capabilities view.`) : null,
    experimentsTable(o.table, table, {
      change: (s) => { table = s; saveState(); render(); },
      open: (id) => open({ kind: 'experiment', id }),
      evidence: (id) => post({ type: 'showEvidence', experimentId: id }),
    }));
}

function nav(): HTMLElement {
  const here = last?.type === 'capability' ? last.data.name : last?.type === 'experiment' ? `Experiment #${last.data.id}` : null;
  return h('div', { className: 'crumbs' },
    here ? h('button', { type: 'button', id: 'nav-overview', onclick: () => open({ kind: 'overview' }) }, '← Overview') : h('strong', {}, 'Overview'),
    here ? h('span', { 'aria-current': 'page' }, ` / ${here}`) : null);
}

function render(): void {
  if (!last) return;
  const app = document.getElementById('app')!;
  const focused = document.activeElement?.id;
  const p = palette();
  const content = last.type === 'overview' ? overview(last.data, p)
    : last.type === 'capability' ? capabilityView(last.data, p, (id) => open({ kind: 'experiment', id }), origins)
    : last.type === 'experiment' ? experimentView(last.data, p, { evidence: (id) => post({ type: 'showEvidence', experimentId: id }), capability: (name) => open({ kind: 'capability', name }) })
    : h('p', { className: 'error', role: 'alert' }, last.message);
  document.getElementById('nav')!.replaceChildren(nav());
  app.replaceChildren(content);
  app.dataset.view = last.type;
  app.dataset.renders = String(++renders);
  if (focused) document.getElementById(focused)?.focus();
}

// Anything the Content-Security-Policy refuses is counted where the tests (and a curious developer) can see it.
let refused = 0;
document.addEventListener('securitypolicyviolation', (e) => {
  document.body.dataset.cspViolations = String(++refused);
  console.error(`dashboard: CSP refused ${e.violatedDirective} ${e.blockedURI}`);
});

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const first = !last || last.type !== e.data.type;
  last = e.data;
  render();
  if (last.type === 'experiment' && last.data.live) {
    const n = (last.data.samples?.baseline.length ?? 0) + (last.data.samples?.candidate.length ?? 0);
    document.getElementById('live')!.textContent = `${n} samples so far`;
  }
  if (first) document.getElementById('app')!.focus();
});
// A theme switch changes the body's class (vscode-light, vscode-dark, vscode-high-contrast…) and its variables.
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
// Charts take the panel's width: redraw when the width changes (not the height, which redrawing changes).
let resize: number | undefined;
let width = document.getElementById('app')!.clientWidth;
new ResizeObserver(() => {
  const now = document.getElementById('app')!.clientWidth;
  if (Math.abs(now - width) < 8) return;
  width = now;
  clearTimeout(resize);
  resize = window.setTimeout(render, 150);
}).observe(document.getElementById('app')!);
post({ type: 'ready' });
