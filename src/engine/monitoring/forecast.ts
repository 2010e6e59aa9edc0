// When will a capability reach its target? A least-squares line through its measurements, offered only
// from a real span of time (at least `minSpanDays` between the first and last point, enough points) and
// only when the slope is distinguishable from noise (two-sided t-test on the slope); otherwise the
// answer says why there is no forecast. (The trend in the trees extrapolates any two points; this does not.)
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type { SelfImprovementApi } from '../api';

const DAY_MS = 86_400_000;

export interface ForecastOptions {
  /** Default 7 days. */
  minSpanDays?: number;
  /** Default 6 points. */
  minPoints?: number;
  /** Default 0.05. */
  alpha?: number;
  /** Crossings further out than this are not forecast (a line is no guide that far). Default 365 days. */
  horizonDays?: number;
  /** Points used (latest). Default 500. */
  maxPoints?: number;
  now?: Date;
}

export interface Forecast {
  capability: string;
  /** When the fitted line crosses the target; null with `reason` when there is no forecast. */
  crossesAt: string | null;
  /** Already at target by the fitted line (no crossing to forecast). */
  onTarget: boolean;
  slopePerDay: number | null;
  pValue: number | null;
  spanDays: number;
  points: number;
  reason: string;
}

export function forecastTarget(engine: SelfImprovementApi, name: string, options: ForecastOptions = {}): Forecast {
  const cap = engine.getCapability(name);
  const minSpan = options.minSpanDays ?? 7;
  const minPoints = options.minPoints ?? 6;
  const pts = engine.getMeasurements(name, options.maxPoints ?? 500).map((m) => ({ x: Date.parse(m.recordedAt) / DAY_MS, y: m.value }));
  const n = pts.length;
  const xs = pts.map((p) => p.x);
  const spanDays = n ? Math.max(...xs) - Math.min(...xs) : 0;
  const base = { capability: name, crossesAt: null, onTarget: false, slopePerDay: null, pValue: null, spanDays, points: n };
  const spanText = spanDays >= 1 ? `${spanDays.toFixed(1)} days` : `${(spanDays * 24).toFixed(1)} hours`;
  if (n < minPoints) return { ...base, reason: `${n} measurement${n === 1 ? '' : 's'}; a forecast needs at least ${minPoints}.` };
  if (spanDays < minSpan) return { ...base, reason: `The measurements span ${spanText}; a forecast needs at least ${minSpan} days of history.` };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = pts.reduce((a, p) => a + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) { sxx += (p.x - mx) ** 2; sxy += (p.x - mx) * (p.y - my); }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = pts.reduce((a, p) => a + (p.y - (intercept + slope * p.x)) ** 2, 0);
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const pValue = se === 0 ? (slope === 0 ? 1 : 0) : 2 * (1 - tCdf(Math.abs(slope / se), n - 2));
  const lastX = Math.max(...xs);
  const fitted = intercept + slope * lastX;
  const better = cap.direction === 'higher' ? slope : -slope;
  const reached = cap.direction === 'higher' ? fitted >= cap.target : fitted <= cap.target;
  const withFit = { ...base, slopePerDay: slope, pValue };
  if (reached) return { ...withFit, onTarget: true, reason: `${name} is at its target by the fitted line.` };
  if (pValue >= (options.alpha ?? 0.05)) return { ...withFit, reason: `Over ${spanText} the trend (${Number(slope.toPrecision(3))} ${cap.unit}/day) is not distinguishable from noise (p ${Number(pValue.toPrecision(2))}).` };
  if (better <= 0) return { ...withFit, reason: `${name} is moving away from its target (${Number(slope.toPrecision(3))} ${cap.unit}/day over ${spanText}).` };
  const crossX = (cap.target - intercept) / slope;
  const horizon = options.horizonDays ?? 365;
  const now = (options.now ?? new Date()).getTime() / DAY_MS;
  if (crossX - Math.max(now, lastX) > horizon) return { ...withFit, reason: `At ${Number(slope.toPrecision(3))} ${cap.unit}/day the target is more than ${horizon} days away.` };
  const crossesAt = new Date(crossX * DAY_MS).toISOString();
  return { ...withFit, crossesAt, reason: `At ${Number(slope.toPrecision(3))} ${cap.unit}/day (over ${spanText}, ${n} points, p ${Number(pValue.toPrecision(2))}) ${name} reaches ${cap.target} around ${crossesAt.slice(0, 10)}.` };
}
