// What every command needs: the folder, the database (its default, and the one-writer rule), the
// folder's config, progress and output. Engine values come only through engineChunk().
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SelfImprovementEngine } from '../engine/engine';
import type { ConfigParseResult, SelfImprovementConfig } from '../engine/config/types';
import type { SyncResult } from '../engine/loop/sync';
import type { AlertSender } from '../engine/monitoring/webhook';
import type { DatabaseBusyError } from '../engine/storage/storage-errors';
import { ErrorCode, hasErrorCode } from '../engine/errorCodes';
import { engineChunk } from '../chunkLoader';
import { CliError } from './exitCodes';
import { createProgress, type Progress } from './progress';

/** The database a folder gets when neither --db nor SELF_IMPROVEMENT_DB says otherwise. */
export const DEFAULT_DB_DIR = '.self-improvement';
export const DEFAULT_DB_FILE = 'db.sqlite';
export const DB_ENV = 'SELF_IMPROVEMENT_DB';

export interface GlobalOptions {
  folder?: string;
  db?: string;
  quiet?: boolean;
}

export interface CliContext {
  folder: string;
  dbPath: string;
  /** True when the database is the folder's default one (its folder is created, and ignored by git). */
  defaultDb: boolean;
  progress: Progress;
  /** Results (text or JSON) go to stdout; progress and notes to stderr. */
  print(text: string): void;
  note(text: string): void;
  /** Aborted on Ctrl-C: probes and worktrees are cleaned up. */
  signal: AbortSignal;
  /** Alerts to the webhook in SELF_IMPROVEMENT_WEBHOOK_URL (null when unset); sent in the background. */
  alerts: AlertSender | null;
}

export function resolveContext(opts: GlobalOptions, signal: AbortSignal): CliContext {
  const folder = path.resolve(opts.folder ?? process.cwd());
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new CliError(`--folder ${folder} is not a folder. Give the project folder (the one holding .vscode/self-improvement.json).`);
  }
  const given = opts.db ?? process.env[DB_ENV];
  const dbPath = given ? path.resolve(given) : path.join(folder, DEFAULT_DB_DIR, DEFAULT_DB_FILE);
  const progress = createProgress(process.stderr, { quiet: opts.quiet });
  let alerts: AlertSender | null;
  try {
    alerts = engineChunk().senderFromEnv(process.env, {
      onResult: (r) => { if (!r.delivered) progress.line(`Alert not delivered (${r.attempts} attempt${r.attempts === 1 ? '' : 's'}): ${r.error ?? 'no answer'}. The command's result is unaffected.`); },
    });
  } catch (error) {
    throw new CliError(`${engineChunk().WEBHOOK_ENV}: ${(error as Error).message}`);
  }
  return {
    folder, dbPath, defaultDb: !given, progress, signal, alerts,
    print: (text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); },
    note: (text) => { progress.line(text); },
  };
}

