// Issue 19: what the approval workflow says and does when writing fails or the process dies mid-way.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { InvalidStateError } from '../../../src/engine/errors';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { MemoryFiles, openEngine, tempDir, TestClock } from './helpers';
import { copyDatabaseFiles } from '../storage/helpers';

describe('engine: failure paths of apply and rollback (issue 19)', () => {
  it('says "the original file was restored" only when the file really holds the original again', async () => {
    const files = new MemoryFiles();
    files.files.set('a.txt', 'old\n');
    const { engine } = await openEngine({ files });
    try {
      const imp = await engine.applyImprovement({ name: 'a', filePath: 'a.txt', newCode: 'new\n' });
      // The write "succeeds" but lands elsewhere (what a symlink swap did): the file keeps its text…
      files.write = async () => undefined;
      files.files.set('a.txt', 'changed by someone else\n');
      const real = files.read.bind(files);
      let reads = 0;
      files.read = async (p) => (++reads === 1 ? 'old\n' : real(p)); // …after the hash check passed
      const r = await engine.approveImprovement(imp.id, 'alice');
      assert.equal(r.status, 'failed');
      assert.doesNotMatch(r.error!, /was restored/);
      assert.match(r.error!, /restoring the original also failed: a\.txt does not hold the original text/);
      const failed = engine.getAuditTrail({ entityId: imp.id }).at(-1)!;
      assert.equal(failed.action, 'failed');
      assert.equal(failed.details!.restored, false);
    } finally {
      await engine.close();
    }
  });

  it('a rollback whose write fails leaves the file and the status alone, audits it, and can be retried', async () => {
    const files = new MemoryFiles();
    files.files.set('a.txt', 'old\n');
    const { engine } = await openEngine({ files });
    try {
      const imp = await engine.applyImprovement({ name: 'a', filePath: 'a.txt', newCode: 'new\n' });
      await engine.approveImprovement(imp.id, 'alice');
      files.failNextWrite = new Error('EROFS: read-only file system');
      await assert.rejects(engine.rollbackImprovement(imp.id), (err: Error) => err instanceof InvalidStateError && /Rollback failed: EROFS.*stays applied/.test(err.message));
      assert.equal(engine.getImprovement(imp.id).status, 'applied');
      assert.match(engine.getImprovement(imp.id).error!, /EROFS/);
      assert.equal(files.files.get('a.txt'), 'new\n');
      assert.deepEqual(engine.getAuditTrail({ entityId: imp.id }).slice(-2).map((e) => e.action), ['rollback_started', 'rollback_failed']);
      assert.equal((await engine.rollbackImprovement(imp.id)).status, 'rolled_back');
      assert.equal(files.files.get('a.txt'), 'old\n');
      assert.ok(engine.verifyAuditTrail().valid);
    } finally {
      await engine.close();
    }
  });

  describe('a crash during rollback (issue 19 item 2)', () => {
    /** Rolls back until the write has (or has not) happened, then "dies": the database is copied as it is on disk at that moment. */
    async function crashDuringRollback(writeHappens: boolean, edit?: string): Promise<{ dir: string; files: MemoryFiles; crashed: string; id: number }> {
      const dir = tempDir();
      const dbPath = path.join(dir, 'e.db');
      const crashed = path.join(dir, 'crashed.db');
      const files = new MemoryFiles();
      files.files.set('a.txt', 'old\n');
      const engine = await SelfImprovementEngine.open({ dbPath, files, clock: new TestClock(), retention: false });
      const imp = await engine.applyImprovement({ name: 'a', filePath: 'a.txt', newCode: 'new\n' });
      await engine.approveImprovement(imp.id, 'alice');
      let died!: () => void;
      const dead = new Promise<void>((r) => (died = r));
      files.write = async (p, content) => {
        if (writeHappens) files.files.set(p, content);
        if (edit !== undefined) files.files.set(p, edit);
        copyDatabaseFiles(dbPath, crashed); // what the disk holds when the process is killed here (file + journal)
        died();
        return new Promise<void>(() => undefined); // never returns: the process is gone
      };
      void engine.rollbackImprovement(imp.id);
      await dead;
      return { dir, files, crashed, id: imp.id };
    }

    it('the write had happened: the rollback is finished on open', async () => {
      const { dir, files, crashed, id } = await crashDuringRollback(true);
      try {
        const real = new MemoryFiles();
        real.files.set('a.txt', files.files.get('a.txt')!);
        const engine = await SelfImprovementEngine.open({ dbPath: crashed, files: real, clock: new TestClock(), retention: false });
        const imp = engine.getImprovement(id);
        assert.equal(imp.status, 'rolled_back', 'not stuck in applied');
        assert.equal(real.files.get('a.txt'), 'old\n');
        const last = engine.getAuditTrail({ entityId: id }).at(-1)!;
        assert.equal(last.action, 'rolled_back');
        assert.equal(last.details!.recovered, true);
        assert.ok(engine.verifyAuditTrail().valid, JSON.stringify(engine.auditReport()));
        await engine.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the write had not happened: it stays applied, is audited as interrupted, and rolling back again works', async () => {
      const { dir, crashed, id } = await crashDuringRollback(false);
      try {
        const real = new MemoryFiles();
        real.files.set('a.txt', 'new\n');
        const engine = await SelfImprovementEngine.open({ dbPath: crashed, files: real, clock: new TestClock(), retention: false });
        assert.equal(engine.getImprovement(id).status, 'applied');
        assert.equal(engine.getAuditTrail({ entityId: id }).at(-1)!.action, 'rollback_interrupted');
        assert.equal((await engine.rollbackImprovement(id)).status, 'rolled_back');
        assert.equal(real.files.get('a.txt'), 'old\n');
        await engine.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the file matches neither: left alone, stays applied, with an error that says so', async () => {
      const { dir, crashed, id } = await crashDuringRollback(false, 'edited meanwhile\n');
      try {
        const real = new MemoryFiles();
        real.files.set('a.txt', 'edited meanwhile\n');
        const engine = await SelfImprovementEngine.open({ dbPath: crashed, files: real, clock: new TestClock(), retention: false });
        const imp = engine.getImprovement(id);
        assert.equal(imp.status, 'applied');
        assert.match(imp.error!, /interrupted.*neither/i);
        assert.equal(real.files.get('a.txt'), 'edited meanwhile\n');
        await engine.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
