// The team's meta-learnings derived again from experiments: this database's finished experiments and the ones
// pulled from the other origins (team_experiments), through the same rules as a local learning (learningRules.ts),
// so a learning reflects everyone's experiments, and one that only the team's experiments support exists here too.
// Each experiment counts once: a pulled one by (origin, its id), its latest record only (a re-run is a new record);
// this database's own experiments are read from improvement_experiments, never back from the team tables.
// Only done at read time: the stored (and pushed) learnings stay this database's own derivation, so another origin
// that pools them never counts anyone's experiment twice.
import type { Database } from '../storage/database';
import type { MetaLearningType } from '../types';
import { effectiveness, failureMode, isFailure, isFinished, preference, type DerivedLearning, type FinishedExperiment } from './learningRules';

interface Experiment extends FinishedExperiment {
  /** null for this database's own. */
  originId: string | null;
  weaknessType: string | null;
  finishedAt: string;
}

export interface TeamDerivedLearning extends DerivedLearning {
  /** The other origins whose experiments back it, and how many of their experiments. */
  origins: string[];
  teamExperiments: number;
  firstAt: string;
  lastAt: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function localExperiments(db: Database): Experiment[] {
  return db.all<{ approach: string; status: string; verdict: string | null; actual_improvement: number | null; error: string | null; reason: string | null; completed_at: string | null; created_at: string; weakness_type: string | null }>(
    `SELECT e.approach, e.status, e.verdict, e.actual_improvement, e.error, e.reason, e.completed_at, e.created_at, w.type AS weakness_type
     FROM improvement_experiments e LEFT JOIN identified_weaknesses w ON w.id = e.weakness_id WHERE e.status IN ('completed','failed') ORDER BY e.id`)
    .map((r) => ({
      originId: null, approach: r.approach, status: r.status, verdict: r.verdict, actualImprovement: r.actual_improvement, error: r.error,
      reason: r.reason, weaknessType: r.weakness_type, finishedAt: r.completed_at ?? r.created_at,
    }));
}

/** Each other origin's experiments, the latest record of each; records that do not read as an experiment are skipped. */
function pulledExperiments(db: Database, ownOrigin: string | null): Experiment[] {
  const rows = db.all<{ origin_id: string; finished_at: string; status: string; verdict: string | null; record: string }>(
    `SELECT t.origin_id, t.finished_at, t.status, t.verdict, t.record FROM team_experiments t
     WHERE t.origin_id IS NOT ? AND t.finished_at = (SELECT MAX(u.finished_at) FROM team_experiments u WHERE u.origin_id = t.origin_id AND u.local_id = t.local_id)
     ORDER BY t.origin_id, t.local_id`, [ownOrigin]);
  const out: Experiment[] = [];
  for (const r of rows) {
    let rec: Record<string, unknown>;
    try { rec = JSON.parse(r.record) as Record<string, unknown>; } catch { continue; }
    const approach = str(rec?.approach);
    if (!approach || !isFinished(r)) continue;
    out.push({
      originId: r.origin_id, approach, status: r.status, verdict: r.verdict, actualImprovement: num(rec.actualImprovement),
      error: str(rec.error), reason: str(rec.reason), weaknessType: str(rec.weaknessType), finishedAt: r.finished_at,
    });
  }
  return out;
}

export const learningKey = (type: MetaLearningType | string, pattern: string): string => `${type}\u0000${pattern}`;

/**
 * Learnings derived over this database's and the team's experiments together, by (type, pattern): only those the
 * pulled experiments take part in (the others are the local derivation as it stands). Empty without pulled experiments.
 */
export function deriveTeamLearnings(db: Database, ownOrigin: string | null): Map<string, TeamDerivedLearning> {
  const team = pulledExperiments(db, ownOrigin);
  const out = new Map<string, TeamDerivedLearning>();
  if (!team.length) return out;
  const all = [...localExperiments(db), ...team];
  const add = (d: DerivedLearning | null, backing: readonly Experiment[]) => {
    if (!d) return;
    const pulled = backing.filter((e) => e.originId !== null);
    if (!pulled.length) return;
    const times = backing.map((e) => e.finishedAt).sort();
    out.set(learningKey(d.type, d.pattern), {
      ...d, origins: [...new Set(pulled.map((e) => e.originId!))].sort(), teamExperiments: pulled.length, firstAt: times[0], lastAt: times[times.length - 1],
    });
  };
  for (const approach of [...new Set(team.map((e) => e.approach))].sort()) {
    const same = all.filter((e) => e.approach === approach);
    add(effectiveness(approach, same), same);
    const failures = same.filter(isFailure).sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
    if (failures.length) add(failureMode(approach, same, failures[failures.length - 1]), failures);
  }
  for (const type of [...new Set(team.map((e) => e.weaknessType).filter((t): t is string => t !== null))].sort()) {
    const same = all.filter((e) => e.weaknessType === type);
    add(preference(type, same), same);
  }
  return out;
}
