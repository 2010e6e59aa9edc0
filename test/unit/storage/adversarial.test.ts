// Issue 19 items 3–7: the database file under a symlinked path, another application's SQLite file, a
// failed final save, a read-only file system and a full disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { lockPath } from '../../../src/engine/storage/lock';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/engine/storage/migrations';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { DatabaseBusyError } from '../../../src/engine/storage/storage-errors';
import { MemoryFiles } from '../engine/helpers';
import { tempDir, writeRawDb } from './helpers';

/** A small tmpfs of its own (as root, as in CI); null where mounting is not allowed. */
function mountTmpfs(dir: string, sizeKb: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const umount = (dir: string): void => { try { execFileSync('umount', ['-l', dir], { stdio: 'ignore' }); } catch { /* not mounted */ } };
const remountReadOnly = (dir: string): void => { execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }); };

describe('storage under attack and failure (issue 19 items 3–7)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = tempDir('sie-adv-'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('item 3: a symlinked database path', () => {
    it('two openers, one through a symlink, are still one writer: the second is refused', async () => {
      const real = path.join(dir, 'real.db');
      const link = path.join(dir, 'link.db');
      const first = await Database.open({ path: real });
      fs.symlinkSync(real, link);
      try {
        await assert.rejects(Database.open({ path: link }), DatabaseBusyError);
      } finally {
        await first.close();
      }
    });

    it('saving through the link replaces the target file and keeps the link a link', async () => {
      fs.mkdirSync(path.join(dir, 'store'));
      const real = path.join(dir, 'store', 'engine.db');
      const link = path.join(dir, 'engine.db');
      fs.symlinkSync(path.join('store', 'engine.db'), link); // dangling until the first save
      const db = await Database.open({ path: link });
      db.run("INSERT INTO engine_metadata VALUES ('k', 'v', 'now')");
      await db.close();
      assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
      assert.ok(fs.statSync(real).isFile());
      assert.ok(fs.existsSync(lockPath(real)) === false && fs.existsSync(lockPath(link)) === false, 'lock released');
      const again = await Database.open({ path: real });
      assert.deepEqual(again.all("SELECT value FROM engine_metadata WHERE key = 'k'"), [{ value: 'v' }]);
      await again.close();
    });
  });

  describe("item 4: another application's SQLite file", () => {
    for (const [label, version] of [['user_version 0', 0], ['user_version 2', 2], [`user_version ${SCHEMA_VERSION + 5}`, SCHEMA_VERSION + 5]] as const) {
      it(`is refused with a clear message and left byte-for-byte untouched (${label}, foreign tables)`, async () => {
        const file = path.join(dir, 'other.sqlite');
        await writeRawDb(file, (run) => {
          run('CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)');
          run("INSERT INTO contacts (name) VALUES ('Ada')");
          run(`PRAGMA user_version = ${version}`);
        });
        const before = fs.readFileSync(file);
        await assert.rejects(Database.open({ path: file }), (err: Error & { code?: string }) => {
          assert.equal(err.code, 'SI_FOREIGN_DATABASE');
          assert.match(err.message, /not a Self-Improvement database.*contacts.*left untouched/s);
          assert.doesNotMatch(err.message, /newer version|no such table/);
          return true;
        });
        await assert.rejects(Database.open({ path: file, lock: 'readonly' }), /not a Self-Improvement database/);
        assert.deepEqual(fs.readFileSync(file), before);
        assert.equal(fs.existsSync(file + '.prev'), false);
        assert.equal(fs.existsSync(lockPath(file)), false, 'no lock left behind');
      });
    }

    it('an empty SQLite file (no tables) is still taken as a new database', async () => {
      const file = path.join(dir, 'empty.sqlite');
      await writeRawDb(file, () => undefined);
      const db = await Database.open({ path: file });
      assert.equal(db.userVersion, SCHEMA_VERSION);
      await db.close();
    });

    it('a file of ours from a newer version is still called newer (it has our tables)', async () => {
      const file = path.join(dir, 'newer.db');
      await writeRawDb(file, (run) => { run(MIGRATIONS[0]); run('CREATE TABLE future (x)'); run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`); });
      await assert.rejects(Database.open({ path: file }), /newer version of the extension/);
    });
  });

  describe('item 5: close() after a failed final save', () => {
    it('throws, stays open and holding the lock, and a second close() retries and releases it', async () => {
      const file = path.join(dir, 'e.db');
      // Saved inline: the failure below is injected into this thread's fs, which a saver worker does not share.
      const engine = await SelfImprovementEngine.open({ dbPath: file, files: new MemoryFiles(), saveDelayMs: 60_000, maxSaveDelayMs: 60_000, retention: false,
        storage: { saver: 'inline' } });
      engine.registerCapability({ name: 'c', type: 'efficiency', baseline: 1, target: 2, unit: 'ms' });
      // The final save fails at its rename (an I/O error), then works on the retry.
      const names = (): string[] => fs.readdirSync(dir);
      const realRename = fs.promises.rename;
      let fail = true;
      fs.promises.rename = (async (a: fs.PathLike, b: fs.PathLike) => {
        if (fail && String(b) === file) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        return realRename(a, b);
      }) as typeof fs.promises.rename;
      try {
        await assert.rejects(engine.close(), /EIO/);
        assert.ok(fs.existsSync(lockPath(file)), 'the lock is kept while unsaved changes exist');
        assert.equal(engine.listCapabilities().length, 1, 'still open and readable');
        fail = false;
        await engine.close();
      } finally {
        fs.promises.rename = realRename;
      }
      assert.equal(fs.existsSync(lockPath(file)), false, 'released after the retried close');
      assert.ok(!names().some((n) => n.includes('.tmp-')), `no temp files left: ${names().join(', ')}`);
      const again = await SelfImprovementEngine.open({ dbPath: file, files: new MemoryFiles(), retention: false });
      assert.deepEqual(again.listCapabilities().map((c) => c.name), ['c'], 'the retried save wrote the change');
      await again.close();
    });
  });

  describe('items 6 and 7: a read-only file system, a full disk (tmpfs mounts, as root)', () => {
    let mnt: string;
    beforeEach(function () {
      mnt = path.join(dir, 'mnt');
      fs.mkdirSync(mnt);
      if (!mountTmpfs(mnt, 2048)) this.skip(); // needs root (CI and this machine run as root)
    });
    afterEach(() => umount(mnt));

    it('item 6: on a read-only file system a read-only open works and says why; a writer gets a clear error', async () => {
      const file = path.join(mnt, 'e.db');
      const w = await SelfImprovementEngine.open({ dbPath: file, files: new MemoryFiles(), retention: false });
      w.registerCapability({ name: 'c', type: 'efficiency', baseline: 1, target: 2, unit: 'ms' });
      await w.close();
      remountReadOnly(mnt);
      const messages: string[] = [];
      const r = await SelfImprovementEngine.open({ dbPath: file, files: new MemoryFiles(), retention: false, storage: { lock: 'readonly', onMessage: (m) => messages.push(m) } });
      try {
        assert.equal(r.readOnly, true);
        assert.deepEqual(r.listCapabilities().map((c) => c.name), ['c']);
        assert.match(messages.join(' '), /cannot be written.*read-only/i);
        assert.throws(() => r.registerCapability({ name: 'd', type: 'efficiency', baseline: 1, target: 2, unit: 'ms' }), /read-only.*cannot be written/i);
      } finally {
        await r.close();
      }
      await assert.rejects(SelfImprovementEngine.open({ dbPath: file, files: new MemoryFiles(), retention: false }),
        (err: Error & { code?: string }) => err.code === 'SI_DATABASE_UNWRITABLE' && /cannot be written/.test(err.message) && !/^EROFS/.test(err.message));
    });

    it('item 7: approving while the disk is full leaves the improvement pending, so a retry works once there is room', async () => {
      const file = path.join(mnt, 'e.db');
      const files = new MemoryFiles();
      files.files.set('a.txt', 'old\n');
      const engine = await SelfImprovementEngine.open({ dbPath: file, files, retention: false });
      try {
        const imp = await engine.applyImprovement({ name: 'a', filePath: 'a.txt', newCode: 'new\n' });
        await engine.flush();
        const filler = path.join(mnt, 'filler');
        try { fs.writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024)); } catch { /* ENOSPC: the disk is full now */ }
        await assert.rejects(engine.approveImprovement(imp.id, 'alice'), /ENOSPC|no space/i);
        assert.equal(engine.getImprovement(imp.id).status, 'pending', 'in memory: back to pending');
        assert.equal(files.files.get('a.txt'), 'old\n', 'the file was not touched');
        fs.rmSync(filler);
        const done = await engine.approveImprovement(imp.id, 'alice');
        assert.equal(done.status, 'applied');
        assert.ok(engine.verifyAuditTrail().valid);
      } finally {
        await engine.close();
      }
    });
  });
});
