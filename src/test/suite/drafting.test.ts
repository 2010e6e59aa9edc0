// Draft Candidate in the real extension host, against a chat model served by the test-only extension
// test/fixtures/fake-lm (stable vscode.lm.registerLanguageModelChatProvider, its vendor declared only
// there). The workspace folder becomes a tiny git project: bench.js waits config.js's delayMs, suite.js
// prints TAP for cases.js. The model's first draft is faster but breaks the suite (refused by the
// verdict); the second, told why, makes the benchmark clearly faster and waits for approval. Throughout,
// the Git extension sees only the person's repository (the A/B arms are temporary clones outside the
// folder) and no linked worktree is left. Then: a second proposal for the same file offers to replace the
// first; a model error stops at once with its message; the transcript opens from the proposal.
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
const fenced = (patch: string, rationale = ''): string => `Here is the change:\n\n\`\`\`diff\n${patch}\`\`\`\n${rationale ? `\nRationale: ${rationale}.\n` : ''}`;
const MODEL = `${VENDOR}/fake-drafter`;

interface GitApi { repositories: { rootUri: vscode.Uri }[]; openRepository(root: vscode.Uri): Promise<unknown> }
async function gitApi(): Promise<GitApi> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
  assert.ok(ext, 'the built-in Git extension is present');
  return (await ext.activate()).getAPI(1);
}
// A root another suite has deleted since (its fixture repository) may still be listed for a moment: kept as is.
const repoRoots = (api: GitApi): string[] => api.repositories.map((r) => (fs.existsSync(r.rootUri.fsPath) ? fs.realpathSync(r.rootUri.fsPath) : r.rootUri.fsPath));

