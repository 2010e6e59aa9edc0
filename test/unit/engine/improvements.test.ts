import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FileChangedError, InvalidInputError, InvalidStateError, NotFoundError } from '../../../src/engine/errors';
import { sha256 } from '../../../src/engine/improvements/hashing';
import { NodeFiles } from '../../../src/engine/files/nodeFiles';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { MemoryFiles, openEngine, tempDir } from './helpers';
import { copyDatabaseFiles, durableQuery } from '../storage/helpers';

const ORIGINAL = 'export function add(a, b) {\n  return a + b;\n}\n\nexport function slow() {\n  return 1;\n}\n';

describe('engine: code improvements', () => {
  let engine: SelfImprovementEngine;
  let files: MemoryFiles;
  beforeEach(async () => {
    files = new MemoryFiles();
    files.files.set('src/math.js', ORIGINAL);
    ({ engine } = await openEngine({ files }));
  });
  afterEach(() => engine.close());

  const propose = () => engine.applyImprovement({
    name: 'faster slow()', filePath: 'src/math.js', functionName: 'slow',
    oldCode: 'export function slow() {\n  return 1;\n}', newCode: 'export const slow = () => 1;',
  });

  it('applyImprovement stores a pending proposal with the whole original and proposed file and SHA-256', async () => {
    const imp = await propose();
    assert.equal(imp.status, 'pending');
    assert.equal(imp.originalContent, ORIGINAL);
    assert.equal(imp.proposedContent, ORIGINAL.replace('export function slow() {\n  return 1;\n}', 'export const slow = () => 1;'));
    assert.equal(imp.hashBefore, sha256(ORIGINAL));
    assert.match(imp.hashBefore, /^[0-9a-f]{64}$/);
    assert.equal(imp.hashAfter, null);
    assert.equal(imp.functionName, 'slow');
    assert.equal(files.files.get('src/math.js'), ORIGINAL, 'nothing written while pending');
    assert.deepEqual(engine.getAuditTrail({ entity: 'improvement', entityId: imp.id }).map((e) => e.action), ['proposed']);
    assert.deepEqual(engine.listImprovements({ status: 'pending' }).map((i) => i.id), [imp.id]);
  });

  it('without oldCode the whole file is replaced', async () => {
    const imp = await engine.applyImprovement({ name: 'rewrite', filePath: 'src/math.js', newCode: 'x\n' });
    assert.equal(imp.proposedContent, 'x\n');
  });

  it('oldCode must occur exactly once; the file must exist; paths must stay under the root', async () => {
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/math.js', oldCode: 'nothing like this', newCode: 'y' }), /not found/);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/math.js', oldCode: 'export function', newCode: 'y' }), /more than once/);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/missing.js', newCode: 'y' }), InvalidInputError);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: '/etc/passwd', newCode: 'y' }), InvalidInputError);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: '../outside.js', newCode: 'y' }), InvalidInputError);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/../../x.js', newCode: 'y' }), InvalidInputError);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/math.js', newCode: ORIGINAL }), /does not change/);
    await assert.rejects(engine.applyImprovement({ name: 'n', filePath: 'src/math.js', newCode: 'y', experimentId: 42 }), NotFoundError);
    assert.equal(engine.listImprovements().length, 0);
  });

  it('approve writes the proposal, records hashAfter, approver and audit events', async () => {
    const imp = await propose();
    const applied = await engine.approveImprovement(imp.id, 'alice');
    assert.equal(applied.status, 'applied');
    assert.equal(applied.approvedBy, 'alice');
    assert.ok(applied.approvedAt && applied.appliedAt);
    assert.equal(files.files.get('src/math.js'), imp.proposedContent);
    assert.equal(applied.hashAfter, sha256(imp.proposedContent));
    const trail = engine.getAuditTrail({ entityId: imp.id });
    assert.deepEqual(trail.map((e) => [e.action, e.actor]), [['proposed', 'user'], ['approved', 'alice'], ['applied', 'alice']]);
    assert.equal(trail[2].hashBefore, imp.hashBefore);
    assert.equal(trail[2].hashAfter, applied.hashAfter);
    await assert.rejects(engine.approveImprovement(imp.id, 'bob'), InvalidStateError);
  });

  it('refuses to approve when the file changed since the proposal: FileChangedError, stays pending, apply_refused', async () => {
    const imp = await propose();
    files.files.set('src/math.js', ORIGINAL + '// edited\n');
    await assert.rejects(engine.approveImprovement(imp.id, 'alice'), (e: unknown) => e instanceof FileChangedError && /changed since the proposal/.test(e.message));
    const after = engine.getImprovement(imp.id);
    assert.equal(after.status, 'pending');
    assert.equal(after.approvedBy, null);
    assert.equal(files.files.get('src/math.js'), ORIGINAL + '// edited\n', 'nothing written');
    assert.deepEqual(engine.getAuditTrail({ entityId: imp.id }).map((e) => e.action), ['proposed', 'approved', 'apply_refused']);
  });

  it('refuses to approve when the file was deleted', async () => {
    const imp = await propose();
    files.files.delete('src/math.js');
    await assert.rejects(engine.approveImprovement(imp.id, 'alice'), /no longer exists/);
    assert.equal(engine.getImprovement(imp.id).status, 'pending');
  });

  it('a read error during approval puts the improvement back to pending', async () => {
    const imp = await propose();
    const read = files.read.bind(files);
    files.read = async () => { throw new Error('EACCES'); };
    await assert.rejects(engine.approveImprovement(imp.id, 'alice'), /EACCES/);
    files.read = read;
    assert.equal(engine.getImprovement(imp.id).status, 'pending');
    assert.equal((await engine.approveImprovement(imp.id, 'alice')).status, 'applied');
  });

  it('a write error restores the original file and marks the improvement failed', async () => {
    const imp = await propose();
    files.failNextWrite = new Error('disk full');
    const r = await engine.approveImprovement(imp.id, 'alice');
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /disk full.*original file was restored/);
    assert.equal(files.files.get('src/math.js'), ORIGINAL);
    assert.equal(engine.getAuditTrail({ entityId: imp.id }).at(-1)!.action, 'failed');
  });

  it('reject works on pending only', async () => {
    const imp = await propose();
    const r = engine.rejectImprovement(imp.id, 'not worth it', 'bob');
    assert.equal(r.status, 'rejected');
    assert.equal(r.rejectedReason, 'not worth it');
    assert.throws(() => engine.rejectImprovement(imp.id), InvalidStateError);
    await assert.rejects(engine.approveImprovement(imp.id, 'alice'), InvalidStateError);
    assert.equal(engine.getAuditTrail({ entityId: imp.id }).at(-1)!.actor, 'bob');
  });

  it('rollback restores the original content (applied only)', async () => {
    const imp = await propose();
    await assert.rejects(engine.rollbackImprovement(imp.id), InvalidStateError);
    await engine.approveImprovement(imp.id, 'alice');
    const r = await engine.rollbackImprovement(imp.id, 'carol');
    assert.equal(r.status, 'rolled_back');
    assert.ok(r.rolledBackAt);
    assert.equal(files.files.get('src/math.js'), ORIGINAL);
    assert.deepEqual(engine.getAuditTrail({ entityId: imp.id }).slice(-2).map((e) => e.action), ['rollback_started', 'rolled_back']);
    await assert.rejects(engine.rollbackImprovement(imp.id), InvalidStateError);
  });

  it('rollback refuses when the file changed after applying; nothing is written', async () => {
    const imp = await propose();
    await engine.approveImprovement(imp.id, 'alice');
    files.files.set('src/math.js', 'someone else edited it\n');
    await assert.rejects(engine.rollbackImprovement(imp.id), (e: unknown) => e instanceof FileChangedError && e.operation === 'rollback');
    assert.equal(files.files.get('src/math.js'), 'someone else edited it\n');
    assert.equal(engine.getImprovement(imp.id).status, 'applied');
  });

  it('file deleted before rollback: FileChangedError with a clear message, nothing written', async () => {
    const imp = await propose();
    await engine.approveImprovement(imp.id, 'alice');
    files.files.delete('src/math.js');
    await assert.rejects(engine.rollbackImprovement(imp.id), (e: unknown) =>
      e instanceof FileChangedError && e.actualHash === null && /no longer exists, so the improvement cannot be rolled back/.test(e.message));
    assert.equal(files.files.has('src/math.js'), false);
    assert.equal(engine.getImprovement(imp.id).status, 'applied');
    assert.equal(engine.getAuditTrail({ entityId: imp.id }).at(-1)!.action, 'rollback_refused');
  });

  it('the audit trail is a hash chain that detects an edited event', async () => {
    const imp = await propose();
    await engine.approveImprovement(imp.id, 'alice');
    const trail = engine.getAuditTrail();
    for (let i = 1; i < trail.length; i++) assert.equal(trail[i].prevHash, trail[i - 1].hash);
    assert.deepEqual(engine.verifyAuditTrail(), { valid: true, events: trail.length, brokenAt: null });
    (engine as unknown as { db: { run(sql: string): void } }).db.run(`UPDATE audit_events SET actor = 'mallory' WHERE action = 'approved'`);
    assert.deepEqual(engine.verifyAuditTrail(), { valid: false, events: trail.length, brokenAt: trail[1].id });
  });

  it('deleteImprovement removes it and leaves an audit event', async () => {
    const imp = await propose();
    engine.deleteImprovement(imp.id);
    assert.throws(() => engine.getImprovement(imp.id), NotFoundError);
    assert.equal(engine.getAuditTrail({ entityId: imp.id }).at(-1)!.action, 'deleted');
  });
});

