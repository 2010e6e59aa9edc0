// Browser end-to-end test of set-up on the PACKAGED extension (code-server = VS Code, headless Chromium):
// a folder without any config (an npm package with a real node:test suite, one case failing, and a bench
// script) → the empty Capabilities view offers Set Up → keep all → Write Config → the config file is
// written and opened, and the Capabilities view shows both capabilities with their measured baselines.
// Usage: node test/e2e/onboarding-e2e.mjs [path/to.vsix]   Screenshots: test-results/screenshots/onboarding-*.png
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, pageHelpers, copyDir, ROOT, waitUntil, finishRun } from '../harness/harness.mjs';
import { actionCounter, openView, selfImprovementView, setUp } from '../harness/setUpFlow.mjs';

const vsix = vsixUnderTest(process.argv[2]);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-onboard-e2e-'));
const ws = copyDir(path.join(ROOT, 'test/fixtures/onboarding/node-test'), path.join(tmp, 'my-project'));
execFileSync('git', ['init', '-q'], { cwd: ws });
const server = await startCodeServer({ vsix, workspace: ws });
const context = await launchBrowser();
const checks = makeChecks();
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const { check, shot, palette } = pageHelpers(page, checks, 'onboarding-failure');
  const { pane } = selfImprovementView(page);
  const { act, actions } = actionCounter();
  const configFile = path.join(ws, '.vscode', 'self-improvement.json');

  await check('a folder without config: the empty Capabilities view leads with "Set Up Capabilities…"', async () => {
    if (fs.existsSync(configFile)) throw new Error('the fixture already has a config');
    await openView(page, act);
    await page.waitForTimeout(500);
    await shot('onboarding-welcome-dark.png');
  });

  await check('the walkthrough opened before set-up shows step 1 ("set up") not yet done', async () => {
    // Opened first, as a newcomer following it does: VS Code creates its walkthrough service only when a
    // walkthrough (or the Welcome page) first opens, and a context key already true then never marks a
    // step (README, "Set up capabilities"). From the palette: the view's "Open the walkthrough" link, as
    // the first one in a window, lands on VS Code's own walkthrough in code-server (reported, not fixed here).
    await palette('Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with the Self-Improvement Engine' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    const step = page.getByRole('checkbox', { name: /Set up capabilities from this folder/ }).first();
    await step.waitFor({ timeout: 20_000 });
    if ((await step.getAttribute('aria-checked')) !== 'false') throw new Error('the set-up step is done before set-up ran');
  });

  let result;
  await check('Set Up: the proposals are listed (all checked), each probe runs once, the dialog shows the measured baselines', async () => {
    result = await setUp(page, act, { expected: 2, shot: async (name) => { await page.waitForTimeout(300); await shot(`onboarding-${name}-dark.png`); } });
    if (!/tests-pass-rate: baseline 0\.6667 ratio, target 1/.test(result.dialogText)) throw new Error(`dialog: ${result.dialogText}`);
    if (!/bench-ms: baseline [\d.]+ ms, target [\d.]+/.test(result.dialogText)) throw new Error(`dialog: ${result.dialogText}`);
    log('dialog:', result.dialogText.replace(/\n/g, ' | '));
  });

  await check('the commented config is written (baselines = first measurement) and opened in an editor', async () => {
    await waitUntil('the config file', async () => fs.existsSync(configFile), 20_000);
    const text = fs.readFileSync(configFile, 'utf8');
    if (!/^\/\/ Capabilities of this folder/.test(text)) throw new Error(`no header comment: ${text.slice(0, 200)}`);
    if (!/"baseline": 0\.6667/.test(text)) throw new Error('the tests baseline is not the first run (2 of 3)');
    await page.getByRole('tab', { name: /self-improvement\.json/ }).waitFor({ timeout: 20_000 });
  });

  await check('the Capabilities view shows both capabilities with their measured values', async () => {
    const rows = result?.rows ?? [];
    log('tree rows:', rows.map((r) => r.replace(/\n/g, ' ')).join(' | '));
    if (!rows.some((r) => /tests-pass-rate/.test(r) && /0\.667|0\.6667/.test(r))) throw new Error(`rows: ${rows.join(' | ')}`);
    if (!rows.some((r) => /bench-ms/.test(r) && /\d+(\.\d+)? \/ [\d.]+ ms/.test(r.replace(/\n/g, ' ')))) throw new Error(`rows: ${rows.join(' | ')}`);
    await page.locator('.notification-toast', { hasText: /Set up 2 capabilities/ }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shot('onboarding-done-dark.png');
    log(`user actions: ${actions.length} (${actions.join('; ')})`);
    if (actions.length > 4) throw new Error(`${actions.length} actions`);
  });

  await check('the same in the light theme (screenshot)', async () => {
    await palette('Preferences: Toggle between Light/Dark Themes');
    await waitUntil('the light theme', async () => /vs(?!-dark)/.test(await page.locator('.monaco-workbench').getAttribute('class') ?? '') && !/vs-dark/.test(await page.locator('.monaco-workbench').getAttribute('class') ?? ''), 20_000);
    await page.waitForTimeout(800);
    await shot('onboarding-done-light.png');
  });

  await check('the walkthrough is contributed and opens on its steps', async () => {
    await palette('Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with the Self-Improvement Engine' }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await page.getByText('Set up capabilities from this folder').first().waitFor({ timeout: 20_000 });
    await page.getByText('Calibrate the noise').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await shot('onboarding-walkthrough-light.png');
    await palette('Preferences: Toggle between Light/Dark Themes');
    await page.waitForTimeout(1200);
    await shot('onboarding-walkthrough-dark.png');
  });

  await check('the walkthrough shows its first step ("set up") as done after the set-up above', async () => {
    // Each step's checkbox carries the done state (aria-checked), whatever the theme draws.
    const steps = page.getByRole('checkbox', { name: /Set up capabilities from this folder/ });
    await steps.first().waitFor({ timeout: 20_000 });
    const states = await Promise.all((await steps.all()).map((s) => s.getAttribute('aria-checked')));
    const all = await page.getByRole('checkbox', { checked: true }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    log('walkthrough checkboxes checked:', all.join(' | ') || 'none');
    if (!states.includes('true')) throw new Error(`the set-up step is not done (aria-checked: ${states.join(', ')})`);
    await shot('onboarding-walkthrough-done-dark.png');
  });

  await check('each probe run is in Output › Self-Improvement (command, exit code, duration, value)', async () => {
    await palette('Output: Show Output Channels...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: /^Self-Improvement/ }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    const output = page.locator('.part.panel .monaco-editor');
    // The lines wrap in the panel; the bench runs (the last ones) are in view.
    await waitUntil('the probe-run lines', async () => /probe "npm run bench --silent" in \S*my-project: exit 0, \d+ ms → [\d.]+/.test((await output.innerText().catch(() => '')).replace(/[\s\u00a0]+/g, ' ')), 20_000);
    await page.waitForTimeout(300);
    await shot('onboarding-output-dark.png');
  });
} finally {
  ok = await finishRun(checks.summary(), { context, server, tmp });
}
process.exit(ok ? 0 : 1);
