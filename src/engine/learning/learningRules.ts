// The rules that turn finished experiments into meta-learnings, as pure functions of the experiments: one place
// for this database's own derivation (metaLearningStore.deriveFrom, when an experiment finishes) and for the
// team's (teamLearnings.ts, over this database's and the pulled experiments together).
import type { MetaLearningType } from '../types';

/** What a rule reads of a finished (completed or failed) experiment, local or pulled. */
export interface FinishedExperiment {
  approach: string; status: string; verdict: string | null; actualImprovement: number | null; error: string | null; reason: string | null;
}

export interface DerivedLearning {
  type: MetaLearningType; pattern: string; insight: string; confidence: number;
  /** How many experiments back it (what confidence grows with). */
  count: number;
}

/** Confidence grows with the number of outcomes behind a learning: n / (n + 2) (1 → 0.33, 4 → 0.67, 8 → 0.8). */
export function confidenceFromCount(n: number): number {
  return Math.round((n / (n + 2)) * 1000) / 1000;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export const isFinished = (e: { status: string }): boolean => e.status === 'completed' || e.status === 'failed';
export const isFailure = (e: { status: string; verdict: string | null }): boolean => e.status === 'failed' || e.verdict === 'regression';

/** experiment_effectiveness "approach:<a>": success rate and mean improvement over the approach's finished experiments. */
export function effectiveness(approach: string, sameApproach: readonly FinishedExperiment[]): DerivedLearning {
  const finished = sameApproach.filter(isFinished);
  const succeeded = finished.filter((e) => e.verdict === 'success').length;
  const improvements = finished.map((e) => e.actualImprovement).filter((x): x is number => x !== null);
  const meanImprovement = improvements.length ? improvements.reduce((a, b) => a + b, 0) / improvements.length : null;
  return {
    type: 'experiment_effectiveness', pattern: `approach:${approach}`,
    insight: `${approach} succeeded in ${succeeded} of ${finished.length} experiment(s)` + (meanImprovement === null ? '.' : `; mean improvement ${pct(meanImprovement)}.`),
    confidence: confidenceFromCount(finished.length), count: finished.length,
  };
}

/** approach_preference "weakness_type:<t>": the approach with the best success rate for that type; null with none finished. */
export function preference(weaknessType: string, sameType: readonly FinishedExperiment[]): (DerivedLearning & { best: string }) | null {
  const byApproach = new Map<string, { n: number; s: number }>();
  for (const e of sameType.filter(isFinished)) {
    const a = byApproach.get(e.approach) ?? { n: 0, s: 0 };
    a.n++; if (e.verdict === 'success') a.s++;
    byApproach.set(e.approach, a);
  }
  const ranked = [...byApproach.entries()].sort((a, b) => b[1].s / b[1].n - a[1].s / a[1].n || b[1].n - a[1].n);
  if (!ranked.length) return null;
  const [best, stats] = ranked[0];
  return {
    type: 'approach_preference', pattern: `weakness_type:${weaknessType}`, best,
    insight: `For ${weaknessType} weaknesses, ${best} works best so far (${stats.s} of ${stats.n} succeeded).`,
    confidence: confidenceFromCount(stats.n), count: stats.n,
  };
}

/** failure_modes "approach:<a>": how often the approach failed and why the latest failure did; null without failures. */
export function failureMode(approach: string, sameApproach: readonly FinishedExperiment[], latest: FinishedExperiment): DerivedLearning | null {
  const failures = sameApproach.filter(isFailure);
  if (!failures.length || !isFailure(latest)) return null;
  const why = latest.status === 'failed' ? `the test function threw: ${latest.error}` : `it made the metric worse (${latest.reason})`;
  return {
    type: 'failure_modes', pattern: `approach:${approach}`,
    insight: `${approach} failed ${failures.length} time(s); latest because ${why}`,
    confidence: confidenceFromCount(failures.length), count: failures.length,
  };
}
