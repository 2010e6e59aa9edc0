// The spec's whole cycle on a real folder and a real database file, closed and reopened between steps:
// profile → identify → design → test → measure → apply with approval → learn → assess.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { TestClock, seededRandom, tempDir } from './helpers';

describe('engine: full improvement cycle', () => {
  it('runs profile → identify → design → test → measure → apply → learn → assess across reopenings', async () => {
    const root = tempDir('sie-root-');
    const dbDir = tempDir('sie-db-');
    const dbPath = path.join(dbDir, 'nested', 'engine.db');
    const clock = new TestClock();
    const open = () => SelfImprovementEngine.open({ dbPath, rootDir: root, clock, random: seededRandom(1) });
    const original = 'export function lookup(key) {\n  return expensive(key);\n}\n';
    const improved = 'const cache = new Map();\nexport function lookup(key) {\n  if (!cache.has(key)) cache.set(key, expensive(key));\n  return cache.get(key);\n}\n';
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/lookup.js'), original);
    try {
      // 1 PROFILE
      let engine = await open();
      engine.registerCapability({ name: 'lookup-ms', type: 'efficiency', baseline: 120, target: 60, direction: 'lower', unit: 'ms' });
      engine.measureCapability('lookup-ms', 120);
      clock.advanceDays(1);
      await engine.close();
      assert.ok(fs.existsSync(dbPath));

      // 2 IDENTIFY
      engine = await open();
      engine.measureCapability('lookup-ms', 118);
      const [weakness] = engine.analyzeWeaknesses();
      assert.equal(weakness.capabilityName, 'lookup-ms');
      assert.equal(weakness.type, 'efficiency');
      assert.equal(weakness.severity, 'critical'); // (118 − 60) / 60 ≈ 0.97
      assert.equal(weakness.evidence.length, 2);
      await engine.close();

      // 3 DESIGN
      engine = await open();
      const designed = engine.generateExperiments(weakness.id);
      assert.equal(designed.length, 3);
      const caching = designed.find((e) => e.approach === 'caching') ?? engine.generateExperiments(weakness.id, 4).find((e) => e.approach === 'caching')!;
      assert.match(caching.methodology, /lookup-ms/);
      await engine.close();

      // 4 TEST (baseline and candidate samples side by side)
      engine = await open();
      const baselineSamples = [118, 121, 117, 119, 122, 120, 118, 119];
      const candidateSamples = [71, 69, 72, 70, 68, 73, 70, 71];
      const tested = await engine.testApproach(caching.id, async () => ({ samples: candidateSamples, baselineSamples }));
      assert.equal(tested.status, 'completed');
      assert.equal(tested.verdict, 'success');
      await engine.close();

      // 5 MEASURE
      engine = await open();
      assert.equal(engine.getExperiment(caching.id).verdict, 'success', 'the result survived reopening');
      const m = engine.measureImprovement(baselineSamples, candidateSamples, 'lookup p50', { capabilityName: 'lookup-ms', experimentId: caching.id });
      assert.equal(m.direction, 'lower');
      assert.ok(m.samples!.pValue < 0.001);
      assert.equal(m.confidence, 'medium');
      assert.equal(m.verdict, 'success');
      await engine.close();

      // 6 APPLY with approval
      engine = await open();
      const proposal = await engine.applyImprovement({
        name: 'cache lookups', filePath: 'src/lookup.js', functionName: 'lookup', experimentId: caching.id, proposedBy: 'experiment',
        oldCode: 'export function lookup(key) {\n  return expensive(key);\n}\n', newCode: improved,
      });
      assert.equal(proposal.status, 'pending');
      assert.equal(fs.readFileSync(path.join(root, 'src/lookup.js'), 'utf8'), original);
      await engine.close();
      engine = await open();
      const applied = await engine.approveImprovement(proposal.id, 'reviewer');
      assert.equal(applied.status, 'applied');
      assert.equal(fs.readFileSync(path.join(root, 'src/lookup.js'), 'utf8'), improved);
      engine.measureCapability('lookup-ms', 58); // after the change: target reached
      engine.trackImprovementHistory({ version: '1.1.0', summary: 'cached lookups', improvements: [applied.id], delta: { 'lookup-ms': -0.51 }, changes: ['cache in lookup()'] });
      await engine.close();

      // 7 LEARN
      engine = await open();
      assert.equal(engine.getWeakness(weakness.id).status, 'resolved');
      const learned = engine.getMetaLearnings().find((l) => l.pattern === 'approach:caching' && l.type === 'experiment_effectiveness')!;
      assert.match(learned.insight, /caching succeeded in 1 of 1/);
      engine.recordMetaLearning({ type: 'improvement_patterns', pattern: 'memoize hot lookups', insight: 'caching pure lookups halves latency', confidence: 0.5, experiments: [caching.id] });
      engine.detectSequencePattern(['measure', 'caching', 'approve', 'measure', 'caching', 'approve'], 'cycle');
      assert.equal(engine.predictNext(['measure', 'caching']).next, 'approve');
      const choice = engine.chooseAction({ actionType: 'improvement_experiment', availableActions: ['caching', 'resource_pooling'] });
      assert.equal(choice.estimates.caching.trials, 1);
      await engine.close();

      // 8 ASSESS
      engine = await open();
      const a = engine.getSelfAssessment();
      assert.equal(a.experiments.completed, 1);
      assert.equal(a.exceededExpectationsRate, 1);
      assert.equal(a.weaknessResolutionRate, 1);
      assert.equal(a.learningQuality, 1);
      assert.equal(a.grade, 'A');
      assert.equal(a.improvements.applied, 1);
      assert.equal(a.capabilities.meetingTarget, 1);
      assert.ok(a.metaLearnings >= 2);
      assert.equal(engine.getImprovementHistory()[0].version, '1.1.0');
      assert.deepEqual(engine.getAuditTrail({ entityId: proposal.id }).map((e) => e.action), ['proposed', 'approved', 'applied']);
      assert.equal(engine.verifyAuditTrail().valid, true);
      // Rollback still possible after reopening.
      await engine.rollbackImprovement(proposal.id, 'reviewer');
      assert.equal(fs.readFileSync(path.join(root, 'src/lookup.js'), 'utf8'), original);
      await engine.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(dbDir, { recursive: true, force: true });
    }
  });
});
