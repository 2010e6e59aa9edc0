// Distributed runs in the team store: the run (what every block measures), the attempts (who started which
// block: the evidence of which machine ran what, including attempts lost with their worker) and the block
// results, stored once per (run, block) however often a block was retried.
import { randomUUID } from 'node:crypto';
import type { Candidate } from '../../engine/ab';
import type { ArmSeries } from '../../engine/ab/series';
import type { DistributedGuard } from '../../engine/loop/distributedJudge';
import { TeamError } from '../errors';
import type { TeamStore } from '../teamStore';

export interface RunSpec {
  capabilityName: string;
  direction: 'higher' | 'lower';
  /** Smallest relative improvement that is a success. */
  threshold: number;
  alpha?: number;
  /** The candidate against the baseline (the worker's checkout at baseCommit). Only patches travel between machines. */
  candidate: Extract<Candidate, { kind: 'patch' }>;
  /** Workers refuse a block when their folder's HEAD is not this commit (null: not checked). */
  baseCommit: string | null;
  /** A/B pairs per block (both arms on one machine, interleaved). */
  pairsPerBlock: number;
  blocks: number;
  /** A block not finished within this is taken to be lost (its worker died) and retried elsewhere. */
  blockTimeoutSeconds: number;
  /** Unrecorded warm-up runs of each arm at the start of every block. */
  warmupRuns?: number;
  /**
   * What must not get worse, by name (each worker measures it with its own config's probe): timing
   * guardrails in every block beside the target, pass/fail suites once per arm in the cascade pre-block.
   */
  guardrails?: DistributedGuard[];
}

/** The cascade's pre-block: the suites once per arm, before any timing block (block index -1). */
export const CASCADE_BLOCK = -1;

/** What a block measured besides the target: timing guardrails' series; in the cascade pre-block, the suites'. */
export interface BlockExtras { guards?: Record<string, ArmSeries>; gates?: Record<string, ArmSeries> }

export interface TeamRun { runId: string; originId: string | null; experimentId: number | null; spec: RunSpec; status: 'running' | 'done' | 'cancelled' }

export interface BlockResult {
  blockIndex: number; machine: string; workerId: string; attempt: number;
  baseline: number[]; candidate: number[]; durationsMs: { baseline: number[]; candidate: number[] } | null; startedAt: string; finishedAt: string;
  extras: BlockExtras | null;
}

export interface BlockAttempt { blockIndex: number; machine: string; workerId: string; attempt: number; startedAt: string; outcome: string | null; detail: string | null }

export function checkRunSpec(spec: RunSpec): RunSpec {
  const bad = (m: string) => new TeamError('TEAM_RUN_INVALID', `${m} (distributed run of "${spec?.capabilityName}").`);
  if (!spec || typeof spec.capabilityName !== 'string' || !spec.capabilityName) throw bad('A run needs a capability name');
  if (spec.direction !== 'higher' && spec.direction !== 'lower') throw bad('direction must be "higher" or "lower"');
  if (!Number.isFinite(spec.threshold) || spec.threshold < 0) throw bad('threshold must be a number ≥ 0');
  if (spec.candidate?.kind !== 'patch' || typeof spec.candidate.patch !== 'string') throw bad('The candidate must be a patch (a unified diff): only a patch can travel to other machines');
  for (const k of ['pairsPerBlock', 'blocks', 'blockTimeoutSeconds'] as const) {
    if (!Number.isInteger(spec[k]) || spec[k] < 1) throw bad(`${k} must be a whole number ≥ 1`);
  }
  for (const g of spec.guardrails ?? []) {
    if (!g || typeof g.name !== 'string' || !g.name || g.name === spec.capabilityName) throw bad('Each guardrail needs a name other than the target\'s');
    if (g.direction !== 'higher' && g.direction !== 'lower') throw bad(`guardrail "${g.name}": direction must be "higher" or "lower"`);
    if (!Number.isFinite(g.margin) || g.margin < 0) throw bad(`guardrail "${g.name}": margin must be a number ≥ 0`);
  }
  return spec;
}

const S = 'si_team';

export async function createRun(store: TeamStore, spec: RunSpec, from: { originId?: string; experimentId?: number } = {}): Promise<TeamRun> {
  checkRunSpec(spec);
  const runId = randomUUID();
  await store.query(`INSERT INTO ${S}.runs (run_id, origin_id, experiment_id, capability_name, spec, blocks) VALUES ($1, $2, $3, $4, $5, $6)`,
    [runId, from.originId ?? null, from.experimentId ?? null, spec.capabilityName, JSON.stringify(spec), spec.blocks]);
  return { runId, originId: from.originId ?? null, experimentId: from.experimentId ?? null, spec, status: 'running' };
}

