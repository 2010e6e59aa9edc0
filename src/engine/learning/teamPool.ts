// What the team store adds to this database's learning: bandit outcomes and meta-learnings pulled from the other
// origins (team_outcomes, team_learnings, written by src/team/records.ts when `team sync` pulls). Pooled with the
// local rows so that each outcome and each origin counts once: a pulled outcome is one row per (origin, id), and
// with a decaying bandit it fades on one team timeline with the local ones (teamDecayedArms);
// a learning is replicated as a new record each time it changes, so only an origin's latest version counts;
// where pulled experiments back a learning, it is derived again over everyone's experiments (teamExperiments.ts).
// This database's own rows are never read back from the team tables (they are already counted locally), even
// if the server hands them back under our origin id.
import type { Database } from '../storage/database';
import type { MetaLearning, MetaLearningType } from '../types';
import { confidenceFromCount } from './learningRules';
import { deriveTeamLearnings, learningKey, type TeamDerivedLearning } from './teamExperiments';

/** engine_metadata key of this database's origin in the team store (src/team/origin.ts writes it). */
export const TEAM_ORIGIN_KEY = 'team.origin';

/** This database's origin id in the team store, or null before its first sync. */
export function ownOriginId(db: Database): string | null {
  const row = db.get<{ value: string }>('SELECT value FROM engine_metadata WHERE key = ?', [TEAM_ORIGIN_KEY]);
  if (!row) return null;
  try { return (JSON.parse(row.value) as { originId?: string }).originId ?? null; } catch { return null; }
}

/** Successes and trials per action, from the other origins' outcomes. */
export function teamOutcomeCounts(db: Database, actionType: string): { actionName: string; successes: number; trials: number }[] {
  return db.all<{ action_name: string; s: number; n: number }>(
    `SELECT action_name, SUM(success) AS s, COUNT(*) AS n FROM team_outcomes
     WHERE action_type = ? AND origin_id IS NOT ? GROUP BY action_name ORDER BY action_name`, [actionType, ownOriginId(db)])
    .map((r) => ({ actionName: r.action_name, successes: r.s, trials: r.n }));
}

export interface DecayedArm { alpha: number; beta: number; trials: number }

/**
 * The team's decayed posterior of one action type, when the bandit decays (γ < 1) and other origins' outcomes
 * were pulled; null when there are none (the local arms alone are then exact). One timeline for the whole team:
 * this database's outcomes (rl_outcomes) and every other origin's (team_outcomes) ordered by recorded_at — the
 * only order that exists across machines (a skewed clock moves that machine's outcomes in it, no more) — ties
 * broken by origin (ours first) and the origin's own id. An outcome followed by k later outcomes of the action
 * type weighs γ^k, which is exactly what the local arms hold when nothing was pulled (each new outcome pulls
 * every arm of its type toward Beta(1,1) by γ). So an old team success fades as much as an old local one, and
 * local evidence fades under newer team outcomes too. Each pulled outcome counts once (key origin + id) and our
 * own rows handed back under our origin id are not read.
 */
export function teamDecayedArms(db: Database, actionType: string, decay: number): Map<string, DecayedArm> | null {
  const own = ownOriginId(db);
  const pulled = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM team_outcomes WHERE action_type = ? AND origin_id IS NOT ?', [actionType, own])!.n;
  if (pulled === 0) return null;
  const timeline = db.all<{ action_name: string; success: number }>(
    `SELECT action_name, success, recorded_at, 0 AS side, '' AS origin_id, id AS local_id FROM rl_outcomes WHERE action_type = ?
     UNION ALL
     SELECT action_name, success, recorded_at, 1 AS side, origin_id, local_id FROM team_outcomes WHERE action_type = ? AND origin_id IS NOT ?
     ORDER BY recorded_at DESC, side DESC, origin_id DESC, local_id DESC`, [actionType, actionType, own]);
  const arms = new Map<string, DecayedArm>();
  let weight = 1;
  for (const o of timeline) { // newest first: each step back in time is one more later outcome
    const arm = arms.get(o.action_name) ?? { alpha: 1, beta: 1, trials: 0 };
    if (o.success === 1) arm.alpha += weight; else arm.beta += weight;
    arm.trials++;
    arms.set(o.action_name, arm);
    weight *= decay;
  }
  return arms;
}

interface TeamLearningRow {
  origin_id: string; type: MetaLearningType; pattern: string; insight: string; confidence: number; experiments: string; validation_count: number; updated_at: string;
}

