// How many samples an experiment needs, and how long it will take — shown before it runs.
import type { SelfImprovementApi } from '../api';
import type { CapabilityConfig, SelfImprovementConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import { expectedDurationSeconds, samplesPerArm } from '../verdicts/sampleSize';
import { MIN_SAMPLES_PER_ARM } from '../stats/welch';

/** Without a calibrated noise floor: enough for a clear effect, at least the verdict's minimum. */
export const DEFAULT_SAMPLES_PER_ARM = 8;
/** Default budget: sequential sampling may go on up to this many runs per arm. */
export const DEFAULT_MAX_SAMPLES_PER_ARM = 20;

export interface ExperimentBudget {
  maxSamplesPerArm?: number;
  maxMinutes?: number;
}

export interface ExperimentPlan {
  capability: string;
  /** Runs per arm a fixed design needs for power 0.9 at α 0.05 (or the default without calibration). */
  samplesPerArm: number;
  /** First look of the sequential rule (the verdict's minimum per arm). */
  minSamplesPerArm: number;
  /** Budget: sequential sampling stops here at the latest (inconclusive if still unclear). */
  maxSamplesPerArm: number;
  maxMinutes: number | null;
  /** Seconds one run of the probe takes (calibration, else the recent measurements); null when unknown. */
  probeSeconds: number | null;
  /** Expected wall time of the target's runs at samplesPerArm, both arms; null when the probe's duration is unknown. */
  expectedSeconds: number | null;
  /** Where samplesPerArm comes from, in words. */
  basis: string;
  /** Set when the budget or the noise make a clear verdict unlikely. */
  warning: string | null;
  /** The smallest relative improvement that counts: the folder config's improvementThreshold, else the engine's. */
  threshold: number;
}

/** The folder's .vscode/self-improvement.json improvementThreshold when it sets one, else the engine's (the setting). */
export function experimentThreshold(engine: Pick<SelfImprovementApi, 'improvementThreshold'>, config?: Pick<SelfImprovementConfig, 'improvementThreshold'> | null): number {
  const own = config?.improvementThreshold;
  return typeof own === 'number' && Number.isFinite(own) && own >= 0 ? own : engine.improvementThreshold;
}

/** Mean duration of the probe's recent runs, from the measurements' context (durationMs). */
export function recentProbeSeconds(engine: SelfImprovementApi, name: string): number | null {
  const noise = engine.getNoise(name);
  if (noise?.probeSeconds) return noise.probeSeconds;
  const ms = engine.getMeasurements(name, 20).map((m) => m.context?.durationMs).filter((d): d is number => typeof d === 'number');
  return ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length / 1000 : null;
}

/** `options.config`: the folder's config, whose improvementThreshold (when set) overrides the engine's. */
export function planExperiment(engine: SelfImprovementApi, cap: CapabilityConfig, budget: ExperimentBudget = {},
  options: { alpha?: number; power?: number; config?: Pick<SelfImprovementConfig, 'improvementThreshold'> | null } = {}): ExperimentPlan {
  if (!cap.probe) throw new InvalidInputError(`${cap.name} has no probe, so an experiment cannot measure it.`);
  const max = budget.maxSamplesPerArm ?? DEFAULT_MAX_SAMPLES_PER_ARM;
  if (!Number.isInteger(max) || max < 1) throw new InvalidInputError(`maxSamplesPerArm must be a positive whole number (got ${max}).`);
  if (budget.maxMinutes !== undefined && !(budget.maxMinutes > 0)) throw new InvalidInputError(`maxMinutes must be greater than 0 (got ${budget.maxMinutes}).`);
  const threshold = experimentThreshold(engine, options.config);
  const noise = engine.getNoise(cap.name);
  let needed = DEFAULT_SAMPLES_PER_ARM;
  // The basis follows the count in every rendering ("plan: 8 per arm (<basis>)"), so it never repeats the number.
  let basis = 'the default; run "Calibrate Noise" to plan from the measured spread';
  if (noise && noise.mean !== 0 && threshold > 0) {
    needed = samplesPerArm({ sd: noise.sd, mean: noise.mean, threshold, alpha: options.alpha, power: options.power ?? 0.9, minSamples: MIN_SAMPLES_PER_ARM }).perArm;
    basis = `enough to detect a ${Math.round(threshold * 100)} % change with power ${options.power ?? 0.9} at the calibrated spread (CV ${noise.cv === null ? '?' : (noise.cv * 100).toPrecision(2)} %)`;
  }
  const warnings: string[] = [];
  if (max < MIN_SAMPLES_PER_ARM) warnings.push(`A budget of ${max} run(s) per arm is below the ${MIN_SAMPLES_PER_ARM} a verdict needs: the result will be inconclusive.`);
  else if (needed > max) warnings.push(`The noise needs about ${needed} runs per arm but the budget allows ${max}: expect an inconclusive verdict unless the effect is larger than the threshold.`);
  if (noise?.warning) warnings.push(noise.warning);
  const samples = Math.min(needed, max);
  const probeSeconds = recentProbeSeconds(engine, cap.name);
  const expectedSeconds = probeSeconds === null ? null : expectedDurationSeconds({ perArm: Math.max(1, samples), probeSeconds });
  if (budget.maxMinutes !== undefined && expectedSeconds !== null && expectedSeconds > budget.maxMinutes * 60) {
    warnings.push(`The planned runs take about ${Math.round(expectedSeconds)} s, more than the ${budget.maxMinutes} min budget.`);
  }
  return {
    capability: cap.name, samplesPerArm: samples, minSamplesPerArm: Math.min(MIN_SAMPLES_PER_ARM, max), maxSamplesPerArm: max,
    maxMinutes: budget.maxMinutes ?? null, probeSeconds, expectedSeconds, basis, warning: warnings.length ? warnings.join(' ') : null, threshold,
  };
}
