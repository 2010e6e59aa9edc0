import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { detectCapabilities } from '../../../src/engine/onboarding/detect';
import { measureBaselines, planInit } from '../../../src/engine/onboarding/initConfig';
import { formatProbeRun, setProbeRunLogger, type ProbeRunRecord } from '../../../src/engine/probes/runLog';
import { parseConfig } from '../../../src/engine/config/parseConfig';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/onboarding');
const noTools = { hasTool: (): boolean => false };

describe('set-up baselines: each probe run once, for real', function () {
  this.timeout(60000);
  let dir: string;
  let restore: () => void = () => undefined;
  const runs: ProbeRunRecord[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'si-onboard-'));
    cpSync(path.join(FIXTURES, 'node-test'), dir, { recursive: true });
    runs.length = 0;
    restore = setProbeRunLogger((r) => runs.push(r));
  });
  afterEach(() => { restore(); rmSync(dir, { recursive: true, force: true }); });

  it('node:test per case: baseline 2 of 3 (the first run), bench timed 5 times; progress counts; every run logged', async () => {
    const d = await detectCapabilities(dir, noTools);
    const progress: string[] = [];
    const r = await measureBaselines(dir, d.proposals, { isTrusted: () => true, onProgress: (p) => progress.push(`${p.index}/${p.total} ${p.name}`) });
    assert.deepEqual(progress, ['1/2 tests-pass-rate', '2/2 bench-ms']);
    assert.deepEqual(r.failed, []);
    const [tests, bench] = r.measured;
    assert.equal(tests!.proposal.probe.parse.format, 'tap');
    assert.ok(Math.abs(tests!.baseline - 2 / 3) < 1e-9, `baseline ${tests!.baseline}`);
    assert.equal(tests!.target, 1);
    assert.equal(bench!.samples.length, 5);
    assert.ok(bench!.baseline > 0 && bench!.target < bench!.baseline);
    assert.equal(runs.length, 6, '1 test run + 5 bench runs');
    assert.deepEqual(runs[0]!.cases, { total: 3, failed: 1 });
    assert.equal(runs[0]!.exitCode, 1);
    assert.match(formatProbeRun(runs[0]!), /^probe "npm test --silent" in .+: exit 1, \d+ ms → 0\.666667 \(2\/3 cases pass\)$/);
  });

  it('a per-case report that cannot be read falls back to the exit code, and says why', async () => {
    // A test script that prints no TAP at all despite the reporter.
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'node --test test/ > /dev/null; echo done' } }));
    const d = await detectCapabilities(dir, noTools);
    const r = await measureBaselines(dir, d.proposals, { isTrusted: () => true });
    assert.equal(r.measured[0]!.proposal.name, 'tests-pass');
    assert.equal(r.measured[0]!.baseline, 1);
    assert.match(r.measured[0]!.fellBack!, /tap/i);
    const failedRun = runs.find((x) => x.error);
    assert.ok(failedRun, 'the unreadable run is logged');
    assert.match(formatProbeRun(failedRun), /failed: [\s\S]*\n {4}stdout:\n {4}done$/);
  });

  it('untrusted: nothing runs, each proposal is reported as failed', async () => {
    const d = await detectCapabilities(dir, noTools);
    const r = await measureBaselines(dir, d.proposals, { isTrusted: () => false });
    assert.equal(r.measured.length, 0);
    assert.equal(r.failed.length, 2);
    assert.ok(runs.every((x) => x.exitCode === null && x.error));
  });

  it('planInit (the CLI) uses the same engine and writes a parseable, commented config', async () => {
    const plan = await planInit(dir, { isTrusted: () => true, detect: noTools });
    assert.deepEqual(plan.capabilities.map((c) => c.name), ['tests-pass-rate', 'bench-ms']);
    assert.match(plan.text!, /^\/\//);
    assert.equal(parseConfig(plan.text!).config!.capabilities.length, 2);
  });
});
