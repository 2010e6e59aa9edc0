// The CLI as a process on temporary git repositories with real probes: each command, each exit code,
// bad arguments (exit 3 with a clear message), --json parsed, the one-writer rule.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { breakSuitePatch, cli, git, holdLock, makeScoreRepo, removeRepo, scorePatch, writeConfig, SCORE_CONFIG } from './fixture.mjs';

const require = createRequire(import.meta.url);
const parsePrometheusTextFormat = require('parse-prometheus-text-format');

describe('cli: arguments, help and setup errors', function () {
  this.timeout(60_000);
  let dir;
  before(() => { dir = makeScoreRepo(); });
  after(() => removeRepo(dir));

  it('--help for the program and every command exits 0 and shows its usage and the exit codes', async () => {
    const top = await cli(['--help'], { cwd: dir });
    assert.equal(top.code, 0);
    for (const c of ['init', 'sync', 'measure', 'calibrate', 'experiment', 'gate', 'report', 'export']) assert.match(top.stdout, new RegExp(`\\n  ${c} `));
    assert.match(top.stdout, /Exit codes: 0 success/);
    for (const c of ['init', 'sync', 'measure', 'calibrate', 'experiment', 'gate', 'report', 'export']) {
      const r = await cli([c, '--help'], { cwd: dir });
      assert.equal(r.code, 0, `${c} --help`);
      assert.match(r.stdout, new RegExp(`Usage: self-improvement ${c}`));
    }
    assert.match((await cli(['gate', '--help'], { cwd: dir })).stdout, /Exit codes: 0 every capability held, 1 one is shown worse/);
  });

  it('bad arguments: a clear message on stderr and exit 3, nothing written', async () => {
    const cases = [
      [['bogus'], /unknown command 'bogus'/],
      [['gate'], /required option '--base <rev>' not specified/],
      [['experiment', '--max-runs', 'many', '--working-tree'], /--max-runs must be a whole number of at least 1 \(got "many"\)/],
      [['experiment'], /Say what to measure against HEAD: --patch FILE .*--working-tree .*--ref REV/],
      [['experiment', '--working-tree', '--ref', 'HEAD'], /Give only one candidate, not --working-tree and --ref/],
      [['experiment', '--patch', 'missing.patch'], /--patch .*missing\.patch cannot be read/],
      [['report', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are markdown, json/],
      [['export', '--format', 'csv'], /Allowed choices are openmetrics, prometheus/],
      [['sync', '--folder', path.join(dir, 'nope')], /is not a folder/],
      [['measure', '--nonsense'], /unknown option '--nonsense'/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, { cwd: dir });
      assert.equal(r.code, 3, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(existsSync(path.join(dir, '.self-improvement', 'db.sqlite')), false, 'no database was created by a bad command');
  });

  it('no config, or a broken one: exit 3 naming the file (and each problem\'s line); nothing stored changes', async () => {
    const bare = makeScoreRepo();
    try {
      git(bare, 'rm', '-q', '.vscode/self-improvement.json');
      const none = await cli(['sync'], { cwd: bare });
      assert.equal(none.code, 3);
      assert.match(none.stderr, /self-improvement\.json does not exist\. Run `self-improvement init`/);
    } finally { removeRepo(bare); }
    assert.equal((await cli(['sync'], { cwd: dir })).code, 0);
    const good = readFileSync(path.join(dir, '.vscode', 'self-improvement.json'), 'utf8');
    writeConfig(dir, '{\n  "capabilities": [\n    { "name": "score", "baseline": "ten" }\n  ]\n}\n');
    const broken = await cli(['sync', '--json'], { cwd: dir });
    assert.equal(broken.code, 3);
    assert.match(broken.stderr, /self-improvement\.json has \d+ problems?; nothing was changed/);
    assert.match(broken.stderr, /self-improvement\.json:3:\d+: /);
    writeConfig(dir, good);
    const after = await cli(['sync', '--json'], { cwd: dir });
    assert.equal(after.code, 0);
    assert.deepEqual(after.json().capabilities.sort(), ['score', 'suite-pass-rate'], 'the broken file archived nothing');
  });

  it('measure names an undeclared capability: exit 3 with the declared ones', async () => {
    const r = await cli(['measure', 'nope'], { cwd: dir });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /nope is not declared in \.vscode\/self-improvement\.json\. Declared: score, suite-pass-rate/);
  });
});

describe('cli: init, sync, measure, calibrate, report, export', function () {
  this.timeout(120_000);
  let dir;
  before(() => { dir = makeScoreRepo(); });
  after(() => removeRepo(dir));

  it('init --yes proposes from package.json, takes the baseline from a first run, writes the config and syncs; it never overwrites', async () => {
    const fresh = makeScoreRepo();
    try {
      git(fresh, 'rm', '-q', '.vscode/self-improvement.json');
      writeFileSync(path.join(fresh, 'package.json'), JSON.stringify({ name: 'f', scripts: { test: 'node suite.js' } }));
      const ask = await cli(['init'], { cwd: fresh });
      assert.equal(ask.code, 3);
      assert.match(ask.stderr, /pass --yes/);
      const r = await cli(['init', '--yes', '--json'], { cwd: fresh });
      assert.equal(r.code, 0, r.stderr);
      const out = r.json();
      assert.deepEqual(out.capabilities.map((c) => [c.name, c.baseline, c.target]), [['tests-pass', 1, 1]]);
      assert.deepEqual(out.added, ['tests-pass']);
      const written = JSON.parse(readFileSync(path.join(fresh, '.vscode', 'self-improvement.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
      assert.equal(written.capabilities[0].probe.command, 'npm test --silent');
      const again = await cli(['init', '--yes'], { cwd: fresh });
      assert.equal(again.code, 3);
      assert.match(again.stderr, /already exists; nothing was changed/);
      const m = await cli(['measure', '--json'], { cwd: fresh });
      assert.equal(m.code, 0, m.stderr);
      assert.deepEqual(m.json().measured.map((x) => [x.capability, x.samples]), [['tests-pass', [1]]]);
    } finally { removeRepo(fresh); }
  });

  it('sync --json, then measure --json: values recorded, a weakness opens below target; the database is git-ignored', async () => {
    const s = await cli(['sync', '--json'], { cwd: dir });
    assert.equal(s.code, 0, s.stderr);
    assert.deepEqual(s.json().added.sort(), ['score', 'suite-pass-rate']);
    assert.equal(s.json().db, path.join(dir, '.self-improvement', 'db.sqlite'));
    assert.equal(git(dir, 'status', '--porcelain'), '', 'the default database folder ignores itself');
    const m = await cli(['measure', '--json'], { cwd: dir });
    assert.equal(m.code, 0, m.stderr);
    const byName = Object.fromEntries(m.json().measured.map((x) => [x.capability, x]));
    assert.deepEqual(byName.score.samples, [10]);
    assert.equal(byName.score.weakness.severity, 'high', 'gap 50 % → high');
    assert.deepEqual(byName['suite-pass-rate'].samples, [1]);
    assert.equal(byName['suite-pass-rate'].weakness, null);
    assert.match(m.stderr, /\[0\/2\] score: node score\.js/, 'plain progress lines without a terminal');
  });

  it('calibrate --runs 2 --json stores the spread (0 for a deterministic probe)', async () => {
    const r = await cli(['calibrate', 'score', '--runs', '2', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const [c] = r.json().calibrated;
    assert.equal(c.capability, 'score');
    assert.equal(c.noise.n, 2);
    assert.equal(c.noise.sd, 0);
    assert.equal(c.noise.mean, 10);
  });

  it('report: markdown for a pull request and --format json parsed', async () => {
    const md = await cli(['report'], { cwd: dir });
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /## Self-Improvement report/);
    assert.match(md.stdout, /\| score \| 10\.00 points \| 20\.00 \(higher is better\) \| 50\.0 % \(high\) \| 0\.0 % \|/);
    assert.match(md.stdout, /Open weaknesses: #\d+ score below target \(high\)/);
    const js = await cli(['report', '--format', 'json'], { cwd: dir });
    const report = js.json();
    assert.equal(report.capabilities.find((c) => c.name === 'score').current, 10);
    assert.equal(report.openWeaknesses.length, 1);
  });

  it('export --format openmetrics is parsed by a Prometheus text-format parser, every sample accounted for; prometheus has no # EOF', async () => {
    const r = await cli(['export', '--format', 'openmetrics'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[lines.length - 1], '# EOF', 'OpenMetrics ends with # EOF');
    const families = parsePrometheusTextFormat(r.stdout);
    const sampleLines = lines.filter((l) => l && !l.startsWith('#'));
    assert.equal(families.reduce((n, f) => n + f.metrics.length, 0), sampleLines.length, 'the parser read every sample line');
    const fam = (name) => families.find((f) => f.name === name);
    assert.equal(fam('self_improvement_capability_value').type, 'GAUGE');
    assert.deepEqual(fam('self_improvement_capability_value').metrics.find((m) => m.labels.capability === 'score'),
      { value: '10', labels: { capability: 'score', unit: 'points', direction: 'higher' } });
    assert.equal(fam('self_improvement_capability_noise_sd').metrics.find((m) => m.labels.capability === 'score').value, '0');
    const weak = Object.fromEntries(fam('self_improvement_open_weaknesses').metrics.map((m) => [m.labels.severity, m.value]));
    assert.deepEqual(weak, { critical: '0', high: '1', medium: '0', low: '0' });
    const prom = await cli(['export', '--format', 'prometheus'], { cwd: dir });
    assert.doesNotMatch(prom.stdout, /# EOF/);
    assert.equal(parsePrometheusTextFormat(prom.stdout).length, families.length);
  });

  it('one writer: while another process holds the database, writes exit 3 naming it and change nothing; report and export still work', async () => {
    const holder = await holdLock(path.join(dir, '.self-improvement', 'db.sqlite'));
    try {
      const m = await cli(['measure', 'score'], { cwd: dir });
      assert.equal(m.code, 3);
      assert.match(m.stderr, new RegExp(`in use by pid ${holder.pid} .*a VS Code window with this folder open.*was refused and nothing changed`));
      const r = await cli(['report', '--format', 'json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /being written by another process \(a VS Code window\?\); showing its last saved state, read-only/);
      assert.equal(r.json().capabilities.find((c) => c.name === 'score').current, 10);
    } finally { await holder.release(); }
    assert.equal((await cli(['measure', 'score'], { cwd: dir })).code, 0, 'released: writes work again');
  });

  it('--db points at another database (e.g. the VS Code window\'s); report on a missing one says how to start', async () => {
    const other = path.join(dir, 'elsewhere.sqlite');
    const r = await cli(['report', '--db', other], { cwd: dir });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /No database at .*elsewhere\.sqlite yet\. Run `self-improvement sync`/);
    assert.equal((await cli(['sync', '--db', other], { cwd: dir })).code, 0);
    assert.equal(existsSync(other), true);
  });
});

describe('cli: experiment — each verdict and its exit code, --json parsed', function () {
  this.timeout(300_000);
  let dir;
  before(async () => { dir = makeScoreRepo(); assert.equal((await cli(['sync'], { cwd: dir })).code, 0); });
  after(() => removeRepo(dir));

  const run = async (args) => {
    const r = await cli(['experiment', '--capability', 'score', '--max-runs', '8', '--json', ...args], { cwd: dir });
    return { ...r, out: r.stdout.trim().startsWith('{') ? r.json() : null };
  };

  it('--patch: a confirmed success, exit 0; the proposal is pending and the file untouched', async () => {
    writeFileSync(path.join(dir, 'better.patch'), scorePatch(10, 15));
    const r = await run(['--patch', path.join(dir, 'better.patch')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.out.verdict, 'success');
    assert.equal(r.out.evidence.confirmed, true);
    assert.equal(r.out.evidence.effect.relativeGain, 0.5);
    assert.deepEqual(r.out.evidence.guardrails.map((g) => [g.capability, g.passed]), [['suite-pass-rate', true]]);
    assert.deepEqual(r.out.proposals.map((p) => [p.filePath, p.status]), [['config.js', 'pending']]);
    assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { score: 10 };\n');
  });

  it('refused (faster but breaks the suite guardrail) and regression: exit 1', async () => {
    writeFileSync(path.join(dir, 'refused.patch'), scorePatch(10, 15) + breakSuitePatch);
    const refused = await run(['--patch', path.join(dir, 'refused.patch')]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.equal(refused.out.verdict, 'refused');
    assert.match(refused.out.reason, /suite-pass-rate fell from 1\.00 to 0\.90?\b.*20 cases flipped to fail: case1/);
    assert.deepEqual(refused.out.proposals, []);
    writeFileSync(path.join(dir, 'worse.patch'), scorePatch(10, 6));
    const worse = await run(['--patch', path.join(dir, 'worse.patch')]);
    assert.equal(worse.code, 1, worse.stderr);
    assert.equal(worse.out.verdict, 'regression');
  });

  it('no improvement (a no-op on a noiseless probe: shown below the threshold): exit 1', async () => {
    writeFileSync(path.join(dir, 'noop.patch'), 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+Only words.\n');
    const r = await cli(['experiment', '--capability', 'score', '--max-runs', '6', '--json', '--patch', path.join(dir, 'noop.patch')], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.json().verdict, 'no_improvement');
  });

  it('--working-tree and --ref: the same loop on uncommitted changes and on a branch', async () => {
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = { score: 15 };\n');
    const wt = await run(['--working-tree']);
    assert.equal(wt.code, 0, wt.stderr);
    assert.equal(wt.out.verdict, 'success');
    assert.equal(wt.out.evidence.candidate.kind, 'working-tree');
    git(dir, 'checkout', '-q', '-b', 'better');
    git(dir, 'commit', '-q', '-am', 'better score');
    git(dir, 'checkout', '-q', '-');
    const ref = await run(['--ref', 'better']);
    assert.equal(ref.code, 0, ref.stderr);
    assert.equal(ref.out.verdict, 'success');
    assert.deepEqual(ref.out.proposals.map((p) => p.filePath), ['config.js']);
    const unknown = await run(['--ref', 'no-such-branch']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /Unknown revision "no-such-branch"/);
  });

  it('a patch that does not apply: verdict failed in JSON, exit 3, the experiment recorded as failed', async () => {
    writeFileSync(path.join(dir, 'stale.patch'), scorePatch(99, 100));
    const r = await run(['--patch', path.join(dir, 'stale.patch')]);
    assert.equal(r.code, 3);
    assert.equal(r.out.verdict, 'failed');
    assert.match(r.out.reason, /does not apply/);
    const report = (await cli(['report', '--format', 'json'], { cwd: dir })).json();
    assert.equal(report.experiments.find((e) => e.id === r.out.experimentId).status, 'failed');
  });
});

describe('cli: gate on pull-request commits', function () {
  this.timeout(300_000);
  let dir;
  before(() => { dir = makeScoreRepo(); });
  after(() => removeRepo(dir));

  it('a harmless commit: every capability held, exit 0', async () => {
    writeFileSync(path.join(dir, 'README.md'), '# fixture\nMore words.\n');
    git(dir, 'commit', '-q', '-am', 'docs');
    const r = await cli(['gate', '--base', 'HEAD~1', '--json', '--capability', 'score', 'suite-pass-rate'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const g = r.json();
    assert.equal(g.outcome, 'pass');
    assert.deepEqual(g.capabilities.map((c) => [c.capability, c.status]), [['score', 'held'], ['suite-pass-rate', 'held']]);
  });

  it('a regressing commit: shown worse beyond its margin, exit 1; the report shows the failed gate', async () => {
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = { score: 5 };\n');
    git(dir, 'commit', '-q', '-am', 'regress');
    const r = await cli(['gate', '--base', 'HEAD~1', '--json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const g = r.json();
    assert.equal(g.outcome, 'fail');
    const score = g.capabilities.find((c) => c.capability === 'score');
    assert.equal(score.status, 'broken');
    assert.deepEqual([score.baseMean, score.headMean], [10, 5]);
    assert.equal(g.capabilities.find((c) => c.capability === 'suite-pass-rate').status, 'held');
    const md = (await cli(['report'], { cwd: dir })).stdout;
    assert.match(md, /❌ \*\*Gate failed\*\*: HEAD `[0-9a-f]{10}` against `HEAD~1`/);
    assert.match(md, /\| score \| ❌ worse \| 10\.00 → 5\.00 points \|/);
    const plain = await cli(['gate', '--base', 'HEAD~1', '--max-runs', '2'], { cwd: dir });
    assert.equal(plain.code, 1);
    assert.match(plain.stdout, /Gate FAILED: HEAD is worse than HEAD~1 beyond the margin on score/);
  });

  it('a failed gate alerts the webhook in SELF_IMPROVEMENT_WEBHOOK_URL; a webhook that is down changes nothing but a note', async () => {
    const received = [];
    const server = http.createServer((req, res) => { let b = ''; req.on('data', (d) => { b += d; }); req.on('end', () => { received.push(JSON.parse(b)); res.end('ok'); }); });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}/hook`;
    try {
      const r = await cli(['gate', '--base', 'HEAD~1', '--max-runs', '2', '--capability', 'score'], { cwd: dir, env: { SELF_IMPROVEMENT_WEBHOOK_URL: url } });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(received.length, 1, 'the alert was delivered before the process exited');
      assert.match(received[0].text, /^\[Self-Improvement\] Gate failed in .*: HEAD [0-9a-f]{10} against HEAD~1\. score fell from 10\.00 to 5\.00 points, beyond its 5 % margin/);
    } finally { await new Promise((r) => server.close(r)); }
    const down = await cli(['gate', '--base', 'HEAD~1', '--max-runs', '2', '--capability', 'score'], { cwd: dir, env: { SELF_IMPROVEMENT_WEBHOOK_URL: url } });
    assert.equal(down.code, 1, 'the same exit code');
    assert.match(down.stderr, /Alert not delivered \(4 attempts\): .*The command's result is unaffected/);
    const bad = await cli(['gate', '--base', 'HEAD~1'], { cwd: dir, env: { SELF_IMPROVEMENT_WEBHOOK_URL: 'nonsense' } });
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /SELF_IMPROVEMENT_WEBHOOK_URL: The alert webhook URL is not a URL/);
    assert.doesNotMatch(bad.stderr, /nonsense/, 'the URL (it may carry a token) is not repeated');
  });

  it('a capability the budget cannot decide: exit 2, and 1 with --strict', async () => {
    const flaky = { capabilities: [...SCORE_CONFIG.capabilities, { name: 'flaky', type: 'efficiency', baseline: 50, target: 50, probe: { command: 'node flaky.js', parse: { format: 'number' } } }] };
    writeConfig(dir, flaky);
    git(dir, 'commit', '-q', '-am', 'declare flaky');
    const r = await cli(['gate', '--base', 'HEAD~1', '--capability', 'flaky', '--max-runs', '2', '--json'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.json().outcome, 'unknown');
    assert.deepEqual(r.json().capabilities[0].samples, { base: [1, 100], head: [1, 100] });
    const strict = await cli(['gate', '--base', 'HEAD~1', '--capability', 'flaky', '--max-runs', '2', '--strict'], { cwd: dir });
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /Gate inconclusive/);
    const bad = await cli(['gate', '--base', 'nowhere'], { cwd: dir });
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /Unknown revision "nowhere".*fetch-depth: 0/);
  });
});
