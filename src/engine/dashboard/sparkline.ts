// A small SVG line of a capability's latest values for a Markdown tooltip (a data: URI image): the
// target as a dashed line (when it is near the values), the last point coloured by whether the trend is better or worse.
import type { TrendSummary } from './types';

export interface SparklineOptions {
  width?: number;
  height?: number;
  target?: number;
  quality?: TrendSummary['quality'];
}

// Mid-tone colours that read on light, dark and high-contrast hover backgrounds alike (an <img> cannot
// use the theme's CSS variables).
const LINE = '#8a8a8a';
const TARGET = '#4b9ce2';
const BETTER = '#3fa266';
const WORSE = '#e05561';

const r = (x: number): string => String(Math.round(x * 10) / 10);

/** The SVG text; null with fewer than two finite values. */
export function sparklineSvg(values: readonly number[], o: SparklineOptions = {}): string | null {
  const ys = values.filter(Number.isFinite);
  if (ys.length < 2) return null;
  const w = o.width ?? 160;
  const h = o.height ?? 32;
  const pad = 3;
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  // The target only when it is near the values: a far one would flatten their movement into a line.
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  const showTarget = o.target !== undefined && Number.isFinite(o.target) && o.target >= lo - span && o.target <= hi + span;
  if (showTarget) { lo = Math.min(lo, o.target!); hi = Math.max(hi, o.target!); }
  if (hi === lo) { hi += 1; lo -= 1; }
  const x = (i: number) => pad + (i * (w - 2 * pad)) / (ys.length - 1);
  const y = (v: number) => h - pad - ((v - lo) * (h - 2 * pad)) / (hi - lo);
  const path = ys.map((v, i) => `${i === 0 ? 'M' : 'L'}${r(x(i))},${r(y(v))}`).join('');
  const last = ys.length - 1;
  const dot = o.quality === 'better' ? BETTER : o.quality === 'worse' ? WORSE : LINE;
  const target = showTarget
    ? `<line x1="${pad}" x2="${w - pad}" y1="${r(y(o.target!))}" y2="${r(y(o.target!))}" stroke="${TARGET}" stroke-width="1" stroke-dasharray="3 2"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${target}`
    + `<path d="${path}" fill="none" stroke="${LINE}" stroke-width="1.5" stroke-linejoin="round"/>`
    + `<circle cx="${r(x(last))}" cy="${r(y(ys[last]))}" r="2.5" fill="${dot}"/></svg>`;
}

/** The SVG as a data: URI for a Markdown image. */
export function sparklineDataUri(values: readonly number[], o: SparklineOptions = {}): string | null {
  const svg = sparklineSvg(values, o);
  return svg === null ? null : `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
