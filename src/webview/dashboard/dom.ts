// Tiny DOM helpers for the dashboard webview (no framework: a few hundred elements, rebuilt per message).
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A collapsible data table: the screen-reader (and copy-paste) alternative to a chart. */
export function dataTable(caption: string, head: string[], rows: (string | number)[][]): HTMLElement {
  return h('details', { className: 'data-table' },
    h('summary', {}, `Data table: ${caption}`),
    h('table', {},
      h('caption', { className: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, String(c))))))));
}

/** A figure holding a chart: labelled for assistive technology, with a legend in words. */
export function figure(id: string, label: string, chart: Element, legend: [string, string][] = [], table?: HTMLElement): HTMLElement {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  return h('figure', { className: 'chart', id, 'data-chart': id },
    chart,
    legend.length ? h('figcaption', {}, h('ul', { className: 'legend' }, legend.map(([color, text]) =>
      h('li', {}, h('span', { className: `swatch swatch-${color}`, 'aria-hidden': 'true' }), text)))) : null,
    table ?? null);
}
