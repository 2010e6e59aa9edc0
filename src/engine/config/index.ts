// The configuration file: parse, validate, place diagnostics, and plan the sync with the database.
export * from './types';
export { parseConfig, resolveFormat, DEFAULT_GUARDRAIL_MARGIN } from './parseConfig';
export { syncPlan } from './syncPlan';
export type { SyncPlan, SyncOptions, CapabilityChanges } from './syncPlan';
export { readConfigFile } from './readConfigFile';
export { addCapabilityToConfig, setProbeInConfig, removeCapabilityFromConfig, declaredNames, goalProblem, type DeclaredCapability, type DeclaredProbe } from './editConfig';
