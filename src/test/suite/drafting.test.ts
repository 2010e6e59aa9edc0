// Draft Candidate in the real extension host, against a chat model served by the test-only extension
// test/fixtures/fake-lm (stable vscode.lm.registerLanguageModelChatProvider, its vendor declared only
// there). The workspace folder becomes a tiny git project: bench.js waits config.js's delayMs, suite.js
// prints TAP for cases.js. The model's first draft is faster but breaks the suite (refused by the
// verdict); the second, told why, makes the benchmark clearly faster and waits for approval.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DraftOutcome, DraftRecord } from '../../agents/drafting/draftLoop';
import { engine, folder, messagesSince, readDisk, run, testing, unique, waitFor } from './helpers';
import { CommandId } from '../../vscode/commands/commandTable';

const VENDOR = 'fake-lm';
const BENCH = `const { delayMs } = require('./config');
const t = Date.now();
setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);
`;
const SUITE = `const { failing } = require('./cases');
const lines = [];
for (let i = 1; i <= 200; i++) lines.push((failing.includes('case' + i) ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..200\\n' + lines.join('\\n'));
`;
const SLOW = 'module.exports = { delayMs: 100 };';
const NO_FAILURES = 'module.exports = { failing: [] };';

function config(bench: string, suite: string): string {
  return JSON.stringify({
    improvementThreshold: 0.15,
    capabilities: [
      { name: bench, type: 'efficiency', direction: 'lower', baseline: 40, target: 10, unit: 'ms',
        probe: { command: 'node bench.js', parse: { regex: 'elapsed: (\\d+)' }, samples: 3, timeoutSeconds: 20 } },
      { name: suite, type: 'output_quality', baseline: 1, target: 1,
        probe: { command: 'node suite.js', parse: { format: 'tap' }, timeoutSeconds: 20 }, guardrail: { margin: 0.02 } },
    ],
  }, null, 2);
}

const linePatch = (file: string, from: string, to: string, line = 1): string =>
  `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -${line} +${line} @@\n-${from}\n+${to}\n`;
const FASTER = linePatch('config.js', SLOW, 'module.exports = { delayMs: 5 };');
const FASTER_BUT_BREAKS_SUITE = FASTER + linePatch('cases.js', NO_FAILURES,
  `module.exports = { failing: ${JSON.stringify(Array.from({ length: 10 }, (_, i) => `case${i + 1}`))} };`);
const fenced = (patch: string): string => `Here is the change:\n\n\`\`\`diff\n${patch}\`\`\`\n`;