/** The default database's folder, with a .gitignore of its own so git (and the experiment's worktrees) leave it out. */
function prepareDbFolder(ctx: CliContext): void {
  const dir = path.dirname(ctx.dbPath);
  fs.mkdirSync(dir, { recursive: true });
  if (ctx.defaultDb) {
    const ignore = path.join(dir, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# The Self-Improvement Engine\'s database (self-improvement CLI): local state, not source.\n*\n');
  }
}

function wasmPath(): string | undefined {
  const wasm = path.join(__dirname, 'sql-wasm.wasm');
  return fs.existsSync(wasm) ? wasm : undefined;
}

export function busyMessage(file: string, holder: { pid: number; hostname: string; since: string }): string {
  return `The database ${file} is in use by pid ${holder.pid} on ${holder.hostname} (since ${holder.since}) — a VS Code window with this folder open, or another self-improvement command. ` +
    'One process writes a database at a time, so this command, which writes, was refused and nothing changed. ' +
    'Close that window (or wait for the other command), or run a read-only command (report, export), or point --db at another file.';
}

/**
 * Opens the engine. `write`: takes the writer lock or fails with a clear message (exit 3);
 * `read`: read-only when someone else writes (a note says so), so reports work beside an open window.
 */
export async function openEngine(ctx: CliContext, mode: 'write' | 'read'): Promise<SelfImprovementEngine> {
  if (mode === 'write') prepareDbFolder(ctx);
  else if (!fs.existsSync(ctx.dbPath)) {
    throw new CliError(`No database at ${ctx.dbPath} yet. Run \`self-improvement sync\` (or measure) in ${ctx.folder} first, or point --db (or ${DB_ENV}) at the VS Code window's database.`);
  }
  try {
    const engine = await engineChunk().SelfImprovementEngine.open({
      dbPath: ctx.dbPath, rootDir: ctx.folder, autoImprove: false, wasmPath: wasmPath(), retention: mode === 'write' ? undefined : false,
      storage: { lock: mode === 'write' ? 'fail' : 'readonly' },
    });
    if (engine.readOnly) ctx.note(`Note: ${ctx.dbPath} is being written by another process (a VS Code window?); showing its last saved state, read-only.`);
    return engine;
  } catch (error) {
    if (hasErrorCode(error, ErrorCode.DatabaseBusy)) {
      const busy = error as DatabaseBusyError;
      throw new CliError(busyMessage(busy.file, busy.holder));
    }
    throw error;
  }
}

/** Runs `fn` with an open engine and always closes it (its final save included). */
export async function withEngine<T>(ctx: CliContext, mode: 'write' | 'read', fn: (engine: SelfImprovementEngine) => Promise<T>): Promise<T> {
  const engine = await openEngine(ctx, mode);
  // Weaknesses that open or turn critical while this command writes are announced (never awaited here).
  const watch = mode === 'write' && ctx.alerts ? engineChunk().watchWeaknessAlerts(engine, ctx.alerts, path.basename(ctx.folder)) : null;
  try {
    return await fn(engine);
  } finally {
    watch?.dispose();
    await engine.close();
    // A short-lived process waits (bounded) for its alerts; an unreachable webhook never changes the exit code.
    if (ctx.alerts?.inFlight) {
      ctx.progress.end();
      if (!(await ctx.alerts.flush(ALERT_FLUSH_MS))) ctx.note(`Alerts still undelivered after ${ALERT_FLUSH_MS / 1000} s were dropped.`);
    }
  }
}

/** How long the CLI waits for its alerts before it exits. */
export const ALERT_FLUSH_MS = 15_000;

/** The folder's key for the sync bookkeeping: the same file URI the VS Code window uses. */
export function folderKey(folder: string): string {
  return pathToFileURL(folder).href;
}

/** The folder's parsed config, or a clear error with each problem's line (exit 3). */
export async function loadConfig(ctx: CliContext): Promise<{ config: SelfImprovementConfig; parsed: ConfigParseResult }> {
  const { readConfigFile, CONFIG_FILE } = engineChunk();
  const read = await readConfigFile(ctx.folder);
  if (!read.exists) {
    throw new CliError(`${path.join(ctx.folder, CONFIG_FILE)} does not exist. Run \`self-improvement init\` to propose capabilities for this folder, or write it by hand (see the README).`);
  }
  if (!read.config) {
    const problems = read.diagnostics.filter((d) => d.severity === 'error').map((d) => `  ${read.file}:${d.range.startLine + 1}:${d.range.startCharacter + 1}: ${d.message}`);
    throw new CliError(`${read.file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed:\n${problems.join('\n')}`);
  }
  return { config: read.config, parsed: read };
}

/** Syncs the config into the database (idempotent: adds, updates, archives) and says what changed. */
export async function syncConfig(ctx: CliContext, engine: SelfImprovementEngine): Promise<{ config: SelfImprovementConfig; sync: SyncResult }> {
  const { config, parsed } = await loadConfig(ctx);
  const sync = engineChunk().syncCapabilitiesFromConfig(engine, parsed, folderKey(ctx.folder));
  const changes = [...sync.added.map((n) => `+${n}`), ...sync.updated.map((n) => `~${n}`), ...sync.archived.map((n) => `-${n}`)];
  if (changes.length) ctx.note(`Synced .vscode/self-improvement.json: ${changes.join(' ')}`);
  for (const e of sync.errors) ctx.note(`Could not sync ${e.name}: ${e.message}`);
  return { config, sync };
}

/** The config's capabilities with a probe, by name (all of them when none named), or a clear error. */
export function probedCapabilities(config: SelfImprovementConfig, names: readonly string[]): SelfImprovementConfig['capabilities'] {
  const probed = config.capabilities.filter((c) => c.probe);
  if (!names.length) {
    if (!probed.length) throw new CliError('No capability in .vscode/self-improvement.json has a probe, so there is nothing to run. Add a "probe" to one.');
    return probed;
  }
  return names.map((n) => {
    const cap = config.capabilities.find((c) => c.name === n);
    if (!cap) throw new CliError(`${n} is not declared in .vscode/self-improvement.json. Declared: ${config.capabilities.map((c) => c.name).join(', ') || 'none'}.`);
    if (!cap.probe) throw new CliError(`${n} has no probe; its values arrive from elsewhere, so there is nothing to run.`);
    return cap;
  });
}
