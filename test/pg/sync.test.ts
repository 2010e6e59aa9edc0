// Two engines (two database files = two origins) sharing one history through a real PostgreSQL server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { TeamStore } from '../../src/team/teamStore';
import { syncTeam } from '../../src/team/sync';
import { isTeamError } from '../../src/team/errors';
import { SERVER_SCHEMA_VERSION } from '../../src/team/serverSchema';
import { freshDatabase, pgServer } from './server';

async function serverCount(url: string, table: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM si_team.${table}`)).rows[0].n);
  } finally { await client.end(); }
}

async function duplicates(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const q = (t: string, key: string) => `SELECT count(*) AS n FROM (SELECT 1 FROM si_team.${t} GROUP BY ${key} HAVING count(*) > 1) d`;
    let n = 0;
    for (const [t, key] of [['measurements', 'origin_id, local_id'], ['audit_events', 'origin_id, local_id'], ['outcomes', 'origin_id, local_id'],
      ['experiments', 'origin_id, local_id, finished_at'], ['learnings', 'origin_id, type, pattern, updated_at']]) {
      n += Number((await client.query(q(t, key))).rows[0].n);
    }
    return n;
  } finally { await client.end(); }
}

/** Measurements, a proposal approved and applied (audit events), an experiment run to its verdict (outcome, learning). */
async function doSomeWork(engine: SelfImprovementEngine, dir: string, tag: string, measurements: number): Promise<void> {
  const name = `latency-${tag}`;
  engine.registerCapability({ name, type: 'efficiency', description: '', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
  for (let i = 0; i < measurements; i++) engine.measureCapability(name, 90 + (i % 7), { commit: `c0ffee${i % 3}`, branch: tag === 'ci' ? 'main' : 'feature' });
  fs.writeFileSync(path.join(dir, `${tag}.ts`), 'export const x = 1;\n');
  const imp = await engine.applyImprovement({ name: `faster ${tag}`, filePath: `${tag}.ts`, newCode: 'export const x = 2;\n' });
  await engine.approveImprovement(imp.id, `${tag}-reviewer`);
  const weakness = engine.analyzeWeaknesses().find((w) => w.capabilityName === name);
  assert.ok(weakness, 'a measured shortfall opened a weakness');
  const [exp] = engine.generateExperiments(weakness.id, 1);
  await engine.testApproach(exp.id, () => ({ samples: [60, 61, 59, 62, 60, 61], baselineSamples: [95, 96, 94, 97, 95, 96] }));
}

describe('team store: sync through PostgreSQL', function () {
  this.timeout(120_000);
  let tmp: string;
  let url: string;
  const engines: SelfImprovementEngine[] = [];
  const stores: TeamStore[] = [];

  async function openEngine(name: string): Promise<{ engine: SelfImprovementEngine; dir: string }> {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    const engine = await SelfImprovementEngine.open({ dbPath: path.join(dir, 'db.sqlite'), rootDir: dir, saveDelayMs: 10, maxSaveDelayMs: 50 });
    engines.push(engine);
    return { engine, dir };
  }
  async function connect(u = url): Promise<TeamStore> {
    const store = await TeamStore.connect(u, { connectionTimeoutMillis: 3000 });
    stores.push(store);
    return store;
  }

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-sync-'));
    url = await freshDatabase('sync');
  });
  afterEach(async () => {
    if (!pgServer().running()) pgServer().start();
    for (const s of stores.splice(0)) await s.close();
    for (const e of engines.splice(0)) await e.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('two developers and CI share one history: each sees the others\' records with their origin, and nothing doubles however often they sync', async () => {
    const alice = await openEngine('alice');
    const ci = await openEngine('ci');
    await doSomeWork(alice.engine, alice.dir, 'alice', 25);
    await doSomeWork(ci.engine, ci.dir, 'ci', 40);
    const store = await connect();

    const a1 = await syncTeam(alice.engine, store, { machine: 'alice-laptop', userName: 'alice' });
    assert.equal(a1.pushed.measurements, 25);
    assert.ok(a1.pushed.audit >= 3, 'proposal, approval and application were audited');
    assert.equal(a1.pushed.experiments, 1);
    assert.ok(a1.pushed.outcomes >= 1, 'the experiment fed the bandit');
    const c1 = await syncTeam(ci.engine, store, { machine: 'runner-7', userName: 'ci', label: 'CI' });
    assert.equal(c1.pushed.measurements, 40);
    assert.equal(c1.pulled.measurements, 25, 'CI pulled alice\'s measurements');
    assert.equal(c1.pulled.audit, a1.pushed.audit);
    assert.deepEqual(c1.chains.map((ch) => ch.ok), [true]);
    const a2 = await syncTeam(alice.engine, store, { machine: 'alice-laptop', userName: 'alice' });
    assert.equal(a2.pushed.measurements, 0);
    assert.equal(a2.pulled.measurements, 40);
    assert.ok(a2.ok);

    // What alice now holds of CI's: with machine, user, commit and branch.
    const rows = alice.engine.storage.all<{ machine: string; user_name: string; commit_sha: string; branch: string }>(
      'SELECT machine, user_name, commit_sha, branch FROM team_measurements WHERE capability_name = ?', ['latency-ci']);
    assert.equal(rows.length, 40);
    assert.deepEqual(new Set(rows.map((r) => `${r.machine}/${r.user_name}/${r.branch}`)), new Set(['runner-7/ci/main']));
    assert.ok(rows.every((r) => /^c0ffee[0-2]$/.test(r.commit_sha)));
    const exp = alice.engine.storage.get<{ verdict: string; record: string }>('SELECT verdict, record FROM team_experiments');
    assert.equal(exp?.verdict, 'success');
    assert.equal(JSON.parse(exp!.record).approach !== undefined, true);

    // Sync again and again: nothing new anywhere, nothing doubled, and finished experiments are not even re-sent.
    const offered: number[] = [];
    const push = store.push.bind(store);
    store.push = (kind, originId, records) => { if (kind === 'experiments' || kind === 'learnings') offered.push(records.length); return push(kind, originId, records); };
    for (let i = 0; i < 3; i++) {
      for (const e of [alice.engine, ci.engine]) {
        const r = await syncTeam(e, store);
        assert.deepEqual(Object.values(r.pushed).filter((n) => n > 0), [], 'nothing re-pushed as new');
        assert.deepEqual(Object.values(r.pulled).filter((n) => n > 0), [], 'nothing re-pulled as new');
      }
    }
    assert.ok(offered.length > 0 && offered.every((n) => n === 0), `re-offered experiments/learnings per batch: ${offered.join(', ')}`);
    store.push = push;
    assert.equal(await serverCount(url, 'measurements'), 65);
    assert.equal(await duplicates(url), 0);
    assert.equal(ci.engine.storage.get<{ n: number }>('SELECT count(*) AS n FROM team_measurements')?.n, 25);
    assert.deepEqual((await store.verifyAuditChains()).map((c) => c.ok), [true, true]);

    // A third origin (a new developer) gets everything in one sync, and both chains verify there.
    const bob = await openEngine('bob');
    const b = await syncTeam(bob.engine, store, { machine: 'bob-desktop', userName: 'bob' });
    assert.equal(b.pulled.measurements, 65);
    assert.deepEqual(b.chains.map((c) => c.ok), [true, true]);
  });

  it('one bandit for the team: outcomes recorded on one machine steer the choices of another after a sync', async () => {
    const alice = await openEngine('alice');
    const bob = await openEngine('bob');
    for (let i = 0; i < 8; i++) {
      alice.engine.recordOutcome({ actionType: 'approach', actionName: 'cache', success: true });
      alice.engine.recordOutcome({ actionType: 'approach', actionName: 'inline', success: false });
    }
    bob.engine.recordOutcome({ actionType: 'approach', actionName: 'cache', success: false });
    const before = bob.engine.chooseAction({ actionType: 'approach', availableActions: ['cache', 'inline'] }).estimates;
    assert.deepEqual([before.cache.alpha, before.cache.beta, before.inline.trials], [1, 2, 0]);
    const store = await connect();
    await syncTeam(alice.engine, store);
    const r = await syncTeam(bob.engine, store);
    assert.equal(r.pulled.outcomes, 16);
    const after = bob.engine.chooseAction({ actionType: 'approach', availableActions: ['cache', 'inline'] }).estimates;
    assert.deepEqual([after.cache.alpha, after.cache.beta, after.cache.trials], [9, 2, 9], 'bob\'s own failure plus alice\'s 8 successes');
    assert.deepEqual([after.inline.alpha, after.inline.beta, after.inline.trials], [1, 9, 8]);
    let cache = 0;
    for (let i = 0; i < 50; i++) if (bob.engine.chooseAction({ actionType: 'approach', availableActions: ['inline', 'cache'] }).action === 'cache') cache++;
    assert.ok(cache >= 45, `bob now prefers what worked for alice (${cache}/50)`);
    // Pulling again adds nothing twice.
    await syncTeam(bob.engine, store);
    assert.equal(bob.engine.chooseAction({ actionType: 'approach', availableActions: ['cache'] }).estimates.cache.trials, 9);
  });

  it('meta-learnings from everyone\'s experiments: one experiment of the same kind on each machine forms one learning backed by both, on both', async () => {
    const run = async (engine: SelfImprovementEngine, success: boolean) => {
      const w = engine.identifyWeakness({ name: 'slow lookups', type: 'efficiency', severity: 'high', description: 'd', impact: 0.7, direction: 'lower' });
      const e = engine.generateExperiments(w.id, 10).find((x) => x.approach === 'caching')!;
      const fast = [60, 61, 59, 62, 60, 61];
      const slow = [95, 96, 94, 97, 95, 96];
      await engine.testApproach(e.id, () => (success ? { samples: fast, baselineSamples: slow } : { samples: slow, baselineSamples: fast }));
    };
    const alice = await openEngine('alice');
    const bob = await openEngine('bob');
    await run(alice.engine, true);
    await run(bob.engine, false);
    const learning = (engine: SelfImprovementEngine, type: string) => engine.getMetaLearnings().find((m) => m.type === type && m.pattern === 'approach:caching');
    assert.match(learning(alice.engine, 'experiment_effectiveness')!.insight, /succeeded in 1 of 1/);
    assert.equal(learning(alice.engine, 'failure_modes'), undefined, 'caching never failed for alice');
    const store = await connect();
    for (let round = 0; round < 2; round++) { // the second round pulls nothing new and must change nothing
      await syncTeam(alice.engine, store);
      await syncTeam(bob.engine, store);
      await syncTeam(alice.engine, store);
      for (const [who, engine] of [['alice', alice.engine], ['bob', bob.engine]] as const) {
        const eff = learning(engine, 'experiment_effectiveness')!;
        assert.match(eff.insight, /^caching succeeded in 1 of 2 experiment\(s\)/, `${who}: both machines' experiments, each once`);
        assert.equal(eff.confidence, 0.5, `${who}: 2 experiments: 2 / (2 + 2)`);
        assert.ok(eff.id > 0, `${who}: its own learning, pooled`);
        assert.deepEqual([eff.team?.origins, eff.team?.experiments], [1, 1]);
        const fm = learning(engine, 'failure_modes')!;
        assert.match(fm.insight, /^caching failed 1 time\(s\); latest because it made the metric worse/, `${who}: the failure mode exists`);
        const pref = engine.getMetaLearnings().find((m) => m.type === 'approach_preference' && m.pattern === 'weakness_type:efficiency')!;
        assert.match(pref.insight, /caching works best so far \(1 of 2 succeeded\)/);
      }
      assert.ok(learning(alice.engine, 'failure_modes')!.id < 0, 'alice holds it from bob\'s experiment only: a team-only learning, stable negative id');
    }
    assert.equal(await serverCount(url, 'experiments'), 2);
    assert.equal(await duplicates(url), 0);
  });

  it('a sync cut by a server restart fails with TEAM_UNREACHABLE, loses nothing, and the next sync resumes without duplicates', async () => {
    const alice = await openEngine('alice');
    alice.engine.registerCapability({ name: 'size', type: 'efficiency', description: '', baseline: 10, target: 5, unit: 'kB', direction: 'lower' });
    for (let i = 0; i < 1200; i++) alice.engine.measureCapability('size', 8 + (i % 5) / 10);
    const store = await connect();
    let batches = 0;
    const cut = syncTeam(alice.engine, store, {
      batchSize: 100,
      onBatch: (step) => { if (step.kind === 'measurements' && ++batches === 4) pgServer().stop(); },
    });
    await assert.rejects(cut, (err: unknown) => isTeamError(err, 'TEAM_UNREACHABLE') && /resumes where it stopped|sync again/i.test((err as Error).message));
    pgServer().start();
    assert.equal(await serverCount(url, 'measurements'), 400, 'the batches before the cut are on the server');
    const resumed = await syncTeam(alice.engine, store, { batchSize: 100 });
    assert.equal(resumed.pushed.measurements, 800, 'the resumed sync sent only what was missing');
    assert.equal(await serverCount(url, 'measurements'), 1200);

    // The same on the pulling side: bob's pull is cut mid-way, then completes, exactly once.
    const bob = await openEngine('bob');
    let pulls = 0;
    await assert.rejects(syncTeam(bob.engine, store, {
      batchSize: 100, onBatch: (step) => { if (step.direction === 'pull' && step.kind === 'measurements' && ++pulls === 5) pgServer().restart(); },
    }), (err: unknown) => isTeamError(err, 'TEAM_UNREACHABLE'));
    assert.equal(bob.engine.storage.get<{ n: number }>('SELECT count(*) AS n FROM team_measurements')?.n, 500);
    const done = await syncTeam(bob.engine, store, { batchSize: 100 });
    assert.equal(done.pulled.measurements, 700);
    assert.equal(bob.engine.storage.get<{ n: number }>('SELECT count(*) AS n FROM team_measurements')?.n, 1200);
    assert.equal(await duplicates(url), 0);
  });

  it('an audit event edited on the server is caught by the server check and after pulling; a local trail that does not continue the server\'s is refused', async () => {
    const alice = await openEngine('alice');
    await doSomeWork(alice.engine, alice.dir, 'alice', 3);
    const store = await connect();
    await syncTeam(alice.engine, store);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`UPDATE si_team.audit_events SET actor = 'mallory' WHERE local_id = (SELECT min(local_id) FROM si_team.audit_events)`);
    } finally { await admin.end(); }
    const server = await store.verifyAuditChains();
    assert.equal(server[0].ok, false);
    assert.match(server[0].reason, /changed after it was recorded/);
    const bob = await openEngine('bob');
    const pulled = await syncTeam(bob.engine, store);
    assert.equal(pulled.ok, false);
    assert.equal(pulled.chains[0].ok, false);

    // Alice's own trail edited locally after the push: the server refuses the continuation.
    alice.engine.storage.run(`UPDATE audit_events SET hash = 'f00d' WHERE id = (SELECT max(id) FROM audit_events)`);
    await alice.engine.approveImprovement((await alice.engine.applyImprovement({ name: 'again', filePath: 'alice.ts', newCode: 'export const x = 3;\n' })).id, 'alice');
    await assert.rejects(syncTeam(alice.engine, store), (err: unknown) => isTeamError(err, 'TEAM_AUDIT_CHAIN_BROKEN'));
  });

  it('migrations run by themselves, once, even when several clients connect at the same moment; TLS is used when the URL asks', async () => {
    const all = await Promise.all([0, 1, 2, 3].map(() => connect()));
    assert.deepEqual(await Promise.all(all.map((s) => s.schemaVersion())), [SERVER_SCHEMA_VERSION, SERVER_SCHEMA_VERSION, SERVER_SCHEMA_VERSION, SERVER_SCHEMA_VERSION]);
    assert.equal((await all[0].query('SELECT version FROM si_team.schema_migrations')).length, SERVER_SCHEMA_VERSION, 'each migration applied once');
    const tlsUrl = new URL(pgServer().tlsUrl);
    tlsUrl.pathname = new URL(url).pathname;
    const tls = await connect(tlsUrl.toString());
    const r = await tls.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    assert.equal(r[0].ssl, true);
    const alice = await openEngine('alice');
    alice.engine.registerCapability({ name: 'q', type: 'output_quality', description: '', baseline: 0.5, target: 1, unit: 'ratio', direction: 'higher' });
    alice.engine.measureCapability('q', 0.7);
    assert.equal((await syncTeam(alice.engine, tls)).pushed.measurements, 1);
  });

  it('a wrong password, a closed port and a bad URL each give a coded error with a next step', async () => {
    const bad = new URL(url);
    bad.password = 'wrong';
    await assert.rejects(TeamStore.connect(bad.toString()), (err: unknown) => isTeamError(err, 'TEAM_AUTH_FAILED'));
    await assert.rejects(TeamStore.connect('postgres://si:x@127.0.0.1:1/db', { connectionTimeoutMillis: 2000 }), (err: unknown) => isTeamError(err, 'TEAM_UNREACHABLE'));
    await assert.rejects(TeamStore.connect('http://example/db'), (err: unknown) => isTeamError(err, 'TEAM_URL_INVALID'));
  });
});

