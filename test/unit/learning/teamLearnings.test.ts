// Meta-learnings derived again over this database's and the pulled experiments (teamExperiments.ts), each
// experiment once; the learnings only the team has get stable, distinct, negative ids.
import assert from 'node:assert/strict';
import { readOwn, storePulled, type AnyRecord, type LearningRecord } from '../../../src/team/records';
import { localOrigin } from '../../../src/team/origin';
import { teamLearningId } from '../../../src/engine/learning/teamPool';
import type { SelfImprovementEngine } from '../../../src/engine/engine';
import type { MetaLearning } from '../../../src/engine/types';
import { openEngine } from '../engine/helpers';

const fast = [60, 61, 59, 60, 62, 58, 60, 61];
const slow = [100, 101, 99, 100, 102, 98, 100, 101];
let names = 0;

/** One finished experiment of `approach` on a fresh efficiency weakness (lower is better): a success or a regression. */
async function run(engine: SelfImprovementEngine, approach: string, success: boolean): Promise<void> {
  const w = engine.identifyWeakness({ name: `slow path ${++names}`, type: 'efficiency', severity: 'high', description: 'd', impact: 0.7, direction: 'lower' });
  const e = engine.generateExperiments(w.id, 10).find((x) => x.approach === approach);
  assert.ok(e, `${approach} is an efficiency template`);
  const done = await engine.testApproach(e.id, () => (success ? { samples: fast, baselineSamples: slow } : { samples: slow, baselineSamples: fast }));
  assert.equal(done.verdict, success ? 'success' : 'regression');
}

/** What `team sync` pulls from `from`: its finished experiments (and learnings), stored in `to` under `originId`. */
function pull(from: SelfImprovementEngine, to: SelfImprovementEngine, originId: string, kinds: ('experiments' | 'learnings')[] = ['experiments']): number {
  const origin = from.storage.transaction(() => localOrigin(from.storage));
  return kinds.reduce((n, kind) => n + storePulled(to.storage, kind, originId, readOwn(from.storage, kind, origin, 0, 1000) as AnyRecord[]), 0);
}

const find = (all: MetaLearning[], type: string, pattern: string) => all.find((m) => m.type === type && m.pattern === pattern);

