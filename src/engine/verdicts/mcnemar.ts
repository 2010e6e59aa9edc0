// Paired pass/fail comparison of the same cases before and after (McNemar's exact test), not two independent rates.
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { InvalidInputError } from '../errors';

export interface CaseResult {
  id: string | number;
  pass: boolean;
}

export interface McNemarResult {
  /** Cases that passed on the baseline and fail on the candidate. */
  b: number;
  /** Cases that failed on the baseline and pass on the candidate. */
  c: number;
  /** Exact two-sided p-value: 2·P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1; 1 when nothing flipped. */
  pValue: number;
  flippedToFail: string[];
  flippedToPass: string[];
  /** Cases in only one run: not compared. */
  unmatched: { baselineOnly: string[]; candidateOnly: string[] };
  matched: number;
  baselinePassRate: number | null;
  candidatePassRate: number | null;
}

function index(cases: readonly CaseResult[], what: string): Map<string, boolean> {
  if (!Array.isArray(cases)) throw new InvalidInputError(`${what} must be an array of { id, pass }.`);
  const byId = new Map<string, boolean>();
  cases.forEach((c, i) => {
    if (!c || typeof c !== 'object') throw new InvalidInputError(`${what}[${i}] must be { id, pass }.`);
    const okId = (typeof c.id === 'string' && c.id !== '') || (typeof c.id === 'number' && Number.isFinite(c.id));
    if (!okId) throw new InvalidInputError(`${what}[${i}].id must be a non-empty string or a finite number (got ${String(c.id)}).`);
    if (typeof c.pass !== 'boolean') throw new InvalidInputError(`${what}[${i}].pass must be true or false (got ${String(c.pass)}).`);
    const id = String(c.id);
    if (byId.has(id)) throw new InvalidInputError(`${what} has the case id "${id}" twice; case ids must be unique.`);
    byId.set(id, c.pass);
  });
  return byId;
}

export function mcnemarExact(baselineCases: readonly CaseResult[], candidateCases: readonly CaseResult[]): McNemarResult {
  const before = index(baselineCases, 'baseline cases');
  const after = index(candidateCases, 'candidate cases');
  const flippedToFail: string[] = [];
  const flippedToPass: string[] = [];
  const baselineOnly: string[] = [];
  let matched = 0;
  let passBefore = 0;
  let passAfter = 0;
  for (const [id, was] of before) {
    const now = after.get(id);
    if (now === undefined) { baselineOnly.push(id); continue; }
    matched++;
    if (was) passBefore++;
    if (now) passAfter++;
    if (was && !now) flippedToFail.push(id);
    if (!was && now) flippedToPass.push(id);
  }
  const candidateOnly = [...after.keys()].filter((id) => !before.has(id));
  const b = flippedToFail.length;
  const c = flippedToPass.length;
  const pValue = b + c === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(b, c), b + c, 0.5));
  return {
    b, c, pValue, flippedToFail, flippedToPass,
    unmatched: { baselineOnly, candidateOnly },
    matched,
    baselinePassRate: matched ? passBefore / matched : null,
    candidatePassRate: matched ? passAfter / matched : null,
  };
}
