// sql.js (WASM SQLite) held in memory: the working copy, read and written synchronously.
// Every committed write is also appended to the change journal (journal.ts); `writeThrough()` fsyncs it,
// which is what approve / apply / roll back wait for (milliseconds, whatever the database's size).
// Coalesced saves fold the journal into the file: a saver worker (saver-worker.ts) with its own copy
// replays the records, exports and writes atomically (temp + fsync + rename + directory fsync, previous
// generation kept as `.prev`), so the extension host never blocks on an export. A save requested inside
// a transaction waits for it to end. Opening checks integrity, falls back to `.prev`, replays the
// journal's records past the file's folded seq, and takes the single-writer lock.
import fs from 'node:fs';
import path from 'node:path';
import type { Database as SqlJsDatabase, SqlValue, Statement } from 'sql.js';
import { ReadOnlyError } from '../errors';
import { removeStaleTempFiles } from './atomic-write';
import { fold, foldedSegments, type SaveStats } from './fold';
import { loadGeneration, type OpenReport } from './generations';
import { JournalWriter, listSegments, readJournal, removeSegments, type JournalStatement } from './journal';
import { applyRecords, foldedSeq } from './replay';
import { locateSaverScript, SaverError, WorkerSaver } from './saver';
import { configure, loadSqlJs } from './sqljs';
import type { IntegrityLevel } from './integrity';
import { tryAcquireLock, type FileLock, type LockInfo } from './lock';
import { migrate } from './migrations';
import { realDatabasePath } from './databasePath';
import { DatabaseBusyError, DatabaseUnwritableError } from './storage-errors';

export type Params = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, SqlValue>;
export type { OpenReport } from './generations';
export type { SaveStats } from './fold';
export { loadSqlJs } from './sqljs';

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
  /**
   * Who writes the file: 'worker' (default: a worker thread, so the event loop never blocks on an
   * export; falls back to 'inline' when its script, storage-saver.js, cannot be found) or 'inline'.
   */
  saver?: 'worker' | 'inline';
  /** Where storage-saver.js is; default: beside the bundle, else the nearest dist/ above it. */
  saverScript?: string;
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

const STATEMENT_CACHE_SIZE = 200;
/** Statements that may change what a prepared statement's columns are. */
const SCHEMA_CHANGE = /^\s*(?:CREATE|ALTER|DROP)\b/i;

