// Guardrails: a capability the experiment must not make worse beyond a margin (non-inferiority test).
import { InvalidInputError } from '../errors';
import { assertNonEmpty } from '../validate';
import type { Direction, GuardrailStatus } from '../types';
import { type Amount, checkAlpha, checkDirection, checkSamples, fmt, fmtP, fmtPercent, mean, toUnits } from './common';
import { gainTest } from './welchShifted';

export interface GuardrailInput {
  name: string;
  /** Which way is better for this capability. Default `higher`. */
  direction?: Direction;
  baseline: readonly number[];
  candidate: readonly number[];
  /** How much worse is still acceptable: in the capability's unit, or as a fraction of the baseline mean. */
  margin: Amount;
  /** One-sided significance level. Default 0.05. */
  alpha?: number;
  unit?: string;
}

/**
 * What the samples show about a guardrail: `held` (shown within its margin), `broken` (shown worse
 * beyond it), or `unknown` (neither yet: not knowing is not worse — sample more, never refuse for it).
 */
export type { GuardrailStatus } from '../types';

export interface GuardrailResult {
  name: string;
  status: GuardrailStatus;
  /** status === 'held' (kept for readers of stored evidence). */
  passed: boolean;
  /** How much worse the candidate's mean is, in units (0 when not worse). */
  worseBy: number;
  /** worseBy / |baseline mean|; null when the baseline mean is 0. */
  worseByRelative: number | null;
  /** One-sided p-value of H0 "worse by at least the margin" (small = held); null when untestable. */
  pValue: number | null;
  /** One-sided p-value of H0 "worse by at most the margin" (small = broken); null when untestable. */
  brokenPValue: number | null;
  baselineMean: number;
  candidateMean: number;
  /** The margin in units; null when a fractional margin meets a zero baseline. */
  marginUnits: number | null;
  reason: string;
}

/**
 * Two one-sided Welch tests against the margin: `held` when H0 "worse by ≥ margin" is rejected
 * (non-inferiority, p < alpha), `broken` when H0 "worse by ≤ margin" is rejected (shown worse beyond
 * it), otherwise `unknown` — too few or too noisy samples are not evidence that the guardrail broke.
 */
export function judgeGuardrail(input: GuardrailInput): GuardrailResult {
  assertNonEmpty(input?.name, 'guardrail name');
  const { name } = input;
  const direction = checkDirection(input.direction, `guardrail "${name}" direction`);
  const baseline = checkSamples(input.baseline, `guardrail "${name}" baseline`);
  const candidate = checkSamples(input.candidate, `guardrail "${name}" candidate`);
  const alpha = checkAlpha(input.alpha ?? 0.05, `guardrail "${name}" alpha`);
  if (!input.margin || typeof input.margin !== 'object') throw new InvalidInputError(`guardrail "${name}" needs a margin.`);
  const unit = input.unit ? ` ${input.unit}` : '';
  const baselineMean = mean(baseline);
  const candidateMean = mean(candidate);
  const marginUnits = toUnits(input.margin, baselineMean, `guardrail "${name}" margin`);
  const diff = direction === 'higher' ? candidateMean - baselineMean : baselineMean - candidateMean;
  const worseBy = Math.max(0, -diff);
  const worseByRelative = baselineMean === 0 ? null : worseBy / Math.abs(baselineMean);
  const base = { name, worseBy, worseByRelative, baselineMean, candidateMean, marginUnits };
  const change = `${fmt(baselineMean)} to ${fmt(candidateMean)}${unit}`;
  const moved = worseBy > 0 ? (direction === 'higher' ? 'fell' : 'rose') : 'went';

  if (marginUnits === null) {
    return { ...base, status: 'unknown', passed: false, pValue: null, brokenPValue: null,
      reason: `${name}: its margin is a fraction of a baseline mean of 0, which has no size; give the margin in units.` };
  }
  const marginText = 'fraction' in input.margin && input.margin.fraction !== undefined
    ? `${fmtPercent(input.margin.fraction)} margin (${fmt(marginUnits)}${unit})`
    : `${fmt(marginUnits)}${unit} margin`;
  if (baseline.length < 2 || candidate.length < 2) {
    return { ...base, status: 'unknown', passed: false, pValue: null, brokenPValue: null,
      reason: `${name} ${moved} from ${change}; at least 2 samples per arm are needed to show it stayed within its ${marginText}.` };
  }
  const t = gainTest(baseline, candidate, direction, { alternative: 'greater', nullGain: -marginUnits, alpha });
  const worse = gainTest(baseline, candidate, direction, { alternative: 'less', nullGain: -marginUnits, alpha });
  const status: GuardrailStatus = t.pValue < alpha ? 'held' : worse.pValue < alpha ? 'broken' : 'unknown';
  const pText = t.exact ? 'exact, no variance' : fmtP(status === 'broken' ? worse.pValue : t.pValue);
  let reason: string;
  if (status === 'held') reason = `${name} ${moved} from ${change}, within its ${marginText} (${pText}).`;
  else if (status === 'broken') reason = `${name} ${moved} from ${change}, beyond its ${marginText} (${pText}).`;
  else reason = `${name} ${moved} from ${change}: not yet known whether it stayed within its ${marginText} (${pText}); more samples needed.`;
  return { ...base, status, passed: status === 'held', pValue: t.pValue, brokenPValue: worse.pValue, reason };
}
