// CUPED (Deng et al., "Improving the sensitivity of online controlled experiments by utilizing
// pre-experiment data", 2013) for paired gains: when each pair has a covariate x_i measured before its
// runs and not touched by the candidate (a reference timing of the machine just before the pair), and
// the covariate's mean μ is known from before the experiment (its recent measurements on this machine),
// the part of the gains the covariate predicts is noise, not effect. The adjusted gains
// g_i − θ·(x_i − μ), θ = cov(g, x)/var(x), have the same expectation as g (E[x_i] = μ: no bias) and a
// variance smaller by the share ρ² the covariate explains. μ must come from outside the experiment:
// centring on the experiment's own mean of x would leave the estimate unchanged and only shrink its
// apparent spread — a false precision.
import { InvalidInputError } from '../errors';
import { assertFiniteArray } from '../validate';
import { mean, variance } from './common';

export interface PrePeriod {
  /** Mean of the covariate before the experiment. */
  mean: number;
  /** Variance of that mean (s²/n of the pre-period values); adds θ²·it to the estimate's variance. */
  meanVariance: number;
}

export interface CupedResult {
  /** The pair gains adjusted: g − θ·(x − μ). */
  adjusted: number[];
  theta: number;
  /** Correlation of the gains with the covariate. */
  correlation: number;
  /** Sample variance of one gain before and after the adjustment. */
  varianceBefore: number;
  varianceAfter: number;
  /** 1 − varianceAfter / varianceBefore: how much of the spread the covariate took out (0 when none). */
  reduction: number;
  /** Variance the estimated pre-period mean adds to the mean of the adjusted gains: θ²·meanVariance. */
  extraVariance: number;
}

/** Adjusts per-pair gains by a per-pair covariate with a pre-period mean. Needs ≥ 3 pairs and one covariate per pair. */
export function cupedAdjust(gains: readonly number[], covariate: readonly number[], pre: PrePeriod): CupedResult {
  assertFiniteArray(gains, 'CUPED gains');
  assertFiniteArray(covariate, 'CUPED covariate');
  if (covariate.length !== gains.length) throw new InvalidInputError(`CUPED needs one covariate value per pair (${gains.length} pairs, ${covariate.length} values).`);
  if (gains.length < 3) throw new InvalidInputError(`CUPED needs at least 3 pairs (got ${gains.length}).`);
  if (!pre || !Number.isFinite(pre.mean) || !(pre.meanVariance >= 0)) throw new InvalidInputError('CUPED needs the covariate\'s pre-period mean and the variance of that mean (≥ 0).');
  const gm = mean(gains);
  const xm = mean(covariate);
  const vx = variance(covariate);
  const vg = variance(gains);
  if (vx === 0 || vg === 0) return { adjusted: [...gains], theta: 0, correlation: 0, varianceBefore: vg, varianceAfter: vg, reduction: 0, extraVariance: 0 };
  const cov = gains.reduce((s, g, i) => s + (g - gm) * (covariate[i]! - xm), 0) / (gains.length - 1);
  const theta = cov / vx;
  const adjusted = gains.map((g, i) => g - theta * (covariate[i]! - pre.mean));
  const after = variance(adjusted);
  return { adjusted, theta, correlation: cov / Math.sqrt(vx * vg), varianceBefore: vg, varianceAfter: after, reduction: Math.max(0, 1 - after / vg), extraVariance: theta * theta * pre.meanVariance };
}
