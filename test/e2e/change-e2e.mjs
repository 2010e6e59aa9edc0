// Browser end-to-end test of "Is My Change Better?" (issue 13) on the PACKAGED extension: the demo
// workspace (a git repository), a real edit to its code plus an uncommitted edit of its config file, the
// Source Control view's title action, the plan dialog, counted progress, the result notification.
// Usage: node test/e2e/change-e2e.mjs [path/to.vsix]   Screenshots: test-results/screenshots/change-*.png
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, seededDemo, pageHelpers, finishRun } from '../harness/harness.mjs';
import { openChangeCheckFromScm, resultToast, runPlan } from '../harness/changeFlow.mjs';

const vsix = vsixUnderTest(process.argv[2]);
const { tmp, ws, seedDb } = seededDemo('si-change-e2e-');
// The person's uncommitted change: the faster implementation, and a comment in the config file.
fs.copyFileSync(path.join(ROOT, 'test/fixtures/seed/improved-wordFrequency.js'), path.join(ws, 'src/wordFrequency.js'));
const configPath = path.join(ws, '.vscode/self-improvement.json');
fs.writeFileSync(configPath, `// edited while setting up; not part of the change\n${fs.readFileSync(configPath, 'utf8')}`);

const server = await startCodeServer({ vsix, workspace: ws, env: { SELF_IMPROVEMENT_SEED_DB: seedDb } });
const context = await launchBrowser();
const checks = makeChecks();
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const { check, shot, palette } = pageHelpers(page, checks, 'change-failure');
  // The counted route is bench/onboarding.mjs's; here each step is checked.
  const act = (_what, fn) => fn();
  let click;

  await check('the Source Control view shows "Is My Change Better?" in its title', async () => {
    click = await openChangeCheckFromScm(page, act, { log });
    await page.waitForTimeout(800);
    await shot('change-scm-dark.png');
  });

  await check('clicking it shows the plan first (runs per arm, guardrails, time), with Run', async () => {
    await click();
    await runPlan(page, act, {
      check: (text) => {
        log('plan:', JSON.stringify(text.slice(0, 400)));
        if (!/Is your change better\?/.test(text) || !/src\/wordFrequency\.js/.test(text) || !/runs per arm/.test(text)) throw new Error(`unexpected plan: ${text}`);
        if (/self-improvement\.json\)/.test(text.split('against HEAD')[0])) throw new Error('the config file is listed as part of the change');
      },
      shot: () => shot('change-plan-dark.png'),
    });
  });

  await check('progress counts the runs ("run k of n")', async () => {
    const progress = page.locator('.notification-toast', { hasText: /run \d+ of \d+/ });
    await progress.first().waitFor({ timeout: 120_000 });
    await shot('change-progress-dark.png');
  });

  await check('the result notification gives each verdict with Show Evidence (and Run More Samples when open)', async () => {
    const result = resultToast(page).filter({ hasText: /Is my change better\? top-words-ms:/ });
    await result.waitFor({ timeout: 600_000 });
    const text = await result.innerText();
    log('result:', JSON.stringify(text.slice(0, 500)));
    await result.locator('a.monaco-button', { hasText: 'Show Evidence' }).waitFor();
    if (/Flagged/.test(text)) throw new Error(`flagged: ${text}`);
    await shot('change-result-dark.png');
  });

  await check('the same result in the light theme', async () => {
    await palette('Preferences: Toggle between Light/Dark Themes');
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: 20_000 });
    // The toast may have timed out by now: the notification centre keeps it.
    const toast = page.locator('.notification-toast', { hasText: /Is my change better\?/ });
    if (!(await toast.isVisible().catch(() => false))) await palette('Notifications: Show Notifications');
    await page.waitForTimeout(1500);
    await shot('change-result-light.png');
  });
} finally {
  ok = await finishRun(checks.summary(), { context, server, tmp });
}
process.exit(ok ? 0 : 1);
