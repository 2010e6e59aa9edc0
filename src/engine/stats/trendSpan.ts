// The one rule for when a slope may be given per day — shared by the engine's trend and forecast line
// (learning/trend.ts) and the dashboard's words (dashboard/trend.ts): the points must span at least two
// days and fall on at least three calendar days (UTC). Samples taken seconds apart, or two runs either
// side of midnight, would otherwise extrapolate their noise to "−35,300 ms/day".

export const DAY_MS = 86_400_000;
/** First to last point at least this many days apart… */
export const MIN_TREND_SPAN_DAYS = 2;
/** …and on at least this many distinct UTC dates. */
export const MIN_TREND_DAYS = 3;

export interface TimeSpan {
  /** First to last point, in days. */
  spanDays: number;
  /** Distinct UTC dates among the points. */
  days: number;
  /** Whether a slope per day is meaningful over these points. */
  perDay: boolean;
}

/** `times` in milliseconds since the epoch (non-finite ones are ignored). */
export function timeSpan(times: readonly number[]): TimeSpan {
  const ts = times.filter(Number.isFinite);
  if (ts.length === 0) return { spanDays: 0, days: 0, perDay: false };
  const spanDays = (Math.max(...ts) - Math.min(...ts)) / DAY_MS;
  const days = new Set(ts.map((t) => Math.floor(t / DAY_MS))).size;
  return { spanDays, days, perDay: spanDays >= MIN_TREND_SPAN_DAYS && days >= MIN_TREND_DAYS };
}
