// The measurement loop: what adapters call to measure, sync, calibrate and run experiments. Pure
// TypeScript on top of the engine, config, probes, A/B runner and verdict statistics.
export { measureCapabilityWithProbe, type MeasureWithProbeOptions, type ProbeMeasureResult } from './measure';
export { syncCapabilitiesFromConfig, previouslyDeclared, type SyncResult } from './sync';
export { planExperiment, experimentThreshold, recentProbeSeconds, DEFAULT_SAMPLES_PER_ARM, DEFAULT_MAX_SAMPLES_PER_ARM, type ExperimentBudget, type ExperimentPlan } from './plan';
export { runExperiment, targetOf, sequentialOf, proposeFromSuccess, withNotes, type RunExperimentOptions, type ExperimentOutcome, type ExperimentProgress } from './runExperiment';
export { calibrateNoise, noiseWarning, DEFAULT_CALIBRATION_SAMPLES, type CalibrateOptions, type CalibrationResult } from './calibrate';
export { resolveCandidate, describeCandidate, proposedFiles, engineFileReader, toEnginePath, toFolderPath, type LoopCandidate, type PathMapping, type ProposedFile, type CurrentFileReader } from './candidates';
export { runMoreSamples, runMoreOffer, type RunMoreOptions } from './runMore';
export { evidenceMarkdown } from './evidenceMarkdown';
export { evidenceText } from './evidenceText';
export { verdictHeadline, experimentHeadline, headline, stoppedText } from './evidenceFormat';
export { changeCheckTargets, uncommittedChanges, planChangeCheck, changeCheckPlanText, runChangeCheck, ChangeCheckRefusal, type ChangeCheckPlan, type ChangeCheckProgress, type RunChangeCheckOptions } from './changeCheck';
export { DistributedJudge, distributedChecks, distributedGuards, machineScaled, type DistributedGuard, type DistributedJudgeOptions, type JudgedBlock } from './distributedJudge';
export { effectOf, measurementOf } from './evidence';
