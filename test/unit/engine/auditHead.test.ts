// Issue 19 item 8: the audit trail's head is anchored outside the events table, so removing events from
// the end, removing all of them, or editing one and recomputing the chain is detected.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { Database } from '../../../src/engine/storage/database';
import { hashAuditEvent } from '../../../src/engine/verdicts/auditChain';
import { MemoryFiles, tempDir, TestClock } from './helpers';

describe('engine: the anchored audit head (issue 19 item 8)', () => {
  let dir: string;
  let dbPath: string;
  let files: MemoryFiles;
  const open = (): Promise<SelfImprovementEngine> => SelfImprovementEngine.open({ dbPath, files, clock: new TestClock(), retention: false });

  beforeEach(async () => {
    dir = tempDir();
    dbPath = path.join(dir, 'e.db');
    files = new MemoryFiles();
    const engine = await open();
    for (const f of ['a', 'b', 'c']) {
      files.files.set(`${f}.txt`, `${f} old\n`);
      const imp = await engine.applyImprovement({ name: f, filePath: `${f}.txt`, newCode: `${f} new\n` });
      await engine.approveImprovement(imp.id, 'alice');
    }
    assert.ok(engine.verifyAuditTrail().valid);
    await engine.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Edits the database file the way another program would (plain SQL; nothing of the engine's runs). */
  async function tamper(sql: (db: Database) => void): Promise<void> {
    const db = await Database.open({ path: dbPath });
    sql(db);
    await db.close();
  }

  async function report() {
    const engine = await open();
    try { return engine.auditReport(); } finally { await engine.close(); }
  }

  it('an untouched trail verifies, across reopenings and more events', async () => {
    const engine = await open();
    engine.rejectImprovement((await engine.applyImprovement({ name: 'd', filePath: 'a.txt', newCode: 'x\n' })).id);
    await engine.close();
    const r = await report();
    assert.equal(r.valid, true, r.reason);
  });

  for (const n of [1, 3]) {
    it(`deleting the last ${n} event(s) is detected`, async () => {
      await tamper((db) => db.run(`DELETE FROM audit_events WHERE id > (SELECT max(id) - ${n} FROM audit_events)`));
      const r = await report();
      assert.equal(r.valid, false);
      assert.match(r.reason, /removed from the end|sealed head/);
    });
  }

  it('deleting every event is detected', async () => {
    await tamper((db) => db.run('DELETE FROM audit_events'));
    const r = await report();
    assert.equal(r.valid, false);
    assert.match(r.reason, /sealed head/);
  });

  it('editing an event and recomputing the whole chain is detected', async () => {
    await tamper((db) => {
      db.run("UPDATE audit_events SET actor = 'mallory' WHERE id = 2");
      let prev: string | null = null;
      for (const e of db.all<Record<string, unknown>>('SELECT * FROM audit_events ORDER BY id')) {
        const content = { at: e.at as string, actor: e.actor as string, entity: e.entity as 'improvement', entityId: e.entity_id as number, action: e.action as string,
          details: e.details === null ? null : JSON.parse(e.details as string), hashBefore: e.hash_before as string | null, hashAfter: e.hash_after as string | null };
        const hash = hashAuditEvent(prev, content);
        db.run('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, e.id as number]);
        prev = hash;
      }
    });
    const r = await report();
    assert.equal(r.valid, false);
    assert.match(r.reason, /recomputed|rewritten/);
  });

  it('a head older than the file (a crash between the two writes) is not called tampering', async () => {
    const head = fs.readFileSync(`${dbPath}.audit-head`);
    const engine = await open();
    engine.rejectImprovement((await engine.applyImprovement({ name: 'd', filePath: 'a.txt', newCode: 'x\n' })).id);
    await engine.close();
    fs.writeFileSync(`${dbPath}.audit-head`, head); // as if the process died after saving the database
    const r = await report();
    assert.equal(r.valid, true, r.reason);
    assert.match(r.reason, /not anchored yet|after the sealed head/);
  });

  it('a missing head file is reported (the trail is then only self-consistent)', async () => {
    fs.rmSync(`${dbPath}.audit-head`);
    const r = await report();
    assert.equal(r.valid, false);
    assert.match(r.reason, /head.*missing/i);
  });
});
