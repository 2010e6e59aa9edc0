// Seeded random numbers for simulations (benchmarks, tests): a small PRNG plus inverse-transform
// normals through @stdlib's normal quantile, so runs are reproducible without hand-written distributions.
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** mulberry32: a fast 32-bit seeded PRNG, uniform in (0, 1). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return u === 0 ? 2 ** -33 : u;
  };
}

export function seededNormal(seed: number): (mu?: number, sigma?: number) => number {
  const u = seededUniform(seed);
  return (mu = 0, sigma = 1) => normalQuantile(u(), mu, sigma);
}