describe('agents: Draft Candidate with a chat model from vscode.lm', function () {
  this.timeout(300_000);
  const names = { bench: unique('draft-bench-ms'), suite: unique('draft-suite-pass-rate') };
  const written = ['bench.js', 'config.js', 'suite.js', 'cases.js', 'README.md'];
  let root: string;
  let originalConfig: string;

  before(async () => {
    root = folder().fsPath;
    originalConfig = await readDisk('.vscode/self-improvement.json');
    fs.writeFileSync(path.join(root, 'bench.js'), BENCH);
    fs.writeFileSync(path.join(root, 'config.js'), `${SLOW}\n`);
    fs.writeFileSync(path.join(root, 'suite.js'), SUITE);
    fs.writeFileSync(path.join(root, 'cases.js'), `${NO_FAILURES}\n`);
    if (!fs.existsSync(path.join(root, 'README.md'))) fs.writeFileSync(path.join(root, 'README.md'), '# fixture\n');
    else written.pop();
    fs.writeFileSync(path.join(root, '.vscode', 'self-improvement.json'), config(names.bench, names.suite));
    // The workspace folder (a scratch copy made by the runner) becomes the git project the A/B arms come from.
    const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'ignore' }); };
    g('init', '-q'); g('add', '.'); g('commit', '-q', '-m', 'fixture');
    // The config watcher syncs the declared capabilities into the engine.
    const e = await engine();
    await waitFor('the declared capabilities', () => [names.bench, names.suite].every((n) => e.listCapabilities().some((c) => c.name === n)) || undefined, 15_000);
  });

  after(async () => {
    await run('fakeLm.stop'); // no chat model again for whatever runs next
    fs.writeFileSync(path.join(root, '.vscode', 'self-improvement.json'), originalConfig);
    for (const f of written) fs.rmSync(path.join(root, f), { force: true });
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  it('the test-only provider\'s model is offered through vscode.lm.selectChatModels', async () => {
    await run('fakeLm.script', []); // activates the fake extension and registers its provider
    const models = await waitFor('the fake model', async () => (await vscode.lm.selectChatModels({ vendor: VENDOR }))[0], 15_000);
    assert.equal(models.vendor, VENDOR);
    assert.equal(models.id, 'fake-drafter');
  });

  it('a draft that breaks the suite is refused by the verdict; the next makes the benchmark clearly faster and waits for approval', async () => {
    const t = await testing();
    const e = await engine();
    const weakness = e.measureCapability(names.bench, 40).weakness;
    assert.ok(weakness, 'bench 40 ms against a 10 ms target is a weakness');
    const exp = e.generateExperiments(weakness.id, 1)[0]!;
    await run('fakeLm.script', [fenced(FASTER_BUT_BREAKS_SUITE), fenced(FASTER)]);
    const pendingBefore = e.listImprovements({ status: 'pending' }).map((i) => i.id);

    // Prompts, in order: the chat model (only when more than one is available), the files, the "Review" button (declined).
    const models = await vscode.lm.selectChatModels();
    if (models.length > 1) t.ui.enqueue(models.find((m) => m.vendor === VENDOR)!.name);
    t.ui.enqueue('config.js, cases.js', undefined);
    const mark = t.ui.shown.length;
    const out = await run<DraftOutcome | undefined>(CommandId.DraftCandidate, exp.id);
    assert.ok(out, `no outcome: ${JSON.stringify(messagesSince(t, mark))}`);

    assert.equal(out.stopped, 'success', JSON.stringify(out.records.map((r) => [r.verdict, r.reason])));
    assert.deepEqual(out.records.map((r) => r.verdict), ['refused', 'success']);
    assert.match(out.records[0]!.reason, new RegExp(names.suite));
    assert.equal(out.records[0]!.improvementIds.length, 0, 'the refused draft proposes nothing');
    // The model was really asked through vscode.lm: both prompts reached the provider, the second with the first's outcome.
    const prompts = await run<string[]>('fakeLm.prompts');
    assert.equal(prompts.length, 2);
    assert.match(prompts[0]!, /--- config\.js\nmodule\.exports = \{ delayMs: 100 \};/);
    assert.match(prompts[1]!, /Draft 1: verdict refused\./);

    // Offered for approval: one new pending improvement for config.js, the user's file untouched.
    assert.equal(out.offered.length, 1);
    const imp = e.getImprovement(out.offered[0]!);
    assert.equal(imp.status, 'pending');
    assert.equal(imp.filePath, 'config.js');
    assert.deepEqual(e.listImprovements({ status: 'pending' }).map((i) => i.id).filter((id) => !pendingBefore.includes(id)), [imp.id]);
    assert.equal(await readDisk('config.js'), `${SLOW}\n`);
    assert.equal(await readDisk('cases.js'), `${NO_FAILURES}\n`);
    const shown = messagesSince(t, mark);
    assert.ok(shown.some((m) => new RegExp(`improvement #${imp.id} waits for your approval`).test(m.message) && m.items.includes('Review')), JSON.stringify(shown));
    // Every prompt and answer kept with the experiment.
    const kept = e.getMetadata<DraftRecord[]>(`drafts:experiment:${exp.id}`)!;
    assert.deepEqual(kept.map((r) => r.prompt), prompts);
    assert.equal(kept[1]!.answer, fenced(FASTER));
  });
});
