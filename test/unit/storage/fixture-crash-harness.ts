// Crash injection: start the writer, SIGKILL it at a random moment, then check that the database
// opens (from the file itself, not a fallback), passes PRAGMA integrity_check, keeps its audit chain,
// and holds every write the writer reported durable. Used by crash.test.ts and bench/crash-soak.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { Database, loadSqlJs } from '../../../src/engine/storage/database';
import { readJournal } from '../../../src/engine/storage/journal';
import { foldedSeq } from '../../../src/engine/storage/replay';

export interface CrashOptions {
  dir: string;
  kills: number;
  mode: 'engine' | 'raw';
  /** Engine mode: the writer opens the database through a symlink (link/engine.db → ../engine.db). */
  symlinkDb?: boolean;
  /**
   * Kill this many ms (uniform in [min, max]) after the writer's first durable line — or, in one round of
   * five, after it said "ready" (so kills also land in the first save). Anchoring on progress keeps
   * the test meaningful on a loaded machine, where a fixed delay may end every round before any write.
   */
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  /** Opens that failed, fell back to .prev, or failed the integrity check. */
  corrupt: number;
  /** Writes reported durable but missing after the kill. */
  lost: number;
  /** Rounds after which an improvement was stuck: status and file disagree (e.g. 'applied' but the file holds the original). */
  stuck: number;
  /** Kills after which the file alone was behind: the open had journal records to replay (durable only in the journal). */
  replayRounds: number;
  /** Journal records those opens replayed, in total. */
  replayedRecords: number;
  /** Rollbacks reported durable and checked. */
  checkedRollbacks: number;
  /** Durable writes checked in total. */
  checkedMeasurements: number;
  checkedImprovements: number;
  problems: string[];
}

const writerScript = path.join(__dirname, 'fixture-crash-writer.js');

interface Reported { measured: number; applied: number[]; rolledBack: number[]; error?: string }

const linkPath = (dir: string): string => path.join(dir, 'link', 'engine.db');

/** When the kill is armed: after the first durable write, after "ready", or at spawn (kills during open and journal replay). */
type Anchor = 'durable' | 'ready' | 'spawn';

function runOnce(opts: CrashOptions, delayMs: number, anchor: Anchor, rareSaves: boolean): Promise<Reported> {
  return new Promise((resolve) => {
    const args = [writerScript, opts.mode, opts.dir, ...(opts.symlinkDb ? [linkPath(opts.dir)] : [])];
    const env = { ...process.env, SIE_CRASH_SAVES: rareSaves ? 'rare' : 'often' };
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const anchorOnReady = anchor === 'ready';
    const got: Reported = { measured: 0, applied: [], rolledBack: [] };
    let buf = '';
    let stderr = '';
    let armed = false;
    const arm = (): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    if (anchor === 'spawn') arm();
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const [a, b, c] = buf.slice(0, i).split(' ');
        buf = buf.slice(i + 1);
        if (a === 'ready' && anchorOnReady) arm();
        else if (a === 'durable' && b === 'measured') { got.measured = Number(c); arm(); }
        else if (a === 'durable' && b === 'applied') got.applied.push(Number(c));
        else if (a === 'durable' && b === 'rolled_back') got.rolledBack.push(Number(c));
        else if (a === 'error') got.error = buf;
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') got.error ??= `writer exited with ${code ?? signal}: ${stderr.slice(0, 2000)}`;
      resolve(got);
    });
  });
}

interface Verdict { corrupt: string[]; lost: string[]; stuck: string[] }

/** Records in the journal past the file's folded seq: what the next open must replay. */
async function pendingRecords(file: string): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  const SQL = await loadSqlJs();
  const raw = new SQL.Database(fs.readFileSync(file));
  try { return readJournal(file, foldedSeq(raw)).records.length; } finally { raw.close(); }
}

async function verifyEngine(opts: CrashOptions, expect: { measured: number; applied: number[]; rolledBack: number[] }): Promise<Verdict> {
  const corrupt: string[] = [];
  const lost: string[] = [];
  const stuck: string[] = [];
  const file = path.join(opts.dir, 'engine.db');
  if (opts.symlinkDb && !fs.lstatSync(linkPath(opts.dir)).isSymbolicLink()) corrupt.push('the symlinked database path was replaced by a regular file');
  if (!fs.existsSync(file)) return { corrupt, lost: expect.measured > 0 ? ['engine.db missing'] : [], stuck };
  const messages: string[] = [];
  let engine: SelfImprovementEngine;
  try {
    engine = await SelfImprovementEngine.open({ dbPath: file, rootDir: path.join(opts.dir, 'work'), storage: { integrityCheck: 'full', onMessage: (m) => messages.push(m) } });
  } catch (err) {
    return { corrupt: [`open failed: ${String(err)}`], lost, stuck };
  }
  try {
    if (messages.length) corrupt.push(`recovered instead of a clean open: ${messages.join(' ')}`);
    const audit = engine.verifyAuditTrail();
    if (!audit.valid) corrupt.push(`audit chain broken at event ${audit.brokenAt}`);
    const cap = engine.listCapabilities().find((c) => c.name === 'm');
    const count = cap?.measurementCount ?? 0;
    if (count < expect.measured) lost.push(`measurementCount ${count} < durable ${expect.measured}`);
    for (const id of expect.applied) {
      let status = 'missing';
      try { status = engine.getImprovement(id).status; } catch { /* missing */ }
      if (status !== 'applied' && status !== 'rolled_back') lost.push(`improvement ${id} is ${status}, was reported applied`);
    }
    for (const id of expect.rolledBack) {
      const status = engine.listImprovements().find((i) => i.id === id)?.status ?? 'missing';
      if (status !== 'rolled_back') lost.push(`improvement ${id} is ${status}, was reported rolled back`);
    }
    // Nothing stuck: after recovery on open, every improvement's status agrees with its file.
    for (const imp of engine.listImprovements()) {
      const text = fs.existsSync(path.join(opts.dir, 'work', imp.filePath)) ? fs.readFileSync(path.join(opts.dir, 'work', imp.filePath), 'utf8') : null;
      const holds = text === imp.proposedContent ? 'the proposal' : text === imp.originalContent ? 'the original' : 'something else';
      const ok = imp.status === 'applied' ? holds === 'the proposal' : imp.status === 'rolled_back' || imp.status === 'pending' ? holds === 'the original' : imp.status !== 'approved';
      if (!ok) stuck.push(`improvement ${imp.id} is ${imp.status} but its file holds ${holds}`);
    }
  } finally {
    await engine.close();
  }
  // Values 1..n must all be present (plain sql.js read of the closed file).
  const db = await Database.open({ path: file, integrityCheck: 'full' });
  try {
    const n = Number(db.get<{ n: number }>("SELECT count(DISTINCT value) AS n FROM performance_metrics WHERE capability_name = 'm' AND value <= ?", [expect.measured])!.n);
    if (n !== expect.measured) lost.push(`only ${n} of measurements 1..${expect.measured} present`);
  } finally {
    await db.close();
  }
  return { corrupt, lost, stuck };
}

