import assert from 'node:assert/strict';
import { DuplicateNameError, InvalidInputError, UnknownCapabilityError } from '../../../src/engine/errors';
import { MAX_EVIDENCE } from '../../../src/engine/weaknesses/weaknessStore';
import { gapOf, severityForGap } from '../../../src/engine/capabilities/gap';
import { priorityOf } from '../../../src/engine/weaknesses/priority';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { openEngine, type TestClock } from './helpers';

describe('engine: capability profiling', () => {
  let engine: SelfImprovementEngine;
  let clock: TestClock;
  beforeEach(async () => ({ engine, clock } = await openEngine()));
  afterEach(() => engine.close());

  it('registers a capability with defaults and reads it back', () => {
    const c = engine.registerCapability({ name: 'accuracy', type: 'output_quality', baseline: 0.6, target: 0.9 });
    assert.equal(c.direction, 'higher');
    assert.equal(c.current, null);
    assert.equal(c.measurementCount, 0);
    assert.equal(c.createdAt, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(engine.getCapability('accuracy'), c);
    assert.deepEqual(engine.listCapabilities().map((x) => x.name), ['accuracy']);
  });

  it('refuses a duplicate name with DuplicateNameError', () => {
    engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2 });
    assert.throws(() => engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2 }), DuplicateNameError);
  });

  it('refuses NaN and Infinity in baseline, target and measurements', () => {
    assert.throws(() => engine.registerCapability({ name: 'a', type: 't', baseline: NaN, target: 2 }), InvalidInputError);
    assert.throws(() => engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: Infinity }), InvalidInputError);
    assert.throws(() => engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2, direction: 'up' as never }), InvalidInputError);
    engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2 });
    assert.throws(() => engine.measureCapability('a', NaN), InvalidInputError);
    assert.throws(() => engine.measureCapability('a', -Infinity), InvalidInputError);
    assert.equal(engine.getCapability('a').measurementCount, 0);
  });

  it('throws UnknownCapabilityError for an unknown name', () => {
    assert.throws(() => engine.measureCapability('nope', 1), UnknownCapabilityError);
    assert.throws(() => engine.getCapability('nope'), (e: unknown) => e instanceof UnknownCapabilityError && e.capabilityName === 'nope');
    assert.throws(() => engine.getMeasurements('nope'), UnknownCapabilityError);
    assert.throws(() => engine.identifyWeakness({ name: 'w', type: 'reliability', severity: 'low', description: '', impact: 0.3, capabilityName: 'nope' }), UnknownCapabilityError);
  });

  it('records measurements as a series, newest first, with context', () => {
    engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2 });
    engine.measureCapability('a', 1.5, { run: 1 });
    clock.advance(1000);
    engine.measureCapability('a', 1.7);
    const ms = engine.getMeasurements('a');
    assert.deepEqual(ms.map((m) => m.value), [1.7, 1.5]);
    assert.deepEqual(ms[1].context, { run: 1 });
    assert.equal(engine.getMeasurements('a', 1).length, 1);
    const c = engine.getCapability('a');
    assert.equal(c.current, 1.7);
    assert.equal(c.measurementCount, 2);
    assert.equal(c.lastMeasuredAt, '2026-01-01T00:00:01.000Z');
  });

  it('updates and archives or purges capabilities', () => {
    engine.registerCapability({ name: 'a', type: 't', baseline: 1, target: 2 });
    engine.measureCapability('a', 1);
    assert.equal(engine.updateCapability('a', { target: 3, unit: 'ms' }).target, 3);
    assert.throws(() => engine.updateCapability('a', { baseline: NaN }), InvalidInputError);
    engine.removeCapability('a');
    assert.equal(engine.listCapabilities().length, 0);
    assert.equal(engine.listCapabilities({ includeArchived: true })[0].archived, true);
    assert.equal(engine.getMeasurements('a').length, 1, 'archiving keeps history');
    engine.removeCapability('a', { purge: true });
    assert.throws(() => engine.getCapability('a'), UnknownCapabilityError);
  });
});

describe('engine: gap and severity', () => {
  it('computes the gap in the capability direction', () => {
    assert.equal(gapOf({ baseline: 0, target: 100, direction: 'higher' }, 60), 0.4);
    assert.equal(gapOf({ baseline: 0, target: 100, direction: 'lower' }, 160), 0.6);
    assert.ok(gapOf({ baseline: 0, target: 100, direction: 'lower' }, 80) < 0);
    assert.equal(gapOf({ baseline: 0, target: -10, direction: 'higher' }, -15), 0.5);
  });

  it('maps each severity boundary exactly (strictly greater than)', () => {
    assert.deepEqual(severityForGap(0.51), { severity: 'critical', impact: 0.9 });
    assert.deepEqual(severityForGap(0.5), { severity: 'high', impact: 0.7 });
    assert.deepEqual(severityForGap(0.31), { severity: 'high', impact: 0.7 });
    assert.deepEqual(severityForGap(0.3), { severity: 'medium', impact: 0.5 });
    assert.deepEqual(severityForGap(0.21), { severity: 'medium', impact: 0.5 });
    assert.deepEqual(severityForGap(0.2), { severity: 'low', impact: 0.3 });
    assert.deepEqual(severityForGap(0.01), { severity: 'low', impact: 0.3 });
  });

  it('priority = impact × severity weight (4/3/2/1)', () => {
    assert.equal(priorityOf(0.9, 'critical'), 3.6);
    assert.equal(priorityOf(0.7, 'high'), 2.1);
    assert.equal(priorityOf(0.5, 'medium'), 1);
    assert.equal(priorityOf(0.3, 'low'), 0.3);
  });
});

