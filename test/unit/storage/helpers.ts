// Shared helpers for storage tests: temp dirs and raw sql.js access that bypasses Database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, loadSqlJs } from '../../../src/engine/storage/database';

export function tempDir(prefix = 'sie-storage-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs SQL on a file's bytes with plain sql.js and returns the rows of the last statement. */
export async function rawQuery(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    const res = db.exec(sql);
    return res.length ? res[res.length - 1].values : [];
  } finally {
    db.close();
  }
}

/**
 * What a reopen after a crash would see: the file plus its change journal, through a read-only view
 * (the writer may keep running). Rows as value arrays, like rawQuery.
 */
export async function durableQuery(file: string, sql: string): Promise<unknown[][]> {
  const db = await Database.open({ path: file, lock: 'never' });
  try {
    return db.all(sql).map((row) => Object.values(row));
  } finally {
    await db.close();
  }
}

/** Writes a database file built by plain sql.js (for old-schema and damaged-file tests). */
export async function writeRawDb(file: string, build: (run: (sql: string) => void) => void): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  build((sql) => db.run(sql));
  fs.writeFileSync(file, db.export());
  db.close();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What a crash at this moment leaves on disk for a database: the file and everything beside it named
 * after it — previous generation, change journal (the segments hold what writeThrough made durable but no
 * save has folded yet), the audit head — copied under another name; open the copy to see what a reopen
 * after the crash would see. Not the lock (a dead writer's lock is taken over) nor temp files.
 */
export function copyDatabaseFiles(from: string, to: string): void {
  const dir = path.dirname(from);
  const base = path.basename(from);
  for (const name of fs.readdirSync(dir)) {
    if (name !== base && !name.startsWith(base + '.')) continue;
    if (name.includes('.tmp-') || name === base + '.lock') continue;
    fs.copyFileSync(path.join(dir, name), to + name.slice(base.length));
  }
}
