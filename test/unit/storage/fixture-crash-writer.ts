// Child process for crash injection. argv: <mode engine|raw> <dir>. Writes until killed, printing a
// line only after a write is durable (an awaited writeThrough/flush or approve):
//   ready
//   durable measured <n>      measurements with values 1..n are on disk
//   durable applied <id>      improvement <id> is on disk with status 'applied'
//   durable rolled_back <id>  improvement <id> is on disk with status 'rolled_back'
// A third argument is the database path to open (a symlink to engine.db, for the symlinked-path soak).
// In raw mode it writes through Database directly and runs retention slices with a tiny cap.
// SIE_CRASH_SAVES=rare: saves come seconds apart, so what is durable when the kill lands is mostly in the
// change journal only (written and fsync'd, not yet folded into the file), and the next open replays it.
// Measurements are made durable with writeThrough (the journal) in odd rounds and flush (a save) in even ones.
import fs from 'node:fs';
import path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { Database } from '../../../src/engine/storage/database';
import { runRetentionSlice } from '../../../src/engine/storage/retention';

const [mode, dir, dbArg] = process.argv.slice(2);
/** engine.db in the folder, or the path given (the harness passes a symlink to it). */
const dbPath = dbArg ?? path.join(dir, 'engine.db');
const say = (line: string): void => { fs.writeSync(1, line + '\n'); };
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const saveTiming = process.env.SIE_CRASH_SAVES === 'rare' ? { saveDelayMs: 1500, maxSaveDelayMs: 4000 } : { saveDelayMs: 5, maxSaveDelayMs: 25 };

async function engineWriter(): Promise<void> {
  const work = path.join(dir, 'work');
  fs.mkdirSync(work, { recursive: true });
  const engine = await SelfImprovementEngine.open({ dbPath, rootDir: work, ...saveTiming });
  const existing = engine.listCapabilities().find((c) => c.name === 'm');
  if (!existing) {
    engine.registerCapability({ name: 'm', type: 'efficiency', description: 'crash test', baseline: 0, target: 1e9, unit: 'n', direction: 'higher' });
    await engine.flush();
  }
  let seq = existing?.measurementCount ?? 0;
  say('ready');
  for (let round = 0; ; round++) {
    for (let i = 0; i < 20; i++) {
      engine.measureCapability('m', ++seq, { round });
      if (i % 5 === 0) await tick(); // lets coalesced saves start, so kills land inside them too
    }
    if (round % 2 === 1) await (engine as unknown as { db: Database }).db.writeThrough();
    else await engine.flush();
    say(`durable measured ${seq}`);
    if (round % 3 === 0) {
      const name = `f-${process.pid}-${round}.txt`;
      fs.writeFileSync(path.join(work, name), `original ${round}\n`);
      const imp = await engine.applyImprovement({ name: `imp ${round}`, filePath: name, newCode: `improved ${round}\n` });
      const applied = await engine.approveImprovement(imp.id, 'crash-test');
      if (applied.status === 'applied') say(`durable applied ${applied.id}`);
      // Every other one is rolled back at once, so kills also land inside rollbacks (issue 19 item 2).
      if (applied.status === 'applied' && round % 2 === 0) {
        const back = await engine.rollbackImprovement(applied.id, 'crash-test');
        if (back.status === 'rolled_back') say(`durable rolled_back ${back.id}`);
      }
    }
  }
}

async function rawWriter(): Promise<void> {
  const db = await Database.open({ path: path.join(dir, 'raw.db'), ...saveTiming });
  let seq = Number(db.get<{ n: number | null }>(
    "SELECT (SELECT count(*) FROM performance_metrics WHERE capability_name = 'm') + (SELECT coalesce(sum(count), 0) FROM performance_rollups WHERE capability_name = 'm') AS n")!.n ?? 0);
  say('ready');
  for (;;) {
    for (let i = 0; i < 50; i++) {
      seq++;
      db.run("INSERT INTO performance_metrics (capability_name, value, recorded_at) VALUES ('m', ?, ?)", [seq, new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString()]);
      if (i % 10 === 0) await tick();
    }
    runRetentionSlice(db, { maxRawPerCapability: 100, sliceRows: 100 });
    await db.writeThrough();
    say(`durable measured ${seq}`);
  }
}

(mode === 'raw' ? rawWriter() : engineWriter()).catch((err) => {
  say(`error ${String(err?.stack ?? err).replace(/\n/g, ' | ')}`);
  process.exit(1);
});
