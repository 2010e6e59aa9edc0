// Typed errors so adapters can tell the user what went wrong and what to do. Each carries a stable `code`
// (errorCodes.ts): adapters match codes with hasErrorCode, never class names (bundles are minified apart).
import { ErrorCode } from './errorCodes';

export { ErrorCode, hasErrorCode } from './errorCodes';

export abstract class EngineError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownCapabilityError extends EngineError {
  readonly code = ErrorCode.UnknownCapability;
  constructor(readonly capabilityName: string) {
    super(`Unknown capability "${capabilityName}". Register it first or check the name.`);
  }
}

export class NotFoundError extends EngineError {
  readonly code = ErrorCode.NotFound;
  constructor(readonly entity: string, readonly id: number | string) {
    super(`No ${entity} with id ${id}.`);
  }
}

export class DuplicateNameError extends EngineError {
  readonly code = ErrorCode.DuplicateName;
  constructor(readonly entity: string, readonly entityName: string) {
    super(`A ${entity} named "${entityName}" already exists.`);
  }
}

export class InvalidInputError extends EngineError {
  readonly code = ErrorCode.InvalidInput;
}

/** No config file where a command needs one; adapters map the code to the Set Up offer (one place). */
export class MissingConfigError extends EngineError {
  readonly code = ErrorCode.NoConfig;
  constructor(readonly folder: string | null) {
    super(folder === null
      ? 'No workspace folder has a .vscode/self-improvement.json yet, so there is nothing to measure.'
      : `${folder} has no .vscode/self-improvement.json yet, so there is nothing to measure.`);
  }
}

/** The file no longer has the text the proposal was made against. */
export class FileChangedError extends EngineError {
  readonly code = ErrorCode.FileChanged;
  constructor(readonly filePath: string, readonly expectedHash: string, readonly actualHash: string | null,
    readonly operation: 'apply' | 'rollback' = 'apply') {
    super(operation === 'apply'
      ? (actualHash === null
        ? `${filePath} no longer exists; the proposal cannot be applied. Re-propose it against the current file.`
        : `${filePath} changed since the proposal was made; nothing was applied. Review the diff against the current text and re-propose.`)
      : (actualHash === null
        ? `${filePath} no longer exists, so the improvement cannot be rolled back; nothing was written. Restore the file (e.g. from version control) first.`
        : `${filePath} changed after the improvement was applied; rolling back would overwrite those edits, so nothing was written.`));
  }
}

/** An operation not allowed in the item's current state (e.g. approving a rejected improvement). */
export class InvalidStateError extends EngineError {
  readonly code = ErrorCode.InvalidState;
}

/** The database is opened read-only (another process holds the writer lock). */
export class ReadOnlyError extends EngineError {
  readonly code = ErrorCode.ReadOnly;
}
