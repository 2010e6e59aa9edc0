// A worker process (fixture-worker.js) for the distributed-run tests: its events as JSON lines, its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface WorkerProcess { name: string; child: ChildProcess; events: Record<string, unknown>[]; exited: Promise<number | null>; ready: Promise<void> }

export function spawnWorker(url: string, name: string, folder: string, slow: number, onEvent: (w: WorkerProcess, e: Record<string, unknown>) => void = () => undefined): WorkerProcess {
  const child = spawn(process.execPath, [path.join(__dirname, 'fixture-worker.js')], {
    env: { ...process.env, TEAM_URL: url, MACHINE: name, FOLDER: folder, SLOW_FACTOR: String(slow) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let markReady!: () => void;
  const w: WorkerProcess = {
    name, child, events: [], exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), ready: new Promise((resolve) => { markReady = resolve; }),
  };
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const e = JSON.parse(line) as Record<string, unknown>;
      w.events.push(e);
      if (e.type === 'ready') markReady();
      onEvent(w, e);
    } catch { /* not an event */ }
  });
  child.stderr!.on('data', (d) => process.stderr.write(`[${name}] ${d}`));
  return w;
}

/** Kills what is still running (after a test). */
export function killAll(workers: readonly WorkerProcess[]): void {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
}
