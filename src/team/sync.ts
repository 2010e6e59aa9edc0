// Local-first sync with the team store: push this database's append-only records, pull every other origin's,
// verify each origin's audit chain. Idempotent (unique keys on both sides: nothing is ever duplicated),
// resumable (cursors move only after the batch is stored, so a sync cut by a network fault or a server
// restart resumes where it stopped), and it never holds the event loop for long (small batches, a yield between).
import type { Database } from '../engine/storage/database';
import { engineChunk } from '../chunkLoader';
import { TeamError } from './errors';
import { localOrigin, type OriginOverrides } from './origin';
import { CURSOR_KINDS, RECORD_KINDS, heldKeyOf, nextPosition, pulledAuditTrail, readOwn, storePulled, type RecordKind } from './records';
import type { TeamStore } from './teamStore';

export interface SyncOptions extends OriginOverrides {
  /** Records per batch (one server transaction each); default 500. */
  batchSize?: number;
  /** Only push, or only pull; default both. */
  direction?: 'both' | 'push' | 'pull';
  signal?: AbortSignal;
  /** After each stored batch (for progress, and for tests that cut the connection mid-sync). */
  onBatch?: (step: { direction: 'push' | 'pull'; kind: RecordKind; originId: string; count: number }) => void | Promise<void>;
}

export interface OriginChain { originId: string; machine: string; userName: string; ok: boolean; checked: number; reason: string }

export interface SyncReport {
  originId: string;
  /** New rows the server accepted, per kind (re-sent rows it already had are not counted). */
  pushed: Record<RecordKind, number>;
  /** New rows stored here, per kind. */
  pulled: Record<RecordKind, number>;
  /** Each other origin's pulled audit chain, verified here. */
  chains: OriginChain[];
  /** False when any pulled chain does not verify. */
  ok: boolean;
}

/** The slice of the engine sync needs (SelfImprovementEngine has it). */
export interface SyncableEngine { readonly storage: Database; readonly readOnly: boolean; flush(): Promise<void> }

const zero = (): Record<RecordKind, number> => ({ audit: 0, measurements: 0, outcomes: 0, experiments: 0, learnings: 0 });
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function cursor(db: Database, direction: 'push' | 'pull', originId: string, kind: RecordKind): number {
  return db.get<{ position: number }>('SELECT position FROM team_cursors WHERE direction = ? AND origin_id = ? AND kind = ?', [direction, originId, kind])?.position ?? 0;
}

function setCursor(db: Database, direction: 'push' | 'pull', originId: string, kind: RecordKind, position: number): void {
  db.run('INSERT OR REPLACE INTO team_cursors (direction, origin_id, kind, position, updated_at) VALUES (?, ?, ?, ?, ?)',
    [direction, originId, kind, position, new Date().toISOString()]);
}

// One sync at a time per database: a second call while one runs gets the same promise.
const running = new WeakMap<Database, Promise<SyncReport>>();

export function syncTeam(engine: SyncableEngine, store: TeamStore, options: SyncOptions = {}): Promise<SyncReport> {
  const db = engine.storage;
  const current = running.get(db);
  if (current) return current;
  const p = runSync(engine, store, options).finally(() => running.delete(db));
  running.set(db, p);
  return p;
}

async function runSync(engine: SyncableEngine, store: TeamStore, options: SyncOptions): Promise<SyncReport> {
  if (engine.readOnly) {
    throw new TeamError('TEAM_LOCAL_READ_ONLY', 'This database is open read-only (another window or process writes it), so it cannot record what it synced. Sync from the process that has it open for writing.');
  }
  const db = engine.storage;
  const batchSize = options.batchSize ?? 500;
  const direction = options.direction ?? 'both';
  const origin = db.transaction(() => localOrigin(db, options));
  const report: SyncReport = { originId: origin.originId, pushed: zero(), pulled: zero(), chains: [], ok: true };
  await store.registerOrigin(origin);

  if (direction !== 'pull') {
    for (const kind of RECORD_KINDS) {
      // Cursor kinds resume after the last acknowledged id; the others (updated in place, small) are offered whole.
      let position = CURSOR_KINDS.has(kind) ? cursor(db, 'push', origin.originId, kind) : 0;
      const held = kind === 'experiments' || kind === 'learnings' ? await store.heldKeys(kind, origin.originId) : null;
      for (;;) {
        options.signal?.throwIfAborted();
        const batch = readOwn(db, kind, origin, position, batchSize);
        if (!batch.length) break;
        const missing = held ? batch.filter((rec) => !held.has(heldKeyOf(kind as 'experiments' | 'learnings', rec))) : batch;
        report.pushed[kind] += await store.push(kind, origin.originId, missing);
        position = nextPosition(kind, position, batch);
        if (CURSOR_KINDS.has(kind)) setCursor(db, 'push', origin.originId, kind, position);
        await options.onBatch?.({ direction: 'push', kind, originId: origin.originId, count: batch.length });
        await yieldToLoop();
      }
    }
  }

  if (direction !== 'push') {
    const others = (await store.origins()).filter((o) => o.originId !== origin.originId);
    for (const other of others) {
      db.run('INSERT OR REPLACE INTO team_origins (origin_id, machine, user_name, label, seen_at) VALUES (?, ?, ?, ?, ?)',
        [other.originId, other.machine, other.userName, other.label, new Date().toISOString()]);
      for (const kind of RECORD_KINDS) {
        let position = cursor(db, 'pull', other.originId, kind);
        for (;;) {
          options.signal?.throwIfAborted();
          const { records, lastSeq } = await store.pull(kind, other.originId, position, batchSize);
          if (!records.length) break;
          // Rows and cursor in one local transaction: a crash between them cannot skip or repeat a batch.
          report.pulled[kind] += db.transaction(() => {
            const added = storePulled(db, kind, other.originId, records);
            setCursor(db, 'pull', other.originId, kind, lastSeq);
            return added;
          });
          position = lastSeq;
          await options.onBatch?.({ direction: 'pull', kind, originId: other.originId, count: records.length });
          await yieldToLoop();
        }
      }
      const check = engineChunk().verifyAuditChain(pulledAuditTrail(db, other.originId));
      report.chains.push({ originId: other.originId, machine: other.machine, userName: other.userName, ok: check.ok, checked: check.checked, reason: check.reason });
      if (!check.ok) report.ok = false;
    }
  }
  await engine.flush();
  return report;
}
