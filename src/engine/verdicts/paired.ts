// Paired analysis of interleaved runs: run i of the baseline and run i of the candidate ran back to
// back, so their difference cancels what drifted between pairs. The estimate is the 10 % trimmed
// mean of the pair gains (robust to an outlier run) with Yuen's variance, pooled with the A/A
// calibration as a prior on the spread (so a lucky low spread in a few pairs is not believed).
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { InvalidInputError } from '../errors';
import type { Direction } from '../types';
import { mean, variance } from './common';

/** Variance of one pair's gain and the degrees of freedom it was estimated with. */
export interface VariancePrior {
  variance: number;
  df: number;
}

/** From an A/A calibration (per-sample sd over n samples per run): a pair's gain is a difference of two samples. */
export function priorFromNoise(noise: { sd: number; n: number } | null | undefined): VariancePrior | undefined {
  if (!noise || !(noise.sd >= 0) || !(noise.n >= 2)) return undefined;
  return { variance: 2 * noise.sd * noise.sd, df: 2 * noise.n - 2 };
}

/** Gain of each pair in the better direction (positive = candidate better); unpaired extras are dropped. */
export function pairGains(baseline: readonly number[], candidate: readonly number[], direction: Direction): number[] {
  const n = Math.min(baseline.length, candidate.length);
  return Array.from({ length: n }, (_, i) => (direction === 'higher' ? candidate[i] - baseline[i] : baseline[i] - candidate[i]));
}

export const DEFAULT_TRIM = 0.1;

function trimCount(n: number, trim: number): number {
  return Math.floor(trim * n);
}

export function trimmedMean(xs: readonly number[], trim = DEFAULT_TRIM): number {
  const g = trimCount(xs.length, trim);
  const sorted = [...xs].sort((a, b) => a - b).slice(g, xs.length - g);
  return mean(sorted);
}

/** Sample variance after replacing the g smallest and g largest values by their neighbours. */
export function winsorizedVariance(xs: readonly number[], trim = DEFAULT_TRIM): number {
  const g = trimCount(xs.length, trim);
  const sorted = [...xs].sort((a, b) => a - b);
  const lo = sorted[g];
  const hi = sorted[xs.length - 1 - g];
  return variance(xs.map((x) => Math.min(hi, Math.max(lo, x))));
}

export interface PairedEstimate {
  pairs: number;
  /** Plain mean of the pair gains (for reference). */
  mean: number;
  /** Trimmed mean of the pair gains: the estimate the verdict uses. */
  estimate: number;
  trim: number;
  /** Variance of the estimate (Yuen), after pooling with the prior; 0 when the gains are known exactly. */
  variance: number;
  df: number;
  /** Fixed-sample two-sided 1 − alpha interval (Yuen's trimmed t); for reading, not for stopping. */
  ci: [number, number];
  /** Two-sided fixed-sample p-value of "no gain". */
  pValue: number;
  /** Degrees of freedom the prior added (0 without one). */
  priorDf: number;
}

/**
 * Yuen's trimmed-mean estimate of paired gains: h = n − 2g kept values, Var = (n − 1)·s²_w / (h(h − 1)).
 * With a prior (A/A), the per-pair spread (n − 1)·s²_w/(h − 1) is pooled with the prior's variance,
 * weighted by degrees of freedom. Needs ≥ 2 pairs.
 */
export function pairedEstimate(gains: readonly number[], options: { alpha: number; trim?: number; prior?: VariancePrior; extraVariance?: number }): PairedEstimate {
  const n = gains.length;
  if (n < 2) throw new InvalidInputError(`A paired estimate needs at least 2 pairs (got ${n}).`);
  const trim = options.trim ?? DEFAULT_TRIM;
  const h = n - 2 * trimCount(n, trim);
  const estimate = trimmedMean(gains, trim);
  const sw2 = winsorizedVariance(gains, trim);
  const own = h > 1 ? ((n - 1) * sw2) / (h - 1) : 0;
  const ownDf = Math.max(1, h - 1);
  const prior = options.prior && options.prior.df > 0 ? options.prior : undefined;
  const perPair = prior ? (ownDf * own + prior.df * prior.variance) / (ownDf + prior.df) : own;
  const df = ownDf + (prior?.df ?? 0);
  // extraVariance: known variance added to the estimate's (CUPED's estimated pre-period mean).
  const V = perPair / h + (options.extraVariance ?? 0);
  const base = { pairs: n, mean: mean(gains), estimate, trim, variance: V, df, priorDf: prior?.df ?? 0 };
  if (V === 0) return { ...base, ci: [estimate, estimate], pValue: estimate === 0 ? 1 : 0 };
  const se = Math.sqrt(V);
  const q = tQuantile(1 - options.alpha / 2, df);
  const t = estimate / se;
  return { ...base, ci: [estimate - q * se, estimate + q * se], pValue: Math.min(1, 2 * (1 - tCdf(Math.abs(t), df))) };
}
