// Observable Plot, made to fit the webview's strict CSP: Plot puts a <style> element in each chart,
// which a nonce-only style-src would refuse; its rules live in dashboard.css instead, so it is dropped
// before the chart enters the document (no CSP violation, nothing inline).
import * as Plot from '@observablehq/plot';
import type { Palette } from './theme';

export { Plot };

export function plot(options: Plot.PlotOptions, p: Palette): SVGSVGElement {
  const svg = Plot.plot({
    style: undefined, className: 'si-plot', marginLeft: 56, marginBottom: 36, ...options,
    x: { ...(options.x ?? {}) }, y: { grid: true, ...(options.y ?? {}) },
  }) as SVGSVGElement;
  for (const s of Array.from(svg.querySelectorAll('style'))) s.remove();
  svg.setAttribute('color', p.fg);
  return svg;
}

/** The chart width that fits the panel (charts re-render on resize). */
export const chartWidth = (): number => Math.max(320, Math.min(1100, (document.getElementById('app')?.clientWidth ?? 800) - 32));
