// Errors raised when a database file cannot be opened for writing or at all.
import { EngineError, ErrorCode } from '../errors';
import type { LockInfo } from './lock';

/** Another live process holds the writer lock. */
export class DatabaseBusyError extends EngineError {
  readonly code = ErrorCode.DatabaseBusy;
  constructor(readonly file: string, readonly holder: LockInfo) {
    super(`The database ${file} is in use by pid ${holder.pid} on host ${holder.hostname} since ${holder.since}. ` +
      'Close the other window (or process) or open this one read-only.');
  }
}

/** Neither the file nor its previous generation passed the integrity check; nothing was replaced. */
export class DatabaseCorruptError extends EngineError {
  readonly code = ErrorCode.DatabaseCorrupt;
  constructor(readonly file: string, readonly problems: readonly string[]) {
    super(`The database ${file} is damaged and no earlier generation could be opened: ${problems.join('; ')}. ` +
      'The files were left untouched; restore a backup, or move them away to start a new database.');
  }
}

/** The file is an SQLite database of another application; it is never migrated or saved over. */
export class ForeignDatabaseError extends EngineError {
  readonly code = ErrorCode.ForeignDatabase;
  constructor(readonly file: string, readonly tables: readonly string[], readonly userVersion: number) {
    super(`${file} is not a Self-Improvement database: it is an SQLite file of another application ` +
      `(tables: ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ', …' : ''}; user_version ${userVersion}). ` +
      'It was left untouched. Choose another database path, or move that file away.');
  }
}

/** The database's folder cannot be written (read-only file system or no permission), so there can be no writer. */
export class DatabaseUnwritableError extends EngineError {
  readonly code = ErrorCode.DatabaseUnwritable;
  constructor(readonly file: string, readonly reason: string) {
    super(`The database ${file} cannot be written (${reason}), so it cannot be opened for changes. ` +
      'Open it read-only to view it, or move it to a folder you can write.');
  }
}
