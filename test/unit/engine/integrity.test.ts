import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import type { EngineChange } from '../../../src/engine/types';
import { MemoryFiles, TestClock, openEngine, tempDir } from './helpers';

describe('engine: transactions roll back on database errors', () => {
  it('an SQL error mid-measurement leaves no partial change', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'e.db');
    try {
      let engine = await SelfImprovementEngine.open({ dbPath, files: new MemoryFiles(), clock: new TestClock() });
      engine.registerCapability({ name: 'score', type: 't', baseline: 50, target: 100 });
      engine.measureCapability('score', 60);
      await engine.close();
      // Force the third statement of measureCapability (the weakness update) to fail.
      const db = await Database.open({ path: dbPath });
      db.run(`CREATE TRIGGER fail_weakness BEFORE UPDATE ON identified_weaknesses BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
      await db.close();

      engine = await SelfImprovementEngine.open({ dbPath, files: new MemoryFiles(), clock: new TestClock() });
      const changes: EngineChange[] = [];
      engine.onDidChange((c) => changes.push(c));
      assert.throws(() => engine.measureCapability('score', 70), /forced failure/);
      const cap = engine.getCapability('score');
      assert.equal(cap.current, 60, 'capability update rolled back');
      assert.equal(cap.measurementCount, 1);
      assert.deepEqual(engine.getMeasurements('score').map((m) => m.value), [60], 'series insert rolled back');
      assert.equal(engine.listWeaknesses()[0].evidence.length, 1);
      assert.deepEqual(changes, [], 'no change event for a rolled-back change');
      // The engine keeps working after the failure.
      engine.registerCapability({ name: 'other', type: 't', baseline: 1, target: 2 });
      await engine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine: change events', () => {
  it('fires onDidChange for every change kind and stops after dispose', async () => {
    const files = new MemoryFiles();
    files.files.set('a.txt', 'a\n');
    const { engine } = await openEngine({ files });
    const kinds = new Set<string>();
    const sub = engine.onDidChange((c) => kinds.add(c.kind));
    engine.onDidChange(() => { throw new Error('a faulty listener'); });
    engine.registerCapability({ name: 's', type: 't', baseline: 1, target: 2 });
    const w = engine.measureCapability('s', 1).weakness!;
    const [e] = engine.generateExperiments(w.id, 1);
    await engine.testApproach(e.id, () => 1.5);
    await engine.applyImprovement({ name: 'n', filePath: 'a.txt', newCode: 'b\n' });
    engine.recordMetaLearning({ type: 'improvement_patterns', pattern: 'p', insight: 'i', confidence: 0.5 });
    engine.trackImprovementHistory({ version: '1', summary: 's' });
    engine.recordOutcome({ actionType: 't', actionName: 'a', success: true });
    engine.detectSequencePattern(['a', 'b', 'a', 'b'], 'c');
    assert.deepEqual([...kinds].sort(), ['capability', 'experiment', 'history', 'improvement', 'measurement', 'metaLearning', 'outcome', 'pattern', 'weakness']);
    sub.dispose();
    kinds.clear();
    engine.registerCapability({ name: 's2', type: 't', baseline: 1, target: 2 });
    assert.equal(kinds.size, 0);
    await engine.close();
  });
});

describe('engine: no vscode import under src/engine', () => {
  it('no file under src/engine imports or requires "vscode"', () => {
    const root = [path.resolve(__dirname, '../../../..'), process.cwd()].find((r) => fs.existsSync(path.join(r, 'src/engine')))!;
    const dir = path.join(root, 'src/engine');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : /\.[cm]?[jt]sx?$/.test(e.name) ? [path.join(d, e.name)] : []));
    const files = walk(dir);
    assert.ok(files.length > 20, `scanned ${files.length} files`);
    const pattern = /(?:from\s+|require\s*\(\s*|import\s*\(\s*|import\s+)['"]vscode(?:\/[^'"]*)?['"]/;
    const offenders = files.filter((f) => pattern.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('the scanner catches the import forms it looks for', () => {
    const pattern = /(?:from\s+|require\s*\(\s*|import\s*\(\s*|import\s+)['"]vscode(?:\/[^'"]*)?['"]/;
    for (const s of [`import * as vscode from 'vscode';`, `const v = require("vscode")`, `import 'vscode';`, `await import('vscode')`, `import type { Uri } from 'vscode'`]) {
      assert.ok(pattern.test(s), s);
    }
    assert.ok(!pattern.test(`// talks to vscode-dvc`));
  });
});

describe('engine: recovery of interrupted work on open', () => {
  it('fails running experiments and reconciles approved improvements with the file', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'e.db');
    const files = new MemoryFiles();
    for (const f of ['a', 'b', 'c']) files.files.set(`${f}.txt`, `${f} old\n`);
    const open = () => SelfImprovementEngine.open({ dbPath, files, clock: new TestClock() });
    try {
      let engine = await open();
      const w = engine.identifyWeakness({ name: 'w', type: 'reliability', severity: 'low', description: '', impact: 0.3, direction: 'higher' });
      const [exp] = engine.generateExperiments(w.id, 1);
      const ids: number[] = [];
      for (const f of ['a', 'b', 'c']) ids.push((await engine.applyImprovement({ name: f, filePath: `${f}.txt`, newCode: `${f} new\n` })).id);
      await engine.close();
      // Simulate a crash: an experiment mid-test, three improvements approved but not finished.
      const db = await Database.open({ path: dbPath });
      db.run(`UPDATE improvement_experiments SET status = 'running' WHERE id = ?`, [exp.id]);
      db.run(`UPDATE code_improvements SET status = 'approved', approved_by = 'alice'`);
      await db.close();
      files.files.set('a.txt', 'a new\n'); // the write had happened
      files.files.set('c.txt', 'c edited by hand\n'); // someone else changed it

      engine = await open();
      assert.equal(engine.getExperiment(exp.id).status, 'failed');
      assert.match(engine.getExperiment(exp.id).error!, /interrupted/);
      assert.deepEqual(ids.map((id) => engine.getImprovement(id).status), ['applied', 'pending', 'failed']);
      assert.equal(files.files.get('c.txt'), 'c edited by hand\n');
      assert.equal(engine.getAuditTrail({ entityId: ids[1] }).at(-1)!.action, 'approval_interrupted');
      await engine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine: flush and close', () => {
  it('flush() makes pending changes durable; reopening gives them back; close() is idempotent', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'e.db');
    try {
      const engine = await SelfImprovementEngine.open({ dbPath, files: new MemoryFiles(), clock: new TestClock(), saveDelayMs: 60_000, maxSaveDelayMs: 60_000 });
      engine.registerCapability({ name: 'durable', type: 't', baseline: 1, target: 2 });
      await engine.flush();
      const copy = path.join(dir, 'copy.db');
      fs.copyFileSync(dbPath, copy);
      const other = await SelfImprovementEngine.open({ dbPath: copy, files: new MemoryFiles() });
      assert.deepEqual(other.listCapabilities().map((c) => c.name), ['durable']);
      await other.close();
      await engine.close();
      await engine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
