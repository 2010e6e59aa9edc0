// One writer per database file: `<file>.lock` holds {pid, hostname, since, token}, created with O_EXCL.
// A lock whose pid is dead on this host is stale and taken over. Locks from another host cannot be
// checked and are treated as live. Released on close and on process exit (SIGKILL leaves a stale lock,
// which the next opener detects).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export interface LockInfo {
  pid: number;
  hostname: string;
  since: string;
  token: string;
}

export type LockResult = { acquired: true; lock: FileLock } | { acquired: false; holder: LockInfo };

export function lockPath(file: string): string {
  return file + '.lock';
}

const held = new Set<FileLock>();
let exitHookInstalled = false;

export class FileLock {
  private released = false;
  constructor(readonly path: string, readonly info: LockInfo) {}

  /** Removes the lock file if it is still ours. Idempotent and synchronous (safe in an exit handler). */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    const current = readLock(this.path);
    if (current?.token === this.info.token) fs.rmSync(this.path, { force: true });
  }

  get isReleased(): boolean {
    return this.released;
  }
}

export function readLock(file: string): LockInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return { pid: parsed.pid, hostname: parsed.hostname, since: String(parsed.since ?? '?'), token: String(parsed.token ?? '') };
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function isStale(info: LockInfo | null): boolean {
  if (info === null) return true; // unreadable or half-written lock: its writer died while creating it
  return info.hostname === os.hostname() && info.pid !== process.pid && !isProcessAlive(info.pid);
}

/** Tries to become the single writer of `file`. Never throws for a busy lock: returns the holder. */
export function tryAcquireLock(file: string): LockResult {
  const target = lockPath(file);
  for (let attempt = 0; attempt < 5; attempt++) {
    const info: LockInfo = { pid: process.pid, hostname: os.hostname(), since: new Date().toISOString(), token: crypto.randomUUID() };
    try {
      const fd = fs.openSync(target, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(info));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      const lock = new FileLock(target, info);
      held.add(lock);
      installExitHook();
      return { acquired: true, lock };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = readLock(target);
    if (current === null && isYoung(target)) {
      // Another opener may be between creating and writing the file: give it a moment.
      sleepSync(20);
      continue;
    }
    if (!isStale(current)) return { acquired: false, holder: current! };
    breakStaleLock(target, current);
  }
  const holder = readLock(target);
  return { acquired: false, holder: holder ?? { pid: -1, hostname: 'unknown', since: 'unknown', token: '' } };
}

/** Moves a stale lock out of the way, making sure we moved the one we judged stale (not a fresh one). */
function breakStaleLock(target: string, judged: LockInfo | null): void {
  const aside = `${target}.stale-${process.pid}-${crypto.randomUUID()}`;
  try {
    fs.renameSync(target, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke it first
    throw err;
  }
  const moved = readLock(aside);
  if (moved !== null && judged !== null && moved.token !== judged.token) {
    // We raced with another opener and moved its fresh lock: put it back unless a newer one exists.
    try { fs.linkSync(aside, target); } catch { /* a third lock exists; the loser will see it */ }
  }
  fs.rmSync(aside, { force: true });
}

function isYoung(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of [...held]) {
      try { lock.release(); } catch { /* exiting anyway */ }
    }
  });
}
