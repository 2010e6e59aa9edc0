// Applying change-journal records to a sql.js database, and the folded sequence number kept inside the
// database (which records a saved file already contains). Used at open (the extension host's copy) and by
// the saver (its own copy), so both reach the same state from the same file and records.
import type { Database as SqlJsDatabase, Statement } from 'sql.js';
import type { JournalRecord } from './journal';

/** Written only by saves (never journaled): the highest record seq the saved image contains. */
export const FOLD_TABLE = 'sie_journal_fold';

export function foldedSeq(raw: SqlJsDatabase): number {
  const exists = raw.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${FOLD_TABLE}'`);
  if (!exists.length) return 0;
  const res = raw.exec(`SELECT seq FROM ${FOLD_TABLE} WHERE id = 1`);
  return res.length ? Number(res[0].values[0][0]) : 0;
}

export function setFoldedSeq(raw: SqlJsDatabase, seq: number): void {
  raw.run(`CREATE TABLE IF NOT EXISTS ${FOLD_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL)`);
  raw.run(`INSERT INTO ${FOLD_TABLE} (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq`, [seq]);
}

export class ReplayError extends Error {
  constructor(readonly seq: number, cause: unknown) {
    super(`Change ${seq} of the journal could not be applied: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ReplayError';
  }
}

/** Applies one record as one transaction (all its statements or none); throws ReplayError. */
export function applyRecord(raw: SqlJsDatabase, record: JournalRecord, cache: Map<string, Statement> = new Map()): void {
  const several = record.statements.length > 1;
  try {
    if (several) raw.run('BEGIN');
    for (const [sql, params] of record.statements) {
      if (params === undefined) { raw.run(sql); continue; }
      let stmt = cache.get(sql);
      if (!stmt) { stmt = raw.prepare(sql); cache.set(sql, stmt); }
      try { stmt.bind(params); stmt.step(); } finally { stmt.reset(); }
    }
    if (several) raw.run('COMMIT');
  } catch (err) {
    if (several) { try { raw.run('ROLLBACK'); } catch { /* no transaction left */ } }
    throw new ReplayError(record.seq, err);
  }
}

/** Applies records in order; returns the last seq applied and, if one failed, why (the rest are skipped). */
export function applyRecords(raw: SqlJsDatabase, records: JournalRecord[], after: number): { lastSeq: number; error: ReplayError | null } {
  let lastSeq = after;
  // Prepared once per distinct SQL text (a record stream repeats a few dozen statements).
  const cache = new Map<string, Statement>();
  try {
    for (const r of records) {
      try { applyRecord(raw, r, cache); } catch (err) { return { lastSeq, error: err as ReplayError }; }
      lastSeq = r.seq;
    }
    return { lastSeq, error: null };
  } finally {
    for (const stmt of cache.values()) stmt.free();
  }
}
