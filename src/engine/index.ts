// The engine's entry point: pure TypeScript, no `vscode` import.
export * from './types';
export * from './errors';
export type { SelfImprovementApi } from './api';
export type { Clock, RandomSource, FilesPort, Disposable } from './ports';
export { SelfImprovementEngine, EXPERIMENT_ACTION_TYPE, type EngineOptions } from './engine';
export { NodeFiles } from './files/nodeFiles';
export { normalizeRelativePath } from './files/relativePath';
export { measureImprovement, confidenceFor, type MeasureOptions } from './stats/measureImprovement';
export { welch, MIN_SAMPLES_PER_ARM } from './stats/welch';
export { gapOf, meetsTarget, severityForGap, improvementFromBaseline } from './capabilities/gap';
export { priorityOf, SEVERITY_WEIGHT } from './weaknesses/priority';
export { gradeFor, learningQuality } from './assessment/selfAssessment';
export { computeTrend } from './learning/trend';
export { frequentNGrams, backOffPredict } from './learning/sequencePatterns';
export { sha256 } from './improvements/hashing';
export { TEMPLATES } from './experiments/templates';
export * from './loop';
// The rest of what the adapters, the MCP server and the CLI use, so the engine chunk has one entry point.
export { parseConfig, resolveFormat, DEFAULT_GUARDRAIL_MARGIN, syncPlan, readConfigFile } from './config';
export type * from './config/types';
export type { SyncPlan, SyncOptions, CapabilityChanges } from './config';
export { evidenceMarkdown } from './loop/evidenceMarkdown';
export { confinePath } from './files/confinePath';
export { DatabaseBusyError, DatabaseCorruptError } from './storage/storage-errors';
export * as review from './review';
// The team store (src/team, a thin layer over pg) verifies replicated audit chains and runs blocks of distributed experiments.
export { verifyAuditChain } from './verdicts/auditChain';
export { runAbExperiment } from './ab';
