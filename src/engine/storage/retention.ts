// Retention for the measurement series: keep at most `maxRawPerCapability` raw rows per capability
// (the newest), roll older ones into per-day buckets (count, sum, sum of squares, min, max) in
// performance_rollups, and give freed pages back with PRAGMA incremental_vacuum — all in small slices
// so no single step blocks the event loop for long. Rows tied to an experiment are never rolled up
// (they are the evidence of an A/B verdict).
import type { Database } from './database';

export interface RetentionOptions {
  /** Raw rows kept per capability (default 10 000). */
  maxRawPerCapability?: number;
  /** At most this many rows rolled up per slice (default 250). */
  sliceRows?: number;
  /** A slice stops starting new work after this many milliseconds (default 8). */
  sliceBudgetMs?: number;
  /**
   * Free pages returned to the file system per slice (default 32). Moving pages is the costly part of a
   * slice (about 0.2 ms per page in sql.js), so slices stay small.
   */
  vacuumPagesPerSlice?: number;
  /**
   * Vacuum only while more pages than this are free (default 1024 = 4 MB at 4 KB pages): at steady state
   * new rows reuse the pages retention frees, so shuffling them to shrink the file would be wasted work.
   */
  vacuumAbovePages?: number;
}

export interface SliceResult {
  /** Call again soon: the sweep over capabilities is not finished or free pages remain. */
  moreWork: boolean;
  rolledUp: number;
  vacuumedPages: number;
  elapsedMs: number;
}

interface Cursor { after: string }
const cursors = new WeakMap<Database, Cursor>();

const DEFAULTS = { maxRawPerCapability: 10_000, sliceRows: 250, sliceBudgetMs: 8, vacuumPagesPerSlice: 32, vacuumAbovePages: 1024 };

/** One bounded step of retention work. Safe to call at any time outside a caller's open transaction. */
export function runRetentionSlice(db: Database, options: RetentionOptions = {}): SliceResult {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.maxRawPerCapability) || o.maxRawPerCapability < 1) throw new RangeError('maxRawPerCapability must be a positive integer');
  const t0 = performance.now();
  const result: SliceResult = { moreWork: false, rolledUp: 0, vacuumedPages: 0, elapsedMs: 0 };
  if (db.readOnly || db.isClosed) return result;
  const cursor = cursors.get(db) ?? { after: '' };
  cursors.set(db, cursor);
  let sweepDone = false;
  while (result.rolledUp < o.sliceRows && performance.now() - t0 < o.sliceBudgetMs) {
    const next = db.get<{ name: string }>(
      'SELECT capability_name AS name FROM performance_metrics WHERE capability_name > ? ORDER BY capability_name LIMIT 1', [cursor.after]);
    if (!next) { sweepDone = true; break; }
    const rolled = rollUpOldest(db, next.name, o.maxRawPerCapability, o.sliceRows - result.rolledUp);
    result.rolledUp += rolled.count;
    if (!rolled.more) cursor.after = next.name; // this capability is within its cap now
  }
  if (sweepDone) cursor.after = '';
  const free = freePages(db);
  if (free > o.vacuumAbovePages && performance.now() - t0 < o.sliceBudgetMs) {
    const pages = Math.max(1, Math.min(Math.floor(o.vacuumPagesPerSlice), free - o.vacuumAbovePages));
    // Through run(): journaled, so the saver's copy frees the same pages (sql.js runs a script to completion).
    db.run(`PRAGMA incremental_vacuum(${pages})`);
    result.vacuumedPages = free - freePages(db);
    if (result.vacuumedPages > 0) db.markDirty();
  }
  result.moreWork = !sweepDone || freePages(db) > o.vacuumAbovePages;
  result.elapsedMs = performance.now() - t0;
  return result;
}

function freePages(db: Database): number {
  return Number(db.get<{ freelist_count: number }>('PRAGMA freelist_count')!.freelist_count);
}

