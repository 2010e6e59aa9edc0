// Small helpers shared by the verdict modules: sample checks, summaries, effect sizes, number formatting.
import { InvalidInputError } from '../errors';
import { assertFinite, assertFiniteArray } from '../validate';
import type { Direction } from '../types';

/** A practical bar in the capability's unit, or as a fraction of the baseline mean (0.15 = 15 %). */
export type Amount = { absolute: number } | { fraction: number };

export function checkSamples(values: unknown, what: string): readonly number[] {
  assertFiniteArray(values, what);
  return values;
}

export function checkAlpha(alpha: unknown, what = 'alpha'): number {
  assertFinite(alpha, what);
  if (alpha <= 0 || alpha >= 1) throw new InvalidInputError(`${what} must be between 0 and 1, exclusive (got ${alpha}).`);
  return alpha;
}

export function checkDirection(direction: unknown, what: string): Direction {
  if (direction === undefined) return 'higher';
  if (direction !== 'higher' && direction !== 'lower') {
    throw new InvalidInputError(`${what} must be "higher" or "lower" (got ${String(direction)}).`);
  }
  return direction;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample variance (n − 1); exactly 0 for a single value or identical values (no float residue). */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2 || xs.every((x) => x === xs[0])) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

export function sd(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}

/**
 * Resolves an Amount against a baseline mean to units. A fraction of a zero baseline has no size:
 * null, and the caller explains that the amount must be given in units.
 */
export function toUnits(amount: Amount, baselineMean: number, what: string): number | null {
  if ('absolute' in amount && amount.absolute !== undefined) {
    assertFinite(amount.absolute, `${what}.absolute`);
    if (amount.absolute < 0) throw new InvalidInputError(`${what}.absolute must not be negative (got ${amount.absolute}).`);
    return amount.absolute;
  }
  if ('fraction' in amount && amount.fraction !== undefined) {
    assertFinite(amount.fraction, `${what}.fraction`);
    if (amount.fraction < 0) throw new InvalidInputError(`${what}.fraction must not be negative (got ${amount.fraction}).`);
    return baselineMean === 0 ? null : amount.fraction * Math.abs(baselineMean);
  }
  throw new InvalidInputError(`${what} must be { absolute: number } or { fraction: number }.`);
}

/** Change in the better direction: positive = candidate better. */
export function gain(baselineMean: number, candidateMean: number, direction: Direction): number {
  return direction === 'higher' ? candidateMean - baselineMean : baselineMean - candidateMean;
}

/** Short human figure: 1 → "1.00", 0.97 → "0.97", 120.46 → "120.5", 0.0123 → "0.0123". */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return String(Number(x.toPrecision(3)));
}

/** A p-value as people read it: "< 0.001" below a thousandth, else two significant figures. */
export function fmtPValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(2)));
}

export function fmtP(p: number): string {
  const v = fmtPValue(p);
  return v.startsWith('<') ? `p ${v}` : `p=${v}`;
}

export function fmtPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))} %`;
}

/**
 * An interval of the gain (units) relative to |baseline mean|. For lower-is-better values that cannot go
 * below 0 (durations, sizes, counts), a gain can never exceed the baseline itself: the relative ends are
 * capped at 100 % rather than shown as an impossible "−140 %" time.
 */
export function relativeInterval(ci: [number, number] | null, baselineMean: number, direction: Direction, nonNegative: boolean): [number, number] | null {
  if (!ci || baselineMean === 0 || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return null;
  const r: [number, number] = [ci[0] / Math.abs(baselineMean), ci[1] / Math.abs(baselineMean)];
  return direction === 'lower' && nonNegative ? [Math.min(r[0], 1), Math.min(r[1], 1)] : r;
}

/** "5 % margin (6.90 ms)" or "0.01 margin": how a guardrail's margin reads in reasons. */
export function marginText(margin: Amount, marginUnits: number, unit: string): string {
  return 'fraction' in margin && margin.fraction !== undefined ? `${fmtPercent(margin.fraction)} margin (${fmt(marginUnits)}${unit})` : `${fmt(marginUnits)}${unit} margin`;
}
