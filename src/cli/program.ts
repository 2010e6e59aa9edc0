// The command table: global options, one registrar per command (src/cli/commands/), the exit-code
// contract. Commands parse and format; what they do is in the engine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ErrorCode, hasErrorCode } from '../engine/errorCodes';
import { loadConfig, openEngine, resolveContext, syncConfig, withEngine, DB_ENV, type CliContext, type GlobalOptions } from './context';
import { CliError, ExitCode } from './exitCodes';
import { registerCalibrate } from './commands/calibrate';
import { registerExperiment } from './commands/experiment';
import { registerExport } from './commands/export';
import { registerGate } from './commands/gate';
import { registerImprove } from './commands/improve';
import { registerInit } from './commands/init';
import { registerMeasure } from './commands/measure';
import { registerReport } from './commands/report';
import { registerSync } from './commands/sync';
import { registerTeamCommands } from '../team/cliCommands';

/** A command's body: returns its exit code; throws CliError (or an engine error) to stop with a message. */
export type Action = (ctx: CliContext, options: Record<string, unknown>, args: string[]) => Promise<ExitCode>;

/** What command registrars get (also the team commands: `team sync`, `worker`). */
export interface CliDeps {
  /** Wraps a command body: context from the global options, Ctrl-C, errors → message + exit code. */
  action(fn: Action): (...args: unknown[]) => Promise<void>;
  openEngine: typeof openEngine;
  withEngine: typeof withEngine;
  loadConfig: typeof loadConfig;
  syncConfig: typeof syncConfig;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Errors the engine raises for a setup the user can fix (exit 3, message only, no stack). */
const SETUP_CODES = [
  ErrorCode.InvalidInput, ErrorCode.UnknownCapability, ErrorCode.NotFound, ErrorCode.InvalidState, ErrorCode.AbSetup, ErrorCode.AbRun, ErrorCode.Git,
  ErrorCode.DatabaseBusy, ErrorCode.DatabaseCorrupt, ErrorCode.NewerSchema, ErrorCode.ReadOnly, ErrorCode.Untrusted, ErrorCode.ProbeParse,
  ErrorCode.ProbeCommand, ErrorCode.ProbeTimeout, ErrorCode.DuplicateName,
];

function version(): string {
  try { return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'; } catch { return '0.0.0'; }
}

export function buildProgram(controller: AbortController): Command {
  const program = new Command('self-improvement');
  program
    .description('The Self-Improvement Engine from the command line: measure capabilities, run A/B experiments, gate pull requests, report, export metrics.')
    .version(version())
    .addOption(new Option('--folder <dir>', 'the project folder (holds .vscode/self-improvement.json)').default(undefined, 'the current directory'))
    .addOption(new Option('--db <file>', `the database file (also ${DB_ENV}); to share the VS Code window's, use the path its Self-Improvement output channel prints`).default(undefined, '<folder>/.self-improvement/db.sqlite'))
    .option('-q, --quiet', 'no progress or notes on stderr')
    .showHelpAfterError('(add --help for usage)')
    // Each command's --help also lists --folder, --db and --quiet, which apply to it too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .addHelpText('after', '\nExit codes: 0 success / held, 1 refused, regression or no improvement / shown worse, 2 inconclusive, 3 setup error (bad arguments, config, probe, busy database), 130 interrupted.');

  const deps: CliDeps = {
    openEngine, withEngine, loadConfig, syncConfig,
    action: (fn) => async (...all: unknown[]) => {
      const command = all[all.length - 1] as Command;
      const options = command.opts();
      const args = all.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      const ctx = resolveContext(command.optsWithGlobals<GlobalOptions>(), controller.signal);
      try {
        process.exitCode = await fn(ctx, options, args);
      } finally {
        ctx.progress.end();
      }
    },
  };
  for (const register of [registerInit, registerSync, registerMeasure, registerCalibrate, registerExperiment, registerImprove, registerGate, registerReport, registerExport]) {
    register(program, deps);
  }
  // Team commands (`team sync`, `team run`, `worker`; src/team/cliCommands.ts): the global --folder and --db,
  // the engine opened for writing under the one-writer rule, the team URL only from SELF_IMPROVEMENT_TEAM_URL.
  const globals = (folder?: string) => resolveContext({ ...program.opts<GlobalOptions>(), ...(folder ? { folder } : {}) }, controller.signal);
  registerTeamCommands(program, {
    folder: () => globals().folder,
    openEngine: (folder) => openEngine(globals(folder), 'write'),
    signal: controller.signal,
  });
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/** Parses and runs; returns the exit code (never throws). */
export async function runCli(argv: readonly string[], controller = new AbortController()): Promise<number> {
  const program = buildProgram(controller);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; a bad argument has already printed its message.
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Setup;
    }
    if (controller.signal.aborted || hasErrorCode(error, ErrorCode.ProbeCancelled)) {
      process.stderr.write('self-improvement: interrupted; nothing was left running and the scratch worktrees were removed.\n');
      return ExitCode.Interrupted;
    }
    if (error instanceof CliError) {
      process.stderr.write(`self-improvement: ${error.message}\n`);
      return error.exitCode;
    }
    if (hasErrorCode(error, ...SETUP_CODES)) {
      process.stderr.write(`self-improvement: ${errorText(error)}\n`);
      return ExitCode.Setup;
    }
    process.stderr.write(`self-improvement: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return ExitCode.Setup;
  }
}
