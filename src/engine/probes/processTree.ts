// Stops a command and everything it started. The command runs as the leader of its own process
// group (spawned detached), so one signal to the negative pid reaches grandchildren too. A descendant
// that left the group (setsid, a daemon) is found on Linux by a token the command's environment
// carries and every descendant inherits (SI_PROBE_RUN), wherever it was reparented.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_TOKEN_VARIABLE = 'SI_PROBE_RUN';

/** Pids of live processes whose environment carries `token` (Linux; elsewhere none can be found). */
export function processesWithToken(token: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${RUN_TOKEN_VARIABLE}=${token}\0`);
  const found: number[] = [];
  let entries: string[];
  try { entries = readdirSync('/proc'); } catch { return found; }
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`).includes(needle)) found.push(Number(name));
    } catch { /* gone, or not ours to read */ }
  }
  return found;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/** Sends `signal` to the whole group led by `pid`. False when nothing was left to signal. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') {
    // No process groups: taskkill walks the tree (/T) and forces (/F).
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return true;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the group (and to every process carrying `token`), then SIGKILL after `graceMs` to whatever
 * of them is still alive.
 */
export function terminateGroup(pid: number, graceMs: number, token?: string): Promise<void> {
  const escaped = (): number[] => (token === undefined ? [] : processesWithToken(token));
  const inGroup = signalGroup(pid, 'SIGTERM');
  const outside = escaped();
  signalAll(outside, 'SIGTERM');
  if (!inGroup && outside.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = (): void => {
      const left = escaped().filter((p) => !isZombie(p));
      if (!groupAlive(pid) && left.length === 0) return resolve();
      if (Date.now() - started >= graceMs) {
        signalGroup(pid, 'SIGKILL');
        signalAll(left, 'SIGKILL');
        return resolve();
      }
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** A zombie has exited (it only waits to be reaped): nothing more to stop. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return true;
  }
}
