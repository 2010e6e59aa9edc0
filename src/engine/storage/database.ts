// sql.js (WASM SQLite) held in memory and saved whole to one file.
// Saves are atomic (temp + fsync + rename + directory fsync, previous generation kept as `.prev`) and
// coalesced; `writeThrough()` saves at once for changes that protect user code. A save requested
// inside a transaction waits for it to end. Opening checks integrity, falls back to `.prev`, and takes
// the single-writer lock.
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database as SqlJsDatabase, type SqlJsStatic, type SqlValue, type Statement } from 'sql.js';
import { ReadOnlyError } from '../errors';
import { atomicWrite, removeStaleTempFiles } from './atomic-write';
import { loadGeneration, type OpenReport } from './generations';
import type { IntegrityLevel } from './integrity';
import { tryAcquireLock, type FileLock, type LockInfo } from './lock';
import { migrate } from './migrations';
import { realDatabasePath } from './databasePath';
import { DatabaseBusyError, DatabaseUnwritableError } from './storage-errors';

export type Params = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, SqlValue>;
export type { OpenReport } from './generations';

export interface DatabaseOptions {
  /** File to load and save; omitted = in-memory only. */
  path?: string;
  /** Where sql-wasm.wasm is; default: beside the bundle, else from node_modules. */
  wasmPath?: string;
  /** Coalescing: save this long after the last change… (default 1000 ms) */
  saveDelayMs?: number;
  /** …but no later than this after the first unsaved change (default 5000 ms). */
  maxSaveDelayMs?: number;
  /**
   * When another live process holds the writer lock: throw DatabaseBusyError ('fail', default) or open
   * read-only. 'never': a read-only view that does not even try the lock (nothing is migrated on disk,
   * recovered or saved), for callers that only read.
   */
  lock?: 'fail' | 'readonly' | 'never';
  /** Check at open: 'quick' (PRAGMA quick_check, default), 'full' (integrity_check) or 'off'. */
  integrityCheck?: IntegrityLevel;
  /** Neither generation readable: set the damaged files aside and start empty (default false: throw). */
  startFreshIfUnrecoverable?: boolean;
  /** Recovery notices meant for the user (also kept in `openReport.messages`). */
  onMessage?: (message: string) => void;
  /**
   * A small file kept beside the database (`<file><suffix>`), e.g. the audit trail's sealed head: read at
   * open (before the database, so it is never newer than what was loaded) and written after each
   * durable save with what `content()` returned at export time (null: leave the file as it is).
   */
  sidecar?: { suffix: string; content: () => string | null };
  /** The clock and timer of coalesced saves; injected by tests to check the timings without waiting. */
  timers?: SaveTimers;
  /** A background (coalesced) save failed; it is retried. Default: console.error. */
  onSaveError?: (error: unknown) => void;
}

export interface SaveTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: SaveTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // a pending save never keeps the process alive; close() and the exit hook flush
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SaveStats {
  /** Milliseconds the event loop was blocked exporting the image. */
  exportMs: number;
  /** Milliseconds from export to durable (async: write, fsync, rename, directory fsync). */
  writeMs: number;
  bytes: number;
}

let sqlJs: Promise<SqlJsStatic> | undefined;
const STATEMENT_CACHE_SIZE = 200;

function locateWasm(explicit?: string): string {
  if (explicit) return explicit;
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(beside)) return beside;
  // Not a literal, so bundlers leave it alone: the packaged extension always has the wasm beside it.
  const fromPackage = 'sql.js/dist/sql-wasm.wasm';
  return require.resolve(fromPackage);
}

export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => locateWasm(wasmPath) });
  return sqlJs;
}

export class Database {
  private dirtySince: number | null = null;
  private timer: unknown = null;
  private txDepth = 0;
  private closed = false;
  private saving: Promise<void> = Promise.resolve();
  private afterTransaction: Array<() => void> = [];
  private readOnlyMode = false;
  private lastChange = 0;
  private saves = 0;
  private lastSaveStats: SaveStats | null = null;
  private sidecarText: string | null = null;
  /** Prepared statements by SQL text, least recently used first (preparing costs more than running). */
  private readonly statements = new Map<string, Statement>();

