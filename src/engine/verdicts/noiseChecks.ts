// Noise checks on an experiment's runs: two modes in the samples (a cache that sometimes hits, a
// second code path), and a baseline that drifts from the first pairs to the last (thermal, other
// load). Each warning says what the verdict did about it.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { fmt, fmtP, mean } from './common';

/** Sarle's bimodality coefficient (g² + 1) / (k + 3(n − 1)²/((n − 2)(n − 3))); null below 12 samples. */
export function bimodalityCoefficient(xs: readonly number[]): number | null {
  const n = xs.length;
  if (n < 12) return null;
  const m = mean(xs);
  const m2 = xs.reduce((a, x) => a + (x - m) ** 2, 0) / n;
  if (m2 === 0) return null;
  const m3 = xs.reduce((a, x) => a + (x - m) ** 3, 0) / n;
  const m4 = xs.reduce((a, x) => a + (x - m) ** 4, 0) / n;
  // Bias-corrected sample skewness and excess kurtosis.
  const g = (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
  const k = ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2) - 3) + 6);
  return (g * g + 1) / (k + (3 * (n - 1) ** 2) / ((n - 2) * (n - 3)));
}

/**
 * Above this the samples look bimodal. A uniform distribution gives 5/9 ≈ 0.555 and normal samples of
 * 12–40 exceed 0.57 in about 1 % of seeded draws, so the bar is 0.6 rather than 5/9: false warnings
 * stay rare (checked in test/unit/verdicts/noiseChecks.test.ts).
 */
export const BIMODAL_BAR = 0.6;

/** Least-squares slope of the values against their run index, with a two-sided p-value (null below 6). */
export function driftTest(xs: readonly number[]): { slope: number; pValue: number } | null {
  const n = xs.length;
  if (n < 6) return null;
  const mx = (n - 1) / 2;
  const my = mean(xs);
  let sxx = 0; let sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (i - mx) ** 2; sxy += (i - mx) * (xs[i] - my); }
  const slope = sxy / sxx;
  const resid = xs.reduce((a, y, i) => a + (y - my - slope * (i - mx)) ** 2, 0) / (n - 2);
  if (resid === 0) return { slope, pValue: slope === 0 ? 1 : 0 };
  const t = slope / Math.sqrt(resid / sxx);
  return { slope, pValue: 2 * (1 - tCdf(Math.abs(t), n - 2)) };
}

export interface NoiseCheckInput {
  name: string;
  baseline: readonly number[];
  candidate: readonly number[];
  unit?: string;
}

/** Warnings (possibly none) about the runs of one capability, each saying what the analysis did about it. */
export function noiseChecks(input: NoiseCheckInput): string[] {
  const out: string[] = [];
  const unit = input.unit ? ` ${input.unit}` : '';
  const modes = (['baseline', 'candidate'] as const).filter((arm) => (bimodalityCoefficient(input[arm]) ?? 0) > BIMODAL_BAR);
  if (modes.length) {
    out.push(`${input.name}: the ${modes.join(' and ')} runs look bimodal (two clusters of values: a cache that sometimes hits, a warm-up, a second code path). `
      + 'The verdict uses the 10 % trimmed mean of the pair differences, which a minority of runs in the other cluster cannot drag; find the cause (or add warm-up runs) before trusting a small effect.');
  }
  const drift = driftTest(input.baseline);
  if (drift && drift.pValue < 0.01) {
    const k = Math.max(1, Math.floor(input.baseline.length / 3));
    const first = mean(input.baseline.slice(0, k));
    const last = mean(input.baseline.slice(-k));
    out.push(`${input.name}: the baseline drifted from ${fmt(first)}${unit} in the first pairs to ${fmt(last)}${unit} in the last (${fmtP(drift.pValue)}), although it did not change. `
      + 'Each pair ran back to back and the verdict compares within pairs, so drift shared by both arms cancels; the machine was not steady, so rerun on a quieter machine if the effect is close to the threshold.');
  }
  return out;
}
