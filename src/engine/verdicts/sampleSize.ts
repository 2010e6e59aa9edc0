// Sample-size planning: samples per arm to detect the threshold at the measured spread, and how long that takes.
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { InvalidInputError } from '../errors';
import { assertFinite, assertPositiveInt } from '../validate';
import { type Amount, checkAlpha, toUnits } from './common';
import { type PowerInput, powerFactor } from './noise';

export interface SamplePlan {
  /** Samples per arm (baseline and candidate each), at least minSamples. */
  perArm: number;
  total: number;
  /** The effect planned for, in units. */
  effectUnits: number;
  /** Normal-approximation answer before the t correction (for reference). */
  normalApproximation: number;
}

/**
 * n per arm for a two-sided Welch/t test: start from the normal formula 2((z₁₋α/₂ + z_power)·sd/δ)²
 * and iterate with t quantiles at df = 2n − 2 until n is stable. Zero noise needs only the minimum.
 */
export function samplesPerArm(input: PowerInput & { threshold: Amount | number; minSamples?: number }): SamplePlan {
  if (!input || typeof input !== 'object') throw new InvalidInputError('Expected { sd, mean?, threshold, alpha?, power? }.');
  assertFinite(input.sd, 'sd');
  if (input.sd < 0) throw new InvalidInputError(`sd must not be negative (got ${input.sd}).`);
  const alpha = checkAlpha(input.alpha ?? 0.05);
  const power = checkAlpha(input.power ?? 0.9, 'power');
  const minSamples = input.minSamples ?? 6;
  assertPositiveInt(minSamples, 'minSamples');
  const amount: Amount = typeof input.threshold === 'number' ? { fraction: input.threshold } : input.threshold;
  if (input.mean !== undefined) assertFinite(input.mean, 'mean');
  const effect = toUnits(amount, input.mean ?? 0, 'threshold');
  if (effect === null) throw new InvalidInputError('The threshold is a fraction, but there is no non-zero mean to take it of; give the mean or a threshold in units.');
  if (effect <= 0) throw new InvalidInputError('The threshold must be greater than 0 to plan a sample size.');
  const floor = Math.max(2, minSamples);
  const ratio = input.sd / effect;
  const normal = 2 * ((normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1)) * ratio) ** 2;
  let n = Math.max(2, Math.ceil(normal));
  for (let i = 0; i < 100; i++) {
    const next = Math.max(2, Math.ceil(2 * (powerFactor(n, alpha, power) * ratio) ** 2));
    if (next === n) break;
    n = next;
  }
  const perArm = input.sd === 0 ? floor : Math.max(n, floor);
  return { perArm, total: 2 * perArm, effectUnits: effect, normalApproximation: normal };
}

/** Expected wall time of an experiment: every sample of both arms runs the probe once. */
export function expectedDurationSeconds(input: { perArm: number; probeSeconds: number; arms?: number; overheadSeconds?: number }): number {
  assertPositiveInt(input.perArm, 'perArm');
  assertFinite(input.probeSeconds, 'probeSeconds');
  if (input.probeSeconds < 0) throw new InvalidInputError('probeSeconds must not be negative.');
  const arms = input.arms ?? 2;
  assertPositiveInt(arms, 'arms');
  const overhead = input.overheadSeconds ?? 0;
  assertFinite(overhead, 'overheadSeconds');
  return input.perArm * arms * input.probeSeconds + overhead;
}
