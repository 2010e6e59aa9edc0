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
