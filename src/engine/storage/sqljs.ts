// Loading sql.js (WASM SQLite) and the settings every connection gets, shared by the extension host's
// Database and the saver worker (which must open the file exactly the same way).
import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database as SqlJsDatabase, type SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

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

/**
 * Connection settings. The rollback journal lives in memory: durability comes from the change journal
 * (journal.ts) and atomically written snapshots, not from SQLite's journal, and a journal file in sql.js's
 * in-memory file system made every autocommit statement about 6× slower.
 */
export function configure(raw: SqlJsDatabase): void {
  raw.run('PRAGMA foreign_keys = ON; PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY; PRAGMA locking_mode = EXCLUSIVE');
}
