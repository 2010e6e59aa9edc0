// Process exit codes for a command's result (README "Command line"): CI scripts branch on these, so they never
// change meaning. Which code a verdict gets is a domain rule, so it lives here, beside the stable error codes,
// for every process front end (the CLI, the team's `team run`/`worker`) without one importing another.
// Tiny and dependency-free on purpose: the thin bundles may import it by value (scripts/build.mjs THIN_ALLOWED).
import type { Verdict } from './types';

export const ExitCode = {
  /** The command did what it was asked; an experiment succeeded; the gate held. */
  Success: 0,
  /** A definite "no": refused (a guardrail broke), regression, no improvement; the gate shows a capability worse. */
  Refused: 1,
  /** Not enough evidence at the budget (inconclusive); the gate could not tell (without --strict). */
  Inconclusive: 2,
  /** Could not run: bad arguments, no or broken config, unknown capability, a probe that fails, a busy database. */
  Setup: 3,
  /** Stopped by Ctrl-C (SIGINT); scratch worktrees were removed. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An experiment's verdict as a command reports it (`failed`: it could not be measured). */
export type CliVerdict = Verdict | 'failed';

export function exitCodeForVerdict(verdict: CliVerdict): ExitCode {
  switch (verdict) {
    case 'success': return ExitCode.Success;
    case 'refused': case 'regression': case 'no_improvement': return ExitCode.Refused;
    case 'inconclusive': return ExitCode.Inconclusive;
    case 'failed': return ExitCode.Setup;
  }
}
