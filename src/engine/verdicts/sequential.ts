// Sequential sampling with an always-valid rule: a mixture sequential probability ratio test (mSPRT)
// on the mean gain, so the engine may look after every sample and stop early without inflating
// the false-success rate (Robbins' normal mixture; Johari et al., "Always valid inference", 2017).
import { InvalidInputError } from '../errors';
import { assertFinite, assertPositiveInt } from '../validate';
import type { Direction } from '../types';
import { confidenceSequence } from './alwaysValid';
import { type Amount, checkAlpha, checkDirection, checkSamples, fmt, gain, mean, toUnits, variance } from './common';

export type SequentialDecision = 'continue' | 'stop-success' | 'stop-futile' | 'budget-exhausted';

export interface SequentialState {
  baseline: readonly number[];
  candidate: readonly number[];
  direction?: Direction;
  /** Units, or a fraction of the baseline mean (a bare number is a fraction). */
  threshold: Amount | number;
  /** Bound on the false-success rate over all looks. Default 0.05. */
  alpha?: number;
  /** Mixture scale in units: the size of effect the test is tuned to find fastest. Default: the threshold. */
  tau?: number;
  /** No decision before this many samples per arm. Default 6. */
  minSamples?: number;
  /** A/A spread (noiseFloor().sd): the variance used is never below it, guarding small-sample luck. */
  noiseSd?: number;
  budget: { maxSamplesPerArm?: number; maxSeconds?: number };
  elapsedSeconds?: number;
}

export interface SequentialResult {
  decision: SequentialDecision;
  reason: string;
  n: { baseline: number; candidate: number };
  /** Mean gain in units (positive = candidate better). */
  estimate: number;
  /** Always-valid 1 − alpha confidence sequence for the gain at this look. */
  interval: [number, number];
  /** min(1, 1/Λ): an always-valid p-value for "no difference" at this look. */
  pValue: number;
  thresholdUnits: number;
}

/**
 * Call after each new pair (or batch) of samples. Stops for success when the confidence sequence
 * excludes 0 and the estimate reaches the threshold (the verdict rule of decideVerdict); for futility
 * when it shows the gain is below the threshold; a spent budget ends the run as inconclusive, never
 * as a success. By Ville's inequality the chance that a no-effect candidate is ever stopped for
 * success is ≤ alpha, however often one looks (exact for known variance; the plug-in variance after
 * `minSamples` is checked by simulation in the unit tests and the benchmark).
 */
export function sequentialDecision(state: SequentialState): SequentialResult {
  if (!state || typeof state !== 'object') throw new InvalidInputError('sequentialDecision needs a state.');
  const baseline = checkSamples(state.baseline, 'sequential baseline');
  const candidate = checkSamples(state.candidate, 'sequential candidate');
  const direction = checkDirection(state.direction, 'sequential direction');
  const alpha = checkAlpha(state.alpha ?? 0.05);
  const minSamples = state.minSamples ?? 6;
  assertPositiveInt(minSamples, 'minSamples');
  if (!state.budget || (state.budget.maxSamplesPerArm === undefined && state.budget.maxSeconds === undefined)) {
    throw new InvalidInputError('A sequential run needs a budget: maxSamplesPerArm and/or maxSeconds.');
  }
  if (state.budget.maxSamplesPerArm !== undefined) assertPositiveInt(state.budget.maxSamplesPerArm, 'budget.maxSamplesPerArm');
  if (state.budget.maxSeconds !== undefined) assertFinite(state.budget.maxSeconds, 'budget.maxSeconds');
  const elapsed = state.elapsedSeconds ?? 0;
  assertFinite(elapsed, 'elapsedSeconds');
  if (state.noiseSd !== undefined) assertFinite(state.noiseSd, 'noiseSd');

  const mb = mean(baseline);
  const amount: Amount = typeof state.threshold === 'number' ? { fraction: state.threshold } : state.threshold;
  const thresholdUnits = toUnits(amount, mb, 'threshold');
  if (thresholdUnits === null) throw new InvalidInputError('The threshold is a fraction of a baseline mean of 0; give it in units.');
  const tau = state.tau ?? thresholdUnits;
  assertFinite(tau, 'tau');
  if (tau <= 0) throw new InvalidInputError('tau (the mixture scale) must be greater than 0; give a threshold above 0 or tau.');

  const n = { baseline: baseline.length, candidate: candidate.length };
  const estimate = gain(mb, mean(candidate), direction);
  const floorVar = (state.noiseSd ?? 0) ** 2;
  const V = Math.max(variance(baseline), floorVar) / n.baseline + Math.max(variance(candidate), floorVar) / n.candidate;
  const spent = (state.budget.maxSamplesPerArm !== undefined && Math.min(n.baseline, n.candidate) >= state.budget.maxSamplesPerArm)
    || (state.budget.maxSeconds !== undefined && elapsed >= state.budget.maxSeconds);
  const early = Math.min(n.baseline, n.candidate) < Math.max(2, minSamples);

  let interval: [number, number];
  let pValue: number;
  if (early) {
    interval = [-Infinity, Infinity];
    pValue = 1;
  } else {
    ({ interval, pValue } = confidenceSequence(estimate, V, tau, alpha));
  }
  const base = { n, estimate, interval, pValue, thresholdUnits };
  const at = `after ${n.baseline}+${n.candidate} samples`;
  const ci = `[${fmt(interval[0])}, ${fmt(interval[1])}]`;
  if (!early && interval[0] > 0 && estimate >= thresholdUnits) {
    return { ...base, decision: 'stop-success', reason: `Clear ${at}: gain ${fmt(estimate)} reaches the threshold ${fmt(thresholdUnits)}, always-valid interval ${ci} excludes 0.` };
  }
  if (!early && interval[1] < thresholdUnits) {
    return { ...base, decision: 'stop-futile', reason: `Futile ${at}: the always-valid interval ${ci} lies below the threshold ${fmt(thresholdUnits)}.` };
  }
  if (spent) {
    return { ...base, decision: 'budget-exhausted', reason: `Budget spent ${at} without a clear answer (interval ${ci}, threshold ${fmt(thresholdUnits)}): inconclusive.` };
  }
  return { ...base, decision: 'continue', reason: early ? `Collecting: ${at}, at least ${minSamples} per arm before deciding.` : `Not yet clear ${at}: interval ${ci}, threshold ${fmt(thresholdUnits)}.` };
}
