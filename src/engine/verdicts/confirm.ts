// Confirmation: a success is re-run once with fresh samples before it is offered for approval, and the
// effect shown is the confirmation's — the first estimate is inflated by having been selected as a winner.
import { heldText } from './sequentialText';
import { InvalidInputError } from '../errors';
import type { GuardedVerdict, TargetResult, VerdictResult } from './decide';

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
