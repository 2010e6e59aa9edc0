// Samples of an experiment while it runs, accumulated from the loop's progress events (runExperiment's
// onProgress: an A/B run reports each value as it arrives), so a chart can grow before the evidence exists.
import type { ExperimentProgress } from '../loop/runExperiment';
import type { ArmSamples } from './types';

export interface LiveRun {
  target: ArmSamples;
  confirmation: ArmSamples | null;
  /** The latest progress message. */
  message: string;
}

export const emptyLiveRun = (): LiveRun => ({ target: { baseline: [], candidate: [] }, confirmation: null, message: '' });

/** The run after one progress event (a new object; the old one is left as it was). */
export function applyProgress(run: LiveRun, p: ExperimentProgress): LiveRun {
  const next: LiveRun = {
    target: { baseline: [...run.target.baseline], candidate: [...run.target.candidate] },
    confirmation: run.confirmation ? { baseline: [...run.confirmation.baseline], candidate: [...run.confirmation.candidate] } : null,
    message: p.message,
  };
  const ab = p.ab;
  if (!ab || ab.phase !== 'run' || ab.arm === undefined || ab.value === undefined || !Number.isFinite(ab.value)) return next;
  if (p.stage === 'target') next.target[ab.arm].push(ab.value);
  else if (p.stage === 'confirmation') (next.confirmation ??= { baseline: [], candidate: [] })[ab.arm].push(ab.value);
  return next;
}
