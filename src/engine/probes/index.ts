// Probes: run a workspace command safely and read a number out of it.
export * from './types';
export * from './errors';
export { runCommand, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_KILL_GRACE_MS } from './runCommand';
export type { RunCommandOptions, RunResult } from './runCommand';
export { measureProbe, runProbeOnce, DEFAULT_TIMEOUT_SECONDS } from './measureProbe';
export type { MeasureProbeOptions, ProbeMeasurement, ProbeRunOptions, ProbeSample } from './measureProbe';
export * from './parsers';
export { combineCases } from './combineCases';
export { setProbeRunLogger, formatProbeRun, type ProbeRunRecord, type ProbeRunLogger } from './runLog';
