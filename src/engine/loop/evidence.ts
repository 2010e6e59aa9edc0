// Turns verdict results into the plain data stored on the experiment and shown to the approver.
import type { EvidenceEffect, ImprovementMeasurement, Verdict } from '../types';
import type { TargetResult } from '../verdicts/decide';
import { sd } from '../verdicts/common';

export function effectOf(t: TargetResult, unit: string): EvidenceEffect {
  return {
    capability: t.name, unit, direction: t.direction, baselineMean: t.baselineMean, candidateMean: t.candidateMean,
    gain: t.gain, relativeGain: t.relativeGain, ci: t.ci, relativeCi: t.relativeCi, pValue: t.adjustedPValue ?? t.pValue, n: t.n,
    ...(t.paired ? { paired: t.paired } : {}),
  };
}

/** The experiment's `result` column in the shape testApproach writes, so existing views show it. */
export function measurementOf(t: TargetResult, samples: { baseline: readonly number[]; candidate: readonly number[] }, verdict: Verdict, reason: string,
  threshold: number, alpha: number): ImprovementMeasurement {
  const before = t.baselineMean;
  const after = t.candidateMean;
  const relative = before === 0 ? null : (after - before) / Math.abs(before);
  const p = t.pValue;
  // The gain's interval is in the better direction; the stored one is of after − before.
  const ci: [number, number] | null = t.ci === null ? null : t.direction === 'higher' ? t.ci : [-t.ci[1], -t.ci[0]];
  return {
    metricName: t.name, direction: t.direction, before, after, absolute: after - before, relative,
    percent: relative === null ? null : relative * 100,
    ...(relative === null ? { relativeReason: 'the baseline mean is 0' } : {}),
    improvement: t.relativeGain, significant: t.significant && t.meetsThreshold,
    confidence: p === null ? 'low' : p < 0.01 ? 'high' : p < 0.05 ? 'medium' : 'low',
    threshold,
    ...(p !== null && ci !== null ? {
      samples: {
        test: t.paired ? 'paired-sequential' as const : 'welch-t' as const, nBefore: t.n.baseline, nAfter: t.n.candidate, meanBefore: before, meanAfter: after,
        sdBefore: sd(samples.baseline), sdAfter: sd(samples.candidate), pValue: p, alpha, ci,
      },
    } : {}),
    verdict, reason,
  };
}