/** Rolls up to `limit` of the capability's rows beyond its newest `keep` into daily buckets. */
function rollUpOldest(db: Database, name: string, keep: number, limit: number): { count: number; more: boolean } {
  // The newest row that falls outside the cap (index-only walk of `keep` entries).
  const boundary = db.get<{ at: string; id: number }>(
    `SELECT recorded_at AS at, id FROM performance_metrics WHERE capability_name = ?
     ORDER BY recorded_at DESC, id DESC LIMIT 1 OFFSET ?`, [name, keep]);
  if (!boundary) return { count: 0, more: false };
  const slice = db.all<{ at: string; id: number }>(
    `SELECT recorded_at AS at, id FROM performance_metrics
     WHERE capability_name = ? AND recorded_at <= ? AND (recorded_at < ? OR id <= ?) AND experiment_id IS NULL
     ORDER BY recorded_at, id LIMIT ?`, [name, boundary.at, boundary.at, boundary.id, limit + 1]);
  if (slice.length === 0) return { count: 0, more: false };
  const more = slice.length > limit;
  const last = slice[Math.min(slice.length, limit) - 1];
  // Written so that SQLite walks the (capability_name, recorded_at) index range, not the whole capability.
  const inSlice = `capability_name = ? AND recorded_at <= ? AND (recorded_at < ? OR id <= ?) AND experiment_id IS NULL`;
  const params = [name, last.at, last.at, last.id];
  db.transaction(() => {
    db.run(
      `INSERT INTO performance_rollups (capability_name, day, count, sum, sum_sq, min, max)
       SELECT capability_name, substr(recorded_at, 1, 10), count(*), sum(value), sum(value * value), min(value), max(value)
       FROM performance_metrics WHERE ${inSlice} GROUP BY capability_name, substr(recorded_at, 1, 10)
       ON CONFLICT (capability_name, day) DO UPDATE SET
         count = count + excluded.count, sum = sum + excluded.sum, sum_sq = sum_sq + excluded.sum_sq,
         min = min(min, excluded.min), max = max(max, excluded.max)`, params);
    db.run(`DELETE FROM performance_metrics WHERE ${inSlice}`, params);
  });
  return { count: Math.min(slice.length, limit), more };
}

export interface RetentionSchedule {
  stop(): void;
  /** Runs slices back to back until there is no more work (for tests and before a benchmark). */
  drain(): SliceResult;
}

export interface ScheduleOptions extends RetentionOptions {
  /** Between sweeps, and between slices while changes keep arriving (default 1000 ms). */
  intervalMs?: number;
  /** No change for this long counts as idle: slices then run back to back (default 1000 ms). */
  idleMs?: number;
  onError?: (error: unknown) => void;
}

/** Runs retention in the background: back-to-back slices when idle, one slice per interval when busy. */
export function scheduleRetention(db: Database, options: ScheduleOptions = {}): RetentionSchedule {
  const intervalMs = options.intervalMs ?? 1000;
  const idleMs = options.idleMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const arm = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };
  const tick = (): void => {
    timer = null;
    if (stopped || db.isClosed || db.readOnly) { stopped = true; return; }
    if (db.inTransaction) { arm(10); return; }
    try {
      const idle = Date.now() - db.lastChangeAt >= idleMs;
      const r = runRetentionSlice(db, options);
      arm(r.moreWork ? (idle ? 0 : intervalMs) : intervalMs);
    } catch (err) {
      (options.onError ?? ((e) => console.error('Self-Improvement Engine: retention failed', e)))(err);
      arm(intervalMs * 10);
    }
  };
  arm(intervalMs);
  return {
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    drain(): SliceResult {
      const total: SliceResult = { moreWork: false, rolledUp: 0, vacuumedPages: 0, elapsedMs: 0 };
      for (let i = 0; i < 1_000_000; i++) {
        const r = runRetentionSlice(db, options);
        total.rolledUp += r.rolledUp;
        total.vacuumedPages += r.vacuumedPages;
        total.elapsedMs += r.elapsedMs;
        if (!r.moreWork) break;
      }
      return total;
    },
  };
}
