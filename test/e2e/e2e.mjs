// Browser end-to-end test on the PACKAGED extension: code-server (real VS Code 1.104) in headless Chromium.
// Usage: node test/e2e/e2e.mjs [path/to.vsix]   (npm run test:e2e builds the vsix and the seed script first)
// Screenshots: test-results/screenshots/*.png
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, seededDemo, waitUntil, pageHelpers, finishRun } from '../harness/harness.mjs';

const vsix = vsixUnderTest(process.argv[2]);
// A fresh copy of the demo workspace and a database seeded against it by the engine itself.
const { tmp, ws, seedDb } = seededDemo('si-e2e-');
const target = path.join(ws, 'src/wordFrequency.js');
const originalText = fs.readFileSync(target, 'utf8');
// Typed into the file on disk while its proposal is open: approving must refuse and offer a fresh review.
const editedText = `${originalText}// edited while the proposal was open\n`;
const PROPOSAL = 'Sort once instead of bubble sort: src/wordFrequency.js';
const improvedText = fs.readFileSync(path.join(ROOT, 'test/fixtures/seed/improved-wordFrequency.js'), 'utf8');

const server = await startCodeServer({ vsix, workspace: ws, env: { SELF_IMPROVEMENT_SEED_DB: seedDb } });
const context = await launchBrowser();
const checks = makeChecks();
const { summary } = checks;
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const container = page.locator('[id="workbench.view.extension.selfImprovement"]');
  const pane = (title) => container.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
  // A failed check leaves a screenshot of what the browser showed.
  const { check, shot, palette } = pageHelpers(page, checks, 'failure');

  await check('workbench loads with the packaged extension installed', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor();
  });

  await check('the activity bar entry opens the Self-Improvement sidebar with its four views', async () => {
    await page.locator('.activitybar a.action-label[aria-label^="Self-Improvement"]').click({ timeout: 30_000 });
    for (const title of ['Capabilities', 'Weaknesses', 'Experiments', 'Improvements']) {
      await container.locator('.pane-header', { hasText: title }).waitFor({ timeout: 30_000 });
    }
  });

  await check('each view shows the seeded items (the wasm loaded from the vsix)', async () => {
    await pane('Capabilities').getByRole('treeitem', { name: /top-words-ms/ }).waitFor({ timeout: 30_000 });
    await pane('Capabilities').getByRole('treeitem', { name: /test-pass-rate/ }).waitFor();
    await pane('Weaknesses').getByRole('treeitem', { name: /Tokenizer splits on single spaces/ }).waitFor();
    await pane('Experiments').getByRole('treeitem').first().waitFor();
    await pane('Improvements').getByRole('treeitem', { name: /Sort once instead of bubble sort/ }).waitFor();
    const n = await pane('Experiments').getByRole('treeitem').count();
    if (n < 2) throw new Error(`expected 2 experiments, saw ${n}`);
    await page.mouse.move(700, 450); // no hover tooltip over the views
    await page.waitForTimeout(500); // let icons settle
    await shot('sidebar.png');
    await shot('view-capabilities.png', pane('Capabilities'));
    await shot('view-weaknesses.png', pane('Weaknesses'));
    await shot('view-experiments.png', pane('Experiments'));
    await shot('view-improvements.png', pane('Improvements'));
  });

  await check('the status bar shows the grade and the open weakness count', async () => {
    const item = page.locator('.statusbar-item').filter({ hasText: /^\s*[A-D—]\s*·\s*\d+\s*$/ }).first();
    await item.waitFor({ timeout: 15_000 });
    log('status bar:', JSON.stringify((await item.innerText()).trim()));
  });

  await check('clicking the pending improvement opens its diff against the file', async () => {
    await pane('Improvements').getByRole('treeitem', { name: /Sort once instead of bubble sort/ }).click();
    const diff = page.locator('.monaco-diff-editor');
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.tab', { hasText: /wordFrequency\.js ↔ Proposal #1/ }).waitFor();
    await diff.locator('.editor.modified .view-lines', { hasText: 'One O(k log k) sort' }).first().waitFor({ timeout: 15_000 });
    await diff.locator('.editor.original .view-lines', { hasText: 'Bubble sort' }).first().waitFor();
    await page.waitForTimeout(800);
    await shot('diff.png');
  });

  // Text buttons (issue 14): commands with a text title and no icon.
  const approveButton = () => page.locator('.editor-actions a.action-label', { hasText: /^Approve$/ });

  await check('approving after the file changed on disk refuses, offers Review Against Current, and that opens a fresh diff', async () => {
    fs.writeFileSync(target, editedText);
    await approveButton().click({ timeout: 15_000 });
    const toast = page.locator('.notification-toast', { hasText: /changed since the proposal was made; nothing was applied/ });
    await toast.waitFor({ timeout: 20_000 });
    await shot('stale-approval.png');
    if (fs.readFileSync(target, 'utf8') !== editedText) throw new Error('a stale approval wrote the file');
    await toast.locator('a.monaco-button', { hasText: 'Review Against Current' }).click();
    await page.locator('.tab', { hasText: /wordFrequency\.js ↔ Proposal #2/ }).waitFor({ timeout: 20_000 });
    await page.locator('.monaco-diff-editor .editor.original .view-lines', { hasText: 'edited while the proposal was open' }).first().waitFor({ timeout: 15_000 });
    await pane('Improvements').getByRole('treeitem', { name: `${PROPOSAL}, rejected, src/wordFrequency.js` }).waitFor({ timeout: 20_000 });
  });

  await check('Approve in the editor title applies the proposal to the file on disk and closes the diff', async () => {
    const approve = approveButton();
    await approve.waitFor({ timeout: 15_000 });
    await page.locator('.editor-actions a.action-label', { hasText: /^Reject$/ }).waitFor();
    await shot('diff-title-actions.png', page.locator('.editor-group-container .title').first());
    await approve.click();
    await waitUntil('the file on disk to change', () => fs.readFileSync(target, 'utf8') === improvedText);
    await waitUntil('the diff to close', async () => (await page.locator('.monaco-diff-editor').count()) === 0);
    await pane('Improvements').getByRole('treeitem', { name: `${PROPOSAL}, applied, src/wordFrequency.js` }).waitFor({ timeout: 30_000 });
    if (fs.readFileSync(target, 'utf8') !== improvedText) throw new Error('the applied change did not stay on disk');
    await shot('after-approve.png');
  });

  await check('Roll Back on the applied item restores the file as it was before the approval', async () => {
    const row = pane('Improvements').getByRole('treeitem', { name: `${PROPOSAL}, applied, src/wordFrequency.js` });
    await row.hover();
    await row.locator('a.action-label[aria-label="Roll Back Improvement"]').click({ timeout: 10_000 });
    await waitUntil('the file on disk to be restored', () => fs.readFileSync(target, 'utf8') === editedText);
    await pane('Improvements').getByRole('treeitem', { name: `${PROPOSAL}, rolled back, src/wordFrequency.js` }).waitFor({ timeout: 30_000 });
    if (fs.readFileSync(target, 'utf8') !== editedText) throw new Error('the rollback did not stay on disk');
    await page.mouse.move(5, 400);
    await shot('after-rollback.png');
  });

  await check('Measure All runs the demo\'s real probes', async () => {
    await palette('Self-Improvement: Measure All');
    await page.locator('.notification-toast', { hasText: /Measured 2 capabilities/ }).waitFor({ timeout: 120_000 });
  });

  await check('Run Experiment on a Change measures an uncommitted fix against HEAD: confirmed success', async () => {
    const before = await pane('Experiments').getByRole('treeitem').count();
    fs.writeFileSync(target, improvedText); // the person's own uncommitted change
    await palette('Self-Improvement: Run Experiment on a Change');
    const pick = async (label) => {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 20_000 });
    };
    await pick('top-words-ms');
    await pick('Working tree against HEAD');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    await shot('experiment-plan.png');
    await dialog.locator('a.monaco-button', { hasText: 'Run' }).click();
    // The change is already the working tree, so there is nothing to propose: the answer is the verdict.
    const result = page.locator('.notification-toast', { hasText: /Verdict:/ });
    await result.waitFor({ timeout: 240_000 });
    await shot('experiment-result.png');
    const text = await result.innerText();
    if (!/Verdict: success \(confirmed on fresh samples\)/.test(text)) throw new Error(`the fix was not confirmed: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    await result.locator('a.monaco-button', { hasText: 'Show Evidence' }).waitFor();
    await waitUntil('a new experiment in the tree', async () => (await pane('Experiments').getByRole('treeitem').count()) > before);
  });

  await check('Self-Assessment opens as a Markdown preview', async () => {
    await palette('Self-Improvement: Show Self-Assessment');
    await page.locator('.tab', { hasText: /Preview.*Self-Assessment/ }).waitFor({ timeout: 20_000 });
    await page.frameLocator('iframe.webview.ready').frameLocator('iframe').locator('h1', { hasText: /Self-Assessment — grade/ }).waitFor({ timeout: 20_000 });
    await shot('self-assessment.png');
  });
} finally {
  ok = await finishRun(summary(), { context, server, tmp });
}
process.exit(ok ? 0 : 1);
