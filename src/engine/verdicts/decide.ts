// The verdict: the target improves by at least the threshold with significance, and every guardrail holds.
import { heldText } from './sequentialText';
import { InvalidInputError } from '../errors';
import { assertNonEmpty, assertPositiveInt, assertUnit } from '../validate';
import type { Direction, EvidencePaired, Verdict } from '../types';
import { type Amount, checkAlpha, checkDirection, checkSamples, fmt, fmtP, fmtPercent, mean, relativeInterval, toUnits } from './common';
import { type GuardrailInput, type GuardrailResult, judgeGuardrail } from './guardrail';
import { type PairedGuardrailInput, judgePairedGuardrail } from './pairedGuardrail';
import { gainTest } from './welchShifted';
import { benjaminiHochberg } from './fdr';

/** The engine's verdicts plus `refused`: a guardrail was shown worse beyond its margin. */
export type GuardedVerdict = Verdict | 'refused';

/**
 * How the threshold is applied once the improvement is significant (two-sided p < alpha):
 * - `estimate` (default): the point estimate must reach the threshold. The threshold is a practical
 *   "worth it" bar, not a null hypothesis; false success at no effect stays ≤ alpha/2 from the
 *   significance test, and the confirmation run (fresh samples) removes the winner's-curse inflation.
 * - `lower-bound`: the interval's lower end must reach the threshold — far stricter (a true effect at
 *   the threshold passes ≤ alpha/2 of the time), for changes where a smaller effect would do harm.
 */
export type ThresholdRule = 'estimate' | 'lower-bound';

export interface TargetInput {
  name: string;
  direction?: Direction;
  baseline: readonly number[];
  candidate: readonly number[];
  /** Minimum improvement worth having: units, or a fraction of the baseline mean (a bare number is a fraction). */
  threshold: Amount | number;
  unit?: string;
}

export interface VerdictInput {
  target: TargetInput;
  /** Sample guardrails (Welch non-inferiority) or pass/fail suites (paired, by case id). */
  guardrails?: readonly (GuardrailInput | PairedGuardrailInput)[];
  /** Two-sided level for the target; default one-sided level for guardrails. Default 0.05. */
  alpha?: number;
  /** Fewer samples in either arm give `inconclusive`. Default 6. */
  minSamples?: number;
  rule?: ThresholdRule;
  /** Set when this verdict is one of several judged at once (see decideVerdicts). */
  adjustment?: { method: 'benjamini-hochberg'; adjustedPValue: number; family: number };
}

export interface TargetResult {
  name: string;
  direction: Direction;
  baselineMean: number;
  candidateMean: number;
  n: { baseline: number; candidate: number };
  /** Improvement in units, in the better direction (positive = better). */
  gain: number;
  /** gain / |baseline mean|; null when the baseline mean is 0. */
  relativeGain: number | null;
  /** Two-sided 1 − alpha interval of the gain, in units. */
  ci: [number, number] | null;
  relativeCi: [number, number] | null;
  /** Two-sided Welch p-value (always-valid p for a sequential paired verdict); null when untestable. */
  pValue: number | null;
  /** BH-adjusted p-value, when several were judged at once. */
  adjustedPValue: number | null;
  thresholdUnits: number | null;
  significant: boolean;
  meetsThreshold: boolean;
  /** Set for a sequential paired verdict: how the interleaved runs were analysed. */
  paired?: PairedSummary;
}

/** How a sequential paired verdict analysed the interleaved runs. */
export type PairedSummary = EvidencePaired;

export interface VerdictResult {
  verdict: GuardedVerdict;
  reason: string;
  target: TargetResult;
  guardrails: GuardrailResult[];
  rule: ThresholdRule;
  alpha: number;
  /** Set when the answer needs more samples (a spent budget): what to sample on a "Run More Samples". */
  more?: { target: boolean; guardrails: string[] };
}

const stripDot = (s: string) => s.replace(/\.$/, '');

function describeGain(t: TargetResult, unit: string, family?: number): string {
  const verb = t.gain >= 0 ? 'improved' : 'got worse';
  const size = t.relativeGain !== null ? fmtPercent(Math.abs(t.relativeGain)) : `${fmt(Math.abs(t.gain))}${unit}`;
  const p = t.pValue === null ? '' : t.adjustedPValue !== null
    ? ` (${fmtP(t.adjustedPValue)}, Benjamini–Hochberg adjusted over ${family} comparisons)`
    : ` (${fmtP(t.pValue)})`;
  return `${t.name} ${verb} ${size}${p}`;
}