describe('team store: a least-privilege role', function () {
  this.timeout(60_000);
  it('once an owner has migrated, a role with SELECT/INSERT (+UPDATE on origins) syncs; it cannot rewrite or delete audit events', async () => {
    const url = await freshDatabase('priv');
    await (await TeamStore.connect(url)).close(); // the owner migrates
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const role = `si_member_${process.pid}`;
    try {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'member-pw'`);
      await admin.query(`GRANT USAGE ON SCHEMA si_team TO ${role}`);
      await admin.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA si_team TO ${role}`);
      await admin.query(`GRANT UPDATE ON si_team.origins TO ${role}`);
      await admin.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA si_team TO ${role}`);
      const member = new URL(url);
      member.username = role;
      member.password = 'member-pw';
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-priv-'));
      const engine = await SelfImprovementEngine.open({ rootDir: tmp });
      const store = await TeamStore.connect(member.toString());
      try {
        await doSomeWork(engine, tmp, 'member', 4);
        const r = await syncTeam(engine, store);
        assert.equal(r.pushed.measurements, 4);
        assert.ok(r.pushed.audit > 0);
        await assert.rejects(store.query('DELETE FROM si_team.audit_events'), (err: unknown) => isTeamError(err, 'TEAM_PRIVILEGES'));
        await assert.rejects(store.query(`UPDATE si_team.audit_events SET actor = 'x'`), (err: unknown) => isTeamError(err, 'TEAM_PRIVILEGES'));
      } finally {
        await store.close();
        await engine.close();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    } finally {
      await admin.query(`REASSIGN OWNED BY ${role} TO CURRENT_USER; DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});