/** Each other origin's latest version of each learning. */
function latestTeamLearnings(db: Database): TeamLearningRow[] {
  return db.all<TeamLearningRow>(
    `SELECT t.* FROM team_learnings t
     WHERE t.origin_id IS NOT ? AND t.updated_at = (SELECT MAX(u.updated_at) FROM team_learnings u WHERE u.origin_id = t.origin_id AND u.type = t.type AND u.pattern = t.pattern)
     ORDER BY t.type, t.pattern, t.origin_id`, [ownOriginId(db)]);
}

const countOf = (json: string): number => {
  try { const v = JSON.parse(json) as unknown; return Array.isArray(v) ? v.length : 0; } catch { return 0; }
};

/** FNV-1a of the text: 32 bits, the same on every machine and in every release. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

/**
 * The id of a learning only the team has: negative (local ids are positive), derived from its (type, pattern)
 * alone, so it is the same at every read, on every machine, however the list around it changes. Two keys that
 * hash alike (rare: 31 bits) are told apart by stepping down from it in (type, pattern) order.
 */
export function teamLearningId(type: string, pattern: string, taken: Set<number> = new Set()): number {
  let id = -1 - (fnv1a(learningKey(type, pattern)) & 0x7fffffff);
  while (taken.has(id)) id = id === -0x80000000 ? -1 : id - 1;
  taken.add(id);
  return id;
}

/**
 * Local learnings with the team's pooled in, plus the learnings only the team has.
 * - Where pulled experiments take part (teamExperiments.ts), the learning is derived again over this database's
 *   and the team's experiments together: its insight and confidence speak for all of them, each counted once.
 * - Otherwise a pooled learning keeps the local insight (a team-only one: the latest origin's) and takes its
 *   confidence from the experiments behind it everywhere (n / (n + 2), as for a local one).
 * Validations add up over origins; confidence is never below this database's or any origin's own. A team-only
 * learning gets a stable negative id (teamLearningId).
 */
export function poolLearnings(db: Database, local: readonly MetaLearning[]): MetaLearning[] {
  const own = ownOriginId(db);
  const byKey = new Map<string, TeamLearningRow[]>();
  for (const row of latestTeamLearnings(db)) {
    const k = learningKey(row.type, row.pattern);
    byKey.set(k, [...(byKey.get(k) ?? []), row]);
  }
  const derived = deriveTeamLearnings(db, own);
  const pooled = (base: MetaLearning, rows: readonly TeamLearningRow[], d: TeamDerivedLearning | undefined): MetaLearning => {
    const origins = new Set([...rows.map((r) => r.origin_id), ...(d?.origins ?? [])]);
    const teamExperiments = d ? d.teamExperiments : rows.reduce((a, r) => a + countOf(r.experiments), 0);
    const experiments = d ? d.count : base.experiments.length + teamExperiments;
    const confidence = Math.max(base.confidence, ...rows.map((r) => r.confidence), experiments > 0 ? confidenceFromCount(experiments) : 0);
    const team = { origins: origins.size, validationCount: rows.reduce((a, r) => a + r.validation_count, 0), experiments: teamExperiments };
    return { ...base, insight: d?.insight ?? base.insight, confidence, validationCount: base.validationCount + team.validationCount, team };
  };
  const keys = new Set([...byKey.keys(), ...derived.keys()]);
  const out = local.map((m) => {
    const k = learningKey(m.type, m.pattern);
    if (!keys.delete(k)) return m;
    return pooled(m, byKey.get(k) ?? [], derived.get(k));
  });
  const taken = new Set<number>();
  for (const k of [...keys].sort()) {
    const rows = byKey.get(k) ?? [];
    const d = derived.get(k);
    const latest = rows.length ? rows.reduce((a, r) => (r.updated_at > a.updated_at ? r : a)) : null;
    const times = [...rows.map((r) => r.updated_at), ...(d ? [d.firstAt, d.lastAt] : [])].sort();
    const type = (d?.type ?? latest!.type);
    const pattern = d?.pattern ?? latest!.pattern;
    const base: MetaLearning = {
      id: teamLearningId(type, pattern, taken), type, pattern, insight: latest?.insight ?? d!.insight, confidence: 0, experiments: [], validationCount: 0,
      automatic: true, createdAt: times[0], updatedAt: times[times.length - 1],
    };
    out.push(pooled(base, rows, d));
  }
  return out;
}
