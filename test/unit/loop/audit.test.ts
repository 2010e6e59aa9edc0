import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSqlJs } from '../../../src/engine/storage/database';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { fromJsonLines, verifyAuditChain } from '../../../src/engine/verdicts';
import { MemoryFiles, seededRandom, tempDir } from '../engine/helpers';

describe('loop: audit trail verification and export', () => {
  it('exports JSON Lines that verify, and names the first broken link after the file was edited', async () => {
    const dir = tempDir('si-audit-');
    const dbPath = path.join(dir, 'engine.db');
    const files = new MemoryFiles();
    files.files.set('a.js', 'old\n');
    let engine = await SelfImprovementEngine.open({ dbPath, files, random: seededRandom(1), saveDelayMs: 0 });
    for (let i = 0; i < 3; i++) {
      const imp = await engine.applyImprovement({ name: `change ${i}`, filePath: 'a.js', newCode: `new ${i}\n` });
      engine.rejectImprovement(imp.id, 'not now');
    }
    const report = engine.auditReport();
    assert.deepEqual([report.valid, report.events, report.brokenAt], [true, 6, null]);
    const exported = engine.exportAuditTrail();
    assert.equal(exported.trim().split('\n').length, 6);
    assert.equal(verifyAuditChain(fromJsonLines(exported)).ok, true, 'the export verifies on its own');
    await engine.close();

    // Someone edits the third event in the file afterwards.
    const SQL = await loadSqlJs();
    const raw = new SQL.Database(readFileSync(dbPath));
    const third = { id: raw.exec('SELECT id FROM audit_events ORDER BY id LIMIT 1 OFFSET 2')[0]!.values[0]![0] as number };
    raw.run(`UPDATE audit_events SET actor = 'mallory' WHERE id = ${third.id}`);
    writeFileSync(dbPath, raw.export());
    raw.close();

    engine = await SelfImprovementEngine.open({ dbPath, files, random: seededRandom(1) });
    const broken = engine.auditReport();
    assert.equal(broken.valid, false);
    assert.equal(broken.brokenAt, third.id);
    assert.match(broken.reason, new RegExp(`Event ${third.id} was changed after it was recorded`));
    assert.deepEqual(engine.verifyAuditTrail(), { valid: false, events: 6, brokenAt: third.id });
    assert.equal(verifyAuditChain(fromJsonLines(engine.exportAuditTrail())).firstBrokenId, third.id);
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
