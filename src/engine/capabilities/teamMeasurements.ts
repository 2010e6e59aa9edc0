// The team's measurements as this database pulled them (team_measurements / team_origins, written by
// src/team/records.ts): per capability, one series per origin — a machine and user, on a branch, with the
// origin's label (e.g. "CI") — so views show CI on main beside this machine's own values. Read only.
import type { StoreContext } from '../context';

/** Where team values come from: one origin (a database somewhere) on one branch. */
export interface TeamOrigin {
  /** Stable key for filters: `${originId}@${branch}` (branch empty when the origin records none). */
  key: string;
  originId: string;
  machine: string;
  userName: string;
  branch: string | null;
  label: string | null;
  /** For people: "CI on main", "ana@laptop on feature-x". */
  name: string;
}

export interface TeamPoint { at: string; value: number; commitSha: string | null; experimentId: number | null }

export interface TeamSeries { origin: TeamOrigin; points: TeamPoint[] }

/** The newest team value of a capability from one origin. */
export interface TeamLatest { capabilityName: string; origin: TeamOrigin; at: string; value: number }

interface Row {
  origin_id: string; capability_name: string; value: number; experiment_id: number | null; recorded_at: string;
  machine: string; user_name: string; commit_sha: string | null; branch: string | null; label: string | null;
}

export const originKey = (originId: string, branch: string | null): string => `${originId}@${branch ?? ''}`;

export function originOf(r: { originId: string; machine: string; userName: string; branch: string | null; label: string | null }): TeamOrigin {
  const who = r.label?.trim() || `${r.userName}@${r.machine}`;
  return { key: originKey(r.originId, r.branch), originId: r.originId, machine: r.machine, userName: r.userName, branch: r.branch, label: r.label,
    name: r.branch ? `${who} on ${r.branch}` : who };
}

const originOfRow = (r: Row): TeamOrigin =>
  originOf({ originId: r.origin_id, machine: r.machine, userName: r.user_name, branch: r.branch, label: r.label });

// The label lives on team_origins (the origin's own name for itself); machine and user on every row.
const SELECT = `SELECT m.origin_id, m.capability_name, m.value, m.experiment_id, m.recorded_at, m.machine, m.user_name, m.commit_sha, m.branch, o.label
  FROM team_measurements m LEFT JOIN team_origins o ON o.origin_id = m.origin_id`;

export class TeamMeasurementStore {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * A capability's team values, one series per origin (oldest point first), at most `limit` newest per
   * origin; only the origins in `origins` (keys) when given.
   */
  series(capabilityName: string, options: { limit?: number; origins?: readonly string[] } = {}): TeamSeries[] {
    const limit = options.limit ?? 500;
    const rows = this.ctx.db.all<Row>(`${SELECT} WHERE m.capability_name = ? ORDER BY m.recorded_at DESC, m.origin_id, m.local_id DESC`, [capabilityName]);
    const wanted = options.origins ? new Set(options.origins) : null;
    const byKey = new Map<string, TeamSeries>();
    for (const r of rows) {
      const origin = originOfRow(r);
      if (wanted && !wanted.has(origin.key)) continue;
      let s = byKey.get(origin.key);
      if (!s) byKey.set(origin.key, (s = { origin, points: [] }));
      if (s.points.length < limit) s.points.push({ at: r.recorded_at, value: r.value, commitSha: r.commit_sha, experimentId: r.experiment_id });
    }
    return [...byKey.values()].map((s) => ({ ...s, points: s.points.reverse() })).sort((a, b) => a.origin.name.localeCompare(b.origin.name));
  }

  /** Every capability's newest value per origin, newest first within a capability. */
  latest(options: { origins?: readonly string[] } = {}): TeamLatest[] {
    // The newest row of each (capability, origin, branch): recorded_at is ISO, so MAX compares as time.
    const rows = this.ctx.db.all<Row>(`${SELECT}
      JOIN (SELECT origin_id, capability_name, IFNULL(branch, '') AS b, MAX(recorded_at) AS newest FROM team_measurements GROUP BY origin_id, capability_name, IFNULL(branch, '')) n
        ON n.origin_id = m.origin_id AND n.capability_name = m.capability_name AND n.b = IFNULL(m.branch, '') AND n.newest = m.recorded_at
      ORDER BY m.capability_name, m.recorded_at DESC, m.local_id DESC`);
    const wanted = options.origins ? new Set(options.origins) : null;
    const seen = new Set<string>();
    const out: TeamLatest[] = [];
    for (const r of rows) {
      const origin = originOfRow(r);
      const id = `${r.capability_name}\n${origin.key}`;
      if (seen.has(id) || (wanted && !wanted.has(origin.key))) continue; // two rows at the same instant: the later id
      seen.add(id);
      out.push({ capabilityName: r.capability_name, origin, at: r.recorded_at, value: r.value });
    }
    return out;
  }

  /** Every origin (and branch) with team measurements, by name: what a filter offers. */
  origins(): (TeamOrigin & { measurements: number })[] {
    return this.ctx.db.all<Row & { count: number }>(`SELECT m.origin_id, m.machine, m.user_name, m.branch, o.label, COUNT(*) AS count, '' AS capability_name, 0 AS value, NULL AS experiment_id, '' AS recorded_at, NULL AS commit_sha
      FROM team_measurements m LEFT JOIN team_origins o ON o.origin_id = m.origin_id GROUP BY m.origin_id, m.branch`)
      .map((r) => ({ ...originOfRow(r), measurements: r.count }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
