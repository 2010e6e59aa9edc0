import assert from 'node:assert/strict';
import { computeTrend, MIN_TREND_SPAN_MS } from '../../../src/engine/learning/trend';

const at = (ms: number): string => new Date(Date.parse('2026-01-01T00:00:00Z') + ms).toISOString();

describe('trend only over a real span of time', () => {
  it('samples seconds apart give no trend (not "140000 ms per day"); a day or more does', () => {
    const seconds = [140, 141, 139, 142, 140, 143].map((value, i) => ({ at: at(i * 1500), value }));
    assert.equal(computeTrend(seconds, { target: 100, direction: 'lower' }), null);
    const justUnder = [{ at: at(0), value: 140 }, { at: at(MIN_TREND_SPAN_MS - 1), value: 130 }];
    assert.equal(computeTrend(justUnder, { target: 100, direction: 'lower' }), null);
    const days = [140, 130, 120].map((value, i) => ({ at: at(i * 86_400_000), value }));
    const t = computeTrend(days, { target: 100, direction: 'lower' })!;
    assert.ok(Math.abs(t.slopePerDay + 10) < 1e-9);
    assert.equal(t.direction, 'improving');
  });
});