describe('engine: automatic weaknesses', () => {
  let engine: SelfImprovementEngine;
  let clock: TestClock;
  beforeEach(async () => ({ engine, clock } = await openEngine()));
  afterEach(() => engine.close());

  const cases: [number, string, number][] = [[40, 'critical', 0.9], [60, 'high', 0.7], [75, 'medium', 0.5], [90, 'low', 0.3]];
  for (const [value, severity, impact] of cases) {
    it(`a measurement of ${value} against target 100 gives a ${severity} weakness`, () => {
      engine.registerCapability({ name: 'score', type: 'reliability', baseline: 50, target: 100 });
      const r = engine.measureCapability('score', value);
      assert.equal(r.weakness?.severity, severity);
      assert.equal(r.weakness?.impact, impact);
      assert.equal(r.weakness?.type, 'reliability');
      assert.equal(r.weakness?.automatic, true);
      assert.equal(r.weakness?.capabilityName, 'score');
    });
  }

  it('keeps one open automatic weakness per capability, updated by each measurement', () => {
    engine.registerCapability({ name: 'score', type: 'performance', baseline: 50, target: 100, unit: 'pts' });
    const first = engine.measureCapability('score', 40).weakness!;
    assert.equal(first.type, 'capability_gap');
    clock.advance(1000);
    const second = engine.measureCapability('score', 75).weakness!;
    assert.equal(second.id, first.id);
    assert.equal(second.severity, 'medium');
    assert.equal(second.priority, 1);
    assert.equal(second.evidence.length, 2);
    assert.match(second.evidence[1], /measured 75 pts/);
    assert.equal(engine.listWeaknesses({ status: 'open' }).length, 1);
  });

  it('caps the evidence list', () => {
    engine.registerCapability({ name: 'score', type: 't', baseline: 50, target: 100 });
    for (let i = 0; i < MAX_EVIDENCE + 5; i++) engine.measureCapability('score', 50 + i * 0.01);
    const w = engine.listWeaknesses()[0];
    assert.equal(w.evidence.length, MAX_EVIDENCE);
    assert.match(w.evidence[MAX_EVIDENCE - 1], /measured 50\.24/);
  });

  it('resolves the weakness when a measurement reaches the target; a later shortfall opens a new one', () => {
    engine.registerCapability({ name: 'score', type: 't', baseline: 50, target: 100 });
    const w = engine.measureCapability('score', 60).weakness!;
    const r = engine.measureCapability('score', 100);
    assert.equal(r.weakness, null);
    assert.equal(r.resolved?.id, w.id);
    assert.equal(engine.getWeakness(w.id).status, 'resolved');
    assert.ok(engine.getWeakness(w.id).resolvedAt);
    const again = engine.measureCapability('score', 90).weakness!;
    assert.notEqual(again.id, w.id);
  });

  it('handles direction lower: above the target is a shortfall', () => {
    engine.registerCapability({ name: 'latency', type: 'efficiency', baseline: 200, target: 100, direction: 'lower', unit: 'ms' });
    const w = engine.measureCapability('latency', 160).weakness!;
    assert.equal(w.severity, 'critical');
    assert.equal(w.type, 'efficiency');
    assert.equal(engine.measureCapability('latency', 125).weakness!.severity, 'medium');
    assert.equal(engine.measureCapability('latency', 99).resolved?.id, w.id);
  });

  it('a measurement on target creates no weakness', () => {
    engine.registerCapability({ name: 'score', type: 't', baseline: 50, target: 100 });
    assert.deepEqual(engine.measureCapability('score', 120), { capability: engine.getCapability('score'), weakness: null, resolved: null });
  });
});

