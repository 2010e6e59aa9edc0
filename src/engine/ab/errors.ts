// Why an A/B experiment could not produce samples.
import { EngineError, ErrorCode } from '../errors';

/** The arms could not be prepared (not a repository, a patch that does not apply, git failing). */
export class AbSetupError extends EngineError {
  readonly code = ErrorCode.AbSetup;
  constructor(message: string, readonly log: string[]) {
    super(message);
  }
}

/** A probe run failed in one arm; the samples gathered so far come with it. */
export class AbRunError extends EngineError {
  readonly code = ErrorCode.AbRun;
  constructor(message: string, readonly arm: 'baseline' | 'candidate', override readonly cause: unknown,
    readonly partial: { baseline: number[]; candidate: number[] }, readonly log: string[]) {
    super(message);
  }
}
