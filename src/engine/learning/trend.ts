// Least-squares trend of a capability's series: slope per day and when the line reaches the target.
import type { Direction, Trend } from '../types';
import { fitLine } from '../stats/leastSquares';
import { DAY_MS, timeSpan } from '../stats/trendSpan';

export interface TrendPoint { at: string; value: number }

export function computeTrend(points: readonly TrendPoint[], goal: { target: number; direction: Direction }): Trend | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => Date.parse(p.at) / DAY_MS);
  const ys = points.map((p) => p.value);
  const n = xs.length;
  const fit = fitLine(xs, ys);
  if (fit === null) return null; // all at the same instant: no time axis
  // No real span of time (the one rule, stats/trendSpan.ts): no slope per day, so no trend.
  if (!timeSpan(points.map((p) => Date.parse(p.at))).perDay) return null;
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
