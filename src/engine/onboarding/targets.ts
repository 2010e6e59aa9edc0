// Targets set-up suggests from the first measurement (the person can edit each before it is written).
import type { ProposedCapability } from './types';

/** Four significant digits: a baseline of 1234.5678 ms is written as 1235. */
export const round = (x: number): number => Number(x.toPrecision(4));

/** The suggested target: the proposal's absolute target, or its share of the baseline (rounded). */
export function suggestTarget(p: Pick<ProposedCapability, 'target'>, baseline: number): number {
  return 'absolute' in p.target ? p.target.absolute : round(baseline * p.target.relativeToBaseline);
}

/** Why a typed target would be odd for this capability (null when fine): e.g. "lower is better" with a target above the baseline. */
export function targetProblem(p: Pick<ProposedCapability, 'direction' | 'unit'>, baseline: number, target: number): string | null {
  if (!Number.isFinite(target)) return 'Enter a number.';
  if (p.unit === 'ratio' && (target < 0 || target > 1)) return 'A ratio target lies between 0 and 1.';
  if (p.direction === 'lower' && target > baseline) return `Lower is better here: a target above the baseline (${round(baseline)}) is already met.`;
  if (p.direction === 'higher' && target < baseline) return `Higher is better here: a target below the baseline (${round(baseline)}) is already met.`;
  return null;
}
