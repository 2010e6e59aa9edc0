// Set Up Capabilities in the real extension host: a fixture npm repository with a real node:test suite
// (one case fails on purpose) and a bench script; the prompts are answered through the ui.ts queue.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../../vscode/commands/commandTable';
import { SET_UP } from '../../vscode/commands/registerCommand';
import { MANAGE_TRUST } from '../../vscode/measure/trust';
import { ADD_TO_IT, EDIT_TARGETS, WRITE, type SetUpResult } from '../../vscode/onboarding/setUpFeature';
import { engine, folder, messagesSince, run, testing, unique } from './helpers';

const TESTS = `const test = require('node:test');
const assert = require('node:assert');
test('adds', () => assert.equal(1 + 1, 2));
test('subtracts', () => assert.equal(3 - 1, 2));
test('multiplies', () => assert.equal(2 * 2, 5));
`;

function npmRepo(name: string): string {
  const dir = path.join(folder().fsPath, unique(name));
  fs.mkdirSync(path.join(dir, 'test'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, scripts: { test: 'node --test test/', bench: 'node bench.js' } }, null, 2));
  fs.writeFileSync(path.join(dir, 'test', 'math.test.js'), TESTS);
  fs.writeFileSync(path.join(dir, 'bench.js'), 'let s = 0; for (let i = 0; i < 1e5; i++) s += i; console.log(s);\n');
  return dir;
}

describe('set-up: Set Up Capabilities on a fixture npm repository', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('detects, runs each probe once, writes the commented config with those baselines, syncs and records them', async () => {
    const t = await testing();
    const dir = npmRepo('setup-fresh');
    dirs.push(dir);
    const mark = t.ui.shown.length;
    t.ui.enqueue('*', WRITE, undefined);
    const r = await run<SetUpResult>(CommandId.SetUp, { folder: dir });
    assert.ok(r, `no result: ${JSON.stringify(messagesSince(t, mark))}`);
    assert.deepEqual(r.added, ['tests-pass-rate', 'bench-ms']);
    const shown = messagesSince(t, mark);
    assert.ok(shown[0]?.modal && /Measured 2 baselines:\ntests-pass-rate: baseline 0\.6667 ratio, target 1/.test(shown[0].message), shown[0]?.message);
    const text = fs.readFileSync(path.join(dir, '.vscode', 'self-improvement.json'), 'utf8');
    assert.match(text, /^\/\/ Capabilities of this folder/);
    const parsed = engineChunk().parseConfig(text);
    assert.ok(parsed.config, JSON.stringify(parsed.diagnostics));
    const tests = parsed.config.capabilities.find((c) => c.name === 'tests-pass-rate')!;
    assert.equal(tests.baseline, 0.6667, 'the baseline is the first run: 2 of 3 cases pass');
    assert.equal(tests.probe!.parse.format, 'tap');
    const e = await engine();
    assert.ok(Math.abs(e.getCapability('tests-pass-rate').current! - 2 / 3) < 1e-9, 'the first run is recorded as the first measurement');
    assert.ok(e.getCapability('bench-ms').current! > 0);
    assert.ok(shown.some((m) => /^Set up 2 capabilities in \.vscode\/self-improvement\.json: tests-pass-rate 0\.6667 ratio \(target 1\)/.test(m.message)), JSON.stringify(shown.map((m) => m.message)));
    // Measuring it now runs the written probe: per case, the same 2 of 3.
    const m = await run<{ samples: number[] }>(CommandId.MeasureCapability, { folder: dir, capability: 'tests-pass-rate' });
    assert.ok(m);
    assert.ok(Math.abs(m.samples[0]! - 2 / 3) < 1e-9);
  });

  it('an existing config is merged, never overwritten; targets are editable and odd ones refused', async () => {
    const t = await testing();
    const dir = npmRepo('setup-merge');
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, '.vscode'));
    const mine = '// my notes: keep me\n{\n  "capabilities": [\n    { "name": "bench-ms", "type": "performance", "baseline": 500, "target": 100, "unit": "ms", "direction": "lower" }\n  ]\n}\n';
    fs.writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), mine);
    const rejected = t.ui.rejectedInputs.length;
    // Add to it; only tests-pass-rate is new; Edit Targets: 0.2 is refused (below the baseline, higher is better), then 0.9.
    t.ui.enqueue(ADD_TO_IT, '*', EDIT_TARGETS, '0.2', '0.9', undefined);
    const r = await run<SetUpResult>(CommandId.SetUp, { folder: dir });
    assert.ok(r);
    assert.deepEqual(r.added, ['tests-pass-rate']);
    assert.equal(t.ui.rejectedInputs.length, rejected + 1);
    assert.match(t.ui.rejectedInputs.at(-1)!.reason, /Higher is better/);
    const text = fs.readFileSync(path.join(dir, '.vscode', 'self-improvement.json'), 'utf8');
    assert.ok(text.startsWith('// my notes: keep me'), text);
    const caps = engineChunk().parseConfig(text).config!.capabilities;
    assert.deepEqual(caps.map((c) => [c.name, c.target]), [['bench-ms', 100], ['tests-pass-rate', 0.9]]);
    assert.equal(caps[0]!.baseline, 500, 'the hand-written capability is left as it was');
  });

  it('Measure All where no config exists: the refusal offers Set Up, and Set Up runs from it', async () => {
    const t = await testing();
    const dir = npmRepo('setup-offer');
    dirs.push(dir);
    const mark = t.ui.shown.length;
    // The offer's button, then the set-up it starts: keep all, write, dismiss the closing message.
    t.ui.enqueue(SET_UP, '*', WRITE, undefined);
    await run(CommandId.MeasureAll, { folder: dir });
    const offer = messagesSince(t, mark)[0];
    assert.ok(offer && /has no \.vscode\/self-improvement\.json yet/.test(offer.message) && offer.items.includes(SET_UP), JSON.stringify(offer));
    assert.ok(!/\n\s+at /.test(offer.message), 'no stack trace in the message');
    const file = path.join(dir, '.vscode', 'self-improvement.json');
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
    assert.ok(fs.existsSync(file), 'Set Up… wrote the config for that folder');
  });

  it('untrusted: nothing runs; the refusal offers Manage Workspace Trust', async () => {
    const t = await testing();
    const dir = npmRepo('setup-untrusted');
    dirs.push(dir);
    const mark = t.ui.shown.length;
    t.measure.trust.override = false;
    try {
      t.ui.enqueue(undefined);
      const r = await run(CommandId.SetUp, { folder: dir });
      assert.equal(r, undefined);
    } finally { t.measure.trust.override = undefined; }
    const shown = messagesSince(t, mark);
    assert.ok(shown.some((m) => m.items.includes(MANAGE_TRUST)), JSON.stringify(shown));
    assert.ok(!fs.existsSync(path.join(dir, '.vscode')), 'nothing written');
  });
});
