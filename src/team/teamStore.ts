// The connection to the team's PostgreSQL (node-postgres pool) and the store's server-side operations:
// migrations, origins, pushing a batch of records (idempotent: unique keys + ON CONFLICT DO NOTHING) and
// pulling an origin's records after a cursor. TLS is the driver's: sslmode/sslrootcert in the URL.
// Engine values (the audit chain's verifier) come through the one engine chunk, so the CLI stays a thin bundle.
import { Pool, type PoolClient } from 'pg';
import { engineChunk } from '../chunkLoader';
import { TeamError, teamErrorFrom } from './errors';
import { auditEventOf, type AnyRecord, type AuditRecord, type OriginInfo, type RecordKind } from './records';
import { SERVER_MIGRATIONS, SERVER_SCHEMA_VERSION, TEAM_SCHEMA } from './serverSchema';
import { checkTeamUrl, describeTeamUrl } from './url';

export interface TeamStoreOptions {
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Pool size (default 4). */
  max?: number;
  connectionTimeoutMillis?: number;
}

// One key for "migrating the team schema" and one per origin for "pushing this origin's records", so an
// origin's rows get their seq numbers in commit order (a pull cursor per origin never skips a row).
const MIGRATION_LOCK = 7_301_880_018;

interface Column { name: string; of: (r: never) => unknown }
const c = <R>(name: string, of: (r: R) => unknown): Column => ({ name, of: of as (r: never) => unknown });
const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

const COLUMNS: Record<RecordKind, { table: string; conflict: string; columns: Column[] }> = {
  measurements: { table: 'measurements', conflict: '(origin_id, local_id)', columns: [
    c('local_id', (r: { localId: number }) => r.localId), c('capability_name', (r: { capabilityName: string }) => r.capabilityName),
    c('value', (r: { value: number }) => r.value), c('context', (r: { context: unknown }) => jsonOrNull(r.context)),
    c('experiment_id', (r: { experimentId: number | null }) => r.experimentId), c('recorded_at', (r: { recordedAt: string }) => r.recordedAt),
    c('machine', (r: { machine: string }) => r.machine), c('user_name', (r: { userName: string }) => r.userName),
    c('commit_sha', (r: { commitSha: string | null }) => r.commitSha), c('branch', (r: { branch: string | null }) => r.branch),
  ] },
  audit: { table: 'audit_events', conflict: '(origin_id, local_id)', columns: [
    c('local_id', (r: AuditRecord) => r.localId), c('at', (r: AuditRecord) => r.at), c('actor', (r: AuditRecord) => r.actor),
    c('entity', (r: AuditRecord) => r.entity), c('entity_id', (r: AuditRecord) => r.entityId), c('action', (r: AuditRecord) => r.action),
    c('details', (r: AuditRecord) => r.details), c('hash_before', (r: AuditRecord) => r.hashBefore), c('hash_after', (r: AuditRecord) => r.hashAfter),
    c('prev_hash', (r: AuditRecord) => r.prevHash), c('hash', (r: AuditRecord) => r.hash),
  ] },
  outcomes: { table: 'outcomes', conflict: '(origin_id, local_id)', columns: [
    c('local_id', (r: { localId: number }) => r.localId), c('action_type', (r: { actionType: string }) => r.actionType),
    c('action_name', (r: { actionName: string }) => r.actionName), c('success', (r: { success: boolean }) => r.success),
    c('outcome_value', (r: { outcomeValue: number | null }) => r.outcomeValue), c('context', (r: { context: unknown }) => jsonOrNull(r.context)),
    c('recorded_at', (r: { recordedAt: string }) => r.recordedAt),
  ] },
  experiments: { table: 'experiments', conflict: '(origin_id, local_id, finished_at)', columns: [
    c('local_id', (r: { localId: number }) => r.localId), c('finished_at', (r: { finishedAt: string }) => r.finishedAt),
    c('status', (r: { status: string }) => r.status), c('verdict', (r: { verdict: string | null }) => r.verdict),
    c('record', (r: { record: unknown }) => JSON.stringify(r.record)),
  ] },
  learnings: { table: 'learnings', conflict: '(origin_id, type, pattern, updated_at)', columns: [
    c('type', (r: { type: string }) => r.type), c('pattern', (r: { pattern: string }) => r.pattern), c('insight', (r: { insight: string }) => r.insight),
    c('confidence', (r: { confidence: number }) => r.confidence), c('experiments', (r: { experiments: unknown }) => JSON.stringify(r.experiments)),
    c('validation_count', (r: { validationCount: number }) => r.validationCount), c('updated_at', (r: { updatedAt: string }) => r.updatedAt),
  ] },
};

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
/** Server rows back to records (BIGINT arrives as text; JSONB as objects). */
const FROM_ROW: Record<RecordKind, (r: Row) => AnyRecord> = {
  measurements: (r) => ({
    localId: num(r.local_id), capabilityName: r.capability_name as string, value: r.value as number, context: (r.context as Record<string, unknown> | null) ?? null,
    experimentId: r.experiment_id === null ? null : num(r.experiment_id), recordedAt: r.recorded_at as string, machine: r.machine as string,
    userName: r.user_name as string, commitSha: (r.commit_sha as string | null) ?? null, branch: (r.branch as string | null) ?? null,
  }),
  audit: (r) => ({
    localId: num(r.local_id), at: r.at as string, actor: r.actor as string, entity: r.entity as string, entityId: num(r.entity_id), action: r.action as string,
    details: (r.details as string | null) ?? null, hashBefore: (r.hash_before as string | null) ?? null, hashAfter: (r.hash_after as string | null) ?? null,
    prevHash: (r.prev_hash as string | null) ?? null, hash: r.hash as string,
  }),
  outcomes: (r) => ({
    localId: num(r.local_id), actionType: r.action_type as string, actionName: r.action_name as string, success: r.success as boolean,
    outcomeValue: (r.outcome_value as number | null) ?? null, context: (r.context as Record<string, unknown> | null) ?? null, recordedAt: r.recorded_at as string,
  }),
  experiments: (r) => ({
    localId: num(r.local_id), finishedAt: r.finished_at as string, status: r.status as string, verdict: (r.verdict as string | null) ?? null,
    record: r.record as Record<string, unknown>,
  }),
  learnings: (r) => ({
    type: r.type as string, pattern: r.pattern as string, insight: r.insight as string, confidence: r.confidence as number,
    experiments: r.experiments as unknown[], validationCount: r.validation_count as number, updatedAt: r.updated_at as string,
  }),
};

