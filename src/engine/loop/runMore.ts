// "Run More Samples": an inconclusive experiment whose budget ran out before the target or a guardrail
// was clear is measured again — the same candidate, a larger budget — as a follow-up experiment, so
// the first record (and its audit event) stays as it was.
import type { SelfImprovementApi } from '../api';
import { InvalidStateError } from '../errors';
import { runExperiment, type ExperimentOutcome, type RunExperimentOptions } from './runExperiment';

export type RunMoreOptions = Omit<RunExperimentOptions, 'candidate' | 'budget'> & { maxSamplesPerArm?: number };

/** What the follow-up would run, or null when the experiment has nothing open (for an adapter's button). */
export function runMoreOffer(engine: Pick<SelfImprovementApi, 'getExperimentEvidence'>, experimentId: number): { maxSamplesPerArm: number; reason: string } | null {
  const more = engine.getExperimentEvidence(experimentId)?.runMore;
  return more ? { maxSamplesPerArm: more.maxSamplesPerArm, reason: more.reason } : null;
}

export async function runMoreSamples(engine: SelfImprovementApi, options: RunMoreOptions): Promise<ExperimentOutcome> {
  const exp = engine.getExperiment(options.experimentId);
  const more = engine.getExperimentEvidence(exp.id)?.runMore;
  if (!more) {
    throw new InvalidStateError(`Experiment ${exp.id} (${exp.verdict ?? exp.status}) has nothing left open to sample; run a new experiment to measure another change.`);
  }
  const follow = engine.createExperiment({ capabilityName: more.capability, name: `${exp.name} (more samples)`, approach: exp.approach, hypothesis: exp.hypothesis, methodology: exp.methodology });
  return runExperiment(engine, { ...options, experimentId: follow.id, candidate: more.candidate, budget: { maxSamplesPerArm: options.maxSamplesPerArm ?? more.maxSamplesPerArm } });
}
