// Expected improvement, learned from past outcomes only: the mean of the actual improvements of past
// experiments with the same approach, floored at 0 (we never plan an experiment we expect to make
// things worse). With no history there is no estimate — never an invented prior.

/** Null when no experiment with this approach has an outcome yet. */
export function learnedExpectation(pastActuals: readonly number[]): number | null {
  const finite = pastActuals.filter(Number.isFinite);
  if (!finite.length) return null;
  const value = finite.reduce((a, b) => a + b, 0) / finite.length;
  return Math.max(0, Math.round(value * 1e6) / 1e6);
}

/**
 * The expectation in words, everywhere it is shown. Stored experiments keep 0 for "no estimate" (the
 * column is a number), so 0 reads "no estimate yet" too: a learned mean of 0 promises nothing either.
 */
export function expectationText(expected: number | null): string {
  return expected === null || expected <= 0 ? 'no estimate yet' : `about ${Number((expected * 100).toFixed(1))} % (from past experiments with this approach)`;
}

/** The short form for lists and tree rows: "expects 40 %" or "no estimate yet". */
export function expectationLabel(expected: number | null): string {
  return expected === null || expected <= 0 ? 'no estimate yet' : `expects ${Number((expected * 100).toFixed(1))} %`;
}
