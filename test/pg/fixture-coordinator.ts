// For bench/team-workers.mjs: `prepare DIR CLONES` makes the bench repository and one clone per worker
// (prints JSON); `run` starts a distributed run (env TEAM_URL, REPO_PATCH, HEAD, BLOCKS, PAIRS, WAVE: blocks per wave) and prints its outcome.
import fs from 'node:fs';
import { TeamStore } from '../../src/team/teamStore';
import { BlockQueue } from '../../src/team/runs/queue';
import { runDistributed } from '../../src/team/runs/distributedRun';
import { CAPABILITY, cloneFor, makeBenchRepo } from './benchRepo';

async function main(): Promise<void> {
  const [mode, dir, clones] = process.argv.slice(2);
  if (mode === 'prepare') {
    const made = makeBenchRepo(dir);
    const folders = Array.from({ length: Number(clones) }, (_, i) => cloneFor(made.repo, dir, `clone-${i}`));
    fs.writeFileSync(`${dir}/candidate.patch`, made.patch);
    process.stdout.write(JSON.stringify({ ...made, folders }) + '\n');
    return;
  }
  const url = process.env.TEAM_URL!;
  const store = await TeamStore.connect(url);
  const queue = await BlockQueue.open(url, { maintenanceIntervalSeconds: 1 });
  try {
    const outcome = await runDistributed({
      // The benchmark times one set of blocks (1 vs 3 workers); the confirmation run would double both alike.
      store, queue, pollMs: 200, confirm: false, ...(process.env.WAVE ? { waveBlocks: Number(process.env.WAVE) } : {}),
      spec: {
        capabilityName: CAPABILITY, direction: 'lower', threshold: 0.15, candidate: { kind: 'patch', patch: fs.readFileSync(process.env.REPO_PATCH!, 'utf8') },
        baseCommit: process.env.HEAD!, pairsPerBlock: Number(process.env.PAIRS), blocks: Number(process.env.BLOCKS), blockTimeoutSeconds: 120,
      },
    });
    process.stdout.write(JSON.stringify({
      // The sequential rule's verdict (before a confirmation, which the benchmark leaves out) and where it stopped.
      verdict: outcome.look.verdict?.verdict ?? 'inconclusive', stopped: outcome.evidence.stopped, blocksUsed: outcome.blocks.length, waves: outcome.evidence.distributed.waves,
      relativeChange: outcome.analysis.relativeChange, pValue: outcome.analysis.pValue, durationMs: outcome.durationMs,
      machines: outcome.analysis.machines.map((m) => ({ machine: m.machine, blocks: m.blocks })),
    }) + '\n');
  } finally {
    await queue.close(false);
    await store.close();
  }
}

main().catch((err) => { process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`); process.exit(3); });
