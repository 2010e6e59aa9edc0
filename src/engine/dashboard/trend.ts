// A capability's trend for people: the arrow follows the values (↘ when they go down) and the words
// follow the capability's direction (a latency going down is *better*). A slope per day is given only
// when the points really span days; five runs a few seconds apart get a slope per run instead.
import type { Direction } from '../types';
import { fitLine } from '../stats/leastSquares';
import { DAY_MS, timeSpan } from '../stats/trendSpan';
import { formatNumber, signedWithUnit } from './format';
import type { TrendSummary } from './types';

export { MIN_TREND_DAYS, MIN_TREND_SPAN_DAYS } from '../stats/trendSpan';

const slopeOf = (xs: readonly number[], ys: readonly number[]): number | null => fitLine(xs, ys)?.slope ?? null;

/** Points oldest first; null with fewer than two finite points. */
export function trendSummary(points: readonly { at: string; value: number }[], cap: { direction: Direction; unit: string }): TrendSummary | null {
  const pts = points.filter((p) => Number.isFinite(p.value) && Number.isFinite(Date.parse(p.at)));
  if (pts.length < 2) return null;
  const times = pts.map((p) => Date.parse(p.at));
  const { spanDays, perDay } = timeSpan(times);
  const ys = pts.map((p) => p.value);
  const slope = perDay ? slopeOf(times.map((t) => t / DAY_MS), ys) : slopeOf(pts.map((_, i) => i), ys);
  if (slope === null) return null;
  // Below a thousandth of the values' scale the line is flat for any reader.
  const scale = Math.max(...ys.map(Math.abs), 1e-12);
  const flat = Math.abs(slope) * (perDay ? Math.max(spanDays, 1) : pts.length) < scale * 1e-3;
  const movement = flat ? 'flat' : slope > 0 ? 'up' : 'down';
  const quality = movement === 'flat' ? 'flat' : (movement === 'up') === (cap.direction === 'higher') ? 'better' : 'worse';
  const arrow = movement === 'up' ? '↗' : movement === 'down' ? '↘' : '→';
  const per = perDay ? 'day' : 'run';
  const over = perDay ? `over ${formatNumber(Math.round(spanDays * 10) / 10)} days` : 'between runs';
  const words = quality === 'flat' ? 'flat' : quality;
  const text = `${arrow} ${words}: ${signedWithUnit(slope, cap.unit)}/${per} ${over} (${pts.length} points)`;
  return { movement, quality, arrow, slope, per, points: pts.length, spanDays, text };
}