export async function getRun(store: TeamStore, runId: string): Promise<TeamRun | null> {
  const r = (await store.query<{ run_id: string; origin_id: string | null; experiment_id: string | null; spec: RunSpec; status: TeamRun['status'] }>(
    `SELECT run_id, origin_id, experiment_id, spec, status FROM ${S}.runs WHERE run_id = $1`, [runId]))[0];
  return r ? { runId: r.run_id, originId: r.origin_id, experimentId: r.experiment_id === null ? null : Number(r.experiment_id), spec: r.spec, status: r.status } : null;
}

export async function setRunStatus(store: TeamStore, runId: string, status: TeamRun['status']): Promise<void> {
  await store.query(`UPDATE ${S}.runs SET status = $2, finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE now() END WHERE run_id = $1`, [runId, status]);
}

export async function startAttempt(store: TeamStore, runId: string, blockIndex: number, machine: string, workerId: string, attempt: number): Promise<number> {
  const r = await store.query<{ id: string }>(
    `INSERT INTO ${S}.block_attempts (run_id, block_index, machine, worker_id, attempt) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [runId, blockIndex, machine, workerId, attempt]);
  return Number(r[0].id);
}

export async function endAttempt(store: TeamStore, attemptId: number, outcome: string, detail: string | null = null): Promise<void> {
  await store.query(`UPDATE ${S}.block_attempts SET outcome = $2, detail = $3 WHERE id = $1`, [attemptId, outcome, detail]);
}

/** Stores a block's result unless one is there already; true when this one was stored (counted). */
export async function recordBlock(store: TeamStore, runId: string, r: Omit<BlockResult, 'finishedAt'>): Promise<boolean> {
  const rows = await store.query(`INSERT INTO ${S}.block_results (run_id, block_index, machine, worker_id, attempt, baseline, candidate, durations_ms, started_at, extras)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (run_id, block_index) DO NOTHING RETURNING block_index`,
  [runId, r.blockIndex, r.machine, r.workerId, r.attempt, JSON.stringify(r.baseline), JSON.stringify(r.candidate), r.durationsMs ? JSON.stringify(r.durationsMs) : null, r.startedAt,
    r.extras ? JSON.stringify(r.extras) : null]);
  return rows.length === 1;
}

export async function hasBlock(store: TeamStore, runId: string, blockIndex: number): Promise<boolean> {
  return (await store.query(`SELECT 1 FROM ${S}.block_results WHERE run_id = $1 AND block_index = $2`, [runId, blockIndex])).length === 1;
}

export async function blockResults(store: TeamStore, runId: string): Promise<BlockResult[]> {
  const rows = await store.query<{ block_index: number; machine: string; worker_id: string; attempt: number; baseline: number[]; candidate: number[]; durations_ms: BlockResult['durationsMs']; started_at: Date; finished_at: Date; extras: BlockExtras | null }>(
    `SELECT * FROM ${S}.block_results WHERE run_id = $1 ORDER BY block_index`, [runId]);
  return rows.map((r) => ({
    blockIndex: r.block_index, machine: r.machine, workerId: r.worker_id, attempt: r.attempt, baseline: r.baseline, candidate: r.candidate,
    durationsMs: r.durations_ms, startedAt: new Date(r.started_at).toISOString(), finishedAt: new Date(r.finished_at).toISOString(),
    extras: r.extras ?? null,
  }));
}

export async function blockAttempts(store: TeamStore, runId: string): Promise<BlockAttempt[]> {
  const rows = await store.query<{ block_index: number; machine: string; worker_id: string; attempt: number; started_at: Date; outcome: string | null; detail: string | null }>(
    `SELECT * FROM ${S}.block_attempts WHERE run_id = $1 ORDER BY id`, [runId]);
  return rows.map((r) => ({ blockIndex: r.block_index, machine: r.machine, workerId: r.worker_id, attempt: r.attempt, startedAt: new Date(r.started_at).toISOString(), outcome: r.outcome, detail: r.detail }));
}

/** A worker says it is alive (on start and every heartbeat); `improve` measures through the workers only when one is. */
export async function heartbeat(store: TeamStore, workerId: string, machine: string): Promise<void> {
  await store.query(`INSERT INTO ${S}.workers (worker_id, machine) VALUES ($1, $2) ON CONFLICT (worker_id) DO UPDATE SET last_seen = now(), machine = EXCLUDED.machine`, [workerId, machine]);
}

export async function leave(store: TeamStore, workerId: string): Promise<void> {
  await store.query(`DELETE FROM ${S}.workers WHERE worker_id = $1`, [workerId]);
}

/** Workers seen within `withinSeconds` (a killed worker drops out once its heartbeats stop). */
export async function liveWorkers(store: TeamStore, withinSeconds = 45): Promise<{ workerId: string; machine: string; lastSeen: string }[]> {
  const rows = await store.query<{ worker_id: string; machine: string; last_seen: Date }>(
    `SELECT worker_id, machine, last_seen FROM ${S}.workers WHERE last_seen > now() - make_interval(secs => $1) ORDER BY machine, worker_id`, [withinSeconds]);
  return rows.map((r) => ({ workerId: r.worker_id, machine: r.machine, lastSeen: new Date(r.last_seen).toISOString() }));
}
