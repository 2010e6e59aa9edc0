// Noise floor from an A/A run (baseline against itself), and what that noise lets an experiment detect.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { InvalidInputError } from '../errors';
import { assertFinite, assertPositiveInt } from '../validate';
import { type Amount, checkAlpha, checkSamples, fmt, fmtP, fmtPercent, mean, toUnits, variance } from './common';
import { gainTest } from './welchShifted';

export interface NoiseFloor {
  n: { a: number; b: number };
  mean: number;
  /** Pooled within-run standard deviation: the spread one sample has. */
  sd: number;
  /** sd / |mean|; null when the mean is 0. */
  cv: number | null;
  /** mean(B) − mean(A): should be near 0 for an A/A run. */
  meanDifference: number;
  /** Two-sided Welch p-value of A vs B; a small one means the runs are not interchangeable. */
  aaPValue: number;
  /** Set when A and B differ more than noise explains (p < 0.01): drift, warm-up or caching. */
  warning: string | null;
}

export function noiseFloor(samplesA: readonly number[], samplesB: readonly number[]): NoiseFloor {
  const a = checkSamples(samplesA, 'A/A samples A');
  const b = checkSamples(samplesB, 'A/A samples B');
  if (a.length < 2 || b.length < 2) throw new InvalidInputError(`An A/A run needs at least 2 samples per run (got ${a.length} and ${b.length}).`);
  const all = [...a, ...b];
  const m = mean(all);
  const sd = Math.sqrt(((a.length - 1) * variance(a) + (b.length - 1) * variance(b)) / (a.length + b.length - 2));
  const t = gainTest(a, b, 'higher', { alternative: 'two-sided', nullGain: 0, alpha: 0.05 });
  const warning = t.pValue < 0.01
    ? `The two A/A runs differ (${fmt(mean(a))} vs ${fmt(mean(b))}, ${fmtP(t.pValue)}) although nothing changed: the machine drifts, warms up or caches; interleave runs and discard warm-up before trusting verdicts.`
    : null;
  return { n: { a: a.length, b: b.length }, mean: m, sd, cv: m === 0 ? null : sd / Math.abs(m), meanDifference: t.estimate, aaPValue: t.pValue, warning };
}

export interface PowerInput {
  /** Spread of one sample (from noiseFloor). */
  sd: number;
  /** Baseline mean, to express effects relatively; optional. */
  mean?: number;
  alpha?: number;
  power?: number;
}

function checkPower(input: PowerInput): { sd: number; alpha: number; power: number } {
  if (!input || typeof input !== 'object') throw new InvalidInputError('Expected { sd, mean?, alpha?, power? }.');
  assertFinite(input.sd, 'sd');
  if (input.sd < 0) throw new InvalidInputError(`sd must not be negative (got ${input.sd}).`);
  if (input.mean !== undefined) assertFinite(input.mean, 'mean');
  return { sd: input.sd, alpha: checkAlpha(input.alpha ?? 0.05), power: checkAlpha(input.power ?? 0.9, 'power') };
}

/** The factor (t₁₋α/₂ + t_power) for a two-sided two-sample test with n per arm (df = 2n − 2). */
export function powerFactor(n: number, alpha: number, power: number): number {
  const df = 2 * n - 2;
  return tQuantile(1 - alpha / 2, df) + tQuantile(power, df);
}

export interface Mde {
  /** Smallest true effect, in units, detected with the given power. */
  absolute: number;
  /** absolute / |mean|; null without a (non-zero) mean. */
  relative: number | null;
}

/** Minimum detectable effect with n samples per arm: (t₁₋α/₂ + t_power)·sd·√(2/n). */
export function minimumDetectableEffect(input: PowerInput & { n: number }): Mde {
  const { sd, alpha, power } = checkPower(input);
  assertPositiveInt(input.n, 'n');
  if (input.n < 2) throw new InvalidInputError('n must be at least 2 samples per arm to estimate noise.');
  const absolute = powerFactor(input.n, alpha, power) * sd * Math.sqrt(2 / input.n);
  return { absolute, relative: input.mean ? absolute / Math.abs(input.mean) : null };
}

/**
 * A warning when the threshold is below what the noise lets `n` samples per arm detect; null when fine.
 * `threshold` as in verdicts: units, or a fraction of `mean` (a bare number is a fraction).
 */
export function thresholdWarning(input: PowerInput & { n: number; threshold: Amount | number; name?: string }): string | null {
  const mde = minimumDetectableEffect(input);
  const amount: Amount = typeof input.threshold === 'number' ? { fraction: input.threshold } : input.threshold;
  const thresholdUnits = toUnits(amount, input.mean ?? 0, 'threshold');
  const who = input.name ? `${input.name}: ` : '';
  if (thresholdUnits === null) return `${who}the threshold is a fraction of a mean of 0 (or no mean given); give it in units.`;
  if (thresholdUnits >= mde.absolute) return null;
  const show = (u: number) => (input.mean ? fmtPercent(u / Math.abs(input.mean)) : fmt(u));
  const cv = input.mean ? ` (CV ${fmtPercent(input.sd / Math.abs(input.mean))})` : '';
  return `${who}a ${show(thresholdUnits)} threshold is below the ${show(mde.absolute)} that this noise${cv} lets ${input.n} samples per arm detect with power ${input.power ?? 0.9}; expect inconclusive verdicts, or plan more samples.`;
}
