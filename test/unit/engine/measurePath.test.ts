// measureCapability returns what it wrote without re-reading it (the hottest write path): each result
// must equal what a re-read of the database gives, in every branch of weakness tracking.
import assert from 'node:assert/strict';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import type { MeasureResult } from '../../../src/engine/types';
import { CapabilityStore } from '../../../src/engine/capabilities/capabilityStore';
import { openEngine, type TestClock } from './helpers';

describe('engine: measureCapability returns what a re-read gives', () => {
  let engine: SelfImprovementEngine;
  let clock: TestClock;
  beforeEach(async () => ({ engine, clock } = await openEngine()));
  afterEach(() => engine.close());

  function checkAgainstRereads(name: string, value: number, context?: Record<string, unknown>): MeasureResult {
    clock.advance(60_000);
    const r = engine.measureCapability(name, value, context);
    assert.deepStrictEqual(r.capability, engine.getCapability(name), `capability after ${value}`);
    assert.ok(Object.is(engine.getMeasurements(name, 1)[0].value, r.capability.current), 'current is the stored value');
    if (r.weakness) assert.deepStrictEqual(r.weakness, engine.getWeakness(r.weakness.id), `weakness after ${value}`);
    if (r.resolved) assert.deepStrictEqual(r.resolved, engine.getWeakness(r.resolved.id), `resolved after ${value}`);
    return r;
  }

  it('in every tracking branch: none, created, updated (evidence capped), resolved; both directions; -0, integers, contexts', () => {
    engine.registerCapability({ name: 'up', type: 'output_quality', baseline: 0, target: 50, unit: 'pts' });
    engine.registerCapability({ name: 'down', type: 'efficiency', baseline: 100, target: 10, direction: 'lower', description: 'ms' });
    engine.registerCapability({ name: 'zero', type: 'reliability', baseline: 1, target: 0, direction: 'lower' });
    assert.equal(checkAgainstRereads('up', 60).weakness, null, 'on target, nothing open: no weakness');
    const created = checkAgainstRereads('up', 10, { source: 'test', nested: { a: [1, 2] }, experimentId: 7 });
    assert.ok(created.weakness && created.weakness.automatic && created.weakness.status === 'open');
    for (let i = 0; i < 25; i++) checkAgainstRereads('up', 20 + i / 3, i % 2 ? { n: i } : undefined); // past MAX_EVIDENCE
    const resolved = checkAgainstRereads('up', 50);
    assert.equal(resolved.resolved?.status, 'resolved');
    checkAgainstRereads('up', -0);
    checkAgainstRereads('up', 1e300);
    checkAgainstRereads('down', 200, { experimentId: -0 });
    checkAgainstRereads('down', 11.5);
    checkAgainstRereads('down', 3);
    checkAgainstRereads('zero', -0);
    checkAgainstRereads('zero', 2 ** 40);
  });

  it('the store returns the measurement row as a re-read gives it (context round-tripped, -0 stored as 0)', () => {
    const store = new CapabilityStore({ db: engine.storage, clock });
    store.register({ name: 'c', type: 't', baseline: 0, target: 1 });
    const cases: Array<[number, Record<string, unknown> | undefined]> = [
      [0.5, { experimentId: 3, note: 'x', skip: undefined, when: new Date(0) }], [-0, { experimentId: -0 }], [7, undefined], [-2.25, {}],
    ];
    for (const [value, context] of cases) {
      clock.advance(1000);
      const { capability, measurement } = store.recordMeasurement('c', value, context);
      assert.deepStrictEqual(measurement, store.measurement(measurement.id));
      assert.deepStrictEqual(capability, store.get('c'));
    }
  });
});
