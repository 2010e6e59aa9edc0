// `self-improvement worker`: takes blocks of distributed runs from the queue and runs them, one at a time,
// until stopped. Each block runs both arms on this machine. A block already stored (a retry after its first
// worker seemed lost) is not run again; one stored by two attempts at once is kept once (unique key).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { TeamStore } from '../teamStore';
import type { BlockQueue } from './queue';
import { endAttempt, getRun, hasBlock, heartbeat, leave, recordBlock, startAttempt, type BlockExtras, type TeamRun } from './runStore';

export interface BlockContext { run: TeamRun; blockIndex: number; attempt: number; signal: AbortSignal; log: (line: string) => void }
export interface BlockOutput { baseline: number[]; candidate: number[]; durationsMs?: { baseline: number[]; candidate: number[] }; extras?: BlockExtras }
/** Runs one block: `pairsPerBlock` interleaved A/B pairs on this machine (with the run's timing guardrails), or the cascade pre-block's suites. */
export type BlockRunner = (ctx: BlockContext) => Promise<BlockOutput>;

export type WorkerEvent =
  | { type: 'block-start'; runId: string; blockIndex: number; attempt: number }
  | { type: 'block-stored'; runId: string; blockIndex: number; pairs: number }
  | { type: 'block-duplicate'; runId: string; blockIndex: number }
  | { type: 'block-skipped'; runId: string; blockIndex: number; reason: string }
  | { type: 'block-failed'; runId: string; blockIndex: number; error: string };

export interface WorkerOptions {
  store: TeamStore;
  queue: BlockQueue;
  runner: BlockRunner;
  /** Shown in the evidence as who ran a block; default the host name. */
  machine?: string;
  workerId?: string;
  onEvent?: (e: WorkerEvent) => void;
  log?: (line: string) => void;
  /** How often this worker tells the team store it is alive (default 10 s). */
  heartbeatSeconds?: number;
}

export interface RunningWorker { workerId: string; machine: string; stop(graceful?: boolean): Promise<void>; readonly stopped: Promise<void> }

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const machine = options.machine ?? os.hostname();
  const workerId = options.workerId ?? `${machine}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const emit = (e: WorkerEvent) => options.onEvent?.(e);
  const log = options.log ?? (() => undefined);
  const abort = new AbortController();
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });
  // Alive while the heartbeats come: a killed worker drops out of liveWorkers by itself; a stopped one says goodbye.
  await heartbeat(options.store, workerId, machine);
  const beat = setInterval(() => { void heartbeat(options.store, workerId, machine).catch(() => undefined); }, (options.heartbeatSeconds ?? 10) * 1000);
  beat.unref();

  await options.queue.work(async (job) => {
    const { runId, blockIndex } = job.data;
    const run = await getRun(options.store, runId);
    if (!run || run.status !== 'running') {
      emit({ type: 'block-skipped', runId, blockIndex, reason: run ? `run is ${run.status}` : 'unknown run' });
      return;
    }
    if (await hasBlock(options.store, runId, blockIndex)) {
      emit({ type: 'block-skipped', runId, blockIndex, reason: 'already stored by an earlier attempt' });
      return;
    }
    const attempt = job.retryCount + 1;
    const attemptId = await startAttempt(options.store, runId, blockIndex, machine, workerId, attempt);
    const startedAt = new Date().toISOString();
    emit({ type: 'block-start', runId, blockIndex, attempt });
    try {
      const out = await options.runner({ run, blockIndex, attempt, signal: abort.signal, log });
      const n = Math.min(out.baseline.length, out.candidate.length);
      const stored = await recordBlock(options.store, runId, {
        blockIndex, machine, workerId, attempt, baseline: out.baseline.slice(0, n), candidate: out.candidate.slice(0, n), durationsMs: out.durationsMs ?? null, startedAt,
        extras: out.extras ?? null,
      });
      await endAttempt(options.store, attemptId, stored ? 'stored' : 'duplicate', stored ? null : 'another attempt stored this block first; this one was not counted');
      emit(stored ? { type: 'block-stored', runId, blockIndex, pairs: n } : { type: 'block-duplicate', runId, blockIndex });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await endAttempt(options.store, attemptId, 'failed', message).catch(() => undefined);
      emit({ type: 'block-failed', runId, blockIndex, error: message });
      throw err; // pg-boss retries it (elsewhere or here) within the retry limit
    }
  });

  return {
    workerId, machine, stopped,
    async stop(graceful = true) {
      if (!graceful) abort.abort();
      clearInterval(beat);
      await options.queue.close(graceful);
      await leave(options.store, workerId).catch(() => undefined);
      resolveStopped();
    },
  };
}
