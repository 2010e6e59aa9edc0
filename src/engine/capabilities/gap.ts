// How far a value is from its capability's target, and how bad that is (DESIGN.md "direction" rule).
import type { Direction, Severity } from '../types';
import { SEVERITY_IMPACT } from '../weaknesses/priority';

export interface Goal {
  baseline: number;
  target: number;
  direction: Direction;
}

/**
 * Shortfall / |target| in the capability's direction: positive = short of target, ≤ 0 = on target.
 * A zero target has no scale, so the raw shortfall is used.
 */
export function gapOf(goal: Goal, value: number): number {
  const shortfall = goal.direction === 'higher' ? goal.target - value : value - goal.target;
  const scale = Math.abs(goal.target);
  return scale === 0 ? shortfall : shortfall / scale;
}

export function meetsTarget(goal: Goal, value: number): boolean {
  return gapOf(goal, value) <= 0;
}

/** The spec's bands: gap > 0.5 critical, > 0.3 high, > 0.2 medium, otherwise low. */
export function severityForGap(gap: number): { severity: Severity; impact: number } {
  const severity: Severity = gap > 0.5 ? 'critical' : gap > 0.3 ? 'high' : gap > 0.2 ? 'medium' : 'low';
  return { severity, impact: SEVERITY_IMPACT[severity] };
}

/** Change from baseline in the better direction relative to |baseline|; null when the baseline is 0. */
export function improvementFromBaseline(goal: Goal, value: number): number | null {
  if (goal.baseline === 0) return null;
  const sign = goal.direction === 'higher' ? 1 : -1;
  return (sign * (value - goal.baseline)) / Math.abs(goal.baseline);
}
