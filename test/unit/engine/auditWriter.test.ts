import assert from 'node:assert/strict';
import { AuditLog } from '../../../src/engine/improvements/audit';
import { canonicalJson as jsonCanonical } from '../../../src/engine/json';
import { canonicalJson as chainCanonical, hashAuditEvent, verifyAuditChain } from '../../../src/engine/verdicts/auditChain';
import { MemoryFiles, openEngine } from './helpers';

describe('engine: the audit writer hashes with the verifier’s function', () => {
  it('every stored event’s hash is hashAuditEvent(prevHash, event), and the chain verifies', async () => {
    const files = new MemoryFiles();
    files.files.set('a.txt', 'old\n');
    const { engine, clock } = await openEngine({ files });
    try {
      const imp = await engine.applyImprovement({ name: 'ünïcode "quotes" ✓', filePath: 'a.txt', newCode: 'new\n', description: 'd' });
      clock.advance(1000);
      await engine.approveImprovement(imp.id, 'tester');
      engine.registerCapability({ name: 'lat', type: 'efficiency', baseline: 100, target: 50, direction: 'lower' });
      const exp = engine.createExperiment({ capabilityName: 'lat', name: 'x' });
      engine.startExperiment(exp.id);
      engine.failExperiment(exp.id, 'boom: {"nested": [1, 2]}');
      engine.startExperiment(exp.id); // a re-run: its audit note carries nested details (previous error, timestamps)
      const events = engine.getAuditTrail();
      assert.ok(events.length >= 5, `${events.length} events`);
      let prev: string | null = null;
      for (const e of events) {
        assert.equal(e.prevHash, prev);
        assert.equal(e.hash, hashAuditEvent(prev, e), `event ${e.id} (${e.action})`);
        prev = e.hash;
      }
      assert.equal(verifyAuditChain(events).ok, true);
      assert.equal(engine.verifyAuditTrail().valid, true);
    } finally { await engine.close(); }
  });

  it('one canonicalJson (json.ts, re-exported by auditChain) and no second verifier on the writer', () => {
    assert.equal(chainCanonical, jsonCanonical);
    assert.equal('verify' in AuditLog.prototype, false);
  });
});
