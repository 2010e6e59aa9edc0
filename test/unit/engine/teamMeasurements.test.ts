import assert from 'node:assert/strict';
import { storePulled, type MeasurementRecord } from '../../../src/team/records';
import { capabilityDashboard, teamLatestText } from '../../../src/engine/dashboard';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import { openEngine } from './helpers';

/** Rows pulled from another origin, stored the way the team sync stores them (src/team/records.ts, sync.ts). */
function pull(engine: SelfImprovementEngine, origin: { id: string; machine: string; user: string; label: string | null },
  rows: { cap: string; value: number; at: string; branch: string | null; id: number }[]): void {
  const db = engine.storage;
  db.run('INSERT OR REPLACE INTO team_origins (origin_id, machine, user_name, label, seen_at) VALUES (?, ?, ?, ?, ?)',
    [origin.id, origin.machine, origin.user, origin.label, '2026-01-05T00:00:00.000Z']);
  const records: MeasurementRecord[] = rows.map((r) => ({
    localId: r.id, capabilityName: r.cap, value: r.value, context: r.branch ? { branch: r.branch, commit: `c${r.id}` } : null, experimentId: null,
    recordedAt: r.at, machine: origin.machine, userName: origin.user, commitSha: r.branch ? `c${r.id}` : null, branch: r.branch,
  }));
  storePulled(db, 'measurements', origin.id, records);
}

const ci = { id: 'origin-ci', machine: 'runner-7', user: 'ci', label: 'CI' };
const ana = { id: 'origin-ana', machine: 'laptop', user: 'ana', label: null };

describe('team measurements: the pulled rows by capability and origin', () => {
  it('one series per origin and branch, oldest first, named by label (or user@machine) and branch', async () => {
    const { engine } = await openEngine();
    try {
      pull(engine, ci, [
        { cap: 'startup-ms', value: 44, at: '2026-01-01T10:00:00.000Z', branch: 'main', id: 1 },
        { cap: 'startup-ms', value: 41.2, at: '2026-01-02T10:00:00.000Z', branch: 'main', id: 2 },
        { cap: 'startup-ms', value: 39, at: '2026-01-02T11:00:00.000Z', branch: 'fast-start', id: 3 },
        { cap: 'bundle-kb', value: 900, at: '2026-01-02T10:00:00.000Z', branch: 'main', id: 4 },
      ]);
      pull(engine, ana, [{ cap: 'startup-ms', value: 50, at: '2026-01-03T09:00:00.000Z', branch: null, id: 1 }]);
      // a second sync offers the same rows again: nothing is doubled
      pull(engine, ana, [{ cap: 'startup-ms', value: 50, at: '2026-01-03T09:00:00.000Z', branch: null, id: 1 }]);

      const series = engine.getTeamMeasurements('startup-ms');
      assert.deepEqual(series.map((s) => [s.origin.name, s.origin.key, s.points.map((p) => p.value)]), [
        ['ana@laptop', 'origin-ana@', [50]],
        ['CI on fast-start', 'origin-ci@fast-start', [39]],
        ['CI on main', 'origin-ci@main', [44, 41.2]],
      ]);
      assert.equal(series[2]!.points[1]!.commitSha, 'c2');
      assert.deepEqual(engine.getTeamMeasurements('startup-ms', { origins: ['origin-ci@main'] }).map((s) => s.origin.name), ['CI on main']);
      assert.deepEqual(engine.getTeamMeasurements('startup-ms', { limit: 1 }).find((s) => s.origin.key === 'origin-ci@main')!.points.map((p) => p.value), [41.2], 'the newest');
      assert.deepEqual(engine.getTeamMeasurements('nothing'), []);

      const latest = engine.getTeamLatest();
      assert.deepEqual(latest.map((l) => [l.capabilityName, l.origin.name, l.value]), [
        ['bundle-kb', 'CI on main', 900],
        ['startup-ms', 'ana@laptop', 50],
        ['startup-ms', 'CI on fast-start', 39],
        ['startup-ms', 'CI on main', 41.2],
      ]);
      assert.deepEqual(engine.getTeamLatest({ origins: ['origin-ana@'] }).map((l) => l.capabilityName), ['startup-ms']);
      const ciMain = latest.find((l) => l.origin.key === 'origin-ci@main' && l.capabilityName === 'startup-ms')!;
      assert.equal(teamLatestText(ciMain, 'ms', new Date('2026-01-02T12:30:00.000Z')), 'CI on main: 41.2 ms (2 h ago)');

      assert.deepEqual(engine.listTeamOrigins().map((o) => [o.name, o.measurements]), [['ana@laptop', 1], ['CI on fast-start', 1], ['CI on main', 3]]);
    } finally {
      await engine.close();
    }
  });

  it('the dashboard draws them beside the local series, never mixed into it', async () => {
    const { engine } = await openEngine();
    try {
      engine.registerCapability({ name: 'startup-ms', type: 'performance', baseline: 120, target: 80, unit: 'ms', direction: 'lower' });
      engine.measureCapability('startup-ms', 100);
      pull(engine, ci, [{ cap: 'startup-ms', value: 41.2, at: '2026-01-02T10:00:00.000Z', branch: 'main', id: 2 }]);
      const s = capabilityDashboard(engine, 'startup-ms');
      assert.deepEqual(s.points.map((p) => p.value), [100]);
      assert.deepEqual(s.team.map((t) => [t.name, t.points.length, t.latest.value]), [['CI on main', 1, 41.2]]);
      assert.equal(s.current, 100, 'the local current value stays the local one');
    } finally {
      await engine.close();
    }
  });
});
