// A worker process for the distributed-run tests and the benchmark: `self-improvement worker` minus the CLI.
// Env: TEAM_URL, MACHINE, FOLDER. Prints one JSON line per event; SIGTERM stops it gracefully.
import { TeamStore } from '../../src/team/teamStore';
import { BlockQueue } from '../../src/team/runs/queue';
import { startWorker } from '../../src/team/runs/worker';
import { probeBlockRunner } from '../../src/team/runs/probeRunner';

async function main(): Promise<void> {
  const url = process.env.TEAM_URL!;
  const store = await TeamStore.connect(url, { max: 2 });
  const queue = await BlockQueue.open(url, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
  const worker = await startWorker({
    store, queue, machine: process.env.MACHINE, workerId: `${process.env.MACHINE}#${process.pid}`,
    runner: probeBlockRunner({ folder: process.env.FOLDER!, isTrusted: () => true }),
    onEvent: (e) => process.stdout.write(JSON.stringify(e) + '\n'),
  });
  process.stdout.write(JSON.stringify({ type: 'ready', workerId: worker.workerId }) + '\n');
  process.on('SIGTERM', () => {
    void worker.stop(true).then(() => store.close()).then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(3);
});
