// One look at one capability's interleaved runs: the paired robust estimate and its always-valid
// interval, then what that shows — for the target (clear / futile / open) or a guardrail
// (held / broken / unknown).
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { InvalidInputError } from '../errors';
import type { Direction } from '../types';
import { confidenceSequence } from './alwaysValid';
import { type Amount, mean, toUnits } from './common';
import { type PrePeriod, cupedAdjust } from './cuped';
import type { GuardrailStatus } from './guardrail';
import { type PairedEstimate, type VariancePrior, pairGains, pairedEstimate } from './paired';

export interface Samples {
  baseline: readonly number[];
  candidate: readonly number[];
  /** A per-pair value measured before the pair ran (not touched by the candidate): CUPED adjusts the gains by it. */
  covariate?: { name: string; values: readonly number[]; pre: PrePeriod };
}

/** What the CUPED adjustment did at this look (absent without a covariate). */
export interface CupedSummary { covariate: string; theta: number; correlation: number; varianceReduction: number }

export interface SeriesSpec {
  name: string;
  direction: Direction;
  unit?: string;
  /** The A/A calibration's spread as a prior (priorFromNoise). */
  prior?: VariancePrior;
}

export interface SeriesLook {
  name: string;
  direction: Direction;
  unit?: string;
  pairs: number;
  baselineMean: number;
  candidateMean: number;
  /** Null before the first look (fewer than minSamples pairs). */
  estimate: PairedEstimate | null;
  /** Always-valid 1 − alpha interval of the gain (positive = better); infinite before the first look. */
  interval: [number, number];
  nonNegative: boolean;
  cuped?: CupedSummary;
}

export type TargetState = 'clear' | 'futile' | 'open';
export interface TargetLook extends SeriesLook { state: TargetState; thresholdUnits: number; threshold: Amount; pValue: number }
export interface GuardLook extends SeriesLook { status: GuardrailStatus; margin: Amount; marginUnits: number; heldPValue: number; brokenPValue: number }

const tolerance = (x: number, y: number): number => 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));

function lookAt(spec: SeriesSpec, samples: Samples, scale: (baselineMean: number) => number, alpha: number, minSamples: number, shift: number):
  { base: SeriesLook; V: number; tau: number } {
  const pairs = Math.min(samples.baseline.length, samples.candidate.length);
  const baselineMean = samples.baseline.length ? mean(samples.baseline) : 0;
  const candidateMean = samples.candidate.length ? mean(samples.candidate) : 0;
  const nonNegative = [...samples.baseline, ...samples.candidate].every((x) => x >= 0);
  const base: SeriesLook = { name: spec.name, direction: spec.direction, unit: spec.unit, pairs, baselineMean, candidateMean, estimate: null, interval: [-Infinity, Infinity], nonNegative };
  if (pairs < Math.max(2, minSamples)) return { base, V: Infinity, tau: 1 };
  let gains = pairGains(samples.baseline, samples.candidate, spec.direction);
  // With a pre-period covariate for every pair, whenever it is there (not only when it helps, which would
  // flatter the spread): the mean is kept exactly, the variance falls by what the covariate explains.
  let cuped: CupedSummary | undefined;
  let extraVariance = 0;
  const cov = samples.covariate;
  if (cov && cov.values.length >= pairs && pairs >= 3) {
    const c = cupedAdjust(gains, cov.values.slice(0, pairs), cov.pre);
    gains = c.adjusted;
    extraVariance = c.extraVariance;
    cuped = { covariate: cov.name, theta: c.theta, correlation: c.correlation, varianceReduction: c.reduction };
  }
  const estimate = pairedEstimate(gains, { alpha, prior: spec.prior, extraVariance });
  const size = scale(baselineMean);
  // The mixture is tuned to the effect that matters (threshold or margin); without one, to one pair's spread.
  const tau = size > 0 ? size : Math.sqrt(estimate.variance * estimate.pairs) || 1;
  // The mixture bound assumes a known variance; with an estimated one the variance is widened by
  // (t/z)² at the estimate's degrees of freedom, so the few-pair looks are not over-confident.
  const widen = (tQuantile(1 - alpha / 2, estimate.df) / normalQuantile(1 - alpha / 2, 0, 1)) ** 2;
  const V = estimate.variance * widen;
  const cs = confidenceSequence(estimate.estimate + shift, V, tau, alpha);
  return { base: { ...base, estimate, interval: [cs.interval[0] - shift, cs.interval[1] - shift], ...(cuped ? { cuped } : {}) }, V, tau };
}

export function lookAtTarget(spec: SeriesSpec & { threshold: Amount }, samples: Samples, alpha: number, minSamples: number): TargetLook {
  const units = (m: number): number => {
    const u = toUnits(spec.threshold, m, `target "${spec.name}" threshold`);
    if (u === null) throw new InvalidInputError(`${spec.name}: the threshold is a fraction of a baseline mean of 0; give it in units.`);
    return u;
  };
  const { base, V, tau } = lookAt(spec, samples, units, alpha, minSamples, 0);
  const thresholdUnits = samples.baseline.length ? units(base.baselineMean) : 0;
  if (!base.estimate) return { ...base, state: 'open', thresholdUnits, threshold: spec.threshold, pValue: 1 };
  const est = base.estimate.estimate;
  const pValue = confidenceSequence(est, V, tau, alpha).pValue;
  const [lo, hi] = base.interval;
  const state: TargetState = lo > 0 && est >= thresholdUnits - tolerance(thresholdUnits, est) ? 'clear' : hi < thresholdUnits ? 'futile' : 'open';
  return { ...base, state, thresholdUnits, threshold: spec.threshold, pValue };
}

/** A guardrail's margin in units, or null when a fractional margin meets a zero baseline (cannot be judged). */
export function marginUnitsOf(margin: Amount, samples: Samples, name: string): number | null {
  return toUnits(margin, samples.baseline.length ? mean(samples.baseline) : 0, `guardrail "${name}" margin`);
}

export function lookAtGuardrail(spec: SeriesSpec & { margin: Amount }, samples: Samples, alpha: number, minSamples: number): GuardLook {
  const m = marginUnitsOf(spec.margin, samples, spec.name) ?? 0;
  // The interval of gain + margin: held when it lies above 0, broken when below.
  const { base, V, tau } = lookAt(spec, samples, () => m, alpha, minSamples, m);
  const none = { status: 'unknown' as const, margin: spec.margin, marginUnits: m, heldPValue: 1, brokenPValue: 1 };
  if (!base.estimate) return { ...base, ...none };
  const shifted = base.estimate.estimate + m;
  const p = confidenceSequence(shifted, V, tau, alpha).pValue;
  const [lo, hi] = base.interval;
  const exact = V === 0;
  const held = exact ? shifted >= -tolerance(m, shifted) : lo > -m;
  const broken = exact ? shifted < -tolerance(m, shifted) : hi < -m;
  return { ...base, status: held ? 'held' : broken ? 'broken' : 'unknown', margin: spec.margin, marginUnits: m,
    heldPValue: shifted > 0 ? p : 1, brokenPValue: shifted < 0 ? p : 1 };
}
