// The improvement measurement of spec system 5, made precise by DESIGN.md: relative change never
// NaN/Infinity, significance with samples from Welch's test, verdicts that never call noise a success.
import type { Confidence, Direction, ImprovementMeasurement, SampleStatistics, Verdict } from '../types';
import { InvalidInputError } from '../errors';
import { assertFinite, assertFiniteArray, assertNonEmpty } from '../validate';
import { MIN_SAMPLES_PER_ARM, mean, welch } from './welch';

export interface MeasureOptions {
  direction?: Direction;
  /** Minimum relative improvement for success; default 0.15. */
  threshold?: number;
  /** Significance level for sample arrays; default 0.05. */
  alpha?: number;
}

export function confidenceFor(relative: number | null): Confidence {
  if (relative === null) return 'low';
  const r = Math.abs(relative);
  return r > 0.5 ? 'high' : r > 0.15 ? 'medium' : 'low';
}

function arm(value: number | number[], what: string): { value: number; samples: number[] | null } {
  if (Array.isArray(value)) {
    assertFiniteArray(value, what);
    return { value: mean(value), samples: value };
  }
  assertFinite(value, what);
  return { value, samples: null };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function measureImprovement(before: number | number[], after: number | number[], metricName: string,
  options: MeasureOptions = {}): ImprovementMeasurement {
  assertNonEmpty(metricName, 'metricName');
  const direction = options.direction ?? 'higher';
  if (direction !== 'higher' && direction !== 'lower') throw new InvalidInputError(`direction must be higher or lower (got ${String(direction)}).`);
  const threshold = options.threshold ?? 0.15;
  assertFinite(threshold, 'threshold');
  const alpha = options.alpha ?? 0.05;
  assertFinite(alpha, 'alpha');
  if (alpha <= 0 || alpha >= 1) throw new InvalidInputError(`alpha must be between 0 and 1 (got ${alpha}).`);

  const b = arm(before, 'before');
  const a = arm(after, 'after');
  const absolute = a.value - b.value;
  const relative = b.value === 0 ? null : absolute / Math.abs(b.value);
  const relativeReason = relative === null ? 'The baseline is 0, so a relative change is undefined; compare the absolute change.' : undefined;
  const sign = direction === 'higher' ? 1 : -1;
  const improvement = relative === null ? null : sign * relative;
  const samples: SampleStatistics | undefined = b.samples && a.samples ? welch(b.samples, a.samples, alpha) ?? undefined : undefined;
  const enoughSamples = !!samples && samples.nBefore >= MIN_SAMPLES_PER_ARM && samples.nAfter >= MIN_SAMPLES_PER_ARM;
  const bigEnough = relative !== null && Math.abs(relative) >= threshold;
  const significant = bigEnough && (a.samples || b.samples ? enoughSamples && samples!.pValue < alpha : true);

  const { verdict, reason } = decide();
  return {
    metricName, direction, before: b.value, after: a.value, absolute, relative,
    percent: relative === null ? null : relative * 100,
    ...(relativeReason ? { relativeReason } : {}),
    improvement, significant, confidence: confidenceFor(relative), threshold,
    ...(samples ? { samples } : {}),
    verdict, reason,
  };

  function decide(): { verdict: Verdict; reason: string } {
    if (improvement === null) return { verdict: 'inconclusive', reason: relativeReason! };
    const change = `${improvement >= 0 ? 'improved' : 'worsened'} by ${pct(Math.abs(improvement))}`;
    if (a.samples || b.samples) {
      if (!a.samples || !b.samples) {
        return { verdict: 'inconclusive', reason: `${metricName} ${change}, but only one arm has samples; measure both arms to test significance.` };
      }
      if (!enoughSamples) {
        return { verdict: 'inconclusive', reason: `${metricName} ${change}, but ${Math.min(b.samples.length, a.samples.length)} samples in the smaller arm are too few (need ${MIN_SAMPLES_PER_ARM} per arm).` };
      }
      if (samples!.pValue >= alpha) {
        return { verdict: 'inconclusive', reason: `${metricName} ${change}, but the difference is not significant (Welch p = ${samples!.pValue.toPrecision(3)} ≥ ${alpha}).` };
      }
      const p = `(Welch p = ${samples!.pValue.toPrecision(3)})`;
      if (improvement >= threshold) return { verdict: 'success', reason: `${metricName} ${change}, at least the ${pct(threshold)} threshold ${p}.` };
      if (improvement < 0) return { verdict: 'regression', reason: `${metricName} ${change} ${p}.` };
      return { verdict: 'no_improvement', reason: `${metricName} ${change}, below the ${pct(threshold)} threshold ${p}.` };
    }
    if (improvement >= threshold) return { verdict: 'success', reason: `${metricName} ${change}, at least the ${pct(threshold)} threshold.` };
    if (improvement <= -threshold) return { verdict: 'regression', reason: `${metricName} ${change}.` };
    return { verdict: 'no_improvement', reason: `${metricName} ${change}, below the ${pct(threshold)} threshold.` };
  }
}
