// Confirmation, the winner's-curse guard: a success is re-measured on fresh samples before it is offered
// for approval, and the effect shown is the confirmation's — the first estimate is inflated by having
// been selected as a winner. Kept short: a success is confirmed on a fixed run of fresh pairs, a third as
// many as the first run took (at least 3), which only has to agree — a one-sided paired test at a
// lenient level, with the A/A calibration as the variance prior when there is one. Fixed in size, so
// its estimate (the effect shown) is not inflated by a stopping rule; fresh, so the first run's luck
// does not carry over. At effect 0 the whole procedure succeeds with probability
// ≤ P(first success) · P(fresh pairs agree) ≤ (α/2) · agreeLevel (confirmationLevel).
import { heldText, targetResult } from './sequentialText';
import { InvalidInputError } from '../errors';
import { type Amount, fmt, fmtPercent } from './common';
import type { GuardedVerdict, TargetResult, VerdictResult } from './decide';
import { type VariancePrior, pairGains, pairedEstimate } from './paired';
import { type Samples, type SeriesSpec, lookAtTarget } from './seriesLook';

/** Fewest fresh pairs a confirmation takes. */
export const CONFIRM_MIN_PAIRS = 3;
/** The confirmation runs this fraction of the first run's pairs (rounded up). */
export const CONFIRM_FRACTION = 1 / 3;

/**
 * One-sided level at which the fresh pairs must show a gain, from the experiment's two-sided α:
 * 6α (capped at 0.3), so the procedure's false success at effect 0 is ≤ (α/2)·6α = 3α² — 0.75 % at α = 0.05,
 * within the 1 % aim, while a real gain of the size the first run saw is confirmed by few pairs.
 */
export function confirmationLevel(alpha: number): number {
  return Math.min(0.3, 6 * alpha);
}

export interface ConfirmationPlan {
  /** Fresh pairs the confirmation runs (fixed: no early stop, so its estimate is unbiased). */
  pairs: number;
  /** One-sided level at which the fresh pairs must show a gain above 0. */
  agreeLevel: number;
  /** The A/A calibration's spread as a variance prior, when there is one. */
  prior?: VariancePrior;
  /** Why, in words. */
  reason: string;
}

type TargetSpec = SeriesSpec & { threshold: Amount };

/** After a first-run success of `firstPairs` pairs: how many fresh pairs confirm it, at which level. */
export function planConfirmation(target: TargetSpec, firstPairs: number, alpha: number, maxPairs = Infinity): ConfirmationPlan {
  const agreeLevel = confirmationLevel(alpha);
  const pairs = Math.max(1, Math.min(maxPairs, Math.max(CONFIRM_MIN_PAIRS, Math.ceil(firstPairs * CONFIRM_FRACTION))));
  // Not the first run's own spread: a first run is selected as a winner partly for a spread that came
  // out low, so as a prior it would make the confirmation too lenient. The A/A calibration is not selected.
  const prior = target.prior;
  return {
    pairs, agreeLevel, ...(prior ? { prior } : {}),
    reason: `${pairs} fresh pairs (a third of the first run's ${firstPairs}, at least ${CONFIRM_MIN_PAIRS}) must show a gain at one-sided level ${agreeLevel}`,
  };
}

/**
 * The confirmation's verdict from its fresh pairs: success when they show a gain above 0 at the plan's
 * lenient one-sided level; regression only when they show it below 0 at the experiment's own α (a
 * lenient level is for agreeing, not for calling a change worse); else inconclusive. The effect shown is theirs,
 * with the always-valid interval at the experiment's own α.
 */
export function judgeConfirmation(target: TargetSpec, samples: Samples, plan: ConfirmationPlan, alpha: number): VerdictResult {
  const shown = targetResult(lookAtTarget(target, samples, alpha, Math.min(CONFIRM_MIN_PAIRS, plan.pairs)));
  const gains = pairGains(samples.baseline, samples.candidate, target.direction);
  if (gains.length < 2) {
    return { verdict: 'inconclusive', target: shown, guardrails: [], rule: 'estimate', alpha, reason: `${target.name}: ${gains.length} fresh pair(s), too few to confirm — inconclusive; run more samples to decide.`, more: { target: true, guardrails: [] } };
  }
  const e = pairedEstimate(gains, { alpha: 2 * plan.agreeLevel, ...(plan.prior ? { prior: plan.prior } : {}) });
  const agree = e.ci[0] > 0;
  const worse = !agree && pairedEstimate(gains, { alpha, ...(plan.prior ? { prior: plan.prior } : {}) }).ci[1] < 0;
  const verdict: GuardedVerdict = agree ? 'success' : worse ? 'regression' : 'inconclusive';
  const size = shown.relativeGain !== null ? fmtPercent(Math.abs(shown.relativeGain)) : fmt(Math.abs(e.estimate));
  // Only the lower bound decides agreement; a two-sided interval at the lenient level would read like the usual 95 % one.
  const test = `one-sided paired test at the lenient level ${plan.agreeLevel}: the pair gains' lower bound is ${fmt(e.ci[0])}, ${agree ? 'above' : 'not above'} 0`;
  const what = `${target.name} ${e.estimate >= 0 ? 'improved' : 'got worse'} ${size} over ${gains.length} fresh pairs (${test})`;
  const reason = agree ? `${what}; ${heldText(0)}.` : worse ? `${what}: the fresh pairs show it worse.` : `${what}: the fresh pairs do not show a gain — inconclusive; run more samples to decide.`;
  return { verdict, target: shown, guardrails: [], rule: 'estimate', alpha, reason, ...(verdict === 'inconclusive' ? { more: { target: true, guardrails: [] } } : {}) };
}

export interface ConfirmedVerdict {
  verdict: GuardedVerdict;
  reason: string;
  /** The effect to show the approver: the confirmation's when there is one, else the first run's. */
  effect: TargetResult;
  first: VerdictResult;
  confirmation: VerdictResult | null;
}

/** Combines a first verdict with its confirmation run; only a success confirmed by a success stays a success. */
export function confirmVerdict(first: VerdictResult, confirmation: VerdictResult | null): ConfirmedVerdict {
  if (!first || typeof first !== 'object' || !first.verdict) throw new InvalidInputError('confirmVerdict needs the first verdict.');
  if (first.verdict !== 'success') return { verdict: first.verdict, reason: first.reason, effect: first.target, first, confirmation: null };
  if (!confirmation) {
    return { verdict: 'inconclusive', reason: `Awaiting a confirmation run: ${first.reason}`, effect: first.target, first, confirmation: null };
  }
  if (confirmation.target.name !== first.target.name) {
    throw new InvalidInputError(`The confirmation measures "${confirmation.target.name}", not "${first.target.name}".`);
  }
  if (confirmation.verdict === 'success') {
    // The confirmation re-measures the target only; the guardrails' answers come from the first run.
    const guards = first.guardrails?.length ?? 0;
    const reason = guards === 0 ? confirmation.reason
      : confirmation.reason.replace(new RegExp(`; ${heldText(0)}\\.$`), `; ${heldText(guards)} in the first run.`);
    return { verdict: 'success', reason: `Confirmed by a fresh run: ${reason}`, effect: confirmation.target, first, confirmation };
  }
  const verdict: GuardedVerdict = confirmation.verdict === 'refused' || confirmation.verdict === 'regression' ? confirmation.verdict : 'inconclusive';
  return { verdict, reason: `The first run looked like a success, but the confirmation run did not hold: ${confirmation.reason}`, effect: confirmation.target, first, confirmation };
}
