import assert from 'node:assert/strict';
import { computeTrend } from '../../../src/engine/learning/trend';
import { trendSummary } from '../../../src/engine/dashboard/trend';
import { DAY_MS, MIN_TREND_SPAN_DAYS, timeSpan } from '../../../src/engine/stats/trendSpan';

const at = (ms: number): string => new Date(Date.parse('2026-01-01T00:00:00Z') + ms).toISOString();

describe('trend only over a real span of time', () => {
  it('samples seconds apart give no trend (not "140000 ms per day"); a day or more does', () => {
    const seconds = [140, 141, 139, 142, 140, 143].map((value, i) => ({ at: at(i * 1500), value }));
    assert.equal(computeTrend(seconds, { target: 100, direction: 'lower' }), null);
    const justUnder = [{ at: at(0), value: 140 }, { at: at(DAY_MS), value: 135 }, { at: at(MIN_TREND_SPAN_DAYS * DAY_MS - 1), value: 130 }];
    assert.equal(computeTrend(justUnder, { target: 100, direction: 'lower' }), null);
    const days = [140, 130, 120].map((value, i) => ({ at: at(i * 86_400_000), value }));
    const t = computeTrend(days, { target: 100, direction: 'lower' })!;
    assert.ok(Math.abs(t.slopePerDay + 10) < 1e-9);
    assert.equal(t.direction, 'improving');
  });

  it('one rule for both trends: the engine\'s and the dashboard\'s agree on when a slope per day exists', () => {
    const goal = { target: 100, direction: 'lower' as const };
    const cases = {
      // a day and a half on two dates: the engine used to give a slope per day here, the dashboard did not
      twoDates: [{ at: at(0), value: 140 }, { at: at(DAY_MS / 2), value: 135 }, { at: at(1.5 * DAY_MS), value: 130 }],
      threeDays: [140, 130, 120].map((value, i) => ({ at: at(i * DAY_MS), value })),
    };
    for (const [name, pts] of Object.entries(cases)) {
      const perDay = timeSpan(pts.map((p) => Date.parse(p.at))).perDay;
      assert.equal(computeTrend(pts, goal) !== null, perDay, `${name}: the engine's trend`);
      assert.equal(trendSummary(pts, { direction: 'lower', unit: 'ms' })!.per, perDay ? 'day' : 'run', `${name}: the dashboard's trend`);
    }
    assert.equal(timeSpan(cases.threeDays.map((p) => Date.parse(p.at))).perDay, true);
    assert.equal(timeSpan(cases.twoDates.map((p) => Date.parse(p.at))).perDay, false);
  });
});
