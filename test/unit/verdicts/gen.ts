// Seeded sample generators for the verdict tests.
import { seededNormal } from '../../../src/engine/verdicts/random';

export type Normal = (mu?: number, sigma?: number) => number;

export function normal(seed: number): Normal {
  return seededNormal(seed);
}

export function draw(rnd: Normal, n: number, mu: number, sigma: number): number[] {
  return Array.from({ length: n }, () => rnd(mu, sigma));
}

export function repeat(n: number, value: number): number[] {
  return Array.from({ length: n }, () => value);
}
