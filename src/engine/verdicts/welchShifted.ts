// Welch's t-test of the gain (candidate better than baseline) against a shifted null, via @stdlib/stats-ttest2.
import ttest2 from '@stdlib/stats-ttest2';
import type { Direction } from '../types';
import { gain, mean, variance } from './common';

export interface GainTest {
  /** Point estimate of the gain in units (positive = candidate better). */
  estimate: number;
  pValue: number;
  /** Confidence interval of the gain at 1 − alpha (one-sided tests give one infinite end). */
  ci: [number, number];
  df: number | null;
  /** True when both arms have zero variance and the gain is known exactly. */
  exact: boolean;
}

/**
 * Tests the gain g (in the better direction) against H0: g = nullGain.
 * `alternative`: 'greater' → H1: g > nullGain; 'less' → H1: g < nullGain; 'two-sided' → H1: g ≠ nullGain.
 * Both arms with zero variance: the gain is exact, so p is 0 when the alternative holds and 1 otherwise
 * (same convention as the engine's measureImprovement). Needs ≥ 2 samples per arm (caller checks).
 */
export function gainTest(
  baseline: readonly number[],
  candidate: readonly number[],
  direction: Direction,
  opts: { alternative: 'greater' | 'less' | 'two-sided'; nullGain: number; alpha: number },
): GainTest {
  const mb = mean(baseline);
  const mc = mean(candidate);
  const estimate = gain(mb, mc, direction);
  if (variance(baseline) === 0 && variance(candidate) === 0) {
    // Tolerance for float noise such as 1 − 0.99 vs 0.01.
    const tol = 1e-12 * Math.max(1, Math.abs(mb), Math.abs(mc));
    const d = estimate - opts.nullGain;
    const holds = opts.alternative === 'greater' ? d > -tol : opts.alternative === 'less' ? d < -tol : Math.abs(d) > tol;
    return { estimate, pValue: holds ? 0 : 1, ci: [estimate, estimate], df: null, exact: true };
  }
  // x − y is the gain: for 'higher' x = candidate, for 'lower' x = baseline.
  const [x, y] = direction === 'higher' ? [candidate, baseline] : [baseline, candidate];
  const out = ttest2([...x], [...y], {
    alpha: opts.alpha,
    alternative: opts.alternative,
    difference: opts.nullGain,
    variance: 'unequal',
  });
  return { estimate, pValue: out.pValue, ci: [out.ci[0], out.ci[1]], df: out.df, exact: false };
}