/** Where the journal stands at open: the next record's seq and segment, and the file's folded seq. */
interface JournalStart { seq: number; segment: number; folded: number }

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
  /** The change journal (writer with a file only). */
  private journal: JournalWriter | null = null;
  /** Seq of the last journal record written (or replayed at open). */
  private seq = 0;
  /** Fold seq of the file on disk (which the next save turns into `.prev`). */
  private lastFold = 0;
  /** Statements of the open transaction, journaled as one record when it commits. */
  private txStatements: JournalStatement[] | null = null;
  /** An append failed: the journal no longer holds every change, so saves go inline until one succeeds. */
  private journalBroken = false;
  private saver: WorkerSaver | null = null;
  private closing = false;
  /** Prepared statements by SQL text, least recently used first (preparing costs more than running). */
  private readonly statements = new Map<string, Statement>();
  /**
   * Result column names by statement: sql.js reads them (one string per column, from WASM memory) for
   * every row otherwise. A schema change may recompile a statement with other columns: dropped then.
   */
  private columns = new WeakMap<Statement, string[]>();

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
      const start = replayJournal(loaded.db, file, loaded.report, lock !== null);
      for (const m of loaded.report.messages) options.onMessage?.(m);
      return await Database.init(loaded.db, { ...options, path: file }, lock, loaded.report, holder, readOnlyReason, sidecar, start);
    } catch (err) {
      (lock as FileLock | null)?.release();
      throw err;
    }
  }

  private static async init(raw: SqlJsDatabase, options: DatabaseOptions, lock: FileLock | null, report: OpenReport, holder: LockInfo | null,
    readOnlyReason: string | null = null, sidecar: string | null = null, start: JournalStart | null = null): Promise<Database> {
    const db = new Database(raw, options, lock, report, holder, readOnlyReason);
    db.sidecarText = sidecar;
    const writer = readOnlyReason === null && options.path !== undefined && start !== null;
    try {
      configure(raw);
      if (writer) {
        db.seq = start.seq;
        db.lastFold = start.folded;
        // Before migrating: the saver's copy must see the migration's statements too.
        db.journal = new JournalWriter(options.path!, start.segment);
        // Replayed changes are not in the file yet: the next save folds them.
        if (start.seq > start.folded) db.markDirty();
      }
      // Read-only openers migrate an older file in memory only; it is never saved.
      migrate(db);
    } catch (err) {
      db.journal?.close();
      raw.close();
      throw err;
    }
    if (readOnlyReason !== null) {
      db.readOnlyMode = true;
      db.cancelTimer();
      db.dirtySince = null;
    } else if (writer) {
      // A new file is created at once with its schema; a recovered generation becomes the file again at
      // once, so the damaged one is never reloaded. Saved here, so that the saver opens a whole file.
      if (report.source === 'new' || report.source === 'previous') {
        db.dirtySince ??= db.timers.now();
        try { await db.flush(); } catch (err) { db.journal?.close(); raw.close(); throw err; }
      }
      const script = options.saver === 'inline' ? null : locateSaverScript(options.saverScript);
      if (script) db.saver = new WorkerSaver(script, { file: options.path!, wasmPath: options.wasmPath });
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

  /** Who writes the file: the saver worker, the extension host itself, or nobody (in memory, read-only). */
  get saverKind(): 'worker' | 'inline' | 'none' {
    if (!this.journal) return 'none';
    return this.saver && !this.journalBroken ? 'worker' : 'inline';
  }

  /** Seq of the last change written to the journal (0: none yet). */
  get journalSeq(): number {
    return this.seq;
  }

  get inTransaction(): boolean {
    return this.txDepth > 0;
  }

  /** Runs one statement with params, or any number of statements without. */
  run(sql: string, params?: Params): void {
    this.assertWritable();
    if (params === undefined || SCHEMA_CHANGE.test(sql)) this.columns = new WeakMap();
    if (params === undefined) this.db.run(sql);
    else this.step(sql, params);
    this.record(sql, params);
    this.markDirty();
  }

  /** Runs an INSERT and returns the new row id. */
  insert(sql: string, params?: Params): number {
    this.assertWritable();
    this.step(sql, params ?? []);
    this.record(sql, params ?? []);
    this.markDirty();
    return Number(this.get<{ id: number }>('SELECT last_insert_rowid() AS id')!.id);
  }

  /**
   * Journals a statement that has run: with the open transaction (one record at its commit), else as a
   * record of its own. Parameters are copied: a caller may reuse its array before the commit.
   */
  private record(sql: string, params: Params | undefined): void {
    if (!this.journal) return;
    const copy: JournalStatement = params === undefined ? [sql] : [sql, Array.isArray(params) ? [...params] : { ...params }];
    if (this.txStatements) this.txStatements.push(copy);
    else this.append([copy]);
  }

  private append(statements: JournalStatement[]): void {
    if (!this.journal || this.journalBroken) return;
    try {
      this.journal.append({ seq: this.seq + 1, statements });
      this.seq++;
    } catch (err) {
      // The change is made (in memory) but not journaled: only a save of this copy keeps it now.
      this.journalBroken = true;
      (this.options.onSaveError ?? defaultSaveError)(err);
    }
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
      let names: string[] | undefined;
      while (stmt.step()) {
        const values = stmt.get();
        names ??= this.columnNames(stmt, values.length);
        // As getAsObject builds it (a repeated name: the later column wins).
        const row: Row = {};
        for (let i = 0; i < values.length; i++) row[names[i]] = values[i];
        rows.push(row as T);
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  private columnNames(stmt: Statement, count: number): string[] {
    let names = this.columns.get(stmt);
    if (!names || names.length !== count) {
      names = stmt.getColumnNames();
      this.columns.set(stmt, names);
    }
    return names;
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
    this.step('BEGIN', []);
    this.txDepth = 1;
    this.txStatements = this.journal ? [] : null;
    let committed = false;
    try {
      const result = fn();
      this.step('COMMIT', []);
      committed = true;
      return result;
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    } finally {
      this.txDepth = 0;
      const statements = this.txStatements;
      this.txStatements = null;
      if (committed && statements?.length) this.append(statements);
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

  /**
   * Resolves once every change so far is durable (for changes that protect user code): an fsync of the
   * journal's current segment, off the event loop. Without a usable journal it saves instead.
   */
  writeThrough(): Promise<void> {
    if (!this.journal || this.journalBroken || this.readOnlyMode || this.closed) return this.flush();
    if (this.txDepth > 0) {
      return new Promise<void>((resolve, reject) => {
        this.afterTransaction.push(() => this.writeThrough().then(resolve, reject));
      });
    }
    return this.journal.sync();
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
    const final = this.closing;
    const write = this.saving.catch(() => undefined).then(() => this.save(final));
    this.saving = write;
    write.catch(() => {
      // Not on disk: keep the changes marked unsaved and try again later (they stay in the journal).
      if (this.closed) return;
      this.dirtySince ??= since;
      this.schedule(this.options.saveDelayMs ?? 1000);
    });
    return write;
  }

  /**
   * One save: closes the journal's current segment and has the saver fold everything up to the current
   * seq. The sidecar's content is taken now, from the state the saver's image will hold. When the worker
   * fails, its copy may be behind: it is restarted (from the file) and this save is done inline.
   */
  private async save(final: boolean): Promise<void> {
    const journal = this.journal!;
    const request = (): { through: number; lastSegment: number; sidecar: { suffix: string; content: string } | null } => {
      const content = this.options.sidecar ? this.options.sidecar.content() : null;
      return { through: this.seq, lastSegment: journal.rotate(), sidecar: content === null ? null : { suffix: this.options.sidecar!.suffix, content } };
    };
    const h0 = performance.now();
    let req = request();
    let stats: SaveStats | null = null;
    if (this.saver && !this.journalBroken) {
      try {
        const saved = this.saver.save({ ...req, final });
        const hostMs = performance.now() - h0;
        stats = { ...(await saved), hostMs };
      } catch (err) {
        if (err instanceof SaverError && err.sidecarOnly) {
          (this.options.onSaveError ?? defaultSaveError)(err);
          req = { ...req, sidecar: null };
          stats = { exportMs: 0, writeMs: 0, bytes: 0 };
        } else {
          (this.options.onSaveError ?? defaultSaveError)(err);
          await this.saver.restart();
          req = request(); // inline below: the host's state now, in a fresh segment
        }
      }
    }
    if (!stats) {
      // Inline: this copy is exported on this thread (the fallback, and the first save of a new file).
      const sidecar = req.sidecar;
      let sidecarFailed = false;
      stats = await fold(this.db, {
        file: this.options.path!, through: req.through, lastSegment: req.lastSegment,
        previousFold: final ? req.through : this.lastFold, sidecar,
        onSidecarError: (err) => { sidecarFailed = true; (this.options.onSaveError ?? defaultSaveError)(err); },
      });
      if (sidecarFailed) req = { ...req, sidecar: null };
      stats.hostMs = stats.exportMs;
      this.journalBroken = false;
    }
    this.lastFold = req.through;
    this.saves++;
    this.lastSaveStats = stats;
    if (req.sidecar) this.sidecarText = req.sidecar.content;
  }

  /** Read-only mode: load the file again to see what the writer has saved since. */
  async reload(): Promise<void> {
    if (!this.readOnlyMode || !this.options.path) throw new ReadOnlyError('reload() is for read-only databases; the writer already has the latest state.');
    const SQL = await loadSqlJs(this.options.wasmPath);
    const sidecar = readSidecar(this.options.path, this.options);
    const loaded = loadGeneration(SQL, this.options.path, { integrity: this.options.integrityCheck ?? 'quick', writer: false, startFreshIfUnrecoverable: false });
    replayJournal(loaded.db, this.options.path, loaded.report, false);
    this.dropStatements();
    this.db.close();
    this.db = loaded.db;
    this.sidecarText = sidecar;
    configure(this.db);
  }

  /** Writes everything, releases the writer lock and frees memory. If the final save fails it throws and stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    try {
      await this.flush();
    } finally {
      this.closing = false;
    }
    this.closed = true;
    this.cancelTimer();
    this.dropStatements();
    this.db.close();
    this.journal?.close();
    // A clean close leaves no journal: everything is in the file (segments only a `.prev` needed go too).
    if (this.journal) removeSegments(foldedSegments(this.options.path!, Infinity, this.lastFold));
    await this.saver?.close();
    this.lock?.release();
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('The database is closed.');
    if (this.readOnlyMode) throw new ReadOnlyError(`The database is open read-only: ${this.readOnlyReason ?? 'another process writes it'}.`);
  }
}

/**
 * Brings a loaded generation up to date from the change journal: the records past its folded seq, in
 * order. A gap or a record that does not apply stops the replay (with a notice); the writer then sets the
 * segments aside, so that new records never share a seq with ones that were not applied.
 */
function replayJournal(raw: SqlJsDatabase, file: string, report: OpenReport, writer: boolean): JournalStart {
  const folded = foldedSeq(raw);
  if (report.source === 'new') {
    // No generation to apply them to (the file was deleted, or both generations were unreadable): records
    // left beside it belong to that lost file; never replay them onto an empty database.
    const left = listSegments(file);
    if (writer && left.length) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const s of left) { const aside = `${s.path}.unapplied-${stamp}`; fs.renameSync(s.path, aside); report.setAside.push(aside); }
      report.messages.push(`Change journal segments were found without their database; they were kept aside with the suffix .unapplied-${stamp}.`);
    }
    return { seq: 0, segment: (left.at(-1)?.n ?? 0) + 1, folded: 0 };
  }
  const journal = readJournal(file, folded);
  const replayed = applyRecords(raw, journal.records, folded);
  const problems = [...journal.warnings, ...(replayed.error ? [replayed.error.message] : [])];
  const lastSegment = journal.segments.length ? journal.segments[journal.segments.length - 1].n : 0;
  if (problems.length && writer) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const s of journal.segments) {
      const aside = `${s.path}.unapplied-${stamp}`;
      fs.renameSync(s.path, aside);
      report.setAside.push(aside);
    }
    report.messages.push(`Some recorded changes could not be restored (${problems.join(' ')}). The database holds the changes up to ${replayed.lastSeq}; ` +
      'the journal segments were kept aside with the suffix .unapplied-' + stamp + '.');
  } else if (problems.length) {
    report.messages.push(`Some recorded changes are not shown (${problems.join(' ')}).`);
  }
  return { seq: replayed.lastSeq, segment: lastSegment + 1, folded };
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
