// Beta draws from @stdlib/random-base-beta, fed by the injected RandomSource (deterministic in tests).
import betaRandom from '@stdlib/random-base-beta';
import type { RandomSource } from '../ports';

export type BetaSampler = (alpha: number, beta: number) => number;

export function betaSampler(random: RandomSource): BetaSampler {
  // stdlib's samplers take logs of uniforms; keep the draw strictly inside (0, 1).
  const prng = (): number => {
    const u = random();
    return u <= 0 ? Number.EPSILON : u >= 1 ? 1 - Number.EPSILON : u;
  };
  return betaRandom.factory({ prng }) as BetaSampler;
}
