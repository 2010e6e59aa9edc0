import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { detectCapabilities, type DetectOptions, type ProposedCapability } from '../../../src/engine/onboarding/detect';
import { makeTargets } from '../../../src/engine/onboarding/ecosystems';
import { testRunnerOf } from '../../../src/engine/onboarding/npmScripts';

// out/test/unit/onboarding → the repository's test/fixtures/onboarding
const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/onboarding');
const noTools: DetectOptions = { hasTool: () => false };
const detect = (name: string, options: DetectOptions = noTools) => detectCapabilities(path.join(FIXTURES, name), options);
const byName = (ps: ProposedCapability[], name: string): ProposedCapability => {
  const p = ps.find((x) => x.name === name);
  assert.ok(p, `no proposal ${name} among ${ps.map((x) => x.name).join(', ')}`);
  return p;
};

describe('set-up detection on fixture folders', () => {
  it('node:test: a per-case TAP probe (reporter through NODE_OPTIONS, npm banner silenced) and a timed bench', async () => {
    const d = await detect('node-test');
    assert.deepEqual(d.proposals.map((p) => p.name), ['tests-pass-rate', 'bench-ms']);
    const t = byName(d.proposals, 'tests-pass-rate');
    assert.equal(t.probe.command, 'npm test --silent');
    assert.deepEqual(t.probe.env, { NODE_OPTIONS: '--test-reporter=tap' });
    assert.equal(t.probe.parse.format, 'tap');
    assert.deepEqual(t.target, { absolute: 1 });
    assert.equal(t.fallback?.probe.parse.format, 'exit-code');
    const b = byName(d.proposals, 'bench-ms');
    assert.equal(b.probe.command, 'npm run bench --silent');
    assert.equal(b.probe.parse.format, 'wall-time');
    assert.equal(b.probe.samples, 5);
    assert.equal(b.direction, 'lower');
    assert.deepEqual(b.target, { relativeToBaseline: 0.9 });
  });

  it('Jest and Vitest: their JSON reports (jest-json), per case', async () => {
    const jest = byName((await detect('jest')).proposals, 'tests-pass-rate');
    assert.equal(jest.probe.command, 'npm test --silent -- --json');
    assert.equal(jest.probe.parse.format, 'jest-json');
    const vitest = await detect('vitest');
    const v = byName(vitest.proposals, 'tests-pass-rate');
    assert.equal(v.probe.command, 'npm test --silent -- --run --reporter=json');
    assert.equal(v.probe.parse.format, 'jest-json');
    assert.equal(byName(vitest.proposals, 'benchmark-ms').probe.command, 'npm run benchmark --silent');
  });

  it('mocha (TAP reporter) and tape (TAP); bench:… and perf scripts each timed', async () => {
    const mocha = await detect('mocha');
    assert.equal(byName(mocha.proposals, 'tests-pass-rate').probe.command, 'npm test --silent -- --reporter tap');
    assert.equal(byName(mocha.proposals, 'tests-pass-rate').probe.parse.format, 'tap');
    assert.equal(byName(mocha.proposals, 'bench-parse-ms').probe.command, 'npm run bench:parse --silent');
    assert.equal(byName(mocha.proposals, 'perf-ms').probe.parse.format, 'wall-time');
    const tape = byName((await detect('tape')).proposals, 'tests-pass-rate');
    assert.equal(tape.probe.command, 'npm test --silent');
    assert.equal(tape.probe.env, undefined);
  });

  it('an unknown runner gets an exit-code probe; the npm placeholder is no test suite', async () => {
    const custom = await detect('custom-test');
    assert.deepEqual(custom.proposals.map((p) => [p.name, p.probe.parse.format]), [['tests-pass', 'exit-code']]);
    const placeholder = await detect('placeholder');
    assert.equal(placeholder.proposals.length, 0);
    assert.ok(placeholder.looked.some((l) => /placeholder/.test(l)));
  });

  it('a bench script that runs hyperfine itself: its report is read (every timing a sample)', async () => {
    const p = byName((await detect('hyperfine-script')).proposals, 'bench-ms');
    assert.deepEqual(p.probe.parse, { format: 'hyperfine-json', file: 'bench.json', use: 'times' });
  });

  it('with hyperfine on PATH, bench scripts are timed by hyperfine into a report inside the folder', async () => {
    const d = await detect('node-test', { hasTool: (n: string) => n === 'hyperfine' });
    const p = byName(d.proposals, 'bench-ms');
    assert.match(p.probe.command, /hyperfine --warmup 1 --runs 5 --export-json \.self-improvement\/hyperfine-bench-ms\.json 'npm run bench --silent'/);
    assert.deepEqual(p.probe.parse, { format: 'hyperfine-json', file: '.self-improvement/hyperfine-bench-ms.json', use: 'times' });
  });

  it('pytest: JUnit XML written inside the folder, read per case', async () => {
    const p = byName((await detect('pytest')).proposals, 'pytest-pass-rate');
    assert.equal(p.probe.command, 'python3 -m pytest -q -p no:cacheprovider --junitxml=.self-improvement/pytest-junit.xml');
    assert.deepEqual(p.probe.parse, { format: 'junit', file: '.self-improvement/pytest-junit.xml' });
  });

  it('go test and cargo test/bench', async () => {
    assert.deepEqual((await detect('go')).proposals.map((p) => [p.name, p.probe.command]), [['go-test-pass', 'go test ./...']]);
    const cargo = await detect('cargo');
    assert.deepEqual(cargo.proposals.map((p) => [p.name, p.probe.command, p.probe.parse.format]),
      [['cargo-test-pass', 'cargo test --quiet', 'exit-code'], ['cargo-bench-ms', 'cargo bench --quiet', 'wall-time']]);
  });

  it('Makefile: test and bench-like targets (not variables or .PHONY)', async () => {
    const d = await detect('make');
    assert.deepEqual(d.proposals.map((p) => [p.name, p.probe.command]), [['make-test-pass', 'make -s test'], ['make-bench-io-ms', 'make -s bench-io']]);
    assert.deepEqual(makeTargets('A := 1\nB ?= 2\n.PHONY: x\nx y: z\n\techo\nz:\n'), ['x', 'y', 'z']);
  });

  it('an empty folder: nothing proposed, and what was looked at is listed', async () => {
    const d = await detect('empty');
    assert.equal(d.proposals.length, 0);
    for (const what of ['package.json', 'pytest', 'go.mod', 'Cargo.toml', 'Makefile']) assert.ok(d.looked.some((l) => l.startsWith(what)), `looked at ${what}`);
  });

  it('tells test runners apart from the script', () => {
    assert.equal(testRunnerOf('node --test'), 'node:test');
    assert.equal(testRunnerOf('node --experimental-vm-modules --test test/'), 'node:test');
    assert.equal(testRunnerOf('cross-env CI=1 jest'), 'jest');
    assert.equal(testRunnerOf('vitest run'), 'vitest');
    assert.equal(testRunnerOf('nyc mocha'), 'mocha');
    assert.equal(testRunnerOf('node test.js'), 'unknown');
    assert.equal(testRunnerOf('jester'), 'unknown');
  });
});
