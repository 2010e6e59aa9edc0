// What is replicated, as plain records: each carries its origin's own id for it, so (origin, id) is the key on
// the server and in every other database. Reads of this database's rows and writes of pulled rows live here.
import type { Database } from '../engine/storage/database';
import type { AuditEvent } from '../engine/types';

export const RECORD_KINDS = ['audit', 'measurements', 'outcomes', 'experiments', 'learnings'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface MeasurementRecord {
  localId: number; capabilityName: string; value: number; context: Record<string, unknown> | null; experimentId: number | null;
  recordedAt: string; machine: string; userName: string; commitSha: string | null; branch: string | null;
}
/** `details` is the exact JSON text that was stored (and hashed, after parsing) by the origin. */
export interface AuditRecord {
  localId: number; at: string; actor: string; entity: string; entityId: number; action: string; details: string | null;
  hashBefore: string | null; hashAfter: string | null; prevHash: string | null; hash: string;
}
export interface OutcomeRecord {
  localId: number; actionType: string; actionName: string; success: boolean; outcomeValue: number | null;
  context: Record<string, unknown> | null; recordedAt: string;
}
/** A finished experiment (completed or failed) as it stood then, with its evidence; a re-run is a new record. */
export interface ExperimentRecord {
  localId: number; finishedAt: string; status: string; verdict: string | null; record: Record<string, unknown>;
}
/** A meta-learning as it stood at updated_at; each change is a new record. */
export interface LearningRecord {
  type: string; pattern: string; insight: string; confidence: number; experiments: unknown[]; validationCount: number; updatedAt: string;
}
export interface RecordsByKind {
  audit: AuditRecord; measurements: MeasurementRecord; outcomes: OutcomeRecord; experiments: ExperimentRecord; learnings: LearningRecord;
}
export type AnyRecord = RecordsByKind[RecordKind];

export interface OriginInfo { originId: string; machine: string; userName: string; label: string | null }

const parse = <T>(text: unknown, fallback: T): T => {
  if (typeof text !== 'string' || text === '') return fallback;
  try { return JSON.parse(text) as T; } catch { return fallback; }
};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Kinds whose rows only ever get new ids: pushed from a cursor. The others are small and re-offered whole. */
export const CURSOR_KINDS: ReadonlySet<RecordKind> = new Set(['audit', 'measurements', 'outcomes']);

/** This database's own rows of a kind after `afterId` (cursor kinds) or all of them, oldest first, at most `limit`. */
export function readOwn(db: Database, kind: RecordKind, origin: OriginInfo, afterId: number, limit: number): AnyRecord[] {
  switch (kind) {
    case 'measurements':
      return db.all<{ id: number; capability_name: string; value: number; context: string | null; experiment_id: number | null; recorded_at: string }>(
        'SELECT id, capability_name, value, context, experiment_id, recorded_at FROM performance_metrics WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])
        .map((r) => {
          const context = parse<Record<string, unknown> | null>(r.context, null);
          return {
            localId: r.id, capabilityName: r.capability_name, value: r.value, context, experimentId: r.experiment_id, recordedAt: r.recorded_at,
            machine: origin.machine, userName: origin.userName, commitSha: str(context?.commit), branch: str(context?.branch),
          };
        });
    case 'audit':
      return db.all<{ id: number; at: string; actor: string; entity: string; entity_id: number; action: string; details: string | null; hash_before: string | null; hash_after: string | null; prev_hash: string | null; hash: string }>(
        'SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])
        .map((r) => ({
          localId: r.id, at: r.at, actor: r.actor, entity: r.entity, entityId: r.entity_id, action: r.action, details: r.details,
          hashBefore: r.hash_before, hashAfter: r.hash_after, prevHash: r.prev_hash, hash: r.hash,
        }));
    case 'outcomes':
      return db.all<{ id: number; action_type: string; action_name: string; success: number; outcome_value: number | null; context: string | null; recorded_at: string }>(
        'SELECT * FROM rl_outcomes WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit])
        .map((r) => ({
          localId: r.id, actionType: r.action_type, actionName: r.action_name, success: r.success === 1, outcomeValue: r.outcome_value,
          context: parse(r.context, null), recordedAt: r.recorded_at,
        }));
    case 'experiments':
      // With its weakness's type, so another origin's learning rules can rank approaches per type (teamExperiments.ts).
      return db.all<Record<string, unknown> & { id: number; status: string; verdict: string | null; completed_at: string; weakness_type: string | null }>(
        `SELECT e.*, w.type AS weakness_type FROM improvement_experiments e LEFT JOIN identified_weaknesses w ON w.id = e.weakness_id
         WHERE e.status IN ('completed','failed') AND e.completed_at IS NOT NULL AND e.id > ? ORDER BY e.id LIMIT ?`, [afterId, limit])
        .map((r) => ({
          localId: r.id, finishedAt: r.completed_at, status: r.status, verdict: r.verdict,
          record: {
            id: r.id, weaknessId: r.weakness_id, weaknessType: r.weakness_type, approach: r.approach, name: r.name, hypothesis: r.hypothesis, methodology: r.methodology,
            expectedImprovement: r.expected_improvement, status: r.status, actualImprovement: r.actual_improvement, verdict: r.verdict,
            reason: r.reason, result: parse(r.result, null), error: r.error, evidence: parse(r.evidence, null),
            createdAt: r.created_at, startedAt: r.started_at, completedAt: r.completed_at,
          },
        }));
    case 'learnings':
      // No id cursor (a learning is updated in place): afterId is an offset into the (small) table.
      return db.all<{ type: string; pattern: string; insight: string; confidence: number; experiments: string; validation_count: number; updated_at: string }>(
        'SELECT * FROM meta_learnings ORDER BY id LIMIT ? OFFSET ?', [limit, afterId])
        .map((r) => ({
          type: r.type, pattern: r.pattern, insight: r.insight, confidence: r.confidence, experiments: parse(r.experiments, []),
          validationCount: r.validation_count, updatedAt: r.updated_at,
        }));
  }
}

/** The key a re-offered record has on the server (see TeamStore.heldKeys). */
export function heldKeyOf(kind: 'experiments' | 'learnings', rec: AnyRecord): string {
  if (kind === 'experiments') { const r = rec as ExperimentRecord; return JSON.stringify([r.localId, r.finishedAt]); }
  const r = rec as LearningRecord;
  return JSON.stringify([r.type, r.pattern, r.updatedAt]);
}

/** Position after a batch: the last local id for id-ordered kinds, the offset for learnings. */
export function nextPosition(kind: RecordKind, position: number, batch: readonly AnyRecord[]): number {
  if (kind === 'learnings') return position + batch.length;
  return (batch[batch.length - 1] as { localId: number }).localId;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Stores pulled records of another origin; a record already here is left as it is. Returns how many were new. */
export function storePulled(db: Database, kind: RecordKind, originId: string, records: readonly AnyRecord[]): number {
  let added = 0;
  for (const rec of records) {
    switch (kind) {
      case 'measurements': {
        const r = rec as MeasurementRecord;
        db.run(`INSERT OR IGNORE INTO team_measurements (origin_id, local_id, capability_name, value, context, experiment_id, recorded_at, machine, user_name, commit_sha, branch)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [originId, r.localId, r.capabilityName, r.value, json(r.context), r.experimentId, r.recordedAt, r.machine, r.userName, r.commitSha, r.branch]);
        break;
      }
      case 'audit': {
        const r = rec as AuditRecord;
        db.run(`INSERT OR IGNORE INTO team_audit_events (origin_id, local_id, at, actor, entity, entity_id, action, details, hash_before, hash_after, prev_hash, hash)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [originId, r.localId, r.at, r.actor, r.entity, r.entityId, r.action, r.details, r.hashBefore, r.hashAfter, r.prevHash, r.hash]);
        break;
      }
      case 'outcomes': {
        const r = rec as OutcomeRecord;
        db.run(`INSERT OR IGNORE INTO team_outcomes (origin_id, local_id, action_type, action_name, success, outcome_value, context, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [originId, r.localId, r.actionType, r.actionName, r.success ? 1 : 0, r.outcomeValue, json(r.context), r.recordedAt]);
        break;
      }
      case 'experiments': {
        const r = rec as ExperimentRecord;
        db.run('INSERT OR IGNORE INTO team_experiments (origin_id, local_id, finished_at, status, verdict, record) VALUES (?, ?, ?, ?, ?, ?)',
          [originId, r.localId, r.finishedAt, r.status, r.verdict, JSON.stringify(r.record)]);
        break;
      }
      case 'learnings': {
        const r = rec as LearningRecord;
        db.run(`INSERT OR IGNORE INTO team_learnings (origin_id, type, pattern, insight, confidence, experiments, validation_count, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [originId, r.type, r.pattern, r.insight, r.confidence, JSON.stringify(r.experiments), r.validationCount, r.updatedAt]);
        break;
      }
    }
    added += db.changes();
  }
  return added;
}

/** An origin's pulled audit events in trail order, shaped for verdicts/auditChain.verifyAuditChain. */
export function pulledAuditTrail(db: Database, originId: string): AuditEvent[] {
  return db.all<{ local_id: number; at: string; actor: string; entity: AuditEvent['entity']; entity_id: number; action: string; details: string | null; hash_before: string | null; hash_after: string | null; prev_hash: string | null; hash: string }>(
    'SELECT * FROM team_audit_events WHERE origin_id = ? ORDER BY local_id', [originId]).map((r) => auditEventOf({
    localId: r.local_id, at: r.at, actor: r.actor, entity: r.entity, entityId: r.entity_id, action: r.action, details: r.details,
    hashBefore: r.hash_before, hashAfter: r.hash_after, prevHash: r.prev_hash, hash: r.hash,
  }));
}

/** A replicated audit record as the event the chain covers (details parsed back, as the origin hashed them). */
export function auditEventOf(r: AuditRecord): AuditEvent {
  return {
    id: r.localId, at: r.at, actor: r.actor, entity: r.entity as AuditEvent['entity'], entityId: r.entityId, action: r.action,
    details: parse<Record<string, unknown> | null>(r.details, null), hashBefore: r.hashBefore, hashAfter: r.hashAfter, prevHash: r.prevHash, hash: r.hash,
  };
}
