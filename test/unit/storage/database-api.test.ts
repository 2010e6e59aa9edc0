import assert from 'node:assert/strict';
import { Database } from '../../../src/engine/storage/database';

describe('storage Database API', () => {
  let db: Database;
  beforeEach(async () => { db = await Database.open(); });
  afterEach(async () => { await db.close(); });

  it('reuses prepared statements, and evicting old ones keeps every query correct', () => {
    db.run('CREATE TABLE t (k INTEGER, v TEXT)');
    for (let i = 0; i < 300; i++) db.run(`INSERT INTO t (k, v) VALUES (?, ?) -- ${i}`, [i, `v${i}`]);
    for (let i = 0; i < 300; i += 37) assert.deepEqual(db.get(`SELECT v FROM t WHERE k = ? -- q${i}`, [i]), { v: `v${i}` });
    assert.deepEqual(db.get('SELECT count(*) AS n FROM t'), { n: 300 });
    // The same statement with different parameters, and without parameters after use with them.
    assert.deepEqual(db.all('SELECT k FROM t WHERE k < ? ORDER BY k', [2]), [{ k: 0 }, { k: 1 }]);
    assert.deepEqual(db.all('SELECT k FROM t WHERE k < ? ORDER BY k', [1]), [{ k: 0 }]);
  });

  it('a failing statement leaves its cached copy usable', () => {
    db.run('CREATE TABLE u (k INTEGER PRIMARY KEY)');
    db.run('INSERT INTO u (k) VALUES (?)', [1]);
    assert.throws(() => db.run('INSERT INTO u (k) VALUES (?)', [1]), /UNIQUE/);
    db.run('INSERT INTO u (k) VALUES (?)', [2]);
    assert.deepEqual(db.all('SELECT k FROM u ORDER BY k'), [{ k: 1 }, { k: 2 }]);
  });

  it('insert returns the new row id and changes() counts affected rows', () => {
    const a = db.insert("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'a', 1, 'n')");
    const b = db.insert('INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES (?, ?, 1, ?)', ['t', 'b', 'n']);
    assert.equal(b, a + 1);
    db.run('UPDATE rl_outcomes SET success = ? WHERE action_type = ?', [0, 't']);
    assert.equal(db.changes(), 2);
  });

  it('keeps foreign keys on and the journal in memory', () => {
    assert.equal(db.get<{ foreign_keys: number }>('PRAGMA foreign_keys')!.foreign_keys, 1);
    assert.equal(db.get<{ journal_mode: string }>('PRAGMA journal_mode')!.journal_mode, 'memory');
  });

  it('nested transactions join the outer one; an inner throw rolls back everything', () => {
    assert.throws(() => db.transaction(() => {
      db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'outer', 1, 'n')");
      db.transaction(() => {
        db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'inner', 1, 'n')");
        throw new Error('inner');
      });
    }), /inner/);
    assert.deepEqual(db.get('SELECT count(*) AS n FROM rl_outcomes'), { n: 0 });
    assert.equal(db.inTransaction, false);
  });

  it('tracks the time of the last change for idle detection', () => {
    const before = Date.now();
    db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', 'a', 1, 'n')");
    assert.ok(db.lastChangeAt >= before);
  });
});
