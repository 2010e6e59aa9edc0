// Errors a probe can end with, typed so adapters can say what happened and what to do.
import { EngineError, ErrorCode } from '../errors';

/** The workspace is not trusted: nothing is spawned. */
export class UntrustedWorkspaceError extends EngineError {
  readonly code = ErrorCode.Untrusted;
  constructor(readonly command: string) {
    super(`Refused to run "${command}": this workspace is not trusted, and probes run the workspace's own commands. ` +
      'If you trust the folder\'s authors, run "Workspaces: Manage Workspace Trust" and trust it, then measure again.');
  }
}

/** The output did not have the shape the parser expects. */
export class ProbeParseError extends EngineError {
  readonly code = ErrorCode.ProbeParse;
  constructor(readonly format: string, readonly expected: string, readonly excerpt: string) {
    super(`Could not read a ${format} result: expected ${expected}, but the output ${excerpt === '' ? 'was empty' : `began with:\n${excerpt}`}`);
  }
}

/** The command ran but failed (non-zero exit for a format that needs success, killed by a signal). */
export class ProbeCommandError extends EngineError {
  readonly code = ErrorCode.ProbeCommand;
  constructor(message: string, readonly exitCode: number | null, readonly stderrTail: string) {
    super(stderrTail === '' ? message : `${message}\n${stderrTail}`);
  }
}

export class ProbeTimeoutError extends EngineError {
  readonly code = ErrorCode.ProbeTimeout;
  constructor(readonly command: string, readonly timeoutMs: number) {
    super(`"${command}" did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped (with every process it started). ` +
      'Raise the probe\'s timeoutSeconds if it legitimately needs longer.');
  }
}

export class ProbeCancelledError extends EngineError {
  readonly code = ErrorCode.ProbeCancelled;
  constructor(readonly command: string) {
    super(`Measurement cancelled; "${command}" was stopped.`);
  }
}
