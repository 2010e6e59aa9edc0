import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { previousPath } from '../../../src/engine/storage/atomic-write';
import { checkHeader } from '../../../src/engine/storage/integrity';
import { MIGRATIONS, NewerSchemaError, SCHEMA_VERSION } from '../../../src/engine/storage/migrations';
import { DatabaseCorruptError } from '../../../src/engine/storage/storage-errors';
import { rawQuery, tempDir, writeRawDb } from './helpers';

const insertOutcome = (db: Database, name: string): void =>
  db.run('INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES (?, ?, 1, ?)', ['t', name, 'now']);
const names = (db: Database): string[] => db.all<{ action_name: string }>('SELECT action_name FROM rl_outcomes ORDER BY id').map((r) => r.action_name);

describe('storage opening: integrity, fallback, schema versions', () => {
  let dir: string;
  let file: string;
  beforeEach(() => { dir = tempDir(); file = path.join(dir, 'x.db'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Two saved generations: .prev holds 'first', the file holds 'first','second'. */
  async function twoGenerations(): Promise<void> {
    const db = await Database.open({ path: file });
    insertOutcome(db, 'first');
    await db.flush();
    insertOutcome(db, 'second');
    await db.close();
  }

  it('checkHeader spots empty, foreign and truncated images', () => {
    assert.match(checkHeader(new Uint8Array()) ?? '', /empty/);
    assert.match(checkHeader(new Uint8Array(4096).fill(7)) ?? '', /SQLite header/);
  });

  it('a truncated file falls back to the previous generation, keeps the damaged file aside and says so', async () => {
    await twoGenerations();
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    const messages: string[] = [];
    const db = await Database.open({ path: file, onMessage: (m) => messages.push(m) });
    assert.equal(db.openReport.source, 'previous');
    assert.deepEqual(names(db), ['first']);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /damaged \(the file is truncated/);
    assert.match(messages[0], /kept as .*x\.db\.corrupt-/);
    assert.equal(db.openReport.setAside.length, 1);
    assert.equal(fs.statSync(db.openReport.setAside[0]).size, Math.floor(size / 2), 'damaged bytes kept as they were');
    // The recovered generation is the file again.
    assert.deepEqual(await rawQuery(file, 'SELECT action_name FROM rl_outcomes'), [['first']]);
    await db.close();
  });

  it('damaged pages inside a full-size file are caught by quick_check', async () => {
    await twoGenerations();
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Overwrite every page after the first with garbage, keeping the length.
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    fs.writeFileSync(file, bytes);
    const db = await Database.open({ path: file });
    assert.equal(db.openReport.source, 'previous');
    assert.deepEqual(names(db), ['first']);
    await db.close();
  });

  it('an empty file is never taken for an empty database', async () => {
    await twoGenerations();
    fs.writeFileSync(file, '');
    const db = await Database.open({ path: file });
    assert.equal(db.openReport.source, 'previous');
    assert.deepEqual(names(db), ['first']);
    await db.close();
  });

  it('a missing file with a previous generation opens that generation', async () => {
    await twoGenerations();
    fs.rmSync(file);
    const db = await Database.open({ path: file });
    assert.equal(db.openReport.source, 'previous');
    assert.match(db.openReport.messages[0], /missing/);
    await db.close();
  });

  it('when both generations are damaged it refuses, leaving both files untouched', async () => {
    await twoGenerations();
    fs.writeFileSync(file, 'garbage');
    fs.writeFileSync(previousPath(file), 'more garbage');
    await assert.rejects(Database.open({ path: file }), (err: unknown) => {
      assert.ok(err instanceof DatabaseCorruptError);
      assert.match(err.message, /damaged and no earlier generation/);
      return true;
    });
    assert.equal(fs.readFileSync(file, 'utf8'), 'garbage');
    assert.equal(fs.readFileSync(previousPath(file), 'utf8'), 'more garbage');
    assert.equal(fs.existsSync(file + '.lock'), false, 'the lock is released after a refused open');
  });

  it('startFreshIfUnrecoverable sets both damaged files aside and starts empty, saying so', async () => {
    fs.writeFileSync(file, 'garbage');
    const db = await Database.open({ path: file, startFreshIfUnrecoverable: true });
    assert.equal(db.openReport.source, 'new');
    assert.match(db.openReport.messages[0], /Started a new, empty database/);
    assert.equal(fs.readFileSync(db.openReport.setAside[0], 'utf8'), 'garbage');
    assert.deepEqual(names(db), []);
    await db.close();
  });

  it('a file written by a newer schema is refused and left byte-for-byte untouched', async () => {
    // Ours (it has our tables) but newer; a file without them is another application's (adversarial.test.ts).
    await writeRawDb(file, (run) => { run(MIGRATIONS[0]); run('CREATE TABLE future (x)'); run(`PRAGMA user_version = ${SCHEMA_VERSION + 3}`); });
    const before = fs.readFileSync(file);
    await assert.rejects(Database.open({ path: file }), (err: unknown) => {
      assert.ok(err instanceof NewerSchemaError);
      assert.match(err.message, /newer version/);
      return true;
    });
    assert.deepEqual(fs.readFileSync(file), before);
    assert.equal(fs.existsSync(previousPath(file)), false);
  });

  for (let from = 1; from < SCHEMA_VERSION; from++) {
    it(`migrates a schema-${from} file to ${SCHEMA_VERSION}, keeping its data`, async () => {
      await writeRawDb(file, (run) => {
        run('PRAGMA auto_vacuum = INCREMENTAL');
        for (let v = 0; v < from; v++) run(MIGRATIONS[v]);
        run(`PRAGMA user_version = ${from}`);
        run("INSERT INTO capability_profiles (name, type, baseline, target, created_at, updated_at) VALUES ('old-cap', 'efficiency', 1, 2, 'then', 'then')");
        run("INSERT INTO performance_metrics (capability_name, value, recorded_at) VALUES ('old-cap', 3.5, '2025-01-01T00:00:00Z')");
      });
      const db = await Database.open({ path: file });
      assert.equal(db.userVersion, SCHEMA_VERSION);
      assert.deepEqual(db.all('SELECT name FROM capability_profiles'), [{ name: 'old-cap' }]);
      assert.deepEqual(db.all('SELECT value FROM performance_metrics'), [{ value: 3.5 }]);
      // The newest tables exist and work.
      db.run("INSERT INTO performance_rollups VALUES ('old-cap', '2024-12-31', 1, 2, 4, 2, 2)");
      await db.close();
      assert.deepEqual(await rawQuery(file, 'PRAGMA user_version'), [[SCHEMA_VERSION]]);
    });
  }

  it('opens its own file again with the data intact (round trip)', async () => {
    await twoGenerations();
    const db = await Database.open({ path: file });
    assert.equal(db.openReport.source, 'file');
    assert.deepEqual(db.openReport.messages, []);
    assert.deepEqual(names(db), ['first', 'second']);
    await db.close();
  });

  it('removes temp files a crashed writer left behind', async () => {
    await twoGenerations();
    fs.writeFileSync(file + '.tmp-99999-1', 'half a save');
    const db = await Database.open({ path: file });
    assert.equal(fs.existsSync(file + '.tmp-99999-1'), false);
    await db.close();
  });
});
