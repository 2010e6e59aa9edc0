// Welch's two-sample t-test through @stdlib/stats-ttest2 (no hand-written distributions).
import ttest2 from '@stdlib/stats-ttest2';
import type { SampleStatistics } from '../types';

/** The fewest samples per arm for which a significance verdict is given. */
export const MIN_SAMPLES_PER_ARM = 6;

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Welch's t-test of after vs before; `ci` is the interval of mean(after) − mean(before).
 * Arms with fewer than 2 samples cannot be tested (null). When both arms have zero variance the
 * test is undefined; the difference is then exact: p = 0 if the means differ, 1 if not.
 */
export function welch(before: readonly number[], after: readonly number[], alpha = 0.05): SampleStatistics | null {
  if (before.length < 2 || after.length < 2) return null;
  const meanBefore = mean(before);
  const meanAfter = mean(after);
  const sdBefore = sampleSd(before);
  const sdAfter = sampleSd(after);
  let pValue: number;
  let ci: [number, number];
  if (sdBefore === 0 && sdAfter === 0) {
    pValue = meanBefore === meanAfter ? 1 : 0;
    ci = [meanAfter - meanBefore, meanAfter - meanBefore];
  } else {
    const out = ttest2([...after], [...before], { alpha, variance: 'unequal' });
    pValue = out.pValue;
    ci = [out.ci[0], out.ci[1]];
  }
  return { test: 'welch-t', nBefore: before.length, nAfter: after.length, meanBefore, meanAfter, sdBefore, sdAfter, pValue, alpha, ci };
}
