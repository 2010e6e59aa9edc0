// measureCapability throughput (engine, sql.js, durable through the journal) against a raw better-sqlite3
// insert loop of the same rows (file database, WAL, synchronous=NORMAL, one statement per row).
// Usage: node bench/storage-throughput.mjs [rows=20000] [runs=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBundle, median, fmt } from './storage-build.mjs';
import { requirePeer } from './peer.mjs';

const BetterSqlite3 = requirePeer('better-sqlite3', 'better-sqlite3@12');

const rows = Number(process.argv[2] ?? 20000);
const runs = Number(process.argv[3] ?? 5);
const { SelfImprovementEngine, Database } = await loadBundle();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sie-bench-tp-'));
const CAPS = 10;
const values = Array.from({ length: rows }, (_, i) => (i * 7919) % 1000 / 10);
const at = (i) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();

function clockFrom(start) { let i = start; return { now: () => new Date(Date.UTC(2026, 0, 1) + (i++) * 60_000) }; }

async function engineRun(run) {
  const engine = await SelfImprovementEngine.open({ dbPath: path.join(tmp, `engine-${run}.db`), rootDir: tmp, clock: clockFrom(0) });
  for (let c = 0; c < CAPS; c++) engine.registerCapability({ name: `cap-${c}`, type: 'efficiency', baseline: 0, target: 50, unit: 'x' });
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) engine.measureCapability(`cap-${i % CAPS}`, values[i]);
  // Durable: the journal fsync (what an approval waits for). Folded: the saver worker has written the file.
  await engine.db.writeThrough();
  const ms = performance.now() - t0;
  await engine.flush();
  const foldedMs = performance.now() - t0;
  await engine.close();
  return { ms, foldedMs };
}

async function databaseRun(run) {
  const db = await Database.open({ path: path.join(tmp, `db-${run}.db`) });
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) db.run('INSERT INTO performance_metrics (capability_name, value, context, experiment_id, recorded_at) VALUES (?, ?, ?, ?, ?)', [`cap-${i % CAPS}`, values[i], null, null, at(i)]);
  await db.writeThrough();
  const ms = performance.now() - t0;
  await db.flush();
  const foldedMs = performance.now() - t0;
  await db.close();
  return { ms, foldedMs };
}

function betterRun(run) {
  const file = path.join(tmp, `better-${run}.db`);
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE performance_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, capability_name TEXT NOT NULL, value REAL NOT NULL,
    context TEXT, experiment_id INTEGER, recorded_at TEXT NOT NULL);
    CREATE INDEX idx_metrics_capability_time ON performance_metrics(capability_name, recorded_at);`);
  const insert = db.prepare('INSERT INTO performance_metrics (capability_name, value, context, experiment_id, recorded_at) VALUES (?, ?, ?, ?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) insert.run(`cap-${i % CAPS}`, values[i], null, null, at(i));
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

const result = { engine: [], database: [], better: [] };
for (let r = 0; r < runs; r++) {
  result.better.push(betterRun(r));
  result.database.push(await databaseRun(r));
  result.engine.push(await engineRun(r));
}
const per = (ms) => rows / (ms / 1000);
const mb = median(result.better);
const md = median(result.database.map((r) => r.ms)), mdf = median(result.database.map((r) => r.foldedMs));
const me = median(result.engine.map((r) => r.ms)), mef = median(result.engine.map((r) => r.foldedMs));
console.log(`rows=${rows} runs=${runs} capabilities=${CAPS}`);
console.log(`better-sqlite3 insert loop (WAL, sync=NORMAL): median ${fmt(mb)} ms = ${fmt(per(mb), 0)} rows/s`);
console.log(`Database.run insert loop + writeThrough (durable, journal): median ${fmt(md)} ms = ${fmt(per(md), 0)} rows/s, ratio ${fmt(md / mb, 2)}×; + flush (folded into the file by the worker) ${fmt(mdf)} ms, ${fmt(mdf / mb, 2)}×`);
console.log(`engine.measureCapability loop + writeThrough (durable): median ${fmt(me)} ms = ${fmt(per(me), 0)} rows/s, ratio ${fmt(me / mb, 2)}× (aim ≤ 2×); + flush (folded) ${fmt(mef)} ms, ${fmt(mef / mb, 2)}×`);
