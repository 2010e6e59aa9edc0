// Benjamini–Hochberg: control the false discovery rate when several capabilities or candidates are judged at once.
import { InvalidInputError } from '../errors';
import { assertFinite } from '../validate';

export interface BhResult {
  /** BH-adjusted p-values, in the input order (monotone in the raw p-values, capped at 1). */
  adjusted: number[];
  /** discoveries[i] is true when adjusted[i] ≤ q. */
  discoveries: boolean[];
  q: number;
}

/** Step-up procedure: adjusted p₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j. Valid under independence or positive dependence. */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BhResult {
  if (!Array.isArray(pValues)) throw new InvalidInputError('pValues must be an array of numbers.');
  assertFinite(q, 'q');
  if (q <= 0 || q >= 1) throw new InvalidInputError(`q must be between 0 and 1, exclusive (got ${q}).`);
  pValues.forEach((p, i) => {
    assertFinite(p, `pValues[${i}]`);
    if (p < 0 || p > 1) throw new InvalidInputError(`pValues[${i}] must be between 0 and 1 (got ${p}).`);
  });
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1];
    running = Math.min(running, (m * p) / rank);
    adjusted[i] = running;
  }
  return { adjusted, discoveries: adjusted.map((a) => a <= q), q };
}