describe('learning: meta-learnings derived over the team\'s experiments', () => {
  let a: SelfImprovementEngine;
  let b: SelfImprovementEngine;
  let c: SelfImprovementEngine;
  beforeEach(async () => { ({ engine: a } = await openEngine()); ({ engine: b } = await openEngine()); ({ engine: c } = await openEngine()); });
  afterEach(async () => { await a.close(); await b.close(); await c.close(); });

  it('a learning reflects both origins\' experiments: the rule sees the pulled ones beside the local ones', async () => {
    await run(a, 'caching', true);
    await run(b, 'caching', false);
    const alone = find(a.getMetaLearnings(), 'experiment_effectiveness', 'approach:caching')!;
    assert.match(alone.insight, /^caching succeeded in 1 of 1 experiment/);
    assert.equal(pull(b, a, 'origin-b'), 1);
    const all = a.getMetaLearnings();
    const eff = find(all, 'experiment_effectiveness', 'approach:caching')!;
    assert.equal(eff.id, alone.id, 'still this database\'s learning');
    assert.match(eff.insight, /^caching succeeded in 1 of 2 experiment\(s\); mean improvement/);
    assert.equal(eff.confidence, 0.5, '2 experiments: 2 / (2 + 2)');
    assert.deepEqual(eff.team, { origins: 1, validationCount: 0, experiments: 1 });
    // B's regression is a failure mode of caching here too, although this database never saw caching fail.
    const fm = find(all, 'failure_modes', 'approach:caching')!;
    assert.ok(fm, 'formed from the pulled experiment');
    assert.ok(fm.id < 0, 'only the team has it');
    assert.match(fm.insight, /^caching failed 1 time\(s\); latest because it made the metric worse/);
    const pref = find(all, 'approach_preference', 'weakness_type:efficiency')!;
    assert.match(pref.insight, /caching works best so far \(1 of 2 succeeded\)/, 'the weakness type travels with the record');
  });

  it('a pattern only the team\'s experiments back forms here, with one stable negative id, the same on every read', async () => {
    await run(b, 'resource_pooling', true);
    await run(c, 'resource_pooling', true);
    pull(b, a, 'origin-b');
    pull(c, a, 'origin-c');
    const first = a.getMetaLearnings();
    const eff = find(first, 'experiment_effectiveness', 'approach:resource_pooling')!;
    assert.match(eff.insight, /^resource_pooling succeeded in 2 of 2 experiment/);
    assert.equal(eff.confidence, 0.5);
    assert.deepEqual(eff.team, { origins: 2, validationCount: 0, experiments: 2 });
    assert.equal(eff.id, teamLearningId('experiment_effectiveness', 'approach:resource_pooling'));
    const ids = first.map((m) => m.id);
    assert.ok(ids.every((id) => id < 0 && Number.isInteger(id)), 'no learning #0');
    assert.equal(new Set(ids).size, ids.length, 'distinct');
    await run(a, 'caching', true); // the list changes around them: their ids do not
    const again = a.getMetaLearnings();
    assert.ok(find(again, 'experiment_effectiveness', 'approach:caching')!.id > 0);
    // The preference for efficiency weaknesses is this database's own now (it ran one): its local id. The rest keep theirs.
    assert.ok(find(again, 'approach_preference', 'weakness_type:efficiency')!.id > 0);
    for (const m of first.filter((x) => x.type !== 'approach_preference')) assert.equal(find(again, m.type, m.pattern)!.id, m.id);
    assert.ok(first.length >= 2);
  });

  it('each experiment counts once: repeated pulls, a re-run, our own rows handed back, and the origin\'s learning beside its experiments', async () => {
    await run(a, 'caching', true);
    await run(b, 'caching', true);
    assert.equal(pull(b, a, 'origin-b', ['experiments', 'learnings']), 3, 'B\'s experiment and its two learnings');
    const once = find(a.getMetaLearnings(), 'experiment_effectiveness', 'approach:caching')!;
    assert.match(once.insight, /succeeded in 2 of 2/);
    assert.equal(once.confidence, 0.5, 'B\'s learning of the same experiment adds no experiment: 2, not 3');
    assert.equal(once.validationCount, 1 + 1, 'validations add up over origins');
    assert.equal(pull(b, a, 'origin-b', ['experiments', 'learnings']), 0, 'nothing new');
    assert.deepEqual(find(a.getMetaLearnings(), 'experiment_effectiveness', 'approach:caching'), once);

    // A re-run of B's experiment is a new record (new finished_at): only its latest record counts.
    const origin = b.storage.transaction(() => localOrigin(b.storage));
    const [rec] = readOwn(b.storage, 'experiments', origin, 0, 10) as (AnyRecord & { finishedAt: string; verdict: string | null; status: string; record: Record<string, unknown> })[];
    storePulled(a.storage, 'experiments', 'origin-b', [{ ...rec, finishedAt: '2099-01-01T00:00:00.000Z', verdict: 'regression', record: { ...rec.record, verdict: 'regression', reason: 'slower on re-run' } }]);
    const rerun = a.getMetaLearnings();
    assert.match(find(rerun, 'experiment_effectiveness', 'approach:caching')!.insight, /succeeded in 1 of 2/);
    assert.match(find(rerun, 'failure_modes', 'approach:caching')!.insight, /failed 1 time\(s\); latest because it made the metric worse \(slower on re-run\)/);

    // Our own experiments handed back under our origin id are already counted.
    const own = a.storage.transaction(() => localOrigin(a.storage));
    storePulled(a.storage, 'experiments', own.originId, readOwn(a.storage, 'experiments', own, 0, 10) as AnyRecord[]);
    assert.match(find(a.getMetaLearnings(), 'experiment_effectiveness', 'approach:caching')!.insight, /succeeded in 1 of 2/);
  });

  it('without pulled experiments the pooled learnings are as before; a team-only learning without experiments gets an id too', async () => {
    const learning: LearningRecord = { type: 'improvement_patterns', pattern: 'memoize hot lookups', insight: 'halves latency', confidence: 0.4, experiments: [7], validationCount: 1, updatedAt: '2026-01-03T00:00:00.000Z' };
    storePulled(a.storage, 'learnings', 'origin-b', [learning]);
    const [m] = a.getMetaLearnings();
    assert.equal(m.insight, 'halves latency');
    assert.equal(m.id, teamLearningId('improvement_patterns', 'memoize hot lookups'));
    assert.deepEqual(m.team, { origins: 1, validationCount: 1, experiments: 1 });
  });

  it('team-only ids: negative, from (type, pattern) alone; a clash is stepped past, never shared', () => {
    const x = teamLearningId('failure_modes', 'approach:x');
    assert.ok(x < 0);
    assert.equal(teamLearningId('failure_modes', 'approach:x'), x);
    assert.notEqual(teamLearningId('experiment_effectiveness', 'approach:x'), x);
    const taken = new Set<number>([x]);
    const clash = teamLearningId('failure_modes', 'approach:x', taken);
    assert.equal(clash, x - 1);
    assert.ok(taken.has(clash));
  });
});