describe('agents: Draft Candidate with a chat model from vscode.lm', function () {
  this.timeout(300_000);
  const names = { bench: unique('draft-bench-ms'), suite: unique('draft-suite-pass-rate') };
  const written = ['bench.js', 'config.js', 'suite.js', 'cases.js', 'README.md'];
  let root: string;
  let originalConfig: string;
  let firstProposal: number | undefined;

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
    await run('fakeLm.script', [fenced(FASTER_BUT_BREAKS_SUITE), fenced(FASTER, 'Lower the delay to 5 ms')]);
    // The person's repository, as the Git extension (Source Control view) knows it.
    const git = await gitApi();
    const own = fs.realpathSync(root);
    await waitFor('the Git extension to find the folder\'s repository', () => repoRoots(git).includes(own) || undefined, 20_000)
      .catch(async () => { await git.openRepository(folder()); });
    assert.ok(repoRoots(git).includes(own), `the Git extension knows the folder's repository: ${JSON.stringify(repoRoots(git))}`);
    const pendingBefore = e.listImprovements({ status: 'pending' }).map((i) => i.id);

    // Prompts, in order: the chat model (only when more than one is available), the files, the "Review" button (declined).
    const models = await vscode.lm.selectChatModels();
    if (models.length > 1) t.ui.enqueue(models.find((m) => m.vendor === VENDOR)!.name);
    // A mistyped path is refused in the box (the person retypes), never sent as a missing file.
    t.ui.enqueue('config.js, cses.js', 'config.js, cases.js', undefined);
    const rejectedBefore = t.ui.rejectedInputs.length;
    const mark = t.ui.shown.length;
    // Repositories other suites left open (their fixtures) are not this run's: only new ones would be.
    const openBefore = new Set(repoRoots(git));
    const seenRepos = new Set<string>();
    let worktreesSeen = false;
    const drafting = Promise.resolve(run<DraftOutcome | undefined>(CommandId.DraftCandidate, exp.id));
    let finished = false;
    void drafting.finally(() => { finished = true; });
    while (!finished) {
      for (const r of repoRoots(git)) seenRepos.add(r);
      if (fs.existsSync(path.join(root, '.git', 'worktrees'))) worktreesSeen = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const out = await drafting;
    assert.ok(out, `no outcome: ${JSON.stringify(messagesSince(t, mark))}`);
    assert.deepEqual(t.ui.rejectedInputs.slice(rejectedBefore).map((r) => r.value), ['config.js, cses.js']);
    assert.match(t.ui.rejectedInputs[rejectedBefore]!.reason, /"cses\.js" is not a file in the workspace folder/);
    // No stray repositories: during the whole run Source Control had only the person's; no worktree left behind.
    assert.deepEqual([...seenRepos].filter((r) => !openBefore.has(r)), [], 'no repository appeared in the Git extension during the run');
    assert.ok(seenRepos.has(own), 'the person\'s repository stayed');
    assert.equal(worktreesSeen, false, 'no linked worktree under .git/worktrees during the run');
    assert.equal(fs.existsSync(path.join(root, '.git', 'worktrees')), false);
    assert.equal(execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: root, encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('worktree ')).length, 1);

    assert.equal(out.stopped, 'success', JSON.stringify(out.records.map((r) => [r.verdict, r.reason])));
    assert.deepEqual(out.records.map((r) => r.verdict), ['refused', 'success']);
    assert.match(out.records[0]!.reason, new RegExp(names.suite));
    assert.equal(out.records[0]!.improvementIds.length, 0, 'the refused draft proposes nothing');
    // The model was really asked through vscode.lm: both prompts reached the provider, the second with the first's outcome.
    const prompts = await run<string[]>('fakeLm.prompts');
    assert.equal(prompts.length, 2);
    assert.match(prompts[0]!, /--- config\.js\nmodule\.exports = \{ delayMs: 100 \};/);
    // The first prompt already names what must not break: the guardrail, its probe, margin and measuring files.
    assert.ok(prompts[0]!.includes(`- ${names.suite}: \`node suite.js\` — a pass/fail suite, run once per arm and compared case by case; its pass rate may drop by at most 2 %. Measured by: suite.js.`), prompts[0]);
    assert.ok(prompts[0]!.includes('(bench.js, suite.js, .vscode/self-improvement.json)'));
    assert.doesNotMatch(prompts[0]!, /\(missing\)/);
    assert.match(prompts[1]!, /Draft 1: verdict refused\./);

    // Offered for approval: one new pending improvement for config.js, the user's file untouched.
    assert.equal(out.offered.length, 1);
    const imp = e.getImprovement(out.offered[0]!);
    assert.equal(imp.status, 'pending');
    assert.equal(imp.filePath, 'config.js');
    // Provenance: named for what the patch does, proposed by the model.
    assert.equal(imp.name, 'Lower the delay to 5 ms: config.js');
    assert.equal(imp.proposedBy, `lm:${MODEL}`);
    assert.equal(e.getExperiment(exp.id).name, 'Edit config.js, cases.js', 'draft 1 (no rationale) is named for the files its diff changes');
    assert.deepEqual(e.listImprovements({ status: 'pending' }).map((i) => i.id).filter((id) => !pendingBefore.includes(id)), [imp.id]);
    assert.equal(await readDisk('config.js'), `${SLOW}\n`);
    assert.equal(await readDisk('cases.js'), `${NO_FAILURES}\n`);
    const shown = messagesSince(t, mark);
    assert.ok(shown.some((m) => new RegExp(`drafted by ${MODEL} measurably helped: improvement #${imp.id} waits for your approval`).test(m.message)
      && m.items.includes('Review') && m.items.includes('Show Transcript')), JSON.stringify(shown));
    firstProposal = imp.id;
    // Every prompt and answer kept with the experiment.
    const kept = e.getMetadata<DraftRecord[]>(`drafts:experiment:${exp.id}`)!;
    assert.deepEqual(kept.map((r) => r.prompt), prompts);
    assert.equal(kept[1]!.answer, fenced(FASTER, 'Lower the delay to 5 ms'));
  });

  it('a second proposal for the same file says so and, when asked, replaces the first (rejected as superseded, audited)', async () => {
    const t = await testing();
    const e = await engine();
    assert.ok(firstProposal, 'the previous test made a proposal');
    const exp = e.createExperiment({ capabilityName: names.bench, name: 'Shorter delay again' });
    const EVEN_FASTER = linePatch('config.js', SLOW, 'module.exports = { delayMs: 1 };');
    await run('fakeLm.script', [fenced(EVEN_FASTER, 'Lower the delay to 1 ms')]);
    const models = await vscode.lm.selectChatModels();
    if (models.length > 1) t.ui.enqueue(models.find((m) => m.vendor === VENDOR)!.name);
    t.ui.enqueue('config.js', `Replace #${firstProposal}`, undefined);
    const mark = t.ui.shown.length;
    const out = await run<DraftOutcome | undefined>(CommandId.DraftCandidate, exp.id);
    assert.ok(out);
    assert.equal(out.stopped, 'success', JSON.stringify(out.records.map((r) => [r.verdict, r.reason])));
    const [fresh] = out.offered;
    const shown = messagesSince(t, mark);
    const question = shown.find((m) => m.message.startsWith('config.js already has a pending proposal'));
    assert.ok(question, JSON.stringify(shown));
    assert.match(question.message, new RegExp(`#${firstProposal} "Lower the delay to 5 ms: config\\.js" \\(by lm:${MODEL}\\); the new #${fresh} changes the same file`));
    assert.deepEqual(question.items, [`Replace #${firstProposal}`, 'Keep Both']);
    const old = e.getImprovement(firstProposal);
    assert.equal(old.status, 'rejected');
    assert.equal(old.rejectedReason, `Superseded by improvement #${fresh} for config.js.`);
    assert.ok(e.getAuditTrail({ entity: 'improvement', entityId: old.id }).some((a) => a.action === 'rejected'));
    assert.deepEqual(e.listImprovements({ status: 'pending' }).filter((i) => i.filePath === 'config.js').map((i) => i.id), [fresh], 'one pending proposal for the file');
    assert.equal(await readDisk('config.js'), `${SLOW}\n`);
  });

  it('a model error stops at once with the model\'s message (not retried to the budget)', async () => {
    const t = await testing();
    const e = await engine();
    const exp = e.createExperiment({ capabilityName: names.bench, name: 'Model fails' });
    await run('fakeLm.script', [{ error: 'Quota exceeded for fake-drafter' }, fenced(FASTER)]);
    const models = await vscode.lm.selectChatModels();
    if (models.length > 1) t.ui.enqueue(models.find((m) => m.vendor === VENDOR)!.name);
    t.ui.enqueue('config.js', undefined);
    const mark = t.ui.shown.length;
    const out = await run<DraftOutcome | undefined>(CommandId.DraftCandidate, exp.id);
    assert.ok(out);
    assert.equal(out.stopped, 'model-error');
    assert.match(out.error ?? '', /Quota exceeded for fake-drafter/);
    assert.equal((await run<string[]>('fakeLm.prompts')).length, 1, 'asked once');
    const shown = messagesSince(t, mark);
    const error = shown.find((m) => m.level === 'error');
    assert.ok(error, JSON.stringify(shown));
    assert.match(error.message, new RegExp(`^${MODEL} could not draft a candidate: .*Quota exceeded for fake-drafter.* Nothing was proposed`));
    assert.doesNotMatch(error.message, /budget/);
    assert.equal(e.getExperiment(exp.id).status, 'planned', 'nothing was measured');
  });

  it('Show Drafting Transcript opens the prompts, answers and verdicts from the proposal', async () => {
    const t = await testing();
    const e = await engine();
    assert.ok(firstProposal);
    const uri = await run<vscode.Uri | undefined>(CommandId.ShowDraftingTranscript, e.getImprovement(firstProposal));
    assert.ok(uri, 'a transcript opened');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^# Drafting transcript: #\d+ Edit config\.js, cases\.js/);
    assert.match(text, new RegExp(`## Draft 1 by ${MODEL}: refused`));
    assert.match(text, new RegExp(`## Draft 2 by ${MODEL}: success`));
    assert.ok(text.includes('Rationale: Lower the delay to 5 ms.'));
    const mark = t.ui.shown.length;
    const none = e.createExperiment({ capabilityName: names.bench, name: 'Never drafted' });
    assert.equal(await run(CommandId.ShowDraftingTranscript, none.id), undefined);
    assert.ok(messagesSince(t, mark).some((m) => new RegExp(`Experiment #${none.id} has no drafts`).test(m.message)));
  });
});
