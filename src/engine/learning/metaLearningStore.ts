// meta_learnings: recorded by hand, or derived from finished experiments.
import type { Experiment, MetaLearning, MetaLearningInput, MetaLearningType, Weakness } from '../types';
import { InvalidInputError } from '../errors';
import { assertNonEmpty, assertOneOf, assertUnit } from '../validate';
import { fromJson } from '../json';
import { nowIso, type StoreContext } from '../context';

export const META_TYPES: readonly MetaLearningType[] = ['experiment_effectiveness', 'approach_preference', 'improvement_patterns', 'failure_modes'];

interface MetaRow {
  id: number; type: MetaLearningType; pattern: string; insight: string; confidence: number; experiments: string;
  validation_count: number; automatic: number; created_at: string; updated_at: string;
}

function toMeta(r: MetaRow): MetaLearning {
  return {
    id: r.id, type: r.type, pattern: r.pattern, insight: r.insight, confidence: r.confidence, experiments: fromJson<number[]>(r.experiments, []),
    validationCount: r.validation_count, automatic: r.automatic === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Confidence grows with the number of outcomes behind a learning: n / (n + 2) (1 → 0.33, 4 → 0.67, 8 → 0.8). */
export function confidenceFromCount(n: number): number {
  return Math.round((n / (n + 2)) * 1000) / 1000;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export class MetaLearningStore {
  constructor(private readonly ctx: StoreContext) {}

  find(type: MetaLearningType, pattern: string): MetaLearning | null {
    const row = this.ctx.db.get<MetaRow>('SELECT * FROM meta_learnings WHERE type = ? AND pattern = ?', [type, pattern]);
    return row ? toMeta(row) : null;
  }

  /** Records a learning; recording the same (type, pattern) again validates and updates it. */
  record(input: MetaLearningInput, automatic = false, validated = true): MetaLearning {
    assertOneOf(input?.type, META_TYPES, 'type');
    assertNonEmpty(input.pattern, 'pattern');
    assertNonEmpty(input.insight, 'insight');
    assertUnit(input.confidence, 'confidence');
    const experiments = input.experiments ?? [];
    if (!Array.isArray(experiments) || experiments.some((e) => !Number.isInteger(e))) throw new InvalidInputError('experiments must be an array of experiment ids.');
    const now = nowIso(this.ctx);
    const existing = this.find(input.type, input.pattern);
    if (existing) {
      const merged = [...new Set([...existing.experiments, ...experiments])];
      this.ctx.db.run(
        `UPDATE meta_learnings SET insight = ?, confidence = ?, experiments = ?, validation_count = validation_count + ?, updated_at = ? WHERE id = ?`,
        [input.insight, input.confidence, JSON.stringify(merged), validated ? 1 : 0, now, existing.id]);
      return this.find(input.type, input.pattern)!;
    }
    this.ctx.db.insert(
      `INSERT INTO meta_learnings (type, pattern, insight, confidence, experiments, validation_count, automatic, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      [input.type, input.pattern, input.insight, input.confidence, JSON.stringify(experiments), automatic ? 1 : 0, now, now]);
    return this.find(input.type, input.pattern)!;
  }

  list(minConfidence = 0): MetaLearning[] {
    assertUnit(minConfidence, 'minConfidence');
    return this.ctx.db.all<MetaRow>('SELECT * FROM meta_learnings WHERE confidence >= ? ORDER BY confidence DESC, id', [minConfidence]).map(toMeta);
  }

  /**
   * Learnings derived from one finished experiment, given all finished experiments of its approach
   * (including this one):
   * - experiment_effectiveness "approach:<a>": success rate and mean improvement; validated (count + 1)
   *   when this outcome agrees with what the learning said before (worked ⇔ success rate ≥ 50 %);
   * - approach_preference "weakness_type:<t>": the approach with the best success rate for that type;
   * - failure_modes "approach:<a>": why experiments of the approach failed (thrown errors, regressions).
   */
  deriveFrom(exp: Experiment, weakness: Weakness, sameApproach: Experiment[], sameType: Experiment[]): MetaLearning[] {
    const out: MetaLearning[] = [];
    const finished = sameApproach.filter((e) => e.status === 'completed' || e.status === 'failed');
    const succeeded = finished.filter((e) => e.verdict === 'success').length;
    const improvements = finished.map((e) => e.actualImprovement).filter((x): x is number => x !== null);
    const meanImprovement = improvements.length ? improvements.reduce((a, b) => a + b, 0) / improvements.length : null;
    const pattern = `approach:${exp.approach}`;
    const previous = this.find('experiment_effectiveness', pattern);
    const wasSuccess = exp.verdict === 'success';
    const before = finished.filter((e) => e.id !== exp.id);
    const priorRate = before.length ? before.filter((e) => e.verdict === 'success').length / before.length : null;
    const agrees = previous !== null && priorRate !== null && (priorRate >= 0.5) === wasSuccess;
    out.push(this.record({
      type: 'experiment_effectiveness', pattern,
      insight: `${exp.approach} succeeded in ${succeeded} of ${finished.length} experiment(s)`
        + (meanImprovement === null ? '.' : `; mean improvement ${pct(meanImprovement)}.`),
      confidence: confidenceFromCount(finished.length), experiments: [exp.id],
    }, true, agrees));

    const byApproach = new Map<string, { n: number; s: number }>();
    for (const e of sameType.filter((x) => x.status === 'completed' || x.status === 'failed')) {
      const a = byApproach.get(e.approach) ?? { n: 0, s: 0 };
      a.n++; if (e.verdict === 'success') a.s++;
      byApproach.set(e.approach, a);
    }
    const ranked = [...byApproach.entries()].sort((a, b) => b[1].s / b[1].n - a[1].s / a[1].n || b[1].n - a[1].n);
    if (ranked.length) {
      const [best, stats] = ranked[0];
      const prefPattern = `weakness_type:${weakness.type}`;
      const prev = this.find('approach_preference', prefPattern);
      out.push(this.record({
        type: 'approach_preference', pattern: prefPattern,
        insight: `For ${weakness.type} weaknesses, ${best} works best so far (${stats.s} of ${stats.n} succeeded).`,
        confidence: confidenceFromCount(stats.n), experiments: [exp.id],
      }, true, prev !== null && prev.insight.includes(`, ${best} works best`)));
    }

    if (exp.status === 'failed' || exp.verdict === 'regression') {
      const failures = sameApproach.filter((e) => e.status === 'failed' || e.verdict === 'regression');
      const why = exp.status === 'failed' ? `the test function threw: ${exp.error}` : `it made the metric worse (${exp.reason})`;
      out.push(this.record({
        type: 'failure_modes', pattern,
        insight: `${exp.approach} failed ${failures.length} time(s); latest because ${why}`,
        confidence: confidenceFromCount(failures.length), experiments: [exp.id],
      }, true, this.find('failure_modes', pattern) !== null));
    }
    return out;
  }
}
