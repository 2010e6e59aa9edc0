import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { atomicWrite, previousPath, WRITE_SLICE_BYTES } from '../../../src/engine/storage/atomic-write';
import { durableQuery, rawQuery, sleep, tempDir } from './helpers';

describe('storage durability', () => {
  let dir: string;
  let file: string;
  beforeEach(() => { dir = tempDir(); file = path.join(dir, 'x.db'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('atomicWrite writes an image larger than a slice whole, byte for byte (and an empty one)', async () => {
    const data = new Uint8Array(2 * WRITE_SLICE_BYTES + 12_345);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    await atomicWrite(file, data);
    assert.ok(Buffer.from(fs.readFileSync(file)).equals(Buffer.from(data)));
    await atomicWrite(file, new Uint8Array(0));
    assert.equal(fs.statSync(file).size, 0);
  });

  it('atomicWrite replaces the file and keeps the previous generation as .prev, leaving no temp files', async () => {
    await atomicWrite(file, Buffer.from('one'));
    assert.equal(fs.existsSync(previousPath(file)), false);
    await atomicWrite(file, Buffer.from('two'));
    await atomicWrite(file, Buffer.from('three'));
    assert.equal(fs.readFileSync(file, 'utf8'), 'three');
    assert.equal(fs.readFileSync(previousPath(file), 'utf8'), 'two');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['x.db', 'x.db.prev']);
  });

  it('creates the file with its schema at open, writes through to the journal on demand, and folds at the save', async () => {
    const db = await Database.open({ path: file });
    assert.ok(fs.existsSync(file), 'a new database is on disk at once');
    db.run('INSERT INTO performance_metrics (capability_name, value, recorded_at) VALUES (?, ?, ?)', ['c', 1.5, '2026-01-01T00:00:00Z']);
    assert.equal(db.hasUnsavedChanges, true);
    await db.writeThrough();
    assert.deepEqual(await durableQuery(file, 'SELECT value FROM performance_metrics'), [[1.5]], 'durable: a reopen sees it');
    assert.equal(db.hasUnsavedChanges, true, 'not folded into the file yet');
    await db.flush();
    assert.equal(db.hasUnsavedChanges, false);
    assert.deepEqual(await rawQuery(file, 'SELECT value FROM performance_metrics'), [[1.5]]);
    await db.close();
  });

  it('coalesces many changes into one save after the quiet delay', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 60, maxSaveDelayMs: 5000 });
    const before = db.saveCount;
    for (let i = 0; i < 50; i++) db.run('INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES (?, ?, 1, ?)', ['t', `a${i}`, 'now']);
    await sleep(20);
    assert.equal(db.saveCount, before, 'no save while changes keep arriving within the delay');
    // The save is asynchronous (fsync can be slow on a loaded machine): wait for it, then for strays.
    for (let i = 0; i < 500 && db.saveCount === before; i++) await sleep(10);
    await sleep(100);
    assert.equal(db.saveCount, before + 1, 'exactly one save for the burst');
    assert.deepEqual(await rawQuery(file, 'SELECT count(*) FROM rl_outcomes'), [[50]]);
    await db.close();
  });

  it('saves no later than maxSaveDelayMs after the first change even when changes never stop', async () => {
    // The quiet delay (10 s) is never reached, so any save during the stream is due to the cap (100 ms).
    const db = await Database.open({ path: file, saveDelayMs: 10_000, maxSaveDelayMs: 100 });
    const before = db.saveCount;
    const t0 = Date.now();
    while (db.saveCount === before && Date.now() - t0 < 5000) {
      db.run('INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES (?, ?, 1, ?)', ['t', 'a', 'now']);
      await sleep(10);
    }
    assert.equal(db.saveCount, before + 1);
    assert.ok(Date.now() - t0 < 5000);
    await db.close();
  });

  it('defers a save requested inside a transaction until the transaction ends', async () => {
    const db = await Database.open({ path: file });
    let saved: Promise<void> | undefined;
    db.transaction(() => {
      db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'inside', 1, 'now')");
      saved = db.writeThrough();
      assert.equal(db.saveCount, 1, 'nothing exported inside the transaction');
      db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'later', 1, 'now')");
    });
    await saved;
    assert.deepEqual(await durableQuery(file, 'SELECT action_name FROM rl_outcomes ORDER BY id'), [['inside'], ['later']]);
    await db.close();
  });

  it('a rolled-back transaction leaves nothing behind', async () => {
    const db = await Database.open({ path: file });
    assert.throws(() => db.transaction(() => {
      db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'x', 1, 'now')");
      throw new Error('boom');
    }), /boom/);
    await db.close();
    assert.deepEqual(await rawQuery(file, 'SELECT count(*) FROM rl_outcomes'), [[0]]);
  });

  it('a failed save rejects flush, keeps the changes unsaved, and a later save succeeds', async () => {
    const sub = path.join(dir, 'sub');
    const f = path.join(sub, 'y.db');
    const db = await Database.open({ path: f, saveDelayMs: 10_000, onSaveError: () => undefined });
    db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'kept', 1, 'now')");
    // Make the directory unusable: replace it by a plain file.
    fs.renameSync(sub, path.join(dir, 'moved'));
    fs.writeFileSync(sub, 'not a directory');
    await assert.rejects(db.flush());
    assert.equal(db.hasUnsavedChanges, true);
    fs.rmSync(sub);
    fs.renameSync(path.join(dir, 'moved'), sub);
    await db.flush();
    assert.deepEqual(await rawQuery(f, "SELECT action_name FROM rl_outcomes"), [['kept']]);
    await db.close();
  });

  it('close writes everything and later changes go nowhere', async () => {
    const db = await Database.open({ path: file, saveDelayMs: 10_000 });
    db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'a', 1, 'now')");
    await db.close();
    assert.equal(db.isClosed, true);
    assert.throws(() => db.run('DELETE FROM rl_outcomes'), /closed/);
    assert.deepEqual(await rawQuery(file, 'SELECT count(*) FROM rl_outcomes'), [[1]]);
  });

  it('in-memory databases never touch the disk', async () => {
    const db = await Database.open();
    db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'a', 1, 'now')");
    await db.writeThrough();
    assert.equal(db.openReport.source, 'memory');
    assert.equal(db.saveCount, 0);
    await db.close();
  });

  it('a new database uses incremental auto-vacuum', async () => {
    const db = await Database.open({ path: file });
    assert.equal(db.get<{ auto_vacuum: number }>('PRAGMA auto_vacuum')!.auto_vacuum, 2);
    await db.close();
    assert.deepEqual(await rawQuery(file, 'PRAGMA auto_vacuum'), [[2]]);
  });
});