export function decideVerdict(input: VerdictInput): VerdictResult {
  if (!input || typeof input !== 'object' || !input.target) throw new InvalidInputError('decideVerdict needs a target.');
  const alpha = checkAlpha(input.alpha ?? 0.05);
  const minSamples = input.minSamples ?? 6;
  assertPositiveInt(minSamples, 'minSamples');
  const rule = input.rule ?? 'estimate';
  if (rule !== 'estimate' && rule !== 'lower-bound') throw new InvalidInputError(`rule must be "estimate" or "lower-bound" (got ${String(rule)}).`);
  const { target } = input;
  assertNonEmpty(target.name, 'target name');
  const direction = checkDirection(target.direction, `target "${target.name}" direction`);
  const baseline = checkSamples(target.baseline, `target "${target.name}" baseline`);
  const candidate = checkSamples(target.candidate, `target "${target.name}" candidate`);
  const threshold: Amount = typeof target.threshold === 'number' ? { fraction: target.threshold } : target.threshold;
  const unit = target.unit ? ` ${target.unit}` : '';
  const guardrails: GuardrailResult[] = (input.guardrails ?? []).map((g) =>
    'baselineCases' in g ? judgePairedGuardrail({ ...g, alpha: g.alpha ?? alpha }) : judgeGuardrail({ ...g, alpha: g.alpha ?? alpha }));

  const baselineMean = mean(baseline);
  const candidateMean = mean(candidate);
  const thresholdUnits = toUnits(threshold, baselineMean, `target "${target.name}" threshold`);
  const rel = (x: number) => (baselineMean === 0 ? null : x / Math.abs(baselineMean));
  const testable = baseline.length >= minSamples && candidate.length >= minSamples && baseline.length >= 2 && candidate.length >= 2;
  const t = testable ? gainTest(baseline, candidate, direction, { alternative: 'two-sided', nullGain: 0, alpha }) : null;
  const gainUnits = t?.estimate ?? (direction === 'higher' ? candidateMean - baselineMean : baselineMean - candidateMean);
  if (input.adjustment) assertUnit(input.adjustment.adjustedPValue, 'adjustment.adjustedPValue');
  const adjustedPValue = t && input.adjustment ? input.adjustment.adjustedPValue : null;
  const decisionP = adjustedPValue ?? t?.pValue ?? null;
  const significant = decisionP !== null && decisionP < alpha;
  const bar = rule === 'estimate' ? gainUnits : (t?.ci[0] ?? -Infinity);
  const meetsThreshold = thresholdUnits !== null && bar >= thresholdUnits - 1e-12 * Math.max(1, Math.abs(thresholdUnits));
  const ci = t ? t.ci : null;
  const result: TargetResult = {
    name: target.name, direction, baselineMean, candidateMean,
    n: { baseline: baseline.length, candidate: candidate.length },
    gain: gainUnits, relativeGain: rel(gainUnits),
    ci, relativeCi: relativeInterval(ci, baselineMean, direction, [...baseline, ...candidate].every((x) => x >= 0)),
    pValue: t?.pValue ?? null, adjustedPValue, thresholdUnits, significant, meetsThreshold,
  };

  const broken = guardrails.filter((g) => g.status === 'broken');
  const unknown = guardrails.filter((g) => g.status === 'unknown');
  const guardText = broken.length === 0 && unknown.length === 0 ? heldText(guardrails.length)
    : [...broken, ...unknown].map((g) => stripDot(g.reason)).join('; ');
  const thresholdText = thresholdUnits === null ? '' : 'fraction' in threshold && threshold.fraction !== undefined
    ? `${fmtPercent(threshold.fraction)} threshold` : `${fmt(thresholdUnits)}${unit} threshold`;
  const out = (verdict: GuardedVerdict, reason: string): VerdictResult => ({ verdict, reason, target: result, guardrails, rule, alpha });
  const guardNote = broken.length || unknown.length ? ` Guardrails: ${guardText}.` : '';

  if (thresholdUnits === null) {
    return out('inconclusive', `${target.name}: the threshold is a fraction of a baseline mean of 0, which has no size; give it in units.${guardNote}`);
  }
  if (!t) {
    return out('inconclusive', `${target.name}: ${baseline.length} baseline and ${candidate.length} candidate samples; at least ${minSamples} per arm are needed for a verdict.${guardNote}`);
  }
  if (!significant) {
    return out('inconclusive', `${describeGain(result, unit, input.adjustment?.family)}, which is not significant at α=${alpha}; the difference may be noise.${guardNote}`);
  }
  if (gainUnits < 0) return out('regression', `${describeGain(result, unit, input.adjustment?.family)}.${guardNote}`);
  if (!meetsThreshold) {
    const what = rule === 'estimate' ? 'below' : 'but the interval\'s lower end is below';
    return out('no_improvement', `${describeGain(result, unit, input.adjustment?.family)}, ${what} its ${thresholdText}.${guardNote}`);
  }
  // Only a guardrail shown worse refuses; one not yet known leaves the verdict open (sample more).
  if (broken.length) return out('refused', `${describeGain(result, unit, input.adjustment?.family)} but ${guardText} — refused.`);
  if (unknown.length) {
    return out('inconclusive', `${describeGain(result, unit, input.adjustment?.family)}, reaching its ${thresholdText}, but ${guardText} — inconclusive until more samples show the guardrail${unknown.length > 1 ? 's' : ''} held.`);
  }
  return out('success', `${describeGain(result, unit, input.adjustment?.family)}, reaching its ${thresholdText}; ${guardText}.`);
}

/**
 * Several verdicts judged at once (capabilities or candidates): the targets' two-sided p-values are
 * Benjamini–Hochberg adjusted across the family, each verdict then uses its adjusted p-value against
 * alpha (= the FDR level q) and says so. Guardrails need no adjustment: all of them must hold
 * (an intersection–union test keeps its level).
 */
export function decideVerdicts(inputs: readonly VerdictInput[], q = 0.05): VerdictResult[] {
  if (!Array.isArray(inputs)) throw new InvalidInputError('decideVerdicts needs an array of verdict inputs.');
  const first = inputs.map((i) => decideVerdict({ ...i, alpha: q, adjustment: undefined }));
  const testable = first.map((r, i) => ({ p: r.target.pValue, i })).filter((x): x is { p: number; i: number } => x.p !== null);
  if (testable.length < 2) return first;
  const bh = benjaminiHochberg(testable.map((x) => x.p), q);
  const adjustedByIndex = new Map(testable.map((x, k) => [x.i, bh.adjusted[k]]));
  return inputs.map((input, i) => {
    const adjustedPValue = adjustedByIndex.get(i);
    if (adjustedPValue === undefined) return first[i];
    return decideVerdict({ ...input, alpha: q, adjustment: { method: 'benjamini-hochberg', adjustedPValue, family: testable.length } });
  });
}
