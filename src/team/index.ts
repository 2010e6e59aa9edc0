// The team store: local-first sync through PostgreSQL, and distributed experiment runs on its job queue.
export { TeamError, isTeamError, type TeamErrorCode } from './errors';
export { TEAM_URL_ENV, checkTeamUrl, describeTeamUrl, teamUrlFromEnv } from './url';
export { TeamStore, type TeamStoreOptions, type ServerChainCheck } from './teamStore';
export { syncTeam, type SyncOptions, type SyncReport, type SyncableEngine, type OriginChain } from './sync';
export { localOrigin, gitOrigin } from './origin';
export { RECORD_KINDS, type RecordKind, type OriginInfo } from './records';
export { analyzeBlocked, type BlockedAnalysis, type BlockSamples, type MachineEstimate } from './blockedAnalysis';
export { BlockQueue, BLOCK_QUEUE, QUEUE_SCHEMA } from './runs/queue';
export { startWorker, type BlockRunner, type RunningWorker, type WorkerEvent } from './runs/worker';
export { probeBlockRunner, probeFromConfig } from './runs/probeRunner';
export { runDistributed, distributedEvidence, type DistributedOutcome, type DistributedEvidence } from './runs/distributedRun';
export { createRun, getRun, blockResults, blockAttempts, type RunSpec, type TeamRun, type BlockResult } from './runs/runStore';
export { registerTeamCommands, type CommandLike, type TeamCommandDeps, type TeamEngine } from './cliCommands';
export { teamRunner, type TeamRunner, type TeamRunnerOptions } from './runs/teamRunner';
export { liveWorkers } from './runs/runStore';
