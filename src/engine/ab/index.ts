// A/B experiments in isolated shared clones (or copies): samples for the engine's statistics.
export { runAbExperiment } from './runAbExperiment';
export type { AbExperimentOptions, AbExperimentResult, AbProgress, Candidate } from './runAbExperiment';
export { AbRunError, AbSetupError } from './errors';
export { removeStaleScratch, removeStaleWorktrees } from './staleArms';
