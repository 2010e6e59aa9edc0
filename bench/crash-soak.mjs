// Crash soak: SIGKILL the writer at random moments many times and count corrupt opens and lost durable
// writes. Needs the unit-test build (node scripts/build.mjs --tests) for the writer and harness.
// Usage: node bench/crash-soak.mjs [engineKills=150] [rawKills=60] [symlinkKills=100]
// Kills land between journal write and save (every other round saves only every few seconds, so what was
// made durable is in the journal only) and, one round in five, from spawn (during open and journal replay).
// The engine writer measures, proposes, approves and rolls back every other improvement (kills land in
// rollbacks too); the symlink run opens the database through a symlink (link/engine.db → ../engine.db).
// Besides corrupt opens and lost durable writes it counts stuck improvements (status and file disagree).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const harness = path.join(root, 'out/test/unit/storage/fixture-crash-harness.js');
if (!fs.existsSync(harness)) {
  console.error('Build the tests first: node scripts/build.mjs --tests');
  process.exit(2);
}
// Run from a private copy, so that a rebuild during the soak (other work in the checkout) cannot mix
// two versions of the writer and the checker.
const copyDir = path.join(root, 'out/bench', `soak-${process.pid}`);
fs.mkdirSync(copyDir, { recursive: true });
for (const f of ['fixture-crash-harness.js', 'fixture-crash-writer.js']) fs.copyFileSync(path.join(path.dirname(harness), f), path.join(copyDir, f));
process.on('exit', () => fs.rmSync(copyDir, { recursive: true, force: true }));
const { crashRounds } = createRequire(import.meta.url)(path.join(copyDir, 'fixture-crash-harness.js'));
const plan = [['engine', Number(process.argv[2] ?? 150)], ['raw', Number(process.argv[3] ?? 60)], ['engine-symlink', Number(process.argv[4] ?? 100)]];
const totals = { kills: 0, corrupt: 0, lost: 0, stuck: 0, rollbacks: 0, replayRounds: 0, replayed: 0 };
const started = Date.now();
for (const [mode, kills] of plan) {
  if (!kills) continue;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sie-soak-${mode}-`));
  const r = await crashRounds({ dir, kills, mode: mode === 'raw' ? 'raw' : 'engine', symlinkDb: mode === 'engine-symlink', log: (l) => console.log(`[${mode}] ${l}`) });
  console.log(`[${mode}] kills=${r.kills} corrupt=${r.corrupt} lost=${r.lost} stuck=${r.stuck} opens that replayed the journal=${r.replayRounds} (${r.replayedRecords} records) durable measurements checked=${r.checkedMeasurements} applied improvements checked=${r.checkedImprovements} rollbacks checked=${r.checkedRollbacks}`);
  for (const p of r.problems) console.log(`[${mode}] problem: ${p}`);
  totals.kills += r.kills; totals.corrupt += r.corrupt; totals.lost += r.lost; totals.stuck += r.stuck; totals.rollbacks += r.checkedRollbacks;
  totals.replayRounds += r.replayRounds; totals.replayed += r.replayedRecords;
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`TOTAL kills=${totals.kills} corrupt=${totals.corrupt} lost=${totals.lost} stuck=${totals.stuck} rollbacks checked=${totals.rollbacks} opens that replayed the journal=${totals.replayRounds} (${totals.replayed} records) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(totals.corrupt || totals.lost || totals.stuck ? 1 : 0);
