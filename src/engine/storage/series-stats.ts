// Per-day statistics of a capability's measurements, joining raw rows with the rollups that
// retention made from older rows, so trends and statistics survive the raw-row cap.
import type { Database } from './database';

export interface DayStats {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  count: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation; null with fewer than two values. */
  stddev: number | null;
}

export interface SeriesSummary {
  count: number;
  rawCount: number;
  rolledUpCount: number;
  mean: number | null;
  stddev: number | null;
  min: number | null;
  max: number | null;
}

interface Bucket { day: string; count: number; sum: number; sum_sq: number; min: number; max: number }

export function sampleStddev(count: number, sum: number, sumSq: number): number | null {
  if (count < 2) return null;
  const variance = (sumSq - (sum * sum) / count) / (count - 1);
  return Math.sqrt(Math.max(0, variance));
}

/** Oldest day first; `fromDay`/`toDay` inclusive (YYYY-MM-DD). */
export function dailyStats(db: Database, capabilityName: string, range: { fromDay?: string; toDay?: string } = {}): DayStats[] {
  const from = range.fromDay ?? '0000-00-00';
  const to = range.toDay ?? '9999-99-99';
  const raw = db.all<Bucket>(
    `SELECT substr(recorded_at, 1, 10) AS day, count(*) AS count, sum(value) AS sum, sum(value * value) AS sum_sq,
            min(value) AS min, max(value) AS max
     FROM performance_metrics WHERE capability_name = ? AND recorded_at >= ? AND recorded_at < ?
     GROUP BY day`, [capabilityName, from, to + '\uffff']);
  const rolled = db.all<Bucket>(
    `SELECT day, count, sum, sum_sq, min, max FROM performance_rollups
     WHERE capability_name = ? AND day >= ? AND day <= ?`, [capabilityName, from, to]);
  const byDay = new Map<string, Bucket>();
  for (const b of [...rolled, ...raw]) {
    const seen = byDay.get(b.day);
    byDay.set(b.day, seen
      ? { day: b.day, count: seen.count + b.count, sum: seen.sum + b.sum, sum_sq: seen.sum_sq + b.sum_sq, min: Math.min(seen.min, b.min), max: Math.max(seen.max, b.max) }
      : { ...b });
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)).map((b) => ({
    day: b.day, count: b.count, sum: b.sum, sumSq: b.sum_sq, min: b.min, max: b.max,
    mean: b.sum / b.count, stddev: sampleStddev(b.count, b.sum, b.sum_sq),
  }));
}

/** All-time figures over raw rows and rollups together. */
export function seriesSummary(db: Database, capabilityName: string): SeriesSummary {
  const days = dailyStats(db, capabilityName);
  const rolledUpCount = Number(db.get<{ n: number | null }>(
    'SELECT sum(count) AS n FROM performance_rollups WHERE capability_name = ?', [capabilityName])!.n ?? 0);
  let count = 0, sum = 0, sumSq = 0, min = Infinity, max = -Infinity;
  for (const d of days) { count += d.count; sum += d.sum; sumSq += d.sumSq; min = Math.min(min, d.min); max = Math.max(max, d.max); }
  return {
    count, rawCount: count - rolledUpCount, rolledUpCount,
    mean: count ? sum / count : null, stddev: sampleStddev(count, sum, sumSq),
    min: count ? min : null, max: count ? max : null,
  };
}
