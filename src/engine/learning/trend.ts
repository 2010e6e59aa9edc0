// Least-squares trend of a capability's series: slope per day and when the line reaches the target.
import type { Direction, Trend } from '../types';
import { fitLine } from '../stats/leastSquares';

const DAY_MS = 86_400_000;

/**
 * A slope per day is only shown over at least a day of measurements: a probe's samples taken seconds
 * apart would otherwise extrapolate their noise to "140000 ms per day".
 */
export const MIN_TREND_SPAN_MS = DAY_MS;

export interface TrendPoint { at: string; value: number }

export function computeTrend(points: readonly TrendPoint[], goal: { target: number; direction: Direction }): Trend | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => Date.parse(p.at) / DAY_MS);
  const ys = points.map((p) => p.value);
  const n = xs.length;
  const fit = fitLine(xs, ys);
  if (fit === null) return null; // all at the same instant: no time axis
  if ((Math.max(...xs) - Math.min(...xs)) * DAY_MS < MIN_TREND_SPAN_MS) return null; // no real span of time
  const { slope: slopePerDay, intercept } = fit;
  const better = goal.direction === 'higher' ? slopePerDay : -slopePerDay;
  const direction = better > 0 ? 'improving' : better < 0 ? 'worsening' : 'flat';
  const lastX = Math.max(...xs);
  const fitted = intercept + slopePerDay * lastX;
  const reached = goal.direction === 'higher' ? fitted >= goal.target : fitted <= goal.target;
  let predictedTargetAt: string | null = null;
  if (direction === 'improving' && !reached) {
    const crossX = (goal.target - intercept) / slopePerDay;
    if (Number.isFinite(crossX) && crossX * DAY_MS < 8.64e15) predictedTargetAt = new Date(crossX * DAY_MS).toISOString();
  }
  return { slopePerDay, direction, predictedTargetAt, points: n };
}
