// Issue 13 in the real extension host: "Is My Change Better?" on a fixture repository inside the
// workspace (a real working-tree change with an uncommitted config edit beside it), the working tree
// equal to HEAD, Register Capability's Back button and goal check, Add a Probe writing the config, and
// refusals that offer the next step.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ExperimentOutcome } from '../../engine/loop/runExperiment';
import type { Capability } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { BACK_ANSWER } from '../../vscode/ui';
import { engine, folder, messagesSince, readDisk, run, testing, unique, writeDisk } from './helpers';

const BENCH = `const { delayMs } = require('./config');
const t = Date.now();
setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);
`;

describe('issue 13: Is My Change Better?, Register Capability, Add a Probe', function () {
  this.timeout(180_000);
  let repo: string;
  const bench = unique('change-ms');
  const configText = (threshold: number): string => `// the fixture's capability (comments stay)\n${JSON.stringify({
    improvementThreshold: threshold,
    capabilities: [{ name: bench, type: 'performance', direction: 'lower', baseline: 100, target: 10, unit: 'ms',
      probe: { command: 'node bench.js', parse: { regex: 'elapsed: (\\d+)' }, timeoutSeconds: 20 } }],
  }, null, 2)}\n`;
  let original: string;

  before(async () => {
    original = await readDisk('.vscode/self-improvement.json');
    repo = path.join(folder().fsPath, unique('change-fixture'));
    fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'bench.js'), BENCH);
    fs.writeFileSync(path.join(repo, 'config.js'), 'module.exports = { delayMs: 100 };\n');
    fs.writeFileSync(path.join(repo, '.vscode', 'self-improvement.json'), configText(0.15));
    const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'ignore' }); };
    g('init', '-q'); g('add', '.'); g('commit', '-q', '-m', 'fixture');
  });
  after(async () => {
    fs.rmSync(repo, { recursive: true, force: true });
    await writeDisk('.vscode/self-improvement.json', original);
    await (await testing()).measure.watcher.reload(folder().fsPath);
  });

  it('the working tree equal to HEAD (only the config edited): "no uncommitted changes", nothing runs', async () => {
    const t = await testing();
    fs.writeFileSync(path.join(repo, '.vscode', 'self-improvement.json'), configText(0.1));
    const before = (await engine()).listExperiments().length;
    const mark = t.ui.shown.length;
    t.ui.enqueue(undefined); // the refusal's button
    assert.equal(await run(CommandId.IsMyChangeBetter, { folder: repo, capability: bench }), undefined);
    const shown = messagesSince(t, mark);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0]!.level, 'warning');
    assert.match(shown[0]!.message, /no uncommitted changes/);
    assert.ok(!shown[0]!.modal, 'no plan was shown');
    assert.equal((await engine()).listExperiments().length, before, 'no experiment');
  });

  it('a real working-tree change beside an uncommitted config edit: plan first, a verdict, the actions; the config is not part of it', async () => {
    const t = await testing();
    fs.writeFileSync(path.join(repo, 'config.js'), 'module.exports = { delayMs: 5 };\n');
    fs.writeFileSync(path.join(repo, '.vscode', 'self-improvement.json'), configText(0.1));
    const mark = t.ui.shown.length;
    t.ui.enqueue('Run', undefined);
    const out = await run<ExperimentOutcome[]>(CommandId.IsMyChangeBetter, { folder: repo, capability: bench, budget: { maxSamplesPerArm: 8 } });
    const shown = messagesSince(t, mark);
    assert.ok(out && out.length === 1, `no outcome: ${JSON.stringify(shown)}`);
    assert.ok(shown[0]?.modal, 'the plan comes first, as a question');
    assert.match(shown[0]!.message, /^Is your change better\? Your uncommitted changes \(config\.js\) against HEAD/);
    assert.match(shown[0]!.message, /runs per arm/);
    assert.deepEqual(shown[0]!.items, ['Run']);
    const o = out[0]!;
    assert.equal(o.experiment.verdict, 'success', o.evidence.reason);
    assert.equal(o.evidence.candidate.kind, 'working-tree');
    assert.deepEqual(o.evidence.changedFiles, ['config.js'], 'the config file is not part of the change');
    assert.deepEqual(o.evidence.tamperFlags, [], 'and is not a tamper flag');
    const result = shown[shown.length - 1]!;
    assert.match(result.message, new RegExp(`^Is my change better\\? ${bench}: success`));
    assert.ok(result.items.includes('Show Evidence'), JSON.stringify(result.items));
    // The user's files stay as they are.
    assert.equal(fs.readFileSync(path.join(repo, 'config.js'), 'utf8'), 'module.exports = { delayMs: 5 };\n');
  });

  it('a capability without a probe: Measure and Is My Change Better? offer "Add a Probe…"', async () => {
    const t = await testing();
    const name = unique('no-probe');
    (await engine()).registerCapability({ name, type: 'performance', baseline: 10, target: 5, direction: 'lower', unit: 'ms', description: '' });
    const mark = t.ui.shown.length;
    t.ui.enqueue(undefined);
    assert.equal(await run(CommandId.MeasureCapability, { folder: repo, capability: name }), undefined);
    t.ui.enqueue(undefined);
    assert.equal(await run(CommandId.IsMyChangeBetter, { folder: repo, capability: name }), undefined);
    const shown = messagesSince(t, mark);
    assert.equal(shown.length, 2, JSON.stringify(shown));
    for (const m of shown) { assert.equal(m.level, 'warning'); assert.deepEqual(m.items, ['Add a Probe…']); }
  });

  it('Register Capability: Back returns to the previous step, a goal that asks to get worse is refused with the reason', async () => {
    const t = await testing();
    const name = unique('startup-ms');
    const rejected = t.ui.rejectedInputs.length;
    // name, type, direction "Higher", Back → direction again "Lower", baseline 120, target 200 (refused), 80, unit, no probe, notification.
    t.ui.enqueue(name, 'performance', 'Higher is better', BACK_ANSWER, 'Lower is better', '120', '200', '80', 'ms', '', undefined);
    const cap = await run<Capability>(CommandId.RegisterCapability);
    assert.ok(cap, 'registered');
    assert.equal(cap.direction, 'lower', 'the answer after Back counts');
    assert.equal(cap.target, 80);
    const reasons = t.ui.rejectedInputs.slice(rejected);
    assert.equal(reasons.length, 1);
    assert.equal(reasons[0]!.value, '200');
    assert.match(reasons[0]!.reason, /Lower is better, but the target \(200\) is above the baseline \(120\)/);
    assert.equal(t.ui.pendingAnswers(), 0);
    // Given as an argument, the same rule refuses with the reason and writes nothing.
    const mark = t.ui.shown.length;
    const bad = unique('bad-goal');
    assert.equal(await run(CommandId.RegisterCapability, { name: bad, type: 'performance', baseline: 120, target: 200, direction: 'lower' }), undefined);
    assert.match(messagesSince(t, mark)[0]!.message, /Not registered: Lower is better/);
    assert.doesNotMatch(await readDisk('.vscode/self-improvement.json'), new RegExp(bad));
  });

  it('Add a Probe writes the probe into the config (comments kept); the tree item then offers Measure', async () => {
    const t = await testing();
    const name = unique('probe-me');
    t.ui.enqueue(undefined); // Register's notification
    await run(CommandId.RegisterCapability, { name, type: 'performance', baseline: 100, target: 50, direction: 'lower', unit: 'ms' });
    await writeDisk('.vscode/self-improvement.json', `// a comment the person wrote\n${await readDisk('.vscode/self-improvement.json')}`);
    await t.measure.watcher.reload(folder().fsPath);
    await t.refresh();
    const item = async () => { await t.refresh(); const p = (await t.trees.capabilities.getChildren()).find((c) => c.name === name)!; return t.trees.capabilities.getTreeItem(p); };
    assert.equal((await item()).contextValue, 'capability:noProbe');
    // Back from the format step to the command, a new command, then the format; then the notification.
    t.ui.enqueue('node old.js', BACK_ANSWER, 'node bench.js', 'A number it prints', undefined);
    const probe = await run<{ command: string }>(CommandId.AddProbe, name);
    assert.equal(probe?.command, 'node bench.js');
    const text = await readDisk('.vscode/self-improvement.json');
    assert.match(text, /^\/\/ a comment the person wrote/);
    assert.match(text, /"command": "node bench.js"/);
    assert.doesNotMatch(text, /old\.js/);
    assert.equal((await item()).contextValue, 'capability:probe');
  });
});
