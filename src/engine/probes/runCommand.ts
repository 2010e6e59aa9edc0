// Runs one shell command the way a probe needs: in its folder, with a timeout, cancellation, capped
// output, and the whole process tree stopped on timeout or cancel. Refuses to spawn when untrusted.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ProbeCommandError, UntrustedWorkspaceError } from './errors';
import { RUN_TOKEN_VARIABLE, terminateGroup } from './processTree';

export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_KILL_GRACE_MS = 2000;
/**
 * After the command has exited (and its tree was stopped), how long to wait for its output pipes to
 * close. A descendant that escaped the tree can hold them open forever; then the pipes are destroyed.
 */
export const PIPE_CLOSE_GRACE_MS = 500;

export interface RunCommandOptions {
  command: string;
  cwd: string;
  /** Added to (and overriding) the inherited environment. */
  env?: Record<string, string>;
  /** Start from an empty environment instead of this process's (PATH is still kept). Default false. */
  isolateEnv?: boolean;
  timeoutMs: number;
  /** Cap per stream; bytes beyond it are drained and dropped, and `truncated` is set. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
  /** Asked right before spawning: the workspace may lose trust between two samples. */
  isTrusted: () => boolean;
  /** Time between SIGTERM and SIGKILL when stopping the tree. */
  killGraceMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** From spawn to the command's exit, in milliseconds. */
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export async function runCommand(options: RunCommandOptions): Promise<RunResult> {
  const { command, cwd, timeoutMs, signal } = options;
  if (!options.isTrusted()) throw new UntrustedWorkspaceError(command);
  if (signal?.aborted) {
    return { exitCode: null, signal: null, stdout: '', stderr: '', truncated: false, durationMs: 0, timedOut: false, cancelled: true };
  }
  let isDir = false;
  try { isDir = statSync(cwd).isDirectory(); } catch { /* reported below */ }
  if (!isDir) throw new ProbeCommandError(`Cannot run "${command}": the folder ${cwd} does not exist.`, null, '');

  const base: NodeJS.ProcessEnv = options.isolateEnv ? { PATH: process.env.PATH } : { ...process.env };
  // Every descendant inherits this token, so even one that leaves the process group can be found and stopped.
  const token = randomUUID();
  const env = { ...base, ...options.env, [RUN_TOKEN_VARIABLE]: token };
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const stdout = new CappedBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  const stderr = new CappedBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);

  return new Promise<RunResult>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, {
      cwd, env, shell: true, detached: process.platform !== 'win32', windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let cancelled = false;
    let durationMs = 0;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      if (child.pid === undefined) return Promise.resolve();
      stopping ??= terminateGroup(child.pid, graceMs, token);
      return stopping;
    };
    const onAbort = (): void => { cancelled = true; void stop(); };
    // setTimeout fires at once beyond 2^31-1 ms, so longer (or infinite) timeouts are capped at ~24 days.
    const timer = setTimeout(() => { timedOut = true; void stop(); }, Math.min(Math.max(0, timeoutMs), 2 ** 31 - 1));
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new ProbeCommandError(`Could not start "${command}" in ${cwd}: ${error.message}`, null, ''));
    });
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void (stopping ?? Promise.resolve()).then(() => resolve({
        exitCode, signal: exitSignal, stdout: stdout.text(), stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated, durationMs, timedOut, cancelled,
      }));
    };
    child.on('exit', (code, sig) => {
      durationMs = performance.now() - started;
      exitCode = code;
      exitSignal = sig;
      // Whatever the command left running in the background would outlive it as an orphan.
      if (process.platform !== 'win32') void stop();
      // 'close' waits for the pipes; something that escaped the tree may hold them open. Once the tree
      // is stopped, give the pipes a moment to drain, then stop waiting (issue 19 item 9).
      void (stopping ?? Promise.resolve()).then(() => {
        const grace = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, PIPE_CLOSE_GRACE_MS);
        grace.unref?.();
      });
    });
    child.on('close', finish);
  });
}
