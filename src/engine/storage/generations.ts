// Chooses which generation of a database file to open: the file itself when it passes the integrity
// check, else its previous generation (`.prev`), with the damaged file renamed aside
// (`<file>.corrupt-<time>`) and a message saying so. Never replaces data with an empty database silently.
import fs from 'node:fs';
import type { Database as SqlJsDatabase, SqlJsStatic } from 'sql.js';
import { previousPath } from './atomic-write';
import { loadChecked, type IntegrityLevel } from './integrity';
import { DatabaseCorruptError } from './storage-errors';

export interface OpenReport {
  /** Which bytes were opened. */
  source: 'file' | 'previous' | 'new' | 'memory';
  /** Recovery notices for the user (empty when all was well). */
  messages: string[];
  /** Damaged files renamed aside. */
  setAside: string[];
}

export interface LoadOptions {
  integrity: IntegrityLevel;
  /** Only the lock holder renames files; a read-only opener just picks what it can read. */
  writer: boolean;
  startFreshIfUnrecoverable: boolean;
}

export function corruptPath(file: string, when = new Date()): string {
  return `${file}.corrupt-${when.toISOString().replace(/[:.]/g, '-')}`;
}

function readIfExists(file: string): Uint8Array | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function setAside(file: string): string {
  let target = corruptPath(file);
  for (let i = 1; fs.existsSync(target); i++) target = `${corruptPath(file)}-${i}`;
  fs.renameSync(file, target);
  return target;
}

export function loadGeneration(SQL: SqlJsStatic, file: string, options: LoadOptions): { db: SqlJsDatabase; report: OpenReport } {
  const report: OpenReport = { source: 'file', messages: [], setAside: [] };
  const prevFile = previousPath(file);
  const current = readIfExists(file);
  const problems: string[] = [];
  if (current !== null) {
    const loaded = loadChecked(SQL, current, options.integrity);
    if (loaded.db) return { db: loaded.db, report };
    problems.push(`${file}: ${loaded.problem}`);
  }
  const previous = readIfExists(prevFile);
  if (current === null && previous === null) {
    return { db: new SQL.Database(), report: { ...report, source: 'new' } };
  }
  if (previous !== null) {
    const loaded = loadChecked(SQL, previous, options.integrity);
    if (loaded.db) {
      const when = safeMtime(prevFile);
      report.source = 'previous';
      if (current === null) {
        report.messages.push(`The database file ${file} was missing; opened its previous generation (saved ${when}). Changes after that save are lost.`);
      } else {
        const aside = options.writer ? setAside(file) : null;
        if (aside) report.setAside.push(aside);
        report.messages.push(`The database file ${file} is damaged (${problems[0].slice(file.length + 2)}); opened its previous generation (saved ${when}). ` +
          (aside ? `The damaged file was kept as ${aside}.` : 'The file was left in place for the process that writes it.') +
          ' Changes made after that save are lost.');
      }
      return { db: loaded.db, report };
    }
    problems.push(`${prevFile}: ${loaded.problem}`);
  }
  if (!options.startFreshIfUnrecoverable || !options.writer) throw new DatabaseCorruptError(file, problems);
  for (const f of [file, prevFile]) if (fs.existsSync(f)) report.setAside.push(setAside(f));
  report.source = 'new';
  report.messages.push(`The database ${file} and its previous generation are damaged (${problems.join('; ')}). ` +
    `Started a new, empty database; the damaged files were kept as ${report.setAside.join(', ')}.`);
  return { db: new SQL.Database(), report };
}

function safeMtime(file: string): string {
  try { return fs.statSync(file).mtime.toISOString(); } catch { return 'unknown time'; }
}
