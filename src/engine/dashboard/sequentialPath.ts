// The sequential test's path for the chart: the experiment's recorded pairs replayed, look by look,
// through the rule the loop runs (SequentialExperiment, as loop/sampling.ts feeds it), so every point
// is a look the run really took and the last one is the evidence's own interval. Pure.
import type { Direction, ExperimentEvidence } from '../types';
import { MIN_SAMPLES_PER_ARM } from '../stats/welch';
import { priorFromNoise } from '../verdicts/paired';
import { lookDecision, SequentialExperiment } from '../verdicts/sequentialExperiment';
import type { ArmSamples, SequentialLook } from './types';

export interface SequentialPathOptions {
  name: string;
  direction: Direction;
  /** Relative threshold (the experiment's improvementThreshold). */
  threshold: number;
  alpha: number;
  /** The A/A calibration the run used as its variance prior (engine.getNoise). */
  noise?: { sd: number; n: number } | null;
  /** The plan's first look and budget (runs per arm). */
  minSamples: number;
  maxSamplesPerArm: number;
}

/** The always-valid interval at every look, from the first decision point until the rule stopped. */
export function sequentialPath(samples: ArmSamples, o: SequentialPathOptions): SequentialLook[] {
  const n = Math.min(samples.baseline.length, samples.candidate.length);
  if (n < Math.max(2, o.minSamples)) return [];
  const baselineMean = samples.baseline.slice(0, n).reduce((a, b) => a + b, 0) / n;
  if (baselineMean === 0) return []; // a relative threshold of a zero baseline has no size
  const seq = new SequentialExperiment({
    target: { name: o.name, direction: o.direction, threshold: o.threshold, prior: priorFromNoise(o.noise) },
    alpha: o.alpha, minSamples: o.minSamples, maxSamplesPerArm: o.maxSamplesPerArm,
  });
  const looks: SequentialLook[] = [];
  // The loop looks after every pair from the plan's minimum on (runAbExperiment's shouldStop).
  for (let k = o.minSamples; k <= n; k++) {
    const look = seq.look({ target: { baseline: samples.baseline.slice(0, k), candidate: samples.candidate.slice(0, k) } });
    const t = look.target;
    if (!t.estimate) continue;
    looks.push({ n: k, estimate: t.estimate.estimate, low: t.interval[0], high: t.interval[1], thresholdUnits: t.thresholdUnits, pValue: t.pValue, decision: lookDecision(look) });
    if (look.stop) break;
  }
  return looks;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The path of an experiment with stored evidence, or why there is none. The replay must end on the
 * evidence's recorded interval; when it does not (the calibration behind the prior was redone since, or a
 * probe printed several values per run), no path is drawn rather than one the run never took.
 */
export function evidencePath(ev: ExperimentEvidence, o: { name: string; direction: Direction; noise?: { sd: number; n: number } | null }):
  { looks: SequentialLook[]; note: string | null } {
  const recorded = ev.sequential?.interval;
  // JSON turns the infinite interval of a run with too few pairs into null: nothing to draw.
  if (!ev.sequential || !recorded || !Number.isFinite(recorded[0]) || !Number.isFinite(recorded[1])) return { looks: [], note: null };
  const base = { name: o.name, direction: o.direction, threshold: ev.threshold, alpha: ev.alpha,
    minSamples: Math.min(MIN_SAMPLES_PER_ARM, ev.plan.maxSamplesPerArm), maxSamplesPerArm: ev.plan.maxSamplesPerArm };
  for (const noise of o.noise ? [o.noise, null] : [null]) {
    const looks = sequentialPath(ev.samples, { ...base, noise });
    const last = looks.at(-1);
    if (last && close(last.low, recorded[0]) && close(last.high, recorded[1])) {
      // The replay cannot see a time budget or a guardrail's stop: the last look says what the run decided.
      looks[looks.length - 1] = { ...last, decision: ev.sequential.decision };
      return { looks, note: null };
    }
  }
  return { looks: [], note: 'The sequential path could not be replayed from the stored samples to the recorded interval (the noise calibration changed since the run, or its probe printed several values per run), so it is not drawn.' };
}
