// `exit-code` and `wall-time`: values from how the command ran rather than what it printed.
import type { ParseResult } from '../types';

/** Pass = 1, fail = 0, so a capability can track a command that must succeed. */
export function parseExitCode(run: { exitCode: number | null }): ParseResult {
  return { value: run.exitCode === 0 ? 1 : 0 };
}

/** Milliseconds from spawn to exit. */
export function parseWallTime(run: { durationMs: number }): ParseResult {
  return { value: run.durationMs };
}
