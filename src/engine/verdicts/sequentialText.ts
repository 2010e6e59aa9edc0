// A sequential paired look turned into the verdict's plain data and words (the same shapes
// decideVerdict returns, so confirmation, evidence and the formatters treat both alike).
import { fmt, fmtP, fmtPercent, marginText, relativeInterval } from './common';
import type { GuardedVerdict, TargetResult } from './decide';
import type { GuardrailResult } from './guardrail';
import type { GuardLook, TargetLook } from './seriesLook';
import type { StopReason } from './sequentialExperiment';

const stripDot = (s: string): string => s.replace(/\.$/, '');
const interval = (i: [number, number]): string => `[${fmt(i[0])}, ${fmt(i[1])}]`;
const unitOf = (u?: string): string => (u ? ` ${u}` : '');

export const PAIRED_METHOD = 'paired: 10 % trimmed mean of the pair gains (Yuen), always-valid mixture interval (mSPRT)';

export function targetResult(t: TargetLook): TargetResult {
  const est = t.estimate;
  const gain = est ? est.estimate : t.direction === 'higher' ? t.candidateMean - t.baselineMean : t.baselineMean - t.candidateMean;
  const ci: [number, number] | null = est ? t.interval : null;
  return {
    name: t.name, direction: t.direction, baselineMean: t.baselineMean, candidateMean: t.candidateMean,
    n: { baseline: t.pairs, candidate: t.pairs }, gain, relativeGain: t.baselineMean === 0 ? null : gain / Math.abs(t.baselineMean),
    ci, relativeCi: relativeInterval(ci, t.baselineMean, t.direction, t.nonNegative),
    pValue: est ? t.pValue : null, adjustedPValue: null, thresholdUnits: t.thresholdUnits,
    significant: est !== null && t.interval[0] > 0, meetsThreshold: est !== null && gain >= t.thresholdUnits,
    ...(est ? { paired: { method: PAIRED_METHOD, pairs: est.pairs, mean: est.mean, estimate: est.estimate, fixedCi: est.ci, fixedPValue: est.pValue, priorDf: est.priorDf, ...(t.cuped ? { cuped: t.cuped } : {}) } } : {}),
  };
}

export function guardResult(g: GuardLook): GuardrailResult {
  const unit = unitOf(g.unit);
  const est = g.estimate;
  const gain = est ? est.estimate : g.direction === 'higher' ? g.candidateMean - g.baselineMean : g.baselineMean - g.candidateMean;
  const worseBy = Math.max(0, -gain);
  const moved = worseBy > 0 ? (g.direction === 'higher' ? 'fell' : 'rose') : 'went';
  const change = `${g.name} ${moved} from ${fmt(g.baselineMean)} to ${fmt(g.candidateMean)}${unit}`;
  const m = marginText(g.margin, g.marginUnits, unit);
  const pText = g.status === 'broken' ? fmtP(g.brokenPValue) : fmtP(g.heldPValue);
  const where = est ? `always-valid ${pText}, ${g.pairs} pairs, interval of the gain ${interval(g.interval)}` : `${g.pairs} pairs, too few to judge`;
  const reason = g.status === 'held' ? `${change}, within its ${m} (${where}).`
    : g.status === 'broken' ? `${change}, beyond its ${m} (${where}).`
    : `${change}: not yet known whether it stayed within its ${m} (${where}); more samples needed.`;
  return {
    name: g.name, status: g.status, passed: g.status === 'held', worseBy, worseByRelative: g.baselineMean === 0 ? null : worseBy / Math.abs(g.baselineMean),
    pValue: est ? g.heldPValue : null, brokenPValue: est ? g.brokenPValue : null, baselineMean: g.baselineMean, candidateMean: g.candidateMean,
    marginUnits: g.marginUnits, reason,
  };
}

function describeTarget(t: TargetLook): string {
  if (!t.estimate) return `${t.name}: ${t.pairs} pair${t.pairs === 1 ? '' : 's'}, too few for a look`;
  const gain = t.estimate.estimate;
  const size = t.baselineMean !== 0 ? fmtPercent(Math.abs(gain) / Math.abs(t.baselineMean)) : `${fmt(Math.abs(gain))}`;
  return `${t.name} ${gain >= 0 ? 'improved' : 'got worse'} ${size} (always-valid ${fmtP(t.pValue)}, ${t.pairs} pairs)`;
}

function thresholdText(t: TargetLook): string {
  return 'fraction' in t.threshold && t.threshold.fraction !== undefined ? `${fmtPercent(t.threshold.fraction)} threshold` : `${fmt(t.thresholdUnits)} threshold`;
}

/** How a success sums up its guardrails (confirm.ts restates it for a confirmation run, which re-measures only the target). */
export function heldText(count: number): string {
  return count === 0 ? 'no guardrails declared' : count === 1 ? 'its guardrail held' : `all ${count} guardrails held`;
}

export function verdictReason(input: { verdict: GuardedVerdict; stopped: StopReason; target: TargetLook; guardrails: GuardrailResult[]; maxSamplesPerArm: number }): string {
  const { verdict, stopped, target: t, guardrails } = input;
  const broken = guardrails.filter((g) => g.status === 'broken');
  const unknown = guardrails.filter((g) => g.status === 'unknown');
  const held = heldText(guardrails.length);
  const list = (gs: GuardrailResult[]): string => gs.map((g) => stripDot(g.reason)).join('; ');
  const at = t.estimate ? ` (interval ${interval(t.interval)}, threshold ${fmt(t.thresholdUnits)})` : '';
  switch (verdict) {
    case 'success': return `${describeTarget(t)}, reaching its ${thresholdText(t)}; ${held}.`;
    case 'refused': {
      const lead = t.state === 'clear' ? `${describeTarget(t)}, reaching its ${thresholdText(t)}, but` : t.estimate ? `${describeTarget(t)}; but` : 'Before the target was judged,';
      return `${lead} ${list(broken)} — refused.`;
    }
    case 'regression': return `${describeTarget(t)}: the always-valid interval ${interval(t.interval)} lies below 0, so sampling stopped for futility.`;
    case 'no_improvement': return `${describeTarget(t)}: the always-valid interval ${interval(t.interval)} lies below its ${thresholdText(t)}, so sampling stopped for futility.`;
    default: {
      const why = stopped === 'cancel' ? 'Cancelled before a clear answer' : stopped === 'budget' ? `Budget of ${input.maxSamplesPerArm} runs per arm spent before a clear answer` : 'No clear answer';
      if (t.state === 'clear' && unknown.length) return `${describeTarget(t)}, reaching its ${thresholdText(t)}, but ${list(unknown)}. ${why} on the guardrail${unknown.length > 1 ? 's' : ''}: inconclusive, not refused — run more samples to decide.`;
      return `${why}: ${describeTarget(t)}${at}${unknown.length ? `; ${list(unknown)}` : ''} — inconclusive; run more samples to decide.`;
    }
  }
}