async function verifyRaw(opts: CrashOptions, expect: { measured: number }): Promise<Verdict> {
  const corrupt: string[] = [];
  const lost: string[] = [];
  const stuck: string[] = [];
  const messages: string[] = [];
  let db: Database;
  try {
    db = await Database.open({ path: path.join(opts.dir, 'raw.db'), integrityCheck: 'full', onMessage: (m) => messages.push(m) });
  } catch (err) {
    return { corrupt: [`open failed: ${String(err)}`], lost, stuck };
  }
  try {
    if (messages.length) corrupt.push(`recovered instead of a clean open: ${messages.join(' ')}`);
    const check = db.all<{ integrity_check: string }>('PRAGMA integrity_check');
    if (check.length !== 1 || check[0].integrity_check !== 'ok') corrupt.push(`integrity_check: ${JSON.stringify(check.slice(0, 3))}`);
    const total = Number(db.get<{ n: number }>(
      "SELECT (SELECT count(*) FROM performance_metrics WHERE capability_name = 'm' AND value <= ?) + (SELECT coalesce(sum(count), 0) FROM performance_rollups WHERE capability_name = 'm') AS n", [expect.measured])!.n);
    if (total < expect.measured) lost.push(`raw+rolled-up ${total} < durable ${expect.measured}`);
  } finally {
    await db.close();
  }
  return { corrupt, lost, stuck };
}

export async function crashRounds(opts: CrashOptions): Promise<CrashReport> {
  const random = opts.random ?? Math.random;
  const min = opts.minDelayMs ?? 0;
  const max = opts.maxDelayMs ?? 300;
  const report: CrashReport = { kills: 0, corrupt: 0, lost: 0, stuck: 0, replayRounds: 0, replayedRecords: 0, checkedMeasurements: 0, checkedImprovements: 0, checkedRollbacks: 0, problems: [] };
  if (opts.symlinkDb) {
    // link/engine.db → ../engine.db: the real file lives one folder up, reached only through the link.
    fs.mkdirSync(path.join(opts.dir, 'link'), { recursive: true });
    if (!fs.existsSync(linkPath(opts.dir))) fs.symlinkSync(path.join('..', 'engine.db'), linkPath(opts.dir));
  }
  // Durable facts accumulate across rounds: a later round must not lose an earlier round's writes.
  let measured = 0;
  const applied: number[] = [];
  const rolledBack: number[] = [];
  for (let k = 0; k < opts.kills; k++) {
    const delay = Math.round(min + random() * (max - min));
    // One round in five after "ready", one in five from spawn (often inside the open's journal replay, as
    // rare-save rounds leave records to replay); every other round with rare saves (journal-only durability).
    const anchor: Anchor = k % 5 === 4 ? 'ready' : k % 5 === 2 ? 'spawn' : 'durable';
    const got = await runOnce(opts, anchor === 'spawn' ? Math.round(random() * 400) : delay, anchor, k % 2 === 1);
    if (got.error) throw new Error(`crash writer failed (round ${k}): ${got.error}`);
    report.kills++;
    measured = Math.max(measured, got.measured);
    applied.push(...got.applied);
    rolledBack.push(...got.rolledBack);
    const pending = await pendingRecords(opts.mode === 'engine' ? path.join(opts.dir, 'engine.db') : path.join(opts.dir, 'raw.db'));
    if (pending > 0) { report.replayRounds++; report.replayedRecords += pending; }
    const v = opts.mode === 'engine' ? await verifyEngine(opts, { measured, applied, rolledBack }) : await verifyRaw(opts, { measured });
    if (v.corrupt.length) report.corrupt++;
    if (v.lost.length) report.lost++;
    if (v.stuck.length) report.stuck++;
    const problems = [...v.corrupt, ...v.lost, ...v.stuck];
    for (const p of problems) report.problems.push(`kill ${k} after ${delay} ms: ${p}`);
    report.checkedMeasurements = measured;
    report.checkedImprovements = applied.length;
    report.checkedRollbacks = rolledBack.length;
    opts.log?.(`kill ${k + 1}/${opts.kills} (${anchor}${k % 2 === 1 ? ', rare saves' : ''}) after ${delay} ms: journal records to replay ${pending}; durable measured ${measured}, applied ${applied.length}, rolled back ${rolledBack.length}` +
      (problems.length ? ` PROBLEMS: ${problems.join('; ')}` : ''));
  }
  return report;
}
