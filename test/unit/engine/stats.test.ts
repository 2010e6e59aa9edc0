import assert from 'node:assert/strict';
import { measureImprovement, confidenceFor } from '../../../src/engine/stats/measureImprovement';
import { welch } from '../../../src/engine/stats/welch';
import { InvalidInputError, UnknownCapabilityError } from '../../../src/engine/errors';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { openEngine } from './helpers';

const close = (a: number, b: number, eps = 1e-9): boolean => Math.abs(a - b) < eps;

describe('measureImprovement (numbers)', () => {
  it('computes absolute, relative and percent change', () => {
    const m = measureImprovement(100, 130, 'score');
    assert.equal(m.absolute, 30);
    assert.ok(close(m.relative!, 0.3));
    assert.ok(close(m.percent!, 30));
    assert.ok(close(m.improvement!, 0.3));
    assert.equal(m.significant, true);
    assert.equal(m.confidence, 'medium');
    assert.equal(m.verdict, 'success');
    assert.equal(m.samples, undefined);
  });

  it('relative change is measured against |before| for negative baselines', () => {
    const m = measureImprovement(-10, -5, 'balance');
    assert.equal(m.relative, 0.5);
    assert.equal(m.verdict, 'success');
  });

  it('a zero baseline gives relative: null with a reason, never NaN or Infinity', () => {
    const m = measureImprovement(0, 5, 'errors');
    assert.equal(m.relative, null);
    assert.equal(m.percent, null);
    assert.equal(m.improvement, null);
    assert.match(m.relativeReason!, /baseline is 0/);
    assert.equal(m.absolute, 5);
    assert.equal(m.significant, false);
    assert.equal(m.verdict, 'inconclusive');
    assert.ok(Object.values(m).every((v) => typeof v !== 'number' || Number.isFinite(v)), 'no NaN or Infinity anywhere');
  });

  it('refuses non-finite inputs and bad options', () => {
    assert.throws(() => measureImprovement(NaN, 1, 'x'), InvalidInputError);
    assert.throws(() => measureImprovement(1, Infinity, 'x'), InvalidInputError);
    assert.throws(() => measureImprovement([1, NaN], [1, 2], 'x'), InvalidInputError);
    assert.throws(() => measureImprovement([], [1, 2], 'x'), InvalidInputError);
    assert.throws(() => measureImprovement(1, 2, ''), InvalidInputError);
    assert.throws(() => measureImprovement(1, 2, 'x', { threshold: NaN }), InvalidInputError);
    assert.throws(() => measureImprovement(1, 2, 'x', { alpha: 1 }), InvalidInputError);
  });

  it('direction lower: a decrease is an improvement, an increase a regression', () => {
    const better = measureImprovement(200, 100, 'latency', { direction: 'lower' });
    assert.equal(better.relative, -0.5);
    assert.equal(better.improvement, 0.5);
    assert.equal(better.verdict, 'success');
    const worse = measureImprovement(100, 130, 'latency', { direction: 'lower' });
    assert.ok(close(worse.improvement!, -0.3));
    assert.equal(worse.verdict, 'regression');
  });

  it('below the threshold is no_improvement and not significant', () => {
    const m = measureImprovement(100, 110, 'score');
    assert.equal(m.significant, false);
    assert.equal(m.verdict, 'no_improvement');
    assert.equal(measureImprovement(100, 110, 'score', { threshold: 0.05 }).verdict, 'success');
    assert.equal(measureImprovement(100, 115, 'score').significant, true, '|relative| ≥ threshold counts');
  });

  it('confidence: high above 50 %, medium above 15 %, low otherwise', () => {
    assert.equal(confidenceFor(0.51), 'high');
    assert.equal(confidenceFor(-0.51), 'high');
    assert.equal(confidenceFor(0.5), 'medium');
    assert.equal(confidenceFor(0.16), 'medium');
    assert.equal(confidenceFor(0.15), 'low');
    assert.equal(confidenceFor(null), 'low');
  });
});

describe('measureImprovement (samples)', () => {
  const before = [100, 102, 98, 101, 99, 100, 103, 97];
  const after = [80, 82, 79, 81, 78, 80, 83, 77];

  it('runs Welch t-test: p-value, CI of the mean difference, verdict', () => {
    const m = measureImprovement(before, after, 'latency', { direction: 'lower' });
    assert.equal(m.before, 100);
    assert.equal(m.after, 80);
    assert.equal(m.samples?.test, 'welch-t');
    assert.equal(m.samples?.nBefore, 8);
    assert.ok(m.samples!.pValue < 1e-6);
    const [lo, hi] = m.samples!.ci;
    assert.ok(lo < -20 && hi > -20 && hi < 0, `CI ${lo}..${hi} contains −20 and excludes 0`);
    assert.equal(m.significant, true);
    assert.equal(m.verdict, 'success');
  });

  it('fewer than 6 samples per arm is inconclusive, never success', () => {
    const m = measureImprovement(before.slice(0, 5), after, 'latency', { direction: 'lower' });
    assert.equal(m.verdict, 'inconclusive');
    assert.equal(m.significant, false);
    assert.match(m.reason, /too few/);
  });

  it('a noisy difference is inconclusive', () => {
    const noisyBefore = [100, 60, 140, 90, 120, 70];
    const noisyAfter = [80, 130, 50, 110, 60, 90];
    const m = measureImprovement(noisyBefore, noisyAfter, 'x', { direction: 'lower' });
    assert.ok(m.samples!.pValue >= 0.05);
    assert.equal(m.verdict, 'inconclusive');
    assert.match(m.reason, /not significant/);
  });

  it('samples on one arm only are inconclusive', () => {
    assert.equal(measureImprovement(100, after, 'x', { direction: 'lower' }).verdict, 'inconclusive');
  });

  it('a significant change below the threshold is no_improvement; a significant worsening is a regression', () => {
    const b = [100, 100.5, 99.5, 100, 100.2, 99.8];
    assert.equal(measureImprovement(b, b.map((x) => x + 5), 'score').verdict, 'no_improvement');
    assert.equal(measureImprovement(b, b.map((x) => x - 30), 'score').verdict, 'regression');
  });

  it('welch handles zero variance in both arms', () => {
    assert.equal(welch([1, 1, 1], [2, 2, 2])!.pValue, 0);
    assert.equal(welch([1, 1, 1], [1, 1, 1])!.pValue, 1);
    assert.equal(welch([1], [1, 2]), null);
  });
});

describe('engine.measureImprovement', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => ({ engine } = await openEngine()));
  afterEach(() => engine.close());

  it('uses the engine threshold and records nothing without a capability', () => {
    engine.improvementThreshold = 0.05;
    assert.equal(engine.measureImprovement(100, 110, 'x').verdict, 'success');
    assert.throws(() => { engine.improvementThreshold = NaN; }, InvalidInputError);
  });

  it('with a capability: takes its direction and records the after value as a measurement', () => {
    engine.registerCapability({ name: 'latency', type: 'efficiency', baseline: 200, target: 100, direction: 'lower' });
    const m = engine.measureImprovement(200, 150, 'p95', { capabilityName: 'latency' });
    assert.equal(m.direction, 'lower');
    assert.equal(m.verdict, 'success');
    const [row] = engine.getMeasurements('latency');
    assert.equal(row.value, 150);
    assert.equal(row.context?.metricName, 'p95');
    assert.equal(engine.getCapability('latency').current, 150);
    assert.throws(() => engine.measureImprovement(1, 2, 'x', { capabilityName: 'nope' }), UnknownCapabilityError);
  });
});
