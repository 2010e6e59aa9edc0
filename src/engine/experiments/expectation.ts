// Expected improvement learned from past outcomes: the mean of past actual improvements of the same
// approach, shrunk toward the template's prior as if the prior were PRIOR_WEIGHT earlier outcomes.
// Floored at 0: we never plan an experiment we expect to make things worse.

export const PRIOR_WEIGHT = 3;

export function learnedExpectation(prior: number, pastActuals: readonly number[]): number {
  const finite = pastActuals.filter(Number.isFinite);
  const value = (PRIOR_WEIGHT * prior + finite.reduce((a, b) => a + b, 0)) / (PRIOR_WEIGHT + finite.length);
  return Math.max(0, Math.round(value * 1e6) / 1e6);
}
