// One way to write each kind of number on the dashboard, the tree tooltips and their reports:
// 3 significant digits with a unit, p-values as "< 0.001", thresholds and gains as percentages.

/** 3 significant digits, grouped, no exponent for everyday values; "—" for missing. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) return value.toExponential(2).replace('-', '−');
  const s = Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return s.replace(/^-/, '−');
}

/** A value with its unit ("42.1 ms"); a ratio or an empty unit stays bare. */
export function withUnit(value: number | null | undefined, unit: string): string {
  const n = formatNumber(value);
  return n === '—' || !unit ? n : `${n} ${unit}`;
}

/** A signed change with its unit ("−4 ms", "+0.05 ratio"). */
export function signedWithUnit(value: number, unit: string): string {
  const n = formatNumber(Math.abs(value));
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${n}${unit ? ` ${unit}` : ''}`;
}

/** A fraction as a percentage ("15.0 %"); signed adds "+" to gains. */
export function formatPercent(ratio: number | null | undefined, signed = false): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const digits = Math.abs(ratio) < 0.001 && ratio !== 0 ? 2 : 1;
  const text = `${(Math.abs(ratio) * 100).toFixed(digits)} %`;
  return ratio < 0 ? `−${text}` : signed && ratio > 0 ? `+${text}` : text;
}

/** "< 0.001" below a thousandth, otherwise two significant digits; "—" when there is none. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(2)));
}

/** "p < 0.001" / "p = 0.04". */
export function pText(p: number | null | undefined): string {
  const f = formatPValue(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** A duration in words: "850 ms", "12.3 s", "4.2 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** How long ago, in the largest whole unit: "just now", "5 min ago", "2 h ago", "3 days ago". */
export function formatAgo(at: string, now: Date): string {
  const ms = now.getTime() - Date.parse(at);
  if (!Number.isFinite(ms)) return '—';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  const days = Math.floor(ms / 86_400_000);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** A team origin's latest value of a capability: "CI on main: 41.2 ms (2 h ago)". */
export function teamLatestText(l: { origin: { name: string }; value: number; at: string }, unit: string, now: Date): string {
  return `${l.origin.name}: ${withUnit(l.value, unit)} (${formatAgo(l.at, now)})`;
}
