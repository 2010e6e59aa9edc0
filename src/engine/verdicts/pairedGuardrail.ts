// A pass/fail suite as a guardrail: the same cases before and after, paired, with a non-inferiority
// margin on the pass rate (e.g. "the test pass rate may not drop by more than 1 point").
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { InvalidInputError } from '../errors';
import { assertNonEmpty } from '../validate';
import { type Amount, checkAlpha, fmt, fmtP, fmtPercent, toUnits } from './common';
import type { GuardrailResult, GuardrailStatus } from './guardrail';
import { type CaseResult, type McNemarResult, mcnemarExact } from './mcnemar';

export interface PairedGuardrailInput {
  name: string;
  baselineCases: readonly CaseResult[];
  candidateCases: readonly CaseResult[];
  /** Largest acceptable drop of the pass rate: absolute (0.01 = one point) or a fraction of the baseline rate. */
  margin: Amount;
  /** One-sided significance level. Default 0.05. */
  alpha?: number;
  /**
   * The cases are deterministic (e.g. a unit-test suite known not to flake): the observed drop is then
   * the true one and the guardrail holds exactly when it is within the margin. Default false: flips are
   * treated as random, so a small suite without flips does not prove a tight margin.
   */
  deterministic?: boolean;
}

export interface PairedGuardrailResult extends GuardrailResult {
  /** The flipped cases and McNemar's exact two-sided p of "no change" (shown beside the margin test's p). */
  flips: Pick<McNemarResult, 'b' | 'c' | 'flippedToFail' | 'flippedToPass' | 'unmatched' | 'matched' | 'pValue'>;
}

const listIds = (ids: readonly string[]) => (ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);

/**
 * Score-type test on the per-case change d = pass_before − pass_after ∈ {−1, 0, 1}: the pass rate
 * drops by mean(d) = (b − c)/n. H0 "drop ≥ margin δ" is rejected (the guardrail holds) when
 * z = (mean(d) − δ)/√(s²/n) is far enough below 0, with s² never below the variance d would have at the
 * H0 boundary given the observed fail→pass rate, 2c/n + δ(1 − δ) (the score-test idea: judge with the
 * null's variance) — so "few or no flips seen" on a small suite is not mistaken for proof.
 * p = T_{n−1}(z). (t-cdf is @stdlib/stats-base-dists-t-cdf, installed with @stdlib/stats-ttest2.)
 */
export function judgePairedGuardrail(input: PairedGuardrailInput): PairedGuardrailResult {
  assertNonEmpty(input?.name, 'guardrail name');
  const { name } = input;
  const alpha = checkAlpha(input.alpha ?? 0.05, `guardrail "${name}" alpha`);
  if (!input.margin || typeof input.margin !== 'object') throw new InvalidInputError(`guardrail "${name}" needs a margin.`);
  const r = mcnemarExact(input.baselineCases, input.candidateCases);
  const flips = { b: r.b, c: r.c, flippedToFail: r.flippedToFail, flippedToPass: r.flippedToPass, unmatched: r.unmatched, matched: r.matched, pValue: r.pValue };
  const n = r.matched;
  const baselineMean = r.baselinePassRate ?? 0;
  const candidateMean = r.candidatePassRate ?? 0;
  const worseBy = n ? Math.max(0, (r.b - r.c) / n) : 0;
  const marginUnits = toUnits(input.margin, baselineMean, `guardrail "${name}" margin`);
  const base = { name, worseBy, worseByRelative: baselineMean === 0 ? null : worseBy / baselineMean, baselineMean, candidateMean, marginUnits, flips };
  const none = { status: 'unknown' as const, passed: false, pValue: null, brokenPValue: null };
  if (n === 0) return { ...base, ...none, reason: `${name}: no case ran in both baseline and candidate, so nothing shows it held.` };
  if (marginUnits === null) {
    return { ...base, ...none, reason: `${name}: its margin is a fraction of a baseline pass rate of 0; give the margin in points.` };
  }
  const marginText = 'fraction' in input.margin && input.margin.fraction !== undefined
    ? `${fmtPercent(input.margin.fraction)} margin (${fmt(marginUnits)})` : `${fmt(marginUnits)} margin`;
  const drop = (r.b - r.c) / n;
  const variance = n > 1 ? (r.b + r.c - n * drop * drop) / (n - 1) : 0;
  // Variance the per-case change would have at the H0 boundary (drop = δ) with the observed fail→pass rate.
  const floor = (2 * r.c) / n + marginUnits * (1 - marginUnits);
  const se = Math.sqrt(Math.max(variance, floor) / n);
  const exact = input.deterministic === true || se === 0;
  const within = drop <= marginUnits + 1e-12;
  const z = (drop - marginUnits) / se;
  const pValue = exact ? (within ? 0 : 1) : n < 2 ? 1 : tCdf(z, n - 1);
  // The mirror test, H0 "drop ≤ margin": small when the suite is shown worse beyond its margin.
  const brokenPValue = exact ? (within ? 1 : 0) : n < 2 ? 1 : 1 - tCdf(z, n - 1);
  const status: GuardrailStatus = pValue < alpha ? 'held' : brokenPValue < alpha ? 'broken' : 'unknown';
  const moved = worseBy > 0 ? 'fell' : r.c > r.b ? 'rose' : 'went';
  const flipText = [
    r.b ? `${r.b} case${r.b > 1 ? 's' : ''} flipped to fail: ${listIds(r.flippedToFail)}` : '',
    r.c ? `${r.c} to pass: ${listIds(r.flippedToPass)}` : '',
  ].filter(Boolean).join('; ');
  const marginP = exact ? 'exact' : fmtP(status === 'broken' ? brokenPValue : pValue);
  const detail = `${marginP}, ${n} paired cases, McNemar ${fmtP(r.pValue)}${flipText ? `; ${flipText}` : ''}`;
  const change = `${name} ${moved} from ${fmt(baselineMean)} to ${fmt(candidateMean)}`;
  let reason: string;
  if (status === 'held') reason = `${change}, within its ${marginText} (${detail}).`;
  else if (status === 'broken') reason = `${change}, beyond its ${marginText} (${detail}).`;
  else reason = `${change}: not yet known whether it stayed within its ${marginText} (${detail}); more cases or runs needed.`;
  return { ...base, status, passed: status === 'held', pValue, brokenPValue, reason };
}
