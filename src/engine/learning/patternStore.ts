// learned_patterns: detected n-grams per context, and predictions from them.
import type { Prediction, SequencePattern } from '../types';
import { InvalidInputError, NotFoundError } from '../errors';
import { assertNonEmpty } from '../validate';
import { nowIso, type StoreContext } from '../context';
import { backOffPredict, frequentNGrams, type StoredPattern } from './sequencePatterns';

interface PatternRow { id: number; context: string; sequence: string; support: number; confidence: number; occurrences: number; updated_at: string }

function toPattern(r: PatternRow): SequencePattern {
  return { id: r.id, context: r.context, sequence: JSON.parse(r.sequence) as string[], support: r.support, confidence: r.confidence, occurrences: r.occurrences, updatedAt: r.updated_at };
}

function assertItems(items: unknown, what: string): asserts items is string[] {
  if (!Array.isArray(items) || items.some((x) => typeof x !== 'string')) throw new InvalidInputError(`${what} must be an array of strings.`);
}

export class PatternStore {
  constructor(private readonly ctx: StoreContext) {}

  /** Mines items and stores (insert or refresh) every frequent n-gram under context. */
  detect(items: string[], context: string): SequencePattern[] {
    assertItems(items, 'items');
    assertNonEmpty(context, 'context');
    const grams = frequentNGrams(items);
    const now = nowIso(this.ctx);
    return this.ctx.db.transaction(() => grams.map((g) => {
      this.ctx.db.run(
        `INSERT INTO learned_patterns (context, sequence, support, confidence, occurrences, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (context, sequence) DO UPDATE SET support = excluded.support, confidence = excluded.confidence,
           occurrences = excluded.occurrences, updated_at = excluded.updated_at`,
        [context, JSON.stringify(g.sequence), g.support, g.confidence, g.occurrences, now]);
      return toPattern(this.ctx.db.get<PatternRow>('SELECT * FROM learned_patterns WHERE context = ? AND sequence = ?', [context, JSON.stringify(g.sequence)])!);
    }));
  }

  get(id: number): SequencePattern {
    const row = this.ctx.db.get<PatternRow>('SELECT * FROM learned_patterns WHERE id = ?', [id]);
    if (!row) throw new NotFoundError('pattern', id);
    return toPattern(row);
  }

  list(context?: string): SequencePattern[] {
    return this.ctx.db.all<PatternRow>(`SELECT * FROM learned_patterns ${context === undefined ? '' : 'WHERE context = ?'} ORDER BY id`,
      context === undefined ? [] : [context]).map(toPattern);
  }

  predict(history: string[], patternId?: number, context?: string): Prediction {
    assertItems(history, 'history');
    let candidates: StoredPattern[];
    if (patternId !== undefined) {
      const p = this.get(patternId);
      // Only this pattern's own prefixes can match: back off along it.
      candidates = [p];
    } else {
      candidates = this.list(context);
    }
    return backOffPredict(history, candidates);
  }
}
