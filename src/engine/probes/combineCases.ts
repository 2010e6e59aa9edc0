// Several runs of a test probe give several results per case; paired tests (McNemar) need one per
// case and arm. A case counts as passing when it passed in more than half of the runs that had it,
// so one flaky failure among many runs does not flip it.
import type { CaseResult } from './types';

export function combineCases(runs: readonly (readonly CaseResult[])[]): CaseResult[] {
  const tally = new Map<string, { pass: number; seen: number }>();
  for (const run of runs) {
    for (const c of run) {
      const t = tally.get(c.id) ?? { pass: 0, seen: 0 };
      t.seen++;
      if (c.pass) t.pass++;
      tally.set(c.id, t);
    }
  }
  return [...tally].map(([id, t]) => ({ id, pass: t.pass * 2 > t.seen }));
}
