// The CLI's exit codes: the codes and the verdict → code rule are the engine's (src/engine/exitCodes.ts, shared
// with the team commands); the CLI adds the error that carries one.
import { ExitCode } from '../engine/exitCodes';

export { ExitCode, exitCodeForVerdict, type CliVerdict } from '../engine/exitCodes';

/** An error that ends the command with a clear message and an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = ExitCode.Setup) {
    super(message);
    this.name = 'CliError';
  }
}
