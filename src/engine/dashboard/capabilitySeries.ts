// A capability's history for the chart: raw measurements, daily roll-ups where retention retired raw
// rows, markers where experiments ran and changes were approved, applied or rolled back, the A/A noise
// band, and the trend. Pure: the gatherer in index.ts reads the engine and passes plain rows in.
import type { Capability, CapabilityNoise, CodeImprovement, Experiment, Measurement } from '../types';
import type { DayStats } from '../storage/series-stats';
import type { TeamSeries } from '../capabilities/teamMeasurements';
import { trendSummary } from './trend';
import type { CapabilitySeries, RollupDay, SeriesMarker } from './types';

export interface CapabilitySeriesInput {
  capability: Capability;
  /** Raw rows (any order). */
  measurements: readonly Measurement[];
  /** Per-day statistics over raw rows and roll-ups together (engine.getDailyStats). */
  daily: readonly DayStats[];
  /** Experiments on this capability. */
  experiments: readonly Experiment[];
  /** Improvements that came from those experiments. */
  improvements: readonly CodeImprovement[];
  noise: CapabilityNoise | null;
  /** The team's values pulled from the team store, one series per origin (engine.getTeamMeasurements). */
  team?: readonly TeamSeries[];
}

const NOISE_SDS = 2;

export function capabilitySeries(input: CapabilitySeriesInput): CapabilitySeries {
  const c = input.capability;
  const points = [...input.measurements]
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id - b.id)
    .map((m) => ({ at: m.recordedAt, value: m.value, experimentId: m.experimentId }));
  const rawPerDay = new Map<string, number>();
  for (const p of points) rawPerDay.set(p.at.slice(0, 10), (rawPerDay.get(p.at.slice(0, 10)) ?? 0) + 1);
  // A day counts as rolled up when it holds more values than its raw rows: some were retired.
  const rollups: RollupDay[] = input.daily
    .filter((d) => d.count > (rawPerDay.get(d.day) ?? 0))
    .map((d) => ({ at: `${d.day}T12:00:00.000Z`, day: d.day, count: d.count, mean: d.mean, min: d.min, max: d.max, rawCount: rawPerDay.get(d.day) ?? 0 }));

  const markers: SeriesMarker[] = [];
  const byId = new Map(input.experiments.map((e) => [e.id, e]));
  for (const e of input.experiments) {
    const at = e.startedAt ?? e.completedAt;
    if (!at) continue; // planned, never run: nothing happened on the time axis
    const verdict = e.verdict ? `: ${e.verdict.replace(/_/g, ' ')}` : e.status === 'running' ? ': running' : e.status === 'failed' ? ': failed' : '';
    markers.push({ at, kind: 'experiment', label: `Experiment #${e.id} ${e.name}${verdict}`, experimentId: e.id, improvementId: null });
  }
  for (const i of input.improvements) {
    const from = i.experimentId !== null && byId.has(i.experimentId) ? ` (experiment #${i.experimentId})` : '';
    if (i.approvedAt) markers.push({ at: i.approvedAt, kind: 'approved', label: `Approved #${i.id} ${i.name}${i.approvedBy ? ` by ${i.approvedBy}` : ''}${from}`, experimentId: i.experimentId, improvementId: i.id });
    else if (i.appliedAt) markers.push({ at: i.appliedAt, kind: 'applied', label: `Applied #${i.id} ${i.name}${from}`, experimentId: i.experimentId, improvementId: i.id });
    if (i.rolledBackAt) markers.push({ at: i.rolledBackAt, kind: 'rolled_back', label: `Rolled back #${i.id} ${i.name}${from}`, experimentId: i.experimentId, improvementId: i.id });
  }
  markers.sort((a, b) => a.at.localeCompare(b.at));

  const n = input.noise;
  const noiseBand = n && Number.isFinite(n.sd) && n.sd > 0
    ? { center: n.mean, low: n.mean - NOISE_SDS * n.sd, high: n.mean + NOISE_SDS * n.sd, sd: n.sd, measuredAt: n.measuredAt }
    : null;
  // The trend over what the chart shows: raw points, and a roll-up's mean for each day without raw rows.
  const trendPoints = [...points.map((p) => ({ at: p.at, value: p.value })),
    ...rollups.filter((r) => r.rawCount === 0).map((r) => ({ at: r.at, value: r.mean }))].sort((a, b) => a.at.localeCompare(b.at));
  return {
    name: c.name, unit: c.unit, direction: c.direction, description: c.description, baseline: c.baseline, target: c.target, current: c.current,
    points, rollups, markers, noiseBand, trend: trendSummary(trendPoints, c),
    // Beside the local series, never merged into it: another machine's values are not this one's history.
    team: (input.team ?? []).filter((t) => t.points.length > 0).map((t) => ({
      key: t.origin.key, name: t.origin.name, points: t.points.map((p) => ({ at: p.at, value: p.value, commitSha: p.commitSha })),
      latest: { at: t.points[t.points.length - 1]!.at, value: t.points[t.points.length - 1]!.value },
    })),
    totalCount: input.daily.reduce((s, d) => s + d.count, 0) || points.length,
  };
}
