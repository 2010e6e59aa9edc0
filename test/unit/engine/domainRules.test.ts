// Domain rules the adapters read from the engine instead of repeating them: which experiments can run
// (and be drafted for), and the impact that goes with each severity.
import assert from 'node:assert/strict';
import { severityForGap } from '../../../src/engine/capabilities/gap';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { InvalidStateError } from '../../../src/engine/errors';
import { canDraftFor, isRunnable } from '../../../src/engine/experiments/runnable';
import { EXPERIMENT_STATUSES } from '../../../src/engine/experiments/experimentStore';
import type { ExperimentStatus } from '../../../src/engine/types';
import { SEVERITIES, SEVERITY_IMPACT, SEVERITY_WEIGHT } from '../../../src/engine/weaknesses/priority';
import { openEngine } from './helpers';

describe('engine: domain rules in one place', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => ({ engine } = await openEngine()));
  afterEach(() => engine.close());

  /** An experiment brought to `status` through the engine's own transitions. */
  async function experimentIn(status: ExperimentStatus): Promise<number> {
    const name = `cap-${status}`;
    engine.registerCapability({ name, type: 'efficiency', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
    const { id } = engine.createExperiment({ capabilityName: name, name: `try ${status}` });
    if (status === 'running') engine.startExperiment(id);
    if (status === 'failed') { engine.startExperiment(id); engine.failExperiment(id, 'broke'); }
    if (status === 'completed') await engine.testApproach(id, () => [60, 61, 59, 60, 62, 58], [100, 101, 99, 100, 102, 98]);
    assert.equal(engine.getExperiment(id).status, status);
    return id;
  }

  it('isRunnable says exactly which experiments the engine lets run', async () => {
    const verdicts: Record<string, { rule: boolean; engine: boolean }> = {};
    for (const status of EXPERIMENT_STATUSES) {
      const id = await experimentIn(status);
      let runs = true;
      try { engine.startExperiment(id); } catch (err) { assert.ok(err instanceof InvalidStateError, String(err)); runs = false; }
      verdicts[status] = { rule: isRunnable({ status }), engine: runs };
    }
    for (const [status, v] of Object.entries(verdicts)) assert.equal(v.rule, v.engine, `${status}: isRunnable ${v.rule}, the engine ${v.engine ? 'runs' : 'refuses'} it`);
    assert.deepEqual(EXPERIMENT_STATUSES.filter((status) => isRunnable({ status })), ['planned', 'failed']);
  });

  it('a candidate can be drafted for a runnable or a completed experiment, never a running one', () => {
    assert.deepEqual(EXPERIMENT_STATUSES.filter((status) => canDraftFor({ status })), ['planned', 'completed', 'failed']);
  });

  it('the impact of each severity is the one a measured gap gets, for every severity', () => {
    assert.deepEqual([...SEVERITIES].sort(), Object.keys(SEVERITY_IMPACT).sort());
    assert.deepEqual([...SEVERITIES].sort(), Object.keys(SEVERITY_WEIGHT).sort());
    const bands = [0.6, 0.4, 0.25, 0.1].map(severityForGap);
    assert.deepEqual(bands.map((b) => b.severity), ['critical', 'high', 'medium', 'low']);
    for (const b of bands) assert.equal(b.impact, SEVERITY_IMPACT[b.severity]);
    assert.deepEqual(SEVERITY_IMPACT, { critical: 0.9, high: 0.7, medium: 0.5, low: 0.3 });
  });
});
