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
export { priorityOf, SEVERITY_IMPACT, SEVERITY_WEIGHT, SEVERITIES, WEAKNESS_TYPES } from './weaknesses/priority';
export { canDraftFor, isRunnable } from './experiments/runnable';
export { gradeFor, learningQuality } from './assessment/selfAssessment';
export { computeTrend } from './learning/trend';
export { frequentNGrams, backOffPredict } from './learning/sequencePatterns';
export { sha256 } from './improvements/hashing';
export { TEMPLATES, MEASURE_TEMPLATES, measureKind, type MeasureKind } from './experiments/templates';
export { expectationText, expectationLabel } from './experiments/expectation';
export * from './loop';
// The rest of what the adapters, the MCP server and the CLI use, so the engine chunk has one entry point.
export { parseConfig, resolveFormat, DEFAULT_GUARDRAIL_MARGIN, syncPlan, readConfigFile, addCapabilityToConfig, setProbeInConfig, removeCapabilityFromConfig, declaredNames, goalProblem, type DeclaredCapability, type DeclaredProbe } from './config';
export type * from './config/types';
export type { SyncPlan, SyncOptions, CapabilityChanges } from './config';
export { evidenceMarkdown } from './loop/evidenceMarkdown';
export { confinePath } from './files/confinePath';
export { DatabaseBusyError, DatabaseCorruptError } from './storage/storage-errors';
export * as review from './review';
export * as dashboard from './dashboard';
// CI (gate, report), monitoring (metrics export) and set-up detection: what the CLI and MCP server use.
export { runGate, lastGate, gateCapabilities, gateStatusOf, DEFAULT_GATE_RUNS, GATE_METADATA_KEY, type GateResult, type GateCapabilityResult, type GateStatus, type GateOptions, type GateProgress } from './ci/gate';
export { patchFromHeadTo, resolveRevision, headCommit } from './ci/revisions';
export { buildReport, reportMarkdown, type CiReport, type ReportExperiment, type ReportCapability } from './ci/report';
export { metricsText, METRICS_CONTENT_TYPE, type MetricsFormat } from './monitoring/openMetrics';
export { detectCapabilities, type Detection, type ProposedCapability } from './onboarding/detect';
export { planInit, type InitPlan } from './onboarding/initConfig';
export { CONFIG_FILE } from './config/types';
export { folderKey } from './ci/folderKey';
export { AlertSender, postAlert, senderFromEnv, checkWebhookUrl, WEBHOOK_ENV, type Alert, type AlertKind, type DeliveryResult, type WebhookOptions } from './monitoring/webhook';
export { watchWeaknessAlerts, alertText, type AlertSink } from './monitoring/alertWatch';
export { checkDecay, watchDecay, DECAY_WEAKNESS_NAME, type DecayCheck, type DecayOptions } from './monitoring/decay';
export { forecastTarget, type Forecast, type ForecastOptions } from './monitoring/forecast';
// The team store (src/team, a thin layer over pg) verifies replicated audit chains and runs blocks of distributed experiments.
export { verifyAuditChain } from './verdicts/auditChain';
export { runAbExperiment } from './ab';
