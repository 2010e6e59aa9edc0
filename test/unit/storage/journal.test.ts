import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { crc32, decodeRecords, encodeRecord, listSegments, readJournal, segmentPath, SqlTexts } from '../../../src/engine/storage/journal';
import { FOLD_TABLE } from '../../../src/engine/storage/replay';
import { rawQuery, tempDir } from './helpers';

const INSERT = 'INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES (?, ?, 1, ?)';
const names = async (db: Database): Promise<string[]> => db.all<{ n: string }>('SELECT action_name AS n FROM rl_outcomes ORDER BY id').map((r) => r.n);

/** What a crash leaves: the files on disk at this moment (the database, its generations, the journal), copied elsewhere. */
function crashCopy(dir: string, to: string): string {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.lock')) continue; // a dead writer's lock is taken over anyway
    const from = path.join(dir, name);
    if (fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(to, name));
  }
  return path.join(to, 'x.db');
}

describe('storage journal: records', () => {
  it('round-trips statements with text, numbers, nulls, named parameters and blobs', () => {
    const blob = new Uint8Array([0, 1, 254, 255]);
    const bytes = encodeRecord({ seq: 7, statements: [['INSERT x', ['a', 1.5, null, blob]], ['UPDATE y', { $b: 'v' }], ['PRAGMA z']] });
    const { records, torn, validBytes } = decodeRecords(bytes);
    assert.equal(torn, false);
    assert.equal(validBytes, bytes.length);
    assert.deepEqual(records, [{ seq: 7, statements: [['INSERT x', ['a', 1.5, null, blob]], ['UPDATE y', { $b: 'v' }], ['PRAGMA z']] }]);
  });

  it('ignores a torn last record and stops at a damaged one', () => {
    const a = encodeRecord({ seq: 1, statements: [['A', []]] });
    const b = encodeRecord({ seq: 2, statements: [['B', []]] });
    for (let cut = 1; cut < b.length; cut++) {
      const torn = decodeRecords(Buffer.concat([a, b.subarray(0, cut)]));
      assert.deepEqual(torn.records.map((r) => r.seq), [1], `cut at ${cut}`);
      assert.equal(torn.torn, true);
      assert.equal(torn.validBytes, a.length);
    }
    const damaged = Buffer.concat([a, b]);
    damaged[a.length + 10] ^= 0xff; // a flipped bit in b's payload: its CRC no longer matches
    assert.deepEqual(decodeRecords(damaged).records.map((r) => r.seq), [1]);
  });

  it('reads segments in order, skips folded records, and stops at a gap', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'x.db');
      const write = (n: number, seqs: number[]): void => fs.writeFileSync(segmentPath(file, n), Buffer.concat(seqs.map((seq) => encodeRecord({ seq, statements: [] }))));
      write(2, [4, 5]);
      write(10, [6]);
      write(1, [1, 2, 3]);
      assert.deepEqual(listSegments(file).map((s) => s.n), [1, 2, 10], 'numeric order, not by name');
      const read = readJournal(file, 2);
      assert.deepEqual(read.records.map((r) => r.seq), [3, 4, 5, 6]);
      assert.equal(read.lastSeq, 6);
      assert.deepEqual(read.warnings, []);
      write(11, [8, 9]);
      const gap = readJournal(file, 2);
      assert.deepEqual(gap.records.map((r) => r.seq), [3, 4, 5, 6], 'nothing past the missing 7');
      assert.match(gap.warnings[0], /skips from 6 to 8/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A record as format 1 wrote it ({s, q} with the SQL text in every statement), framed by hand. */
function formatOneRecord(seq: number, statements: unknown[]): Buffer {
  const payload = Buffer.from(JSON.stringify({ s: seq, q: statements }), 'utf8');
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

describe('storage journal: format 2 (interned SQL text) and format 1 segments', () => {
  let dir: string;
  let file: string;
  beforeEach(() => { dir = tempDir(); file = path.join(dir, 'x.db'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a segment table: each text is written once, later records name it; decoding restores the text', () => {
    const texts = new SqlTexts();
    const a = encodeRecord({ seq: 1, statements: [[INSERT, ['t', 'a', 'x']], ['PRAGMA z']] }, texts);
    const b = encodeRecord({ seq: 2, statements: [[INSERT, ['t', 'b', 'x']], [INSERT, ['t', 'c', 'x']]] }, texts);
    assert.equal(b.toString('utf8').includes('INSERT'), false, 'the second record names the text');
    assert.ok(b.length < a.length);
    assert.deepEqual(decodeRecords(Buffer.concat([a, b])).records, [
      { seq: 1, statements: [[INSERT, ['t', 'a', 'x']], ['PRAGMA z']] },
      { seq: 2, statements: [[INSERT, ['t', 'b', 'x']], [INSERT, ['t', 'c', 'x']]] },
    ]);
    const alone = decodeRecords(b);
    assert.deepEqual(alone.records, [], 'a record naming a text its segment never defined is not applied');
    assert.equal(alone.torn, true);
  });

  it('an OLD (format 1) segment beside the database is replayed at open, and new records follow on in format 2', async () => {
    const db = await Database.open({ path: file, saver: 'inline' });
    await db.close();
    const at = await rawQuery(file, `SELECT seq FROM ${FOLD_TABLE}`);
    const folded = Number(at[0][0]);
    fs.writeFileSync(segmentPath(file, 1), Buffer.concat([
      formatOneRecord(folded + 1, [[INSERT, ['t', 'old-1', 'x']]]),
      formatOneRecord(folded + 2, [[INSERT, ['t', 'old-2', 'x']], [INSERT, ['t', 'old-3', 'x']]]),
    ]));
    const w = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    assert.deepEqual(w.openReport.messages, []);
    assert.deepEqual(await names(w), ['old-1', 'old-2', 'old-3']);
    w.run(INSERT, ['t', 'new', 'x']);
    await w.writeThrough();
    const copy = crashCopy(dir, path.join(dir, 'c'));
    const newest = listSegments(copy).at(-1)!;
    assert.match(fs.readFileSync(newest.path).subarray(8).toString('utf8'), /^\{"v":2,/);
    await w.close();
    const view = await Database.open({ path: copy, lock: 'never' });
    try { assert.deepEqual(await names(view), ['old-1', 'old-2', 'old-3', 'new']); } finally { await view.close(); }
  });

  it('texts are interned per segment: records after a rotation define them again (a save folds the older segments)', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    db.run(INSERT, ['t', 'one', 'x']);
    await db.flush(); // rotates: 'two' is the first record of a new segment
    db.run(INSERT, ['t', 'two', 'x']);
    db.run(INSERT, ['t', 'three', 'x']);
    await db.writeThrough();
    const copy = crashCopy(dir, path.join(dir, 'c'));
    await db.close();
    // The newest segment decodes on its own: it defines the INSERT's text again.
    const last = decodeRecords(fs.readFileSync(listSegments(copy).at(-1)!.path));
    assert.deepEqual(last.records.map((r) => r.statements), [[[INSERT, ['t', 'two', 'x']]], [[INSERT, ['t', 'three', 'x']]]]);
    const view = await Database.open({ path: copy, lock: 'never' });
    try { assert.deepEqual(await names(view), ['one', 'two', 'three']); } finally { await view.close(); }
  });

  it('a record in a newer format stops the replay with a notice naming it, and the writer keeps the segment aside', async () => {
    const db = await Database.open({ path: file, saver: 'inline' });
    await db.close();
    const folded = Number((await rawQuery(file, `SELECT seq FROM ${FOLD_TABLE}`))[0][0]);
    const future = Buffer.from(JSON.stringify({ v: 3, s: folded + 2, z: 'unknown' }), 'utf8');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(future.length, 0);
    head.writeUInt32LE(crc32(future), 4);
    fs.writeFileSync(segmentPath(file, 1), Buffer.concat([encodeRecord({ seq: folded + 1, statements: [[INSERT, ['t', 'readable', 'x']]] }), head, future]));
    const w = await Database.open({ path: file, saver: 'inline' });
    try {
      assert.deepEqual(await names(w), ['readable'], 'records before it are applied');
      assert.match(w.openReport.messages.join(' '), /journal format 3, newer than this version reads \(2\)/);
      assert.ok(w.openReport.setAside.some((f) => f.includes('.journal-1.unapplied-') && fs.existsSync(f)));
    } finally {
      await w.close();
    }
  });
});

describe('storage journal: durability through the journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => { dir = tempDir(); file = path.join(dir, 'x.db'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writeThrough makes a change durable without a save; reopening after a crash replays it', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    const saves = db.saveCount;
    db.run(INSERT, ['t', 'autocommit', '2026-01-01T00:00:00Z']);
    db.transaction(() => {
      db.run(INSERT, ['t', 'in-tx-1', '2026-01-01T00:00:01Z']);
      db.insert(INSERT, ['t', 'in-tx-2', '2026-01-01T00:00:02Z']);
    });
    await db.writeThrough();
    assert.equal(db.saveCount, saves, 'no save: the journal fsync is the durability point');
    assert.deepEqual(await rawQuery(file, 'SELECT count(*) FROM rl_outcomes'), [[0]], 'the file itself is not rewritten');
    const copy = crashCopy(dir, path.join(dir, 'crashed'));
    const reopened = await Database.open({ path: copy, saver: 'inline' });
    try {
      assert.deepEqual(await names(reopened), ['autocommit', 'in-tx-1', 'in-tx-2']);
      assert.equal(reopened.journalSeq, db.journalSeq);
    } finally {
      await reopened.close();
      await db.close();
    }
  });

  it('a rolled-back transaction is not journaled', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    db.run(INSERT, ['t', 'kept', 'x']);
    assert.throws(() => db.transaction(() => { db.run(INSERT, ['t', 'undone', 'x']); throw new Error('no'); }));
    await db.writeThrough();
    const reopened = await Database.open({ path: crashCopy(dir, path.join(dir, 'c')), saver: 'inline' });
    try { assert.deepEqual(await names(reopened), ['kept']); } finally { await reopened.close(); await db.close(); }
  });

  it('replay is idempotent: opening the same crashed files twice, and after a fold, gives the same rows', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    for (let i = 0; i < 20; i++) db.run(INSERT, ['t', `r${i}`, 'x']);
    await db.flush(); // r0..r19 folded into the file
    for (let i = 20; i < 30; i++) db.run(INSERT, ['t', `r${i}`, 'x']);
    await db.writeThrough();
    const expected = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const copy = crashCopy(dir, path.join(dir, 'c'));
    // A read-only view replays in memory only; a second view sees exactly the same.
    for (let round = 0; round < 2; round++) {
      const view = await Database.open({ path: copy, lock: 'never' });
      assert.deepEqual(await names(view), expected, `view ${round}`);
      await view.close();
    }
    // The writer replays, folds at close; opening again replays nothing twice.
    const w = await Database.open({ path: copy, saver: 'inline' });
    assert.deepEqual(await names(w), expected);
    await w.close();
    assert.deepEqual(listSegments(copy), [], 'a clean close leaves no journal');
    const again = await Database.open({ path: copy, lock: 'never' });
    try { assert.deepEqual(await names(again), expected); } finally { await again.close(); await db.close(); }
  });

  it('a write made after recovering from a crash between journal and save survives the next crash', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    db.run(INSERT, ['t', 'before-crash', 'x']);
    await db.writeThrough();
    const first = crashCopy(dir, path.join(dir, 'c1'));
    await db.close();
    const recovered = await Database.open({ path: first, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    recovered.run(INSERT, ['t', 'after-recovery', 'x']);
    await recovered.writeThrough();
    const second = crashCopy(path.dirname(first), path.join(dir, 'c2'));
    await recovered.close();
    const final = await Database.open({ path: second, lock: 'never' });
    try { assert.deepEqual(await names(final), ['before-crash', 'after-recovery']); } finally { await final.close(); }
  });

  it('a torn record at the end of the journal is ignored and the next records follow on', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    db.run(INSERT, ['t', 'whole', 'x']);
    await db.writeThrough();
    const copy = crashCopy(dir, path.join(dir, 'c'));
    await db.close();
    const segs = listSegments(copy);
    const last = segs[segs.length - 1].path;
    const torn = encodeRecord({ seq: 999, statements: [[INSERT, ['t', 'torn', 'x']]] });
    fs.appendFileSync(last, torn.subarray(0, torn.length - 3));
    const w = await Database.open({ path: copy, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    assert.deepEqual(await names(w), ['whole']);
    assert.deepEqual(w.openReport.messages, [], 'a torn tail is what a crash leaves: no warning');
    w.run(INSERT, ['t', 'next', 'x']);
    await w.writeThrough();
    const copy2 = crashCopy(path.dirname(copy), path.join(dir, 'c2'));
    await w.close();
    const view = await Database.open({ path: copy2, lock: 'never' });
    try { assert.deepEqual(await names(view), ['whole', 'next']); } finally { await view.close(); }
  });

  it('journal segments without their database are set aside, never replayed onto a new empty one', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    db.run(INSERT, ['t', 'lost-with-the-file', 'x']);
    await db.writeThrough();
    const copy = crashCopy(dir, path.join(dir, 'c'));
    await db.close();
    fs.rmSync(copy);
    fs.rmSync(`${copy}.prev`, { force: true });
    const messages: string[] = [];
    const fresh = await Database.open({ path: copy, onMessage: (m) => messages.push(m) });
    try {
      assert.equal(fresh.openReport.source, 'new');
      assert.deepEqual(await names(fresh), []);
      assert.match(messages.join(' '), /without their database; they were kept aside/);
      assert.ok(fresh.openReport.setAside.some((f) => f.includes('.journal-') && fs.existsSync(f)));
    } finally {
      await fresh.close();
    }
  });

  it('the saver worker folds the journal into the file and removes segments no generation needs', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    try {
      assert.equal(db.saverKind, 'worker', 'dist/storage-saver.js is built beside the bundles');
      db.run(INSERT, ['t', 'one', 'x']);
      await db.flush();
      assert.deepEqual(await rawQuery(file, 'SELECT action_name FROM rl_outcomes'), [['one']], 'written by the worker');
      assert.deepEqual(await rawQuery(file, `SELECT seq FROM ${FOLD_TABLE}`), [[db.journalSeq]]);
      db.run(INSERT, ['t', 'two', 'x']);
      await db.flush();
      db.run(INSERT, ['t', 'three', 'x']);
      await db.flush();
      assert.deepEqual(await rawQuery(file, 'SELECT action_name FROM rl_outcomes ORDER BY id'), [['one'], ['two'], ['three']]);
      assert.equal(db.lastSave!.bytes, fs.statSync(file).size);
      // `.prev` (holding one, two) plus the remaining segments still reach the latest state.
      const prev = await rawQuery(`${file}.prev`, 'SELECT action_name FROM rl_outcomes ORDER BY id');
      assert.deepEqual(prev, [['one'], ['two']]);
      const left = readJournal(file, Number((await rawQuery(`${file}.prev`, `SELECT seq FROM ${FOLD_TABLE}`))[0][0]));
      assert.deepEqual(left.records.flatMap((r) => r.statements.map((s) => (s[1] as string[])[1])), ['three']);
      assert.ok(listSegments(file).length <= 3, `old segments removed (${listSegments(file).length} left)`);
    } finally {
      await db.close();
    }
    assert.deepEqual(listSegments(file), []);
  });

  it('the inline saver gives the same file as the worker for the same changes', async () => {
    const run = async (saver: 'worker' | 'inline', f: string): Promise<unknown[][]> => {
      const db = await Database.open({ path: f, saver, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
      for (let i = 0; i < 50; i++) db.run(INSERT, ['t', `r${i}`, String(i)]);
      db.run('DELETE FROM rl_outcomes WHERE id % 3 = 0');
      await db.flush();
      await db.close();
      return rawQuery(f, 'SELECT id, action_name, recorded_at FROM rl_outcomes ORDER BY id');
    };
    assert.deepEqual(await run('worker', path.join(dir, 'w.db')), await run('inline', path.join(dir, 'i.db')));
  });
});
