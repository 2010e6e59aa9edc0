// Who writes the database file. Normally a worker thread (saver-worker.ts) with its own copy, so the
// extension host never blocks on an export; when its script cannot be found (or for the very first
// save of a new or recovered file) the host saves itself, as before the journal existed.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SaveStats } from './fold';
import type { SaveMessage, SaverInit, SaverReply } from './saver-protocol';

export const SAVER_SCRIPT = 'storage-saver.js';

/**
 * The worker's script: explicit, else beside this bundle (dist/engine.js → dist/storage-saver.js), else
 * the nearest `dist/storage-saver.js` above it (unit tests and benchmarks run bundles from out/).
 */
export function locateSaverScript(explicit?: string): string | null {
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  const beside = path.join(__dirname, SAVER_SCRIPT);
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', SAVER_SCRIPT);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export class SaverError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string, readonly sidecarOnly = false) {
    super(message);
    this.name = 'SaverError';
    this.code = code;
  }
}

/** Host side of the saver worker: one request at a time is fine (the worker queues them in order). */
export class WorkerSaver {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: SaveStats) => void; reject: (e: Error) => void }>();

  /** Started by the first save: a session that changes nothing (a short CLI command) never loads a second copy. */
  constructor(private readonly script: string, private readonly init: Omit<SaverInit, 'sieStorageSaver'>) {}

  private spawn(): Worker {
    const data: SaverInit = { sieStorageSaver: 1, ...this.init };
    const worker = new Worker(this.script, { workerData: data });
    // A save in flight never keeps a process alive: its records are in the journal already.
    worker.unref();
    worker.on('message', (reply: SaverReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.stats);
      else {
        const err = new SaverError(reply.message, reply.code, reply.sidecar === true);
        if (reply.stack) err.stack = reply.stack;
        p.reject(err);
      }
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new SaverError(`The database saver stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  save(msg: Omit<SaveMessage, 'id'>): Promise<SaveStats> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<SaveStats>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id } satisfies SaveMessage);
    });
  }

  /** Stops the worker (after a failed save its copy may be behind: a new one starts from the file). */
  async restart(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
