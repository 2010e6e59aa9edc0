// Improve… in the real extension host, with the test-only chat model (test/fixtures/fake-lm): an
// unattended run over two weaknesses (noiseless score probes, a suite guardrail) whose scripted answers
// are refused → success for the first and no effect → success for the second. The Review Queue view
// then lists exactly the two confirmed candidates (effect, interval, guardrails, model, transcript), and
// a person's Approve from the queue writes one of them; nothing was applied before that click.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImproveOutcome } from '../../agents/improve/search';
import type { QueueRow, ReviewQueueNode } from '../../vscode/trees/reviewQueueTree';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, folder, messagesSince, readDisk, run, testing, unique, waitFor } from './helpers';

const VENDOR = 'fake-lm';
const BASE = 'module.exports = { score: 10 };';
const NO_FAILURES = 'module.exports = { failing: [] };';
const scoreScript = (n: string): string => `const { score } = require('./${n}-config');\nconsole.log('score: ' + score);\n`;
const SUITE = `const { failing } = require('./cases');
const lines = [];
for (let i = 1; i <= 200; i++) lines.push((failing.includes('case' + i) ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..200\\n' + lines.join('\\n'));
`;
const line = (file: string, from: string, to: string): string => `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-${from}\n+${to}\n`;
const raise = (n: string, to: number): string => line(`${n}-config.js`, BASE, `module.exports = { score: ${to} };`);
const breakSuite = line('cases.js', NO_FAILURES, `module.exports = { failing: ${JSON.stringify(Array.from({ length: 20 }, (_, i) => `case${i + 1}`))} };`);
const noop = `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+Only documentation.\n`;
const fenced = (patch: string): string => `\`\`\`diff\n${patch}\`\`\`\n`;
const entries = (nodes: ReviewQueueNode[]): QueueRow[] => nodes.filter((n): n is QueueRow => n.kind === 'entry');

