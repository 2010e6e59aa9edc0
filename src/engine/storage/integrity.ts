// Checks a database image before it is trusted: the SQLite header, truncation against the size the
// header records, then PRAGMA quick_check (or integrity_check) on the loaded bytes.
import type { Database as SqlJsDatabase, SqlJsStatic } from 'sql.js';

export type IntegrityLevel = 'quick' | 'full' | 'off';

const MAGIC = 'SQLite format 3\0';

/** Cheap structural check of the raw bytes; returns a problem or null. */
export function checkHeader(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length < 100) return `the file is only ${bytes.length} bytes (truncated header)`;
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) return 'the file does not start with the SQLite header';
  }
  const raw = (bytes[16] << 8) | bytes[17];
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `invalid page size ${raw}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const changeCounter = view.getUint32(24);
  const pages = view.getUint32(28);
  const validFor = view.getUint32(92);
  // The in-header size is trustworthy only when written by the same change (SQLite ≥ 3.7.0 always does).
  if (pages > 0 && changeCounter === validFor) {
    const expected = pages * pageSize;
    if (bytes.length < expected) return `the file is truncated (${bytes.length} of ${expected} bytes)`;
  }
  if (bytes.length % pageSize !== 0) return `the file size ${bytes.length} is not a multiple of the page size ${pageSize}`;
  return null;
}

export interface LoadedImage {
  db?: SqlJsDatabase;
  problem?: string;
}

/** Loads bytes into sql.js and checks them; on any problem the sql.js database is closed. */
export function loadChecked(SQL: SqlJsStatic, bytes: Uint8Array, level: IntegrityLevel): LoadedImage {
  const header = checkHeader(bytes);
  if (header) return { problem: header };
  let db: SqlJsDatabase | undefined;
  try {
    db = new SQL.Database(bytes);
    if (level !== 'off') {
      const pragma = level === 'full' ? 'PRAGMA integrity_check' : 'PRAGMA quick_check';
      const result = db.exec(pragma);
      const lines = result[0]?.values.map((r) => String(r[0])) ?? ['no result'];
      if (!(lines.length === 1 && lines[0] === 'ok')) {
        db.close();
        return { problem: `${pragma} failed: ${lines.slice(0, 3).join(' | ')}` };
      }
    } else {
      db.exec('SELECT count(*) FROM sqlite_master');
    }
    return { db };
  } catch (err) {
    db?.close();
    return { problem: `SQLite cannot read it (${err instanceof Error ? err.message : String(err)})` };
  }
}
