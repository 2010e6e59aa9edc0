import assert from 'node:assert/strict';
import { Database } from '../../../src/engine/storage/database';
import { runRetentionSlice, scheduleRetention } from '../../../src/engine/storage/retention';
import { dailyStats, sampleStddev, seriesSummary } from '../../../src/engine/storage/series-stats';
import { sleep } from './helpers';

/** Deterministic pseudo-random values (so failures reproduce). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function seed(db: Database, name: string, n: number, opts: { startDay?: number; perDay?: number; experimentEvery?: number } = {}): number[] {
  const rand = lcg(n + name.length);
  const values: number[] = [];
  const perDay = opts.perDay ?? 100;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const day = new Date(Date.UTC(2026, 0, 1 + (opts.startDay ?? 0) + Math.floor(i / perDay)));
      const at = new Date(day.getTime() + (i % perDay) * 1000).toISOString();
      const v = Math.round(rand() * 1000) / 10;
      values.push(v);
      const exp = opts.experimentEvery && i % opts.experimentEvery === 0 ? 7 : null;
      db.run('INSERT INTO performance_metrics (capability_name, value, experiment_id, recorded_at) VALUES (?, ?, ?, ?)', [name, v, exp, at]);
    }
  });
  return values;
}

const rawCount = (db: Database, name: string): number =>
  Number(db.get<{ n: number }>('SELECT count(*) AS n FROM performance_metrics WHERE capability_name = ?', [name])!.n);

function drain(db: Database, opts: Parameters<typeof runRetentionSlice>[1]): { slices: number; maxRows: number } {
  let slices = 0, maxRows = 0;
  for (;;) {
    const r = runRetentionSlice(db, opts);
    slices++; maxRows = Math.max(maxRows, r.rolledUp);
    if (!r.moreWork) return { slices, maxRows };
    assert.ok(slices < 10_000, 'retention must terminate');
  }
}

describe('storage retention and per-day statistics', () => {
  let db: Database;
  beforeEach(async () => { db = await Database.open(); });
  afterEach(async () => { await db.close(); });

  it('caps raw rows per capability, rolls older ones into day buckets, and keeps the newest rows raw', () => {
    seed(db, 'a', 1200);
    seed(db, 'b', 300);
    const newestA = db.all('SELECT id FROM performance_metrics WHERE capability_name = ? ORDER BY recorded_at DESC, id DESC LIMIT 500', ['a']);
    const { maxRows } = drain(db, { maxRawPerCapability: 500, sliceRows: 100 });
    assert.ok(maxRows <= 100, 'no slice rolls up more than sliceRows');
    assert.equal(rawCount(db, 'a'), 500);
    assert.equal(rawCount(db, 'b'), 300, 'a capability under its cap is untouched');
    assert.deepEqual(db.all('SELECT id FROM performance_metrics WHERE capability_name = ? ORDER BY recorded_at DESC, id DESC', ['a']), newestA);
    const rolled = db.get<{ n: number }>("SELECT sum(count) AS n FROM performance_rollups WHERE capability_name = 'a'")!.n;
    assert.equal(rolled, 700);
  });

  it('daily statistics are the same before and after retention (count, sum, sum of squares, min, max)', () => {
    seed(db, 'a', 2500, { perDay: 240 });
    const before = dailyStats(db, 'a');
    const summaryBefore = seriesSummary(db, 'a');
    drain(db, { maxRawPerCapability: 300, sliceRows: 137 });
    const after = dailyStats(db, 'a');
    assert.equal(after.length, before.length);
    for (let i = 0; i < before.length; i++) {
      assert.equal(after[i].day, before[i].day);
      assert.equal(after[i].count, before[i].count);
      assert.equal(after[i].min, before[i].min);
      assert.equal(after[i].max, before[i].max);
      assert.ok(Math.abs(after[i].sum - before[i].sum) < 1e-6);
      assert.ok(Math.abs(after[i].sumSq - before[i].sumSq) < 1e-4);
      assert.ok(Math.abs(after[i].stddev! - before[i].stddev!) < 1e-9 * Math.max(1, before[i].stddev!) + 1e-9);
    }
    const summaryAfter = seriesSummary(db, 'a');
    assert.equal(summaryAfter.count, 2500);
    assert.equal(summaryAfter.rawCount, 300);
    assert.equal(summaryAfter.rolledUpCount, 2200);
    assert.ok(Math.abs(summaryAfter.mean! - summaryBefore.mean!) < 1e-9);
    assert.ok(Math.abs(summaryAfter.stddev! - summaryBefore.stddev!) < 1e-9);
  });

  it('per-day figures match a direct computation over the values', () => {
    const values = seed(db, 'c', 250, { perDay: 100 });
    drain(db, { maxRawPerCapability: 10 });
    const days = dailyStats(db, 'c');
    assert.deepEqual(days.map((d) => d.count), [100, 100, 50]);
    const first = values.slice(0, 100);
    const mean = first.reduce((s, v) => s + v, 0) / 100;
    const sd = Math.sqrt(first.reduce((s, v) => s + (v - mean) ** 2, 0) / 99);
    assert.ok(Math.abs(days[0].mean - mean) < 1e-9);
    assert.ok(Math.abs(days[0].stddev! - sd) < 1e-9);
    assert.equal(days[0].min, Math.min(...first));
    assert.equal(days[0].max, Math.max(...first));
    assert.deepEqual(dailyStats(db, 'c', { fromDay: '2026-01-02', toDay: '2026-01-02' }).map((d) => d.count), [100]);
  });

  it('never rolls up rows that belong to an experiment', () => {
    seed(db, 'e', 1000, { experimentEvery: 10 });
    drain(db, { maxRawPerCapability: 200 });
    assert.equal(Number(db.get<{ n: number }>('SELECT count(*) AS n FROM performance_metrics WHERE experiment_id IS NOT NULL')!.n), 100);
    assert.equal(seriesSummary(db, 'e').count, 1000);
  });

  it('merges repeated roll-ups of the same day into one bucket', () => {
    seed(db, 'd', 1000, { perDay: 1000 });
    drain(db, { maxRawPerCapability: 100, sliceRows: 50 });
    const buckets = db.all<{ day: string; count: number }>("SELECT day, count FROM performance_rollups WHERE capability_name = 'd'");
    assert.deepEqual(buckets, [{ day: '2026-01-01', count: 900 }]);
  });

  it('returns freed pages with incremental vacuum, in slices', async () => {
    seed(db, 'v', 20_000, { perDay: 2000 });
    const pages = (): number => Number(db.get<{ page_count: number }>('PRAGMA page_count')!.page_count);
    const before = pages();
    let vacuumed = 0;
    for (;;) {
      const r = runRetentionSlice(db, { maxRawPerCapability: 100, sliceRows: 2000, vacuumPagesPerSlice: 16, vacuumAbovePages: 0, sliceBudgetMs: 1000 });
      assert.ok(r.vacuumedPages <= 16);
      vacuumed += r.vacuumedPages;
      if (!r.moreWork) break;
    }
    assert.ok(vacuumed > 0);
    assert.equal(Number(db.get<{ freelist_count: number }>('PRAGMA freelist_count')!.freelist_count), 0);
    assert.ok(pages() < before / 4, `file shrank: ${before} → ${pages()} pages`);
  });

  it('leaves up to vacuumAbovePages free pages for new rows to reuse', () => {
    seed(db, 'w', 20_000, { perDay: 2000 });
    let vacuumed = 0;
    for (;;) {
      const r = runRetentionSlice(db, { maxRawPerCapability: 100, sliceRows: 2000, vacuumAbovePages: 50, sliceBudgetMs: 1000 });
      vacuumed += r.vacuumedPages;
      if (!r.moreWork) break;
    }
    assert.ok(vacuumed > 0);
    assert.equal(Number(db.get<{ freelist_count: number }>('PRAGMA freelist_count')!.freelist_count), 50);
  });

  it('the default slice stays short even with many capabilities', () => {
    for (let c = 0; c < 50; c++) seed(db, `cap-${c}`, 300);
    let longest = 0;
    for (;;) {
      const r = runRetentionSlice(db, { maxRawPerCapability: 100 });
      longest = Math.max(longest, r.elapsedMs);
      if (!r.moreWork) break;
    }
    assert.equal(rawCount(db, 'cap-49'), 100);
    assert.ok(longest < 100, `longest slice ${longest.toFixed(1)} ms`);
  });

  it('scheduleRetention works in the background and stops', async () => {
    seed(db, 's', 600);
    const schedule = scheduleRetention(db, { maxRawPerCapability: 100, intervalMs: 5, idleMs: 0 });
    for (let i = 0; i < 100 && rawCount(db, 's') > 100; i++) await sleep(10);
    schedule.stop();
    assert.equal(rawCount(db, 's'), 100);
  });

  it('rollups follow a purged capability', () => {
    db.run("INSERT INTO capability_profiles (name, type, baseline, target, created_at, updated_at) VALUES ('p', 'efficiency', 1, 2, 'n', 'n')");
    seed(db, 'p', 300);
    drain(db, { maxRawPerCapability: 10 });
    db.run("DELETE FROM capability_profiles WHERE name = 'p'");
    assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM performance_rollups WHERE capability_name = 'p'")!.n, 0);
  });

  it('sampleStddev handles small and constant series', () => {
    assert.equal(sampleStddev(1, 5, 25), null);
    assert.equal(sampleStddev(3, 6, 12), 0);
    assert.throws(() => runRetentionSlice(db, { maxRawPerCapability: 0 }), RangeError);
  });
});
