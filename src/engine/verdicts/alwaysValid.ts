// The always-valid confidence sequence of a mean with known (or plug-in) variance: Robbins' normal
// mixture, the mSPRT of Johari et al. ("Always valid inference", 2017). Valid at every look at once,
// so the engine may stop whenever it sees a clear answer without inflating its error rates.

export interface ConfidenceSequence {
  /** 1 − alpha interval valid simultaneously over all looks. */
  interval: [number, number];
  /** min(1, 1/Λ): an always-valid p-value for "the true value is 0". */
  pValue: number;
}

/**
 * `estimate` with variance `V` (of the estimate, not of one sample), mixture scale `tau` (the size of
 * effect found fastest), level alpha. V = 0 means the value is known exactly.
 */
export function confidenceSequence(estimate: number, V: number, tau: number, alpha: number): ConfidenceSequence {
  if (V === 0) return { interval: [estimate, estimate], pValue: estimate === 0 ? 1 : 0 };
  const t2 = tau * tau;
  // log Λ = ½·log(V/(V+τ²)) + τ²·d̄² / (2V(V+τ²))
  const logLambda = 0.5 * Math.log(V / (V + t2)) + (t2 * estimate * estimate) / (2 * V * (V + t2));
  const radius = Math.sqrt(((2 * V * (V + t2)) / t2) * (Math.log(1 / alpha) + 0.5 * Math.log((V + t2) / V)));
  return { interval: [estimate - radius, estimate + radius], pValue: Math.min(1, Math.exp(-logLambda)) };
}
