import assert from 'node:assert/strict';
import path from 'node:path';
import { FileChangedError, InvalidInputError, InvalidStateError } from '../../../src/engine/errors';
import { sha256 } from '../../../src/engine/improvements/hashing';
import { applyHunks } from '../../../src/engine/review';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { MemoryFiles, openEngine, tempDir } from './helpers';

// Two change blocks far apart: line 2 replaced, and two lines inserted after line 8.
const ORIGINAL = ['function a() {', '  return 1;', '}', '', 'function b() {', '  const x = 2;', '  return x;', '}', ''].join('\n');
const PROPOSED = ['function a() {', '  return 42;', '}', '', 'function b() {', '  const x = 2;', '  return x;', '}', '', 'export { a, b };', ''].join('\n');
const FILE = 'src/ab.js';

describe('engine: per-hunk decisions (inline review)', () => {
  let engine: SelfImprovementEngine;
  let files: MemoryFiles;
  beforeEach(async () => {
    files = new MemoryFiles();
    files.files.set(FILE, ORIGINAL);
    ({ engine } = await openEngine({ files }));
  });
  afterEach(() => engine.close());

  const propose = () => engine.applyImprovement({ name: 'two hunks', filePath: FILE, newCode: PROPOSED });

  /** What the adapter does on Approve: apply the hunk to the text and record with both hashes. */
  async function approveInFile(id: number, index: number, actor = 'ana') {
    const hunk = engine.getHunks(id)[index]!;
    const before = files.files.get(FILE)!;
    // Positions come from the original; earlier approved hunks here keep line counts above `hunk` (test data).
    const after = applyHunks(before, [hunk]);
    const out = await engine.recordHunkDecision(id, { hunkId: hunk.id, decision: 'approved', actor, hashBefore: sha256(before), hashAfter: sha256(after) });
    files.files.set(FILE, after);
    return out;
  }

  it('getHunks splits the proposal into its change blocks, undecided at first', async () => {
    const imp = await propose();
    const hunks = engine.getHunks(imp.id);
    assert.equal(hunks.length, 2);
    assert.deepEqual(hunks.map((h) => [h.start, h.removed, h.added, h.decision]), [
      [1, ['  return 1;'], ['  return 42;'], null],
      [9, [], ['export { a, b };', ''], null],
    ]);
    assert.deepEqual(engine.getHunks(imp.id).map((h) => h.id), hunks.map((h) => h.id), 'ids are stable');
  });

  it('approve one, reject the other: partially_applied, each decision audited with who and SHA-256 before/after', async () => {
    const imp = await propose();
    const [h0, h1] = engine.getHunks(imp.id);
    const afterFirst = await approveInFile(imp.id, 0, 'ana');
    assert.equal(afterFirst.status, 'pending', 'one hunk is still undecided');
    const done = await engine.recordHunkDecision(imp.id, { hunkId: h1!.id, decision: 'rejected', actor: 'bo' });
    assert.equal(done.status, 'partially_applied');
    assert.equal(done.approvedBy, 'ana');
    assert.equal(done.hashAfter, sha256(files.files.get(FILE)!), 'hashAfter: the file after the last approval');

    const decisions = engine.getHunkDecisions(imp.id);
    assert.deepEqual(decisions.map((d) => [d.hunkId, d.hunkIndex, d.decision, d.actor]), [[h0!.id, 0, 'approved', 'ana'], [h1!.id, 1, 'rejected', 'bo']]);
    assert.equal(decisions[0]!.hashBefore, sha256(ORIGINAL));
    assert.match(decisions[0]!.at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(engine.getHunks(imp.id).map((h) => h.decision), ['approved', 'rejected']);

    const trail = engine.getAuditTrail({ entity: 'improvement', entityId: imp.id });
    assert.deepEqual(trail.map((e) => e.action), ['proposed', 'hunk_approved', 'hunk_rejected', 'partially_applied']);
    const approvedEvent = trail[1]!;
    assert.equal(approvedEvent.actor, 'ana');
    assert.equal(approvedEvent.hashBefore, sha256(ORIGINAL));
    assert.equal(approvedEvent.hashAfter, decisions[0]!.hashAfter);
    assert.equal(approvedEvent.details?.hunkIndex, 0);
    assert.match(String(approvedEvent.details?.change), /Replace line 2 with 1 line/);
    assert.equal(engine.verifyAuditTrail().valid, true);
  });

  it('all approved → applied; all rejected → rejected', async () => {
    const a = await propose();
    await approveInFile(a.id, 0);
    const applied = await approveInFile(a.id, 1);
    assert.equal(applied.status, 'applied');
    assert.equal(files.files.get(FILE), PROPOSED);

    files.files.set(FILE, ORIGINAL);
    const b = await propose();
    for (const h of engine.getHunks(b.id)) await engine.recordHunkDecision(b.id, { hunkId: h.id, decision: 'rejected' });
    const rejected = engine.getImprovement(b.id);
    assert.equal(rejected.status, 'rejected');
    assert.equal(files.files.get(FILE), ORIGINAL, 'rejecting never writes');
  });

  it('undo of an approval is recorded as reverted and reopens the improvement; redo approves it again', async () => {
    const imp = await propose();
    await approveInFile(imp.id, 0);
    const [, h1] = engine.getHunks(imp.id);
    await engine.recordHunkDecision(imp.id, { hunkId: h1!.id, decision: 'rejected' });
    const h0 = engine.getHunks(imp.id)[0]!;
    const reverted = await engine.recordHunkDecision(imp.id, { hunkId: h0.id, decision: 'reverted', hashBefore: sha256(files.files.get(FILE)!), hashAfter: sha256(ORIGINAL) });
    assert.equal(reverted.status, 'pending');
    assert.equal(reverted.hashAfter, null);
    assert.equal(engine.getHunks(imp.id)[0]!.decision, 'reverted');
    const redone = await engine.recordHunkDecision(imp.id, { hunkId: h0.id, decision: 'approved' });
    assert.equal(redone.status, 'partially_applied');
    assert.deepEqual(engine.getAuditTrail({ entity: 'improvement', entityId: imp.id }).map((e) => e.action),
      ['proposed', 'hunk_approved', 'hunk_rejected', 'partially_applied', 'hunk_reverted', 'reopened', 'hunk_approved', 'partially_applied']);
  });

  it('refuses impossible decisions and bad input, recording nothing', async () => {
    const imp = await propose();
    const [h0] = engine.getHunks(imp.id);
    await assert.rejects(engine.recordHunkDecision(imp.id, { hunkId: 'nope', decision: 'approved' }), InvalidInputError);
    await assert.rejects(engine.recordHunkDecision(imp.id, { hunkId: h0!.id, decision: 'maybe' as never }), InvalidInputError);
    await assert.rejects(engine.recordHunkDecision(imp.id, { hunkId: h0!.id, decision: 'approved', hashBefore: 'md5' }), InvalidInputError);
    await assert.rejects(engine.recordHunkDecision(imp.id, { hunkId: h0!.id, decision: 'reverted' }), InvalidStateError, 'only an approval can be reverted');
    await engine.recordHunkDecision(imp.id, { hunkId: h0!.id, decision: 'rejected' });
    await assert.rejects(engine.recordHunkDecision(imp.id, { hunkId: h0!.id, decision: 'approved' }), InvalidStateError, 'a rejection is final');
    assert.equal(engine.getHunkDecisions(imp.id).length, 1);

    const whole = await engine.applyImprovement({ name: 'other', filePath: FILE, newCode: 'x\n' });
    engine.rejectImprovement(whole.id);
    await assert.rejects(engine.recordHunkDecision(whole.id, { hunkId: engine.getHunks(whole.id)[0]!.id, decision: 'approved' }), InvalidStateError);
  });

  it('whole-proposal approve is refused after inline decisions; whole reject rejects only the undecided rest', async () => {
    const imp = await propose();
    await approveInFile(imp.id, 0);
    await assert.rejects(engine.approveImprovement(imp.id, 'ana'), /already decided in the editor/);
    const out = engine.rejectImprovement(imp.id, 'enough', 'bo');
    assert.equal(out.status, 'partially_applied');
    assert.deepEqual(engine.getHunks(imp.id).map((h) => h.decision), ['approved', 'rejected']);
  });

  it('rollback of a partially applied improvement restores exactly the approved hunk, keeping edits elsewhere', async () => {
    const imp = await propose();
    const hunks = engine.getHunks(imp.id);
    // Approve the second (an insertion at the end), reject the first.
    await approveInFile(imp.id, 1);
    await engine.recordHunkDecision(imp.id, { hunkId: hunks[0]!.id, decision: 'rejected' });
    assert.equal(engine.getImprovement(imp.id).status, 'partially_applied');
    // The person then edits another part of the file (adds a comment line at the top).
    const edited = `// header\n${files.files.get(FILE)!}`;
    files.files.set(FILE, edited);

    const rolled = await engine.rollbackImprovement(imp.id, 'cy');
    assert.equal(rolled.status, 'rolled_back');
    assert.equal(files.files.get(FILE), `// header\n${ORIGINAL}`, 'only the approved lines were taken out');
    const trail = engine.getAuditTrail({ entity: 'improvement', entityId: imp.id });
    const last = trail[trail.length - 1]!;
    assert.equal(last.action, 'rolled_back');
    assert.equal(last.actor, 'cy');
    assert.equal(last.hashBefore, sha256(edited));
    assert.equal(last.hashAfter, sha256(`// header\n${ORIGINAL}`));
  });

  it('rollback refuses with FileChangedError when the approved lines were edited, and writes nothing', async () => {
    const imp = await propose();
    const hunks = engine.getHunks(imp.id);
    await approveInFile(imp.id, 0);
    await engine.recordHunkDecision(imp.id, { hunkId: hunks[1]!.id, decision: 'rejected' });
    const edited = files.files.get(FILE)!.replace('  return 42;', '  return 43;');
    files.files.set(FILE, edited);
    let writes = 0;
    files.onWrite = () => { writes++; };
    await assert.rejects(engine.rollbackImprovement(imp.id), (err: unknown) => err instanceof FileChangedError && err.operation === 'rollback');
    assert.equal(writes, 0);
    assert.equal(files.files.get(FILE), edited);
    assert.equal(engine.getImprovement(imp.id).status, 'partially_applied');
    const trail = engine.getAuditTrail({ entity: 'improvement', entityId: imp.id });
    assert.equal(trail[trail.length - 1]!.action, 'rollback_refused');
  });

  it('decisions survive reopening the database file', async () => {
    await engine.close();
    const dir = tempDir();
    const dbPath = path.join(dir, 'db.sqlite');
    ({ engine } = await openEngine({ files, dbPath }));
    const imp = await propose();
    await approveInFile(imp.id, 0);
    await engine.close();
    ({ engine } = await openEngine({ files, dbPath }));
    assert.deepEqual(engine.getHunks(imp.id).map((h) => h.decision), ['approved', null]);
    assert.equal(engine.getHunkDecisions(imp.id).length, 1);
    const h1 = engine.getHunks(imp.id)[1]!;
    await engine.recordHunkDecision(imp.id, { hunkId: h1.id, decision: 'rejected' });
    assert.equal(engine.getImprovement(imp.id).status, 'partially_applied');
    assert.equal((await engine.rollbackImprovement(imp.id)).status, 'rolled_back');
    assert.equal(files.files.get(FILE), ORIGINAL);
  });
});
