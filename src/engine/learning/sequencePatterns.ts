// Frequent n-grams (n = 2..4) of a sequence, and back-off prediction of the next item.
// support = occurrences / number of n-grams of that length; confidence = occurrences / occurrences of
// its (n−1)-item prefix followed by anything (P(last | prefix)).

export const MIN_N = 2;
export const MAX_N = 4;
/** An n-gram must occur at least this often to count as a pattern. */
export const MIN_OCCURRENCES = 2;

export interface NGram { sequence: string[]; occurrences: number; support: number; confidence: number }

const key = (xs: readonly string[]): string => JSON.stringify(xs);

export function frequentNGrams(items: readonly string[]): NGram[] {
  const out: NGram[] = [];
  for (let n = MIN_N; n <= Math.min(MAX_N, items.length); n++) {
    const counts = new Map<string, number>();
    const prefixCounts = new Map<string, number>();
    const total = items.length - n + 1;
    for (let i = 0; i < total; i++) {
      const gram = items.slice(i, i + n);
      counts.set(key(gram), (counts.get(key(gram)) ?? 0) + 1);
      const prefix = key(gram.slice(0, -1));
      prefixCounts.set(prefix, (prefixCounts.get(prefix) ?? 0) + 1);
    }
    for (const [k, c] of counts) {
      if (c < MIN_OCCURRENCES) continue;
      const sequence = JSON.parse(k) as string[];
      out.push({ sequence, occurrences: c, support: c / total, confidence: c / prefixCounts.get(key(sequence.slice(0, -1)))! });
    }
  }
  return out.sort((a, b) => b.support - a.support || b.confidence - a.confidence || b.sequence.length - a.sequence.length);
}

export interface StoredPattern { id: number; sequence: string[]; support: number; confidence: number }

/**
 * Longest match first: for k = min(history, MAX_N − 1) down to 1, the patterns of length k + 1 whose
 * first k items equal the last k of history; the most confident (then most supported) one wins.
 */
export function backOffPredict(history: readonly string[], patterns: readonly StoredPattern[]):
  { next: string | null; confidence: number; order: number; patternId: number | null } {
  for (let k = Math.min(history.length, MAX_N - 1); k >= 1; k--) {
    const tail = key(history.slice(-k));
    const matches = patterns.filter((p) => p.sequence.length === k + 1 && key(p.sequence.slice(0, k)) === tail);
    if (matches.length) {
      const best = matches.reduce((a, b) => (b.confidence > a.confidence || (b.confidence === a.confidence && b.support > a.support) ? b : a));
      return { next: best.sequence[k], confidence: best.confidence, order: k, patternId: best.id };
    }
  }
  return { next: null, confidence: 0, order: 0, patternId: null };
}