describe('agents: Improve… (unattended search) and the Review Queue view', function () {
  this.timeout(400_000);
  const names = { alpha: unique('improve-alpha'), beta: unique('improve-beta'), suite: unique('improve-suite') };
  const written = ['alpha.js', 'alpha-config.js', 'beta.js', 'beta-config.js', 'suite.js', 'cases.js', 'README.md'];
  let root: string;
  let originalConfig: string;

  before(async () => {
    root = folder().fsPath;
    originalConfig = await readDisk('.vscode/self-improvement.json');
    for (const n of ['alpha', 'beta']) {
      fs.writeFileSync(path.join(root, `${n}.js`), scoreScript(n));
      fs.writeFileSync(path.join(root, `${n}-config.js`), `${BASE}\n`);
    }
    fs.writeFileSync(path.join(root, 'suite.js'), SUITE);
    fs.writeFileSync(path.join(root, 'cases.js'), `${NO_FAILURES}\n`);
    fs.writeFileSync(path.join(root, 'README.md'), '# fixture\n');
    const probe = (n: string) => ({ command: `node ${n}.js`, parse: { format: 'regex', regex: 'score: (\\d+)' }, timeoutSeconds: 20 });
    fs.writeFileSync(path.join(root, '.vscode', 'self-improvement.json'), JSON.stringify({
      improvementThreshold: 0.15,
      capabilities: [
        { name: names.alpha, type: 'output_quality', direction: 'higher', baseline: 10, target: 40, unit: 'points', probe: probe('alpha') },
        { name: names.beta, type: 'output_quality', direction: 'higher', baseline: 10, target: 14, unit: 'points', probe: probe('beta') },
        { name: names.suite, type: 'reliability', baseline: 1, target: 1, probe: { command: 'node suite.js', parse: { format: 'tap' }, timeoutSeconds: 20 }, guardrail: { margin: 0.02 } },
      ],
    }, null, 2));
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'ignore' }); };
    g('init', '-q'); g('add', '.'); g('commit', '-q', '-m', 'fixture');
    const e = await engine();
    await waitFor('the declared capabilities', () => [names.alpha, names.beta, names.suite].every((n) => e.listCapabilities().some((c) => c.name === n)) || undefined, 15_000);
  });

  after(async () => {
    await run('fakeLm.stop');
    fs.writeFileSync(path.join(root, '.vscode', 'self-improvement.json'), originalConfig);
    for (const f of written) fs.rmSync(path.join(root, f), { force: true });
    fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  it('queues exactly the confirmed, guarded candidates of two weaknesses; the view shows them; Approve stays a person\'s click', async () => {
    const t = await testing();
    const e = await engine();
    assert.ok(e.measureCapability(names.alpha, 10).weakness && e.measureCapability(names.beta, 10).weakness, 'both below target');
    const queuedBefore = new Set(entries(await t.trees.reviewQueue.getChildren()).map((n) => n.id));
    await run('fakeLm.script', [fenced(raise('alpha', 30) + breakSuite), fenced(raise('alpha', 30)), fenced(noop), fenced(raise('beta', 20))]);
    const models = await waitFor('the fake model', async () => (await vscode.lm.selectChatModels()).length ? vscode.lm.selectChatModels() : undefined, 15_000);
    if (models.length > 1) t.ui.enqueue(models.find((m) => m.vendor === VENDOR)!.name);
    t.ui.enqueue('requests=8,runs=8', 'alpha-config.js, beta-config.js, cases.js', undefined);
    const mark = t.ui.shown.length;
    const out = await run<ImproveOutcome | undefined>(CommandId.Improve);
    assert.ok(out, `no outcome: ${JSON.stringify(messagesSince(t, mark))}`);
    assert.equal(out.stopped, 'done', out.message);
    assert.deepEqual(out.drafts.map((d) => d.record.verdict), ['refused', 'success', 'no_improvement', 'success']);
    const prompts = await run<string[]>('fakeLm.prompts');
    assert.match(prompts[1]!, /Draft 1: verdict refused\./, 'execution feedback');
    assert.match(messagesSince(t, mark).map((m) => m.message).join('\n'), /2 confirmed candidate\(s\) wait in the Review Queue/);

    await t.refresh();
    const rows = entries(await t.trees.reviewQueue.getChildren()).filter((n) => !queuedBefore.has(n.id));
    assert.deepEqual(rows.map((r) => r.entry.filePath).sort(), ['alpha-config.js', 'beta-config.js']);
    const alpha = rows.find((r) => r.entry.filePath === 'alpha-config.js')!;
    const item = t.trees.reviewQueue.getTreeItem(alpha);
    assert.equal(item.contextValue, 'queueEntry');
    assert.match(String(item.description), /^\+200\.0 % .* · alpha-config\.js$/);
    const details = (await t.trees.reviewQueue.getChildren(alpha)).map((d) => t.trees.reviewQueue.getTreeItem(d));
    const byLabel = Object.fromEntries(details.map((d) => [String(d.label), d]));
    assert.match(String(byLabel.Guardrails!.description), new RegExp(`${names.suite} held`));
    assert.match(String(byLabel.Model!.description), /^lm:fake-lm\/fake-drafter$/, 'proposed by the model that drafted it');
    assert.equal(byLabel.Transcript!.command!.command, 'selfImprovement.showDraftingTranscript');
    assert.ok(String(byLabel.Interval!.description).includes('…'));
    // Nothing applied unattended; then a person approves from the queue (the row is the command's argument).
    assert.equal(await readDisk('alpha-config.js'), `${BASE}\n`);
    await run(CommandId.ApproveImprovement, alpha);
    await waitFor('the approval', () => e.getImprovement(alpha.id).status === 'applied' || undefined, 20_000);
    assert.equal(await readDisk('alpha-config.js'), 'module.exports = { score: 30 };\n');
    await t.refresh();
    const after = entries(await t.trees.reviewQueue.getChildren()).map((n) => n.id);
    assert.ok(!after.includes(alpha.id), 'an approved change leaves the queue');
  });
});
