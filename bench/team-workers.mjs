#!/usr/bin/env node
// Benchmark (not a test): time to a verdict of one distributed experiment with 1 worker against 3 workers,
// on a throw-away PostgreSQL (test/pg/pgServer.mjs). The benchmark is test/pg/benchRepo.ts's: a probe that
// sleeps in proportion to the value it reports (so a block takes real time) and a patch that halves it.
// All workers run on this one machine, as separate processes with their own clones; the figures are ratios.
// Usage: node bench/team-workers.mjs   (env BENCH_BLOCKS=9 BENCH_PAIRS=3 BENCH_REPEATS=3)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { startPgServer } from '../test/pg/pgServer.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BLOCKS = Number(process.env.BENCH_BLOCKS || 9);
const PAIRS = Number(process.env.BENCH_PAIRS || 3);
const REPEATS = Number(process.env.BENCH_REPEATS || 3);
const OUT = path.join(ROOT, 'out/test/pg');

execFileSync(process.execPath, ['test/pg/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const server = await startPgServer({ log: (m) => console.error(`[pg] ${m}`) });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-bench-team-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freshDb(n) {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE bench_${n}`);
  await admin.end();
  const u = new URL(server.url);
  u.pathname = `/bench_${n}`;
  return u.toString();
}

function startWorker(url, folder, name) {
  const child = spawn(process.execPath, [path.join(OUT, 'fixture-worker.js')], { env: { ...process.env, TEAM_URL: url, MACHINE: name, FOLDER: folder, SLEEP_PER_UNIT: '4' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => readline.createInterface({ input: child.stdout }).on('line', (l) => { if (l.includes('"ready"')) resolve(); }));
  return { child, ready, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

try {
  const prep = JSON.parse(execFileSync(process.execPath, [path.join(OUT, 'fixture-coordinator.js'), 'prepare', tmp, '3'], { encoding: 'utf8' }));
  const rows = [];
  let n = 0;
  for (let r = 0; r < REPEATS; r++) {
    for (const workers of [1, 3]) {
      const url = await freshDb(++n);
      const ws = prep.folders.slice(0, workers).map((f, i) => startWorker(url, f, `machine-${i + 1}`));
      await Promise.all(ws.map((w) => w.ready));
      const out = execFileSync(process.execPath, [path.join(OUT, 'fixture-coordinator.js'), 'run'], {
        encoding: 'utf8', env: { ...process.env, TEAM_URL: url, REPO_PATCH: path.join(tmp, 'candidate.patch'), HEAD: prep.head, BLOCKS: String(BLOCKS), PAIRS: String(PAIRS) },
      });
      const result = JSON.parse(out.trim().split('\n').pop());
      for (const w of ws) w.child.kill('SIGTERM');
      await Promise.all(ws.map((w) => w.exited));
      rows.push({ workers, ...result });
      console.error(`${workers} worker(s): ${result.verdict} (${result.stopped}, ${result.blocksUsed} of ${BLOCKS} blocks in waves ${result.waves.join('+')}) in ${(result.durationMs / 1000).toFixed(1)} s (${result.machines.map((m) => `${m.machine}: ${m.blocks}`).join(', ')})`);
    }
  }
  const one = median(rows.filter((x) => x.workers === 1).map((x) => x.durationMs));
  const three = median(rows.filter((x) => x.workers === 3).map((x) => x.durationMs));
  const summary = {
    blocks: BLOCKS, pairsPerBlock: PAIRS, repeats: REPEATS, cpus: os.cpus().length,
    medianSeconds: { oneWorker: one / 1000, threeWorkers: three / 1000 }, speedup: one / three,
    verdicts: [...new Set(rows.map((x) => `${x.workers}:${x.verdict}`))],
    blocksUsed: Object.fromEntries([1, 3].map((w) => [w, rows.filter((x) => x.workers === w).map((x) => x.blocksUsed)])),
  };
  console.log(JSON.stringify(summary, null, 2));
} finally {
  server.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
}