describe('engine: manual weaknesses and analysis', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => ({ engine } = await openEngine()));
  afterEach(() => engine.close());

  it('identifies, analyzes (by priority, min impact), resolves and deletes', () => {
    const low = engine.identifyWeakness({ name: 'flaky', type: 'reliability', severity: 'low', description: 'd', impact: 0.9, direction: 'higher' });
    const crit = engine.identifyWeakness({ name: 'slow', type: 'efficiency', severity: 'critical', description: 'd', impact: 0.5, direction: 'lower', evidence: ['p95 2s'] });
    assert.equal(low.priority, 0.9);
    assert.equal(crit.priority, 2);
    assert.deepEqual(engine.analyzeWeaknesses().map((w) => w.name), ['slow', 'flaky']);
    assert.deepEqual(engine.analyzeWeaknesses(0.6).map((w) => w.name), ['flaky']);
    const r = engine.resolveWeakness(crit.id, 'fixed by caching');
    assert.equal(r.status, 'resolved');
    assert.deepEqual(r.evidence, ['p95 2s', 'fixed by caching']);
    assert.deepEqual(engine.analyzeWeaknesses().map((w) => w.name), ['flaky']);
    engine.generateExperiments(low.id, 2);
    engine.deleteWeakness(low.id);
    assert.equal(engine.listWeaknesses().length, 1);
    assert.equal(engine.listExperiments().length, 0, 'its experiments go with it');
  });

  it('refuses bad input', () => {
    const base = { name: 'w', type: 'reliability' as const, severity: 'low' as const, description: '', impact: 0.3, direction: 'higher' as const };
    assert.throws(() => engine.identifyWeakness({ ...base, impact: NaN }), InvalidInputError);
    assert.throws(() => engine.identifyWeakness({ ...base, impact: 1.5 }), InvalidInputError);
    assert.throws(() => engine.identifyWeakness({ ...base, type: 'speed' as never }), InvalidInputError);
    assert.throws(() => engine.identifyWeakness({ ...base, severity: 'huge' as never }), InvalidInputError);
    assert.throws(() => engine.identifyWeakness({ ...base, name: '' }), InvalidInputError);
    assert.throws(() => engine.analyzeWeaknesses(Infinity), InvalidInputError);
  });
});

describe('engine: profile and trend', () => {
  let engine: SelfImprovementEngine;
  let clock: TestClock;
  beforeEach(async () => ({ engine, clock } = await openEngine()));
  afterEach(() => engine.close());

  it('profiles every capability with gap, improvement, severity and trend', () => {
    engine.registerCapability({ name: 'score', type: 't', baseline: 50, target: 100 });
    engine.registerCapability({ name: 'idle', type: 't', baseline: 0, target: 1 });
    for (const v of [60, 65, 70]) { engine.measureCapability('score', v); clock.advanceDays(1); }
    const [idle, score] = engine.profileAllCapabilities();
    assert.equal(idle.gap, null);
    assert.equal(idle.trend, null);
    assert.equal(idle.meetsTarget, false);
    assert.equal(score.gap, 0.3);
    assert.equal(score.severity, 'medium');
    assert.equal(score.improvementFromBaseline, 0.4);
    assert.equal(score.trend?.direction, 'improving');
    assert.ok(Math.abs(score.trend!.slopePerDay - 5) < 1e-9);
    // 70 on day 2, +5/day → 100 on day 8.
    assert.equal(score.trend?.predictedTargetAt, '2026-01-09T00:00:00.000Z');
  });

  it('a worsening trend for direction lower never predicts a crossing', () => {
    engine.registerCapability({ name: 'ms', type: 'efficiency', baseline: 100, target: 50, direction: 'lower' });
    for (const v of [100, 110, 120]) { engine.measureCapability('ms', v); clock.advanceDays(1); }
    const t = engine.getTrend('ms')!;
    assert.equal(t.direction, 'worsening');
    assert.equal(t.predictedTargetAt, null);
    assert.equal(t.points, 3);
  });

  it('profile trends (one batched query) match getTrend for every capability', () => {
    for (const name of ['a', 'b', 'c']) engine.registerCapability({ name, type: 't', baseline: 1, target: 10 });
    for (let day = 0; day < 6; day++) {
      engine.measureCapability('a', 2 + day);
      engine.measureCapability('b', 8 - day * 0.5);
      if (day % 2 === 0) engine.measureCapability('c', 5);
      clock.advanceDays(1);
    }
    for (const profile of engine.profileAllCapabilities()) {
      assert.deepEqual(profile.trend, engine.getTrend(profile.name), profile.name);
    }
    assert.equal(engine.getTrend('a')?.points, 6);
  });

  it('profiles carry the calibrated noise, and warn when the threshold is below what it lets an experiment detect', () => {
    engine.registerCapability({ name: 'ms', type: 'efficiency', baseline: 100, target: 50, direction: 'lower' });
    assert.equal(engine.profileAllCapabilities()[0].noise, null);
    assert.equal(engine.profileAllCapabilities()[0].noiseWarning, null);
    engine.recordNoise('ms', { n: 10, mean: 100, sd: 1, cv: 0.01, aaPValue: 0.8, warning: null, probeSeconds: 0.1 });
    const quiet = engine.profileAllCapabilities()[0];
    assert.equal(quiet.noise?.sd, 1);
    assert.equal(quiet.noiseWarning, null, 'sd 1 on a mean of 100 easily shows a 15 % change');
    engine.recordNoise('ms', { n: 10, mean: 100, sd: 40, cv: 0.4, aaPValue: 0.8, warning: null, probeSeconds: 0.1 });
    assert.match(engine.profileAllCapabilities()[0].noiseWarning ?? '', /below/);
  });
});
