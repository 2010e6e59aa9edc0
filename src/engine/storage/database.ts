// sql.js (WASM SQLite) held in memory and saved whole to one file.
// Saves are atomic (temp + fsync + rename) and coalesced; `writeThrough()` saves at once for changes
// that protect user code. Never exports inside a transaction.
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database as SqlJsDatabase, type SqlJsStatic, type SqlValue } from 'sql.js';
import { migrate } from './migrations';

export type Params = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, SqlValue>;

export interface DatabaseOptions {
  /** File to load and save; omitted = in-memory only. */
  path?: string;
  /** Where sql-wasm.wasm is; default: beside the bundle, else from node_modules. */
  wasmPath?: string;
  /** Coalescing: save this long after the last change… */
  saveDelayMs?: number;
  /** …but no later than this after the first unsaved change. */
  maxSaveDelayMs?: number;
}

let sqlJs: Promise<SqlJsStatic> | undefined;

function locateWasm(explicit?: string): string {
  if (explicit) return explicit;
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

export class Database {
  private dirtySince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private txDepth = 0;
  private closed = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly db: SqlJsDatabase, private readonly options: DatabaseOptions) {}

  static async open(options: DatabaseOptions = {}): Promise<Database> {
    sqlJs ??= initSqlJs({ locateFile: () => locateWasm(options.wasmPath) });
    const SQL = await sqlJs;
    const bytes = options.path && fs.existsSync(options.path) ? fs.readFileSync(options.path) : undefined;
    const raw = new SQL.Database(bytes);
    const db = new Database(raw, options);
    raw.run('PRAGMA foreign_keys = ON');
    migrate(db);
    return db;
  }

  run(sql: string, params?: Params): void {
    this.db.run(sql, params);
    this.markDirty();
  }

  /** Runs an INSERT and returns the new row id. */
  insert(sql: string, params?: Params): number {
    this.db.run(sql, params);
    this.markDirty();
    return Number(this.get<{ id: number }>('SELECT last_insert_rowid() AS id')!.id);
  }

  all<T = Row>(sql: string, params?: Params): T[] {
    const stmt = this.db.prepare(sql);
    try {
      if (params) stmt.bind(params);
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    } finally {
      stmt.free();
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
    this.db.run('BEGIN');
    this.txDepth = 1;
    try {
      const result = fn();
      this.db.run('COMMIT');
      return result;
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    } finally {
      this.txDepth = 0;
      this.markDirty();
    }
  }

  get userVersion(): number {
    return Number(this.get<{ user_version: number }>('PRAGMA user_version')!.user_version);
  }

  /** Schedules a coalesced save. */
  markDirty(): void {
    if (!this.options.path || this.closed) return;
    const now = Date.now();
    this.dirtySince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.options.saveDelayMs ?? 1000, this.dirtySince + (this.options.maxSaveDelayMs ?? 5000) - now));
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref?.();
  }

  /** Saves now (for changes that protect user code) and resolves once the file is durable. */
  writeThrough(): Promise<void> {
    return this.flush();
  }

  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (!this.options.path || this.dirtySince === null) return this.saving;
    if (this.txDepth > 0) throw new Error('Cannot save inside a transaction');
    this.dirtySince = null;
    const data = this.db.export();
    // sql.js's export() resets PRAGMAs like foreign_keys; set it again.
    this.db.run('PRAGMA foreign_keys = ON');
    this.saving = this.saving.then(() => atomicWrite(this.options.path!, data));
    return this.saving;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.db.close();
  }
}

export async function atomicWrite(file: string, data: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
}
