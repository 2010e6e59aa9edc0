// Calibrate Noise: the baseline against itself (A/A) through the same runner an experiment uses, so the
// spread stored is the one experiments will see; plus the warning when the threshold is below what that
// spread lets an experiment detect.
import type { SelfImprovementApi } from '../api';
import { runAbExperiment, type AbProgress } from '../ab/runAbExperiment';
import type { CapabilityConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import type { CapabilityNoise } from '../types';
import { noiseFloor, thresholdWarning, type NoiseFloor } from '../verdicts/noise';
import { DEFAULT_MAX_SAMPLES_PER_ARM, DEFAULT_SAMPLES_PER_ARM } from './plan';

export interface CalibrateOptions {
  folder: string;
  isTrusted: () => boolean;
  /** Runs per arm of the A/A run. Default 10. */
  samplesPerArm?: number;
  signal?: AbortSignal;
  onProgress?: (p: AbProgress) => void;
  warmupRuns?: number;
  killGraceMs?: number;
}

export interface CalibrationResult {
  noise: CapabilityNoise;
  floor: NoiseFloor;
  /** The threshold is below what the noise lets an experiment of the default budget detect; null when fine. */
  thresholdWarning: string | null;
}

export const DEFAULT_CALIBRATION_SAMPLES = 10;

/** The warning for a stored noise floor at the engine's threshold (null when fine or never calibrated). */
export function noiseWarning(engine: SelfImprovementApi, name: string, samplesPerArm = DEFAULT_MAX_SAMPLES_PER_ARM): string | null {
  const noise = engine.getNoise(name);
  if (!noise || noise.mean === 0) return null;
  return thresholdWarning({ sd: noise.sd, mean: noise.mean, n: Math.max(2, samplesPerArm), threshold: engine.improvementThreshold, name });
}

export async function calibrateNoise(engine: SelfImprovementApi, cap: CapabilityConfig, options: CalibrateOptions): Promise<CalibrationResult> {
  if (!cap.probe) throw new InvalidInputError(`${cap.name} has no probe, so there is nothing to calibrate.`);
  engine.getCapability(cap.name);
  const n = options.samplesPerArm ?? DEFAULT_CALIBRATION_SAMPLES;
  if (!Number.isInteger(n) || n < 2) throw new InvalidInputError(`An A/A run needs at least 2 samples per arm (got ${n}).`);
  // An empty `files` candidate: both arms are HEAD, prepared and interleaved exactly as in an experiment.
  const ab = await runAbExperiment({
    folder: options.folder, candidate: { kind: 'files', files: [] }, probe: cap.probe, samplesPerArm: n,
    isTrusted: options.isTrusted, signal: options.signal, onProgress: options.onProgress, warmupRuns: options.warmupRuns, killGraceMs: options.killGraceMs,
  });
  const floor = noiseFloor(ab.baseline, ab.candidate);
  const durations = [...ab.durationsMs.baseline, ...ab.durationsMs.candidate];
  const noise = engine.recordNoise(cap.name, {
    n, mean: floor.mean, sd: floor.sd, cv: floor.cv, aaPValue: floor.aaPValue, warning: floor.warning,
    probeSeconds: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length / 1000 : null,
  });
  return { noise, floor, thresholdWarning: noiseWarning(engine, cap.name, Math.max(DEFAULT_SAMPLES_PER_ARM, DEFAULT_MAX_SAMPLES_PER_ARM)) };
}