  private constructor(
    private db: SqlJsDatabase,
    private readonly options: DatabaseOptions,
    private readonly lock: FileLock | null,
    /** How the file was opened: from the file, its previous generation, or new; with notices. */
    readonly openReport: OpenReport,
    /** When read-only because another process writes: who holds the lock. */
    readonly lockHolder: LockInfo | null,
    /** Why it is read-only (another writer, or a folder that cannot be written); null for the writer. */
    readonly readOnlyReason: string | null = null,
  ) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    const SQL = await loadSqlJs(options.wasmPath);
    if (!options.path) {
      return Database.init(new SQL.Database(), options, null, { source: 'memory', messages: [], setAside: [] }, null);
    }
    const file = realDatabasePath(options.path);
    let lock: FileLock | null = null;
    let holder: LockInfo | null = null;
    let readOnlyReason: string | null = null;
    // A folder that cannot be written (read-only file system, no permission) can have no writer, but
    // can still be viewed: no lock is needed for a read-only view (issue 19 item 6).
    const unwritable = options.lock === 'never' ? null : unwritableReason(() => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const acquired = tryAcquireLock(file);
      if (acquired.acquired) lock = acquired.lock;
      else if (options.lock === 'readonly') holder = acquired.holder;
      else throw new DatabaseBusyError(file, acquired.holder);
    });
    if (unwritable !== null) {
      if (options.lock !== 'readonly') throw new DatabaseUnwritableError(file, unwritable);
      readOnlyReason = `its folder cannot be written (${unwritable}), so changes cannot be saved`;
      options.onMessage?.(`The database ${file} is open read-only: ${readOnlyReason}.`);
    } else if (options.lock === 'never') {
      readOnlyReason = 'it was opened as a read-only view';
    } else if (holder !== null) {
      const h: LockInfo = holder;
      readOnlyReason = `pid ${h.pid} on host ${h.hostname} has been writing it since ${h.since}`;
    }
    try {
      if (lock) removeStaleTempFiles(file, options.sidecar?.suffix);
      const sidecar = readSidecar(file, options);
      const loaded = loadGeneration(SQL, file, {
        integrity: options.integrityCheck ?? 'quick',
        writer: lock !== null,
        startFreshIfUnrecoverable: options.startFreshIfUnrecoverable ?? false,
      });
      for (const m of loaded.report.messages) options.onMessage?.(m);
      const db = await Database.init(loaded.db, { ...options, path: file }, lock, loaded.report, holder, readOnlyReason, sidecar);
      // A recovered generation becomes the file again at once, so the damaged one is never reloaded.
      if (loaded.report.source === 'previous' && lock) {
        db.dirtySince ??= db.timers.now();
        await db.flush();
      }
      return db;
    } catch (err) {
      (lock as FileLock | null)?.release();
      throw err;
    }
  }

  private static async init(raw: SqlJsDatabase, options: DatabaseOptions, lock: FileLock | null, report: OpenReport, holder: LockInfo | null,
    readOnlyReason: string | null = null, sidecar: string | null = null): Promise<Database> {
    const db = new Database(raw, options, lock, report, holder, readOnlyReason);
    db.sidecarText = sidecar;
    try {
      configure(raw);
      // Read-only openers migrate an older file in memory only; it is never saved.
      migrate(db);
    } catch (err) {
      raw.close();
      throw err;
    }
    if (readOnlyReason !== null) {
      db.readOnlyMode = true;
      db.cancelTimer();
      db.dirtySince = null;
    } else if (report.source === 'new' && options.path) {
      // Create the file at once so that a fresh database is on disk with its schema.
      await db.flush();
    }
    return db;
  }

  /** True when another process holds the writer lock: reads work, writes throw ReadOnlyError. */
  get readOnly(): boolean {
    return this.readOnlyMode;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get path(): string | undefined {
    return this.options.path;
  }

  /** Date.now() of the last change (0 when none since open); lets background work wait for idle. */
  get lastChangeAt(): number {
    return this.lastChange;
  }

  /** True while changes wait to be saved. */
  get hasUnsavedChanges(): boolean {
    return this.dirtySince !== null;
  }

  /** The sidecar file's text as last read or written (null: none). */
  get sidecarOnDisk(): string | null {
    return this.sidecarText;
  }

  get saveCount(): number {
    return this.saves;
  }

  get lastSave(): SaveStats | null {
    return this.lastSaveStats;
  }

  get inTransaction(): boolean {
    return this.txDepth > 0;
  }

  /** Runs one statement with params, or any number of statements without. */
  run(sql: string, params?: Params): void {
    this.assertWritable();
    if (params === undefined) this.db.run(sql);
    else this.step(sql, params);
    this.markDirty();
  }

  /** Runs an INSERT and returns the new row id. */
  insert(sql: string, params?: Params): number {
    this.assertWritable();
    this.step(sql, params ?? []);
    this.markDirty();
    return Number(this.get<{ id: number }>('SELECT last_insert_rowid() AS id')!.id);
  }

  private step(sql: string, params: Params): void {
    const stmt = this.prepare(sql);
    try {
      stmt.bind(params);
      stmt.step();
    } finally {
      stmt.reset();
    }
  }

  private prepare(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const stmt = this.db.prepare(sql);
    this.statements.set(sql, stmt);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const [oldest, old] = this.statements.entries().next().value as [string, Statement];
      this.statements.delete(oldest);
      old.free();
    }
    return stmt;
  }

  private dropStatements(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
  }

  /** Number of rows changed by the last INSERT/UPDATE/DELETE. */
  changes(): number {
    return this.db.getRowsModified();
  }

  all<T = Row>(sql: string, params?: Params): T[] {
    const stmt = this.prepare(sql);
    try {
      stmt.bind(params ?? []);
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    } finally {
      stmt.reset();
    }
  }

  get<T = Row>(sql: string, params?: Params): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  /** Runs fn in a transaction (nested calls join the outer one); rolls back when it throws. */
  transaction<T>(fn: () => T): T {
    if (this.txDepth > 0) {
      this.txDepth++;
      try { return fn(); } finally { this.txDepth--; }
    }
    this.assertWritable();
    this.db.run('BEGIN');
    this.txDepth = 1;
    let committed = false;
    try {
      const result = fn();
      this.db.run('COMMIT');
      committed = true;
      return result;
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    } finally {
      this.txDepth = 0;
      if (committed) this.markDirty();
      // Saves requested inside the transaction run now that it has ended.
      const waiting = this.afterTransaction;
      this.afterTransaction = [];
      for (const resume of waiting) resume();
    }
  }

  get userVersion(): number {
    return Number(this.get<{ user_version: number }>('PRAGMA user_version')!.user_version);
  }

  /** Schedules a coalesced save: saveDelayMs after the last change, at most maxSaveDelayMs after the first. */
  markDirty(): void {
    this.lastChange = this.timers.now();
    if (!this.options.path || this.closed || this.readOnlyMode) return;
    this.dirtySince ??= this.lastChange;
    this.schedule(this.options.saveDelayMs ?? 1000);
  }

  private schedule(wanted: number): void {
    this.cancelTimer();
    const deadline = this.dirtySince! + (this.options.maxSaveDelayMs ?? 5000);
    const delay = Math.max(0, Math.min(wanted, deadline - this.timers.now()));
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush().catch((err: unknown) => (this.options.onSaveError ?? defaultSaveError)(err));
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer !== null) { this.timers.clearTimeout(this.timer); this.timer = null; }
  }

  private get timers(): SaveTimers {
    return this.options.timers ?? systemTimers;
  }

  /** Resolves once the save in flight, if any, has ended (it does not start one). */
  saved(): Promise<void> {
    return this.saving.catch(() => undefined);
  }

  /** Saves now (for changes that protect user code) and resolves once the bytes are durable on disk. */
  writeThrough(): Promise<void> {
    return this.flush();
  }

  /** Saves everything changed so far; resolves when durable. Inside a transaction it waits for its end. */
  flush(): Promise<void> {
    if (!this.options.path || this.readOnlyMode) return Promise.resolve();
    if (this.txDepth > 0) {
      return new Promise<void>((resolve, reject) => {
        this.afterTransaction.push(() => this.flush().then(resolve, reject));
      });
    }
    this.cancelTimer();
    if (this.dirtySince === null || this.closed) return this.saving;
    const since = this.dirtySince;
    this.dirtySince = null;
    const t0 = performance.now();
    let data: Uint8Array;
    try {
      data = this.db.export();
    } catch (err) {
      this.dirtySince = since;
      return Promise.reject(err);
    }
    const exportMs = performance.now() - t0;
    // Older sql.js versions closed and reopened the connection on export, resetting PRAGMAs.
    configure(this.db);
    const file = this.options.path;
    const sidecar = this.options.sidecar;
    // Computed from the same state as the exported image, before anything else can change.
    const sidecarContent = sidecar ? sidecar.content() : null;
    const write = this.saving.catch(() => undefined).then(async () => {
      const t1 = performance.now();
      await atomicWrite(file, data);
      this.saves++;
      this.lastSaveStats = { exportMs, writeMs: performance.now() - t1, bytes: data.length };
      if (sidecar && sidecarContent !== null) {
        // After the database: the sidecar is never newer than the file. Its failure does not undo the save.
        try {
          await atomicWrite(file + sidecar.suffix, Buffer.from(sidecarContent, 'utf8'), { keepPrevious: false });
          this.sidecarText = sidecarContent;
        } catch (err) {
          (this.options.onSaveError ?? defaultSaveError)(err);
        }
      }
    });
    this.saving = write;
    write.catch(() => {
      // Not on disk: keep the changes marked unsaved and try again later.
      if (this.closed) return;
      this.dirtySince ??= since;
      this.schedule(this.options.saveDelayMs ?? 1000);
    });
    return write;
  }

  /** Read-only mode: load the file again to see what the writer has saved since. */
  async reload(): Promise<void> {
    if (!this.readOnlyMode || !this.options.path) throw new ReadOnlyError('reload() is for read-only databases; the writer already has the latest state.');
    const SQL = await loadSqlJs(this.options.wasmPath);
    const sidecar = readSidecar(this.options.path, this.options);
    const loaded = loadGeneration(SQL, this.options.path, { integrity: this.options.integrityCheck ?? 'quick', writer: false, startFreshIfUnrecoverable: false });
    this.dropStatements();
    this.db.close();
    this.db = loaded.db;
    this.sidecarText = sidecar;
    configure(this.db);
  }

  /** Writes everything, releases the writer lock and frees memory. If the final save fails it throws and stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.cancelTimer();
    this.dropStatements();
    this.db.close();
    this.lock?.release();
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('The database is closed.');
    if (this.readOnlyMode) throw new ReadOnlyError(`The database is open read-only: ${this.readOnlyReason ?? 'another process writes it'}.`);
  }
}

/**
 * Connection settings. The rollback journal lives in memory: durability comes from exporting
 * committed snapshots atomically, not from SQLite's journal, and a journal file in sql.js's in-memory
 * file system made every autocommit statement about 6× slower.
 */
function configure(raw: SqlJsDatabase): void {
  raw.run('PRAGMA foreign_keys = ON; PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY');
}

function readSidecar(file: string, options: DatabaseOptions): string | null {
  if (!options.sidecar) return null;
  try {
    return fs.readFileSync(file + options.sidecar.suffix, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Runs fn; null when it succeeded, the reason when it failed because the place cannot be written. */
function unwritableReason(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined || !UNWRITABLE.has(code)) throw err;
    return code === 'EROFS' ? 'EROFS: a read-only file system' : `${code}: no permission to write there`;
  }
}

function defaultSaveError(err: unknown): void {
  console.error('Self-Improvement Engine: saving the database failed; will retry.', err);
}

export { atomicWrite } from './atomic-write';
