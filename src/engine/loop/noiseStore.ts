// capability_noise: each capability's spread from its latest A/A run (Calibrate Noise).
import type { CapabilityNoise } from '../types';
import { nowIso, type StoreContext } from '../context';

interface NoiseRow {
  capability_name: string; n: number; mean: number; sd: number; cv: number | null; aa_p_value: number;
  warning: string | null; probe_seconds: number | null; measured_at: string;
}

export type NoiseInput = Omit<CapabilityNoise, 'capabilityName' | 'measuredAt'>;

export class NoiseStore {
  constructor(private readonly ctx: StoreContext) {}

  /** Replaces the capability's noise with the latest calibration. */
  record(name: string, noise: NoiseInput): CapabilityNoise {
    this.ctx.db.run(
      `INSERT OR REPLACE INTO capability_noise (capability_name, n, mean, sd, cv, aa_p_value, warning, probe_seconds, measured_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [name, noise.n, noise.mean, noise.sd, noise.cv, noise.aaPValue, noise.warning, noise.probeSeconds, nowIso(this.ctx)]);
    return this.get(name)!;
  }

  get(name: string): CapabilityNoise | null {
    const r = this.ctx.db.get<NoiseRow>('SELECT * FROM capability_noise WHERE capability_name = ?', [name]);
    return r ? toNoise(r) : null;
  }

  /** Every capability's noise by name, in one query (profiling thousands of capabilities at once). */
  all(): Map<string, CapabilityNoise> {
    return new Map(this.ctx.db.all<NoiseRow>('SELECT * FROM capability_noise').map((r) => [r.capability_name, toNoise(r)]));
  }
}

function toNoise(r: NoiseRow): CapabilityNoise {
  return {
    capabilityName: r.capability_name, n: r.n, mean: r.mean, sd: r.sd, cv: r.cv, aaPValue: r.aa_p_value,
    warning: r.warning, probeSeconds: r.probe_seconds, measuredAt: r.measured_at,
  };
}
