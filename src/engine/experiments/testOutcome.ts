// Normalizes what a test function returns into a candidate arm and an optional baseline arm.
import type { TestOutcome } from '../types';
import { InvalidInputError } from '../errors';
import { assertFinite, assertFiniteArray } from '../validate';

export interface NormalizedOutcome {
  candidate: number | number[];
  baseline?: number[];
}

export function normalizeOutcome(out: TestOutcome): NormalizedOutcome {
  if (typeof out === 'number') { assertFinite(out, 'test result'); return { candidate: out }; }
  if (Array.isArray(out)) { assertFiniteArray(out, 'test samples'); return { candidate: out }; }
  if (out && typeof out === 'object') {
    const { value, samples, baselineSamples } = out;
    if (baselineSamples !== undefined) assertFiniteArray(baselineSamples, 'baselineSamples');
    if (samples !== undefined) {
      assertFiniteArray(samples, 'samples');
      return { candidate: samples, ...(baselineSamples ? { baseline: baselineSamples } : {}) };
    }
    if (value !== undefined) {
      assertFinite(value, 'value');
      return { candidate: value, ...(baselineSamples ? { baseline: baselineSamples } : {}) };
    }
  }
  throw new InvalidInputError('A test function must return a number, an array of samples, or { value | samples, baselineSamples? }.');
}