describe('engine: autoImprove', () => {
  it('applies at once, approved by system', async () => {
    const files = new MemoryFiles();
    files.files.set('a.txt', 'old\n');
    const { engine } = await openEngine({ files, autoImprove: true });
    try {
      assert.equal(engine.autoImprove, true);
      const imp = await engine.applyImprovement({ name: 'n', filePath: 'a.txt', newCode: 'new\n' });
      assert.equal(imp.status, 'applied');
      assert.equal(imp.approvedBy, 'system');
      assert.equal(files.files.get('a.txt'), 'new\n');
    } finally { await engine.close(); }
  });

  it('is off by default', async () => {
    const { engine } = await openEngine();
    assert.equal(engine.autoImprove, false);
    await engine.close();
  });
});

describe('engine: approval is durable before the file is touched', () => {
  it('the database on disk (file + journal) already says approved when the files port is asked to write', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'engine.db');
    const crashed = path.join(dir, 'crashed.db');
    const files = new MemoryFiles();
    files.files.set('a.txt', 'old\n');
    const { engine } = await openEngine({ files, dbPath, saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
    let copied = false;
    // What a crash at the moment of the write would leave on disk, read back through a reopen (journal replay).
    files.onWrite = () => { copyDatabaseFiles(dbPath, crashed); copied = true; };
    try {
      const imp = await engine.applyImprovement({ name: 'n', filePath: 'a.txt', newCode: 'new\n' });
      await engine.approveImprovement(imp.id, 'alice');
      assert.ok(copied);
      const seen = [(await durableQuery(crashed, 'SELECT status, approved_by FROM code_improvements'))[0],
        (await durableQuery(crashed, 'SELECT action FROM audit_events ORDER BY id DESC LIMIT 1'))[0][0]];
      assert.deepEqual(seen, [['approved', 'alice'], 'approved']);
    } finally {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('NodeFiles', () => {
  let root: string;
  let outside: string;
  beforeEach(() => { root = tempDir(); outside = tempDir(); });
  afterEach(() => { fs.rmSync(root, { recursive: true, force: true }); fs.rmSync(outside, { recursive: true, force: true }); });

  it('reads null for a missing file, writes creating parent folders, and reads back', async () => {
    const f = new NodeFiles(root);
    assert.equal(await f.read('a/b/c.txt'), null);
    await f.write('a/b/c.txt', 'hello');
    assert.equal(fs.readFileSync(path.join(root, 'a/b/c.txt'), 'utf8'), 'hello');
    assert.equal(await f.read('./a/b/../b/c.txt'), 'hello');
    assert.deepEqual(fs.readdirSync(path.join(root, 'a/b')), ['c.txt'], 'no temp files left');
  });

  it('refuses absolute paths and .. escapes', async () => {
    const f = new NodeFiles(root);
    for (const p of ['/etc/passwd', path.join(outside, 'x'), '../x', 'a/../../x', '..', '', 'C:\\x', '.']) {
      await assert.rejects(f.read(p), InvalidInputError, p);
      await assert.rejects(f.write(p, 'x'), InvalidInputError, p);
    }
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('refuses symlinks that lead outside the root (file and folder links)', async () => {
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    const f = new NodeFiles(root);
    await assert.rejects(f.read('link.txt'), /outside the root/);
    await assert.rejects(f.write('link.txt', 'x'), /outside the root/);
    await assert.rejects(f.write('out/new/file.txt', 'x'), /outside the root/);
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'secret');
    assert.deepEqual(fs.readdirSync(outside), ['secret.txt']);
  });

  it('follows symlinks that stay inside the root', async () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    const f = new NodeFiles(root);
    await f.write('alias/x.txt', 'in');
    assert.equal(fs.readFileSync(path.join(root, 'real/x.txt'), 'utf8'), 'in');
  });
});