export interface PulledBatch { records: AnyRecord[]; lastSeq: number }
export interface ServerChainCheck { originId: string; ok: boolean; checked: number; reason: string }

export class TeamStore {
  private migrated: Promise<void> | null = null;
  readonly where: string;

  private constructor(readonly pool: Pool, url: string) {
    this.where = describeTeamUrl(url);
    // An idle connection the server dropped (restart, network) must not crash the process: the next query reconnects.
    pool.on('error', () => { /* reported by the next query that needs the server */ });
  }

  /** Opens a pool on the URL (checked first) and brings the schema up to date. */
  static async connect(url: string, options: TeamStoreOptions = {}): Promise<TeamStore> {
    const checked = checkTeamUrl(url);
    const pool = new Pool({
      connectionString: checked, max: options.max ?? 4, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      application_name: options.applicationName ?? 'self-improvement', idleTimeoutMillis: 10_000,
    });
    const store = new TeamStore(pool, checked);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return store;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** Applies missing server migrations once per store (under an advisory lock: concurrent first connections wait). */
  migrate(): Promise<void> {
    this.migrated ??= this.runMigrations().catch((err) => { this.migrated = null; throw err; });
    return this.migrated;
  }

  private async runMigrations(): Promise<void> {
    await this.withClient(async (client) => {
      // Up to date already: touch nothing, so a role with only SELECT/INSERT/UPDATE rights can use the store.
      const present = (await client.query<{ t: string | null }>(`SELECT to_regclass('${TEAM_SCHEMA}.schema_migrations')::text AS t`)).rows[0].t;
      if (present) {
        const v = (await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${TEAM_SCHEMA}.schema_migrations`)).rows[0].v ?? 0;
        if (v === SERVER_SCHEMA_VERSION) return;
      }
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${TEAM_SCHEMA}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${TEAM_SCHEMA}.schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
        const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${TEAM_SCHEMA}.schema_migrations`);
        const current = r.rows[0].v ?? 0;
        if (current > SERVER_SCHEMA_VERSION) {
          throw new TeamError('TEAM_SCHEMA_NEWER', `The team store at ${this.where} has schema ${current}; this version knows ${SERVER_SCHEMA_VERSION}. Update the extension/CLI; nothing was changed.`);
        }
        for (let v = current; v < SERVER_SCHEMA_VERSION; v++) {
          await client.query('BEGIN');
          try {
            await client.query(SERVER_MIGRATIONS[v]);
            await client.query(`INSERT INTO ${TEAM_SCHEMA}.schema_migrations (version) VALUES ($1)`, [v + 1]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      }
    });
  }

  async schemaVersion(): Promise<number> {
    const r = await this.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${TEAM_SCHEMA}.schema_migrations`);
    return r[0].v ?? 0;
  }

  /** A query with driver errors turned into TeamErrors (with a next step). */
  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, params)).rows;
    } catch (err) {
      throw teamErrorFrom(err, this.where);
    }
  }

  async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw teamErrorFrom(err, this.where);
    }
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      broken = true;
      throw teamErrorFrom(err, this.where);
    } finally {
      client.release(broken);
    }
  }

  /** One transaction; rolled back on any error. */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async registerOrigin(o: OriginInfo): Promise<void> {
    await this.query(`INSERT INTO ${TEAM_SCHEMA}.origins (origin_id, machine, user_name, label) VALUES ($1, $2, $3, $4)
      ON CONFLICT (origin_id) DO UPDATE SET machine = excluded.machine, user_name = excluded.user_name, label = excluded.label`,
    [o.originId, o.machine, o.userName, o.label]);
  }

  async origins(): Promise<OriginInfo[]> {
    const rows = await this.query<{ origin_id: string; machine: string; user_name: string; label: string | null }>(
      `SELECT origin_id, machine, user_name, label FROM ${TEAM_SCHEMA}.origins ORDER BY first_seen, origin_id`);
    return rows.map((r) => ({ originId: r.origin_id, machine: r.machine, userName: r.user_name, label: r.label }));
  }

  /**
   * Inserts one origin's batch in one transaction; returns how many rows were new (the rest were there already).
   * Audit events are checked first: the new ones must continue the origin's chain as the server holds it,
   * else nothing of the batch is stored (TEAM_AUDIT_CHAIN_BROKEN).
   */
  async push(kind: RecordKind, originId: string, records: readonly AnyRecord[]): Promise<number> {
    if (!records.length) return 0;
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`si_team:${originId}`]);
      let batch = records;
      if (kind === 'audit') batch = await this.checkAuditContinuation(client, originId, records as AuditRecord[]);
      if (!batch.length) return 0;
      const spec = COLUMNS[kind];
      const names = ['origin_id', ...spec.columns.map((col) => col.name)];
      const params: unknown[] = [];
      const tuples = batch.map((rec) => {
        const values = [originId, ...spec.columns.map((col) => col.of(rec as never))];
        const start = params.length;
        params.push(...values);
        return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      const r = await client.query(`INSERT INTO ${TEAM_SCHEMA}.${spec.table} (${names.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT ${spec.conflict} DO NOTHING`, params);
      await client.query(`UPDATE ${TEAM_SCHEMA}.origins SET last_push = now() WHERE origin_id = $1`, [originId]);
      return r.rowCount ?? 0;
    });
  }

  /** The events not yet on the server, verified as a continuation of the server's chain for this origin. */
  private async checkAuditContinuation(client: PoolClient, originId: string, events: AuditRecord[]): Promise<AuditRecord[]> {
    const last = (await client.query<{ local_id: string; hash: string }>(
      `SELECT local_id, hash FROM ${TEAM_SCHEMA}.audit_events WHERE origin_id = $1 ORDER BY local_id DESC LIMIT 1`, [originId])).rows[0];
    const lastId = last ? Number(last.local_id) : 0;
    const fresh = events.filter((e) => e.localId > lastId);
    const check = engineChunk().verifyAuditChain(fresh.map(auditEventOf), last?.hash ?? null);
    if (!check.ok) {
      throw new TeamError('TEAM_AUDIT_CHAIN_BROKEN', `The audit trail of this database does not continue the one the team store holds for it: ${check.reason} Nothing of this batch was stored; run "Verify Audit Trail" locally.`);
    }
    return fresh;
  }

  /**
   * Keys the server already holds for an origin's re-offered kinds (experiments, learnings), so a sync sends
   * only what is missing instead of every finished experiment's evidence again.
   */
  async heldKeys(kind: 'experiments' | 'learnings', originId: string): Promise<Set<string>> {
    if (kind === 'experiments') {
      const rows = await this.query<{ local_id: string; finished_at: string }>(`SELECT local_id, finished_at FROM ${TEAM_SCHEMA}.experiments WHERE origin_id = $1`, [originId]);
      return new Set(rows.map((r) => JSON.stringify([Number(r.local_id), r.finished_at])));
    }
    const rows = await this.query<{ type: string; pattern: string; updated_at: string }>(`SELECT type, pattern, updated_at FROM ${TEAM_SCHEMA}.learnings WHERE origin_id = $1`, [originId]);
    return new Set(rows.map((r) => JSON.stringify([r.type, r.pattern, r.updated_at])));
  }

  /** An origin's records of a kind after server sequence `afterSeq`, in order. */
  async pull(kind: RecordKind, originId: string, afterSeq: number, limit: number): Promise<PulledBatch> {
    const spec = COLUMNS[kind];
    const rows = await this.query<Row & { seq: string }>(
      `SELECT seq, ${spec.columns.map((col) => col.name).join(', ')} FROM ${TEAM_SCHEMA}.${spec.table} WHERE origin_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [originId, afterSeq, limit]);
    return { records: rows.map(FROM_ROW[kind]), lastSeq: rows.length ? Number(rows[rows.length - 1].seq) : afterSeq };
  }

  /** Re-verifies every origin's audit chain as stored on the server. */
  async verifyAuditChains(): Promise<ServerChainCheck[]> {
    const out: ServerChainCheck[] = [];
    for (const o of await this.origins()) {
      const rows = await this.query(`SELECT * FROM ${TEAM_SCHEMA}.audit_events WHERE origin_id = $1 ORDER BY local_id`, [o.originId]);
      const check = engineChunk().verifyAuditChain(rows.map((r) => auditEventOf(FROM_ROW.audit(r) as AuditRecord)));
      out.push({ originId: o.originId, ok: check.ok, checked: check.checked, reason: check.reason });
    }
    return out;
  }
}
