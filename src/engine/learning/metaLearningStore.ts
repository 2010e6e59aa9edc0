// meta_learnings: recorded by hand, or derived from finished experiments.
import type { Experiment, MetaLearning, MetaLearningInput, MetaLearningType, Weakness } from '../types';
import { InvalidInputError } from '../errors';
import { assertNonEmpty, assertOneOf, assertUnit } from '../validate';
import { fromJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import { effectiveness, failureMode, isFinished, preference } from './learningRules';

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
    const eff = effectiveness(exp.approach, sameApproach);
    const previous = this.find('experiment_effectiveness', eff.pattern);
    const before = sameApproach.filter((e) => isFinished(e) && e.id !== exp.id);
    const priorRate = before.length ? before.filter((e) => e.verdict === 'success').length / before.length : null;
    const agrees = previous !== null && priorRate !== null && (priorRate >= 0.5) === (exp.verdict === 'success');
    out.push(this.record({ type: eff.type, pattern: eff.pattern, insight: eff.insight, confidence: eff.confidence, experiments: [exp.id] }, true, agrees));

    const pref = preference(weakness.type, sameType);
    if (pref) {
      const prev = this.find('approach_preference', pref.pattern);
      out.push(this.record({ type: pref.type, pattern: pref.pattern, insight: pref.insight, confidence: pref.confidence, experiments: [exp.id] },
        true, prev !== null && prev.insight.includes(`, ${pref.best} works best`)));
    }

    const fail = failureMode(exp.approach, sameApproach, exp);
    if (fail) {
      out.push(this.record({ type: fail.type, pattern: fail.pattern, insight: fail.insight, confidence: fail.confidence, experiments: [exp.id] },
        true, this.find('failure_modes', fail.pattern) !== null));
    }
    return out;
  }
}
