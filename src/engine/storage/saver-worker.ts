// The saver worker (bundled as dist/storage-saver.js): keeps its own sql.js copy of the database, opened
// from the same file as the extension host's, brings it up to date from the change journal, and does the
// export + atomic write + journal clean-up off the extension host's thread. It never decides what is in the
// database: it replays exactly the records the host wrote, and fails a save rather than guess.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Database as SqlJsDatabase } from 'sql.js';
import { fold } from './fold';
import { readJournal } from './journal';
import { applyRecords, foldedSeq } from './replay';
import type { SaveMessage, SaverInit, SaverReply } from './saver-protocol';
import { configure, loadSqlJs } from './sqljs';

const init = workerData as SaverInit;

interface State { raw: SqlJsDatabase; applied: number; previousFold: number }

async function load(): Promise<State> {
  const SQL = await loadSqlJs(init.wasmPath);
  const raw = new SQL.Database(fs.readFileSync(init.file));
  configure(raw);
  const applied = foldedSeq(raw);
  return { raw, applied, previousFold: applied };
}

async function save(state: State, msg: SaveMessage): Promise<SaverReply> {
  const journal = readJournal(init.file, state.applied, msg.lastSegment);
  const upTo = journal.records.filter((r) => r.seq <= msg.through);
  const replayed = applyRecords(state.raw, upTo, state.applied);
  state.applied = replayed.lastSeq;
  if (replayed.error) throw replayed.error;
  if (state.applied !== msg.through) {
    throw new Error(`The change journal ends at ${state.applied}, but the save is for changes up to ${msg.through}` +
      ` (segments read: ${journal.segments.map((g) => `${g.n}→${g.maxSeq}`).join(', ') || 'none'}` +
      (journal.warnings.length ? `; ${journal.warnings.join(' ')}` : '') + ').');
  }
  let sidecarError: unknown = null;
  const stats = await fold(state.raw, {
    file: init.file, through: msg.through, lastSegment: msg.lastSegment,
    previousFold: msg.final ? msg.through : state.previousFold, sidecar: msg.sidecar,
    onSidecarError: (err) => { sidecarError = err; },
  });
  state.previousFold = msg.through;
  if (sidecarError) return { id: msg.id, ok: false, sidecar: true, ...describe(sidecarError) };
  return { id: msg.id, ok: true, stats };
}

function describe(err: unknown): { message: string; code?: string; stack?: string } {
  const e = err as { message?: string; code?: unknown; stack?: string };
  return { message: e?.message ?? String(err), code: typeof e?.code === 'string' ? e.code : undefined, stack: e?.stack };
}

if (parentPort && init?.sieStorageSaver === 1) {
  const port = parentPort;
  const loaded = load();
  // One save at a time, in the order asked: each folds on top of the one before.
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (msg: SaveMessage) => {
    queue = queue.then(async () => {
      let reply: SaverReply;
      try { reply = await save(await loaded, msg); } catch (err) { reply = { id: msg.id, ok: false, ...describe(err) }; }
      port.postMessage(reply);
    });
  });
}
