// Browser end-to-end test of the dashboard on the PACKAGED extension (code-server = VS Code 1.104, headless
// Chromium): it opens for the demo's capability and experiment, its charts hold as many marks as the engine
// has values, a theme switch re-colours them, and a running experiment adds points as samples arrive.
// Usage: node test/e2e/dashboard-e2e.mjs [path/to.vsix]  (npm run test:e2e builds the vsix and the seed script)
// Screenshots: test-results/screenshots/dashboard-*.png
import fs from 'node:fs';
import { startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, seededDemo, waitUntil, pageHelpers, finishRun } from '../harness/harness.mjs';

const vsix = vsixUnderTest(process.argv[2]);
const { tmp, ws, seedDb } = seededDemo('si-dash-e2e-');
const server = await startCodeServer({ vsix, workspace: ws, env: { SELF_IMPROVEMENT_SEED_DB: seedDb } });
const context = await launchBrowser();
const checks = makeChecks();
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  // Any Content-Security-Policy refusal inside the webview shows up in the console.
  const cspViolations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const container = page.locator('[id="workbench.view.extension.selfImprovement"]');
  const pane = (title) => container.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
  const { check, shot, palette } = pageHelpers(page, checks, 'dashboard-failure');
  // The dashboard's document: webviews are an iframe (the host) holding another iframe (our page).
  const dash = () => page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  const dashFrame = async () => {
    for (const f of page.frames()) {
      if (await f.locator('main#app').count().catch(() => 0)) return f;
    }
    return null;
  };
  // The dark theme (the harness's default) and Light Modern swap with VS Code's own toggle command.
  const toggleTheme = () => palette('Preferences: Toggle between Light/Dark Themes');
  const frameWith = async (selector) => {
    for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
    return null;
  };
  const count = async (selector) => { const f = await dashFrame(); return f ? f.locator(selector).count() : -1; };
  const view = async () => { const f = await dashFrame(); return f ? f.locator('main#app').getAttribute('data-view') : null; };
  // The engine's looks: the loop looks after every pair from the plan's first look (6 per arm) to where the rule
  // stopped, so a first run of N pairs took N − 5 looks. N is the stored evidence's, read from the arms chart's label.
  const FIRST_LOOK = 6;
  const engineLooks = async () => {
    const label = await (await dashFrame()).locator('#arms-chart svg').getAttribute('aria-label');
    const pairs = Number(/^Samples per arm: baseline (\d+)/.exec(label)?.[1] ?? NaN);
    return { pairs, looks: pairs - FIRST_LOOK + 1 };
  };
  const assertLooks = async (what) => {
    const { pairs, looks } = await engineLooks();
    const drawn = await count('#sequential-chart g[aria-description="looks"] circle');
    if (!(looks >= 1) || drawn !== looks) throw new Error(`${what}: ${drawn} look marks drawn, the engine took ${looks} looks (${pairs} pairs from the first look at ${FIRST_LOOK})`);
    const rows = await count('#sequential-chart details.data-table tbody tr');
    if (rows !== looks) throw new Error(`${what}: the looks table has ${rows} rows, expected ${looks}`);
    log(`${what}: ${drawn} looks drawn = the engine's ${looks} (${pairs} pairs)`);
    return looks;
  };

  await check('the workbench loads and the seeded capabilities show', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar a.action-label[aria-label^="Self-Improvement"]').click({ timeout: 30_000 });
    await pane('Capabilities').getByRole('treeitem', { name: /top-words-ms/ }).waitFor({ timeout: 30_000 });
  });

  let measurements = -1;
  /** Rows the demo seed stores as pulled from its "CI" team origin (test/fixtures/seed/seed-demo.ts). */
  const SEEDED_TEAM_ROWS = 3;
  // Plot puts a constant colour on the mark's group.
  const fill = async () => (await dashFrame()).locator('#capability-chart g[aria-description="measurements"]').getAttribute('fill');
  let dark = null;
  await check('a capability\'s tooltip has a sparkline image and a trend whose word follows its direction (lower is better: ↘ better, ↗ worse)', async () => {
    const row = pane('Capabilities').getByRole('treeitem', { name: /top-words-ms/ });
    const label = row.locator('.monaco-icon-label').first();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Trend' }).first();
    // Headless Chromium's synthetic pointer does not always start the workbench's hover, and on a loaded
    // machine the hover's delay can outlast one try: move away and hover again until it shows.
    await waitUntil('the capability tooltip to show', async () => {
      await page.mouse.move(700, 600);
      await label.hover();
      for (const type of ['mouseover', 'mouseenter']) await label.dispatchEvent(type);
      return hover.waitFor({ timeout: 5_000 }).then(() => true, () => false);
    }, 60_000);
    const img = hover.locator('img[src^="data:image/svg+xml"]');
    await img.waitFor({ timeout: 10_000 });
    await waitUntil('the sparkline to load', async () => (await img.evaluate((i) => i.complete && i.naturalWidth)) > 0, 10_000);
    const tip = await hover.innerText();
    const trend = /([↗↘→]) (better|worse|flat): [−+±][\d.,]+ ms\/(day|run) .*\((\d+) points\)/.exec(tip);
    if (!trend) throw new Error(`no trend line with a unit in: ${tip}`);
    const [, arrow, word] = trend;
    if ((arrow === '↘' && word !== 'better') || (arrow === '↗' && word !== 'worse')) throw new Error(`a latency going ${arrow} is not ${word}`);
    measurements = Number(/Measurements\s+(\d+)/.exec(tip)?.[1] ?? -1);
    if (!(measurements >= 2)) throw new Error(`measurement count ${measurements}`);
    log(`tooltip trend: ${trend[0]}; ${measurements} measurements`);
    await shot('dashboard-tooltip.png', hover);
    await page.mouse.move(700, 600);
  });

  await check('Open Dashboard shows the overview: a card per capability and a row per experiment', async () => {
    await palette('Self-Improvement: Open Dashboard');
    await page.locator('.tab', { hasText: 'Self-Improvement Dashboard' }).waitFor({ timeout: 20_000 });
    await waitUntil('the overview to render', async () => (await view()) === 'overview', 30_000);
    const cards = await count('button.card');
    if (cards !== 2) throw new Error(`expected 2 capability cards (the demo declares 2), saw ${cards}`);
    const rows = await count('#experiments-table tbody tr');
    if (rows !== 2) throw new Error(`expected 2 experiment rows, saw ${rows}`);
    await page.waitForTimeout(300);
    await shot('dashboard-overview-dark.png');
  });

  await check('the table sorts by a column header from the keyboard and filters by text', async () => {
    const f = await dashFrame();
    const firstId = async () => Number(await f.locator('#experiments-table tbody tr').first().getAttribute('data-experiment'));
    const before = await firstId();
    await f.locator('#sort-id').focus();
    await page.keyboard.press('Enter');
    await waitUntil('the order to flip', async () => (await firstId()) !== before, 5000);
    if ((await f.locator('#sort-id').locator('xpath=..').getAttribute('aria-sort')) !== 'ascending') throw new Error('aria-sort is not ascending');
    await f.locator('#table-filter').fill('no such experiment');
    await page.keyboard.press('Enter');
    await waitUntil('the filter to hide every row', async () => (await count('#experiments-table tbody tr')) === 0, 5000);
    await f.locator('#table-filter').fill('');
    await page.keyboard.press('Enter');
    await waitUntil('every row back', async () => (await count('#experiments-table tbody tr')) === 2, 5000);
  });

  await check('the capability chart holds one dot per measurement, the experiment marker, baseline and target', async () => {
    const f = await dashFrame();
    await f.locator('button.card[data-capability="top-words-ms"]').click();
    await waitUntil('the capability view', async () => (await view()) === 'capability', 15_000);
    const dots = await count('#capability-chart g[aria-description="measurements"] circle');
    if (dots !== measurements) throw new Error(`expected ${measurements} measurement dots (the tooltip's count), saw ${dots}`);
    const markers = await count('#capability-chart g[aria-description="marker symbols"] path');
    if (markers !== 1) throw new Error(`expected 1 experiment marker, saw ${markers}`);
    for (const mark of ['baseline', 'target']) if ((await count(`#capability-chart g[aria-description="${mark}"] line`)) !== 1) throw new Error(`no ${mark} line`);
    // The seed files three CI runs on main as pulled from the team store: their own marks, beside the local ones.
    const team = () => count('#capability-chart g[aria-description="team measurements"] path');
    if ((await team()) !== SEEDED_TEAM_ROWS) throw new Error(`expected ${SEEDED_TEAM_ROWS} team marks (CI on main), saw ${await team()}`);
    const rows = await count('#capability-chart details.data-table tbody tr');
    if (rows !== measurements + SEEDED_TEAM_ROWS) throw new Error(`data table rows ${rows}, expected ${measurements} + ${SEEDED_TEAM_ROWS}`);
    await page.waitForTimeout(300);
    await shot('dashboard-capability-dark.png');
  });

  await check('the origin filter is labelled and keyboard reachable: unticking "CI on main" hides its marks, ticking it shows them again', async () => {
    const f = await dashFrame();
    const ci = f.getByRole('checkbox', { name: /^CI on main: .* ms \(.*ago\)/ });
    if ((await ci.count()) !== 1) throw new Error('no labelled checkbox for CI on main');
    await ci.focus();
    await page.keyboard.press('Space');
    await waitUntil('the team marks to go', async () => (await count('#capability-chart g[aria-description="team measurements"] path')) === 0, 5000);
    if ((await count('#capability-chart g[aria-description="measurements"] circle')) !== measurements) throw new Error('the local dots went with them');
    await (await dashFrame()).getByRole('checkbox', { name: /^CI on main/ }).focus();
    await page.keyboard.press('Space');
    await waitUntil('the team marks back', async () => (await count('#capability-chart g[aria-description="team measurements"] path')) === SEEDED_TEAM_ROWS, 5000);
  });

  await check('a theme switch re-colours the charts (dark → light)', async () => {
    dark = await fill();
    const renders = Number(await (await dashFrame()).locator('main#app').getAttribute('data-renders'));
    await toggleTheme();
    await waitUntil('the body to turn light', async () => /vscode-light/.test(await (await dashFrame()).locator('body').getAttribute('class') ?? ''), 20_000);
    await waitUntil('a re-render', async () => Number(await (await dashFrame()).locator('main#app').getAttribute('data-renders')) > renders, 10_000);
    const light = await fill();
    if (!dark || !light || dark === light) throw new Error(`fill dark ${dark}, light ${light}`);
    log(`measurement fill: dark ${dark} → light ${light}`);
    await page.waitForTimeout(500);
    await shot('dashboard-capability-light.png');
  });

  await check('the seeded experiment opens from its tree item: samples, effect against the threshold, sequential path, guardrail', async () => {
    const row = pane('Experiments').getByRole('treeitem').filter({ hasText: /success/ }).first();
    await row.hover();
    await row.locator('a.action-label[aria-label="Open Dashboard"]').click({ timeout: 10_000 });
    await waitUntil('the experiment view', async () => (await view()) === 'experiment', 15_000);
    if ((await count('#effect-chart g[aria-description="estimate"] circle')) !== 1) throw new Error('no effect estimate');
    if ((await count('#effect-chart g[aria-description="threshold"] line')) !== 1) throw new Error('no threshold line');
    await assertLooks('seeded experiment');
    await shot('dashboard-sequential-seeded-light.png', (await dashFrame()).locator('#sequential-chart'));
    const dots = await count('#arms-chart g[aria-description="samples"] circle');
    const arms = await (await dashFrame()).locator('#arms-chart svg').getAttribute('aria-label');
    const perArm = [...arms.matchAll(/ (\d+)(?=,|\.| \()/g)].reduce((a, m) => a + Number(m[1]), 0);
    if (dots < 12 || dots !== perArm) throw new Error(`${dots} sample dots, the chart's label counts ${perArm}: ${arms}`);
    if (!/confirmation/.test(arms)) throw new Error(`no confirmation run in: ${arms}`);
    if ((await count('ul.guardrails li')) < 1) throw new Error('no guardrail listed');
    log(`seeded experiment: ${arms}`);
    await page.waitForTimeout(300);
    await shot('dashboard-experiment-seeded-light.png');
  });

  let samplesShown = [];
  await check('a running experiment adds points as samples arrive, and ends with as many as its evidence', async () => {
    await toggleTheme();
    await waitUntil('the body to turn dark', async () => /vscode-dark/.test(await (await dashFrame()).locator('body').getAttribute('class') ?? ''), 20_000);
    const f = await dashFrame();
    await f.locator('#nav-overview').click();
    await waitUntil('the overview', async () => (await view()) === 'overview', 10_000);
    await palette('Self-Improvement: Run Experiment on a Change…');
    const pick = async (text) => {
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout: 20_000 });
      await row.click();
    };
    await pick('top-words-ms');
    await pick('Pending improvement');
    await pick('Sort once instead of bubble sort');
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Run', exact: true }).click({ timeout: 20_000 });
    // The new experiment appears in the table as running; its row opens the live view.
    await waitUntil('a running row', async () => (await count('#experiments-table tbody tr.verdict-running')) === 1, 30_000);
    await (await dashFrame()).locator('#experiments-table tbody tr.verdict-running').click();
    await waitUntil('the experiment view', async () => (await view()) === 'experiment', 15_000);
    const dots = () => count('#arms-chart g[aria-description="samples"] circle');
    await waitUntil('the first samples', async () => (await dots()) >= 2, 60_000);
    const first = await dots();
    samplesShown.push(first);
    await page.waitForTimeout(200);
    await shot('dashboard-experiment-live-dark.png');
    await waitUntil('more samples', async () => (await dots()) > first, 60_000);
    samplesShown.push(await dots());
    log('live samples seen:', samplesShown.join(' → '));
    // Finished: the view shows the stored evidence (no "live" badge) with every sample it holds.
    await waitUntil('the verdict', async () => (await count('.badge.live')) === 0 && (await count('.badge.verdict-success, .badge.verdict-inconclusive, .badge.verdict-refused, .badge.verdict-regression, .badge.verdict-no_change')) === 1, 240_000);
    await (await dashFrame()).locator('button', { hasText: 'Open evidence' }).click();
    let preview = null;
    await waitUntil('the evidence preview', async () => (preview = await frameWith('li:has-text("samples: baseline")')) !== null, 30_000);
    const samplesLine = preview.locator('li', { hasText: /^samples: baseline/ }).first();
    const parse = (t) => t.split(';').map((part) => part.replace(/^.*?(baseline|candidate)\s*/, '').split(',').filter((x) => x.trim() !== '').length).reduce((a, b) => a + b, 0);
    let expected = parse((await samplesLine.innerText()).replace(/^samples:\s*/, ''));
    const conf = preview.locator('li', { hasText: /^confirmation: baseline/ });
    if (await conf.count()) expected += parse((await conf.first().innerText()).replace(/^confirmation:\s*/, ''));
    const shown = await dots();
    if (shown !== expected) throw new Error(`the chart shows ${shown} samples, the evidence lists ${expected}`);
    log(`final samples: chart ${shown} = evidence ${expected}`);
    // The last look is the evidence's own: its pairs are the ones the evidence's sequential line reports.
    const seqLine = await preview.locator('li', { hasText: /^sequential rule:/ }).first().innerText();
    const evidencePairs = Number(/(\d+) pairs/.exec(seqLine)?.[1] ?? NaN);
    const looks = await assertLooks('finished live experiment');
    if (evidencePairs !== looks + FIRST_LOOK - 1) throw new Error(`the evidence says ${evidencePairs} pairs (${seqLine}); the chart's last look is at ${looks + FIRST_LOOK - 1}`);
    await shot('dashboard-sequential-dark.png', (await dashFrame()).locator('#sequential-chart'));
    await preview.locator('a', { hasText: 'Markdown source' }).waitFor();
    await shot('dashboard-evidence-preview.png');
  });

  await check('the finished experiment\'s view in dark and light (screenshots)', async () => {
    await page.locator('.tab', { hasText: /Dashboard: experiment/ }).click();
    await waitUntil('the experiment view', async () => (await view()) === 'experiment', 15_000);
    await page.waitForTimeout(500);
    await shot('dashboard-experiment-dark.png');
    await toggleTheme();
    await waitUntil('light', async () => /vscode-light/.test(await (await dashFrame()).locator('body').getAttribute('class') ?? ''), 20_000);
    await page.waitForTimeout(800);
    await shot('dashboard-experiment-light.png');
  });

  await check('high contrast themes (dark and light) re-colour the charts: the main series in the theme\'s foreground', async () => {
    // From the keyboard (the tab's hover can cover the crumbs): back to the overview, then the capability's card.
    await page.mouse.move(700, 600);
    await (await dashFrame()).locator('#nav-overview').focus();
    await page.keyboard.press('Enter');
    await waitUntil('the overview', async () => (await view()) === 'overview', 10_000);
    await (await dashFrame()).locator('button.card[data-capability="top-words-ms"]').focus();
    await page.keyboard.press('Enter');
    await waitUntil('the capability view', async () => (await view()) === 'capability', 15_000);
    const light = await fill();
    const seen = { dark, light };
    for (const [theme, bodyClass] of [['Dark High Contrast', /vscode-high-contrast(?!-light)/], ['Light High Contrast', /vscode-high-contrast-light/]]) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>Preferences: Color Theme');
      // Exactly this command (not "Browse Color Themes in Marketplace", which fuzzy-matches too).
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^\s*Preferences: Color Theme/ }).first().click();
      await input.fill(theme);
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: new RegExp(`^\\s*${theme}`) }).first().click();
      await waitUntil(`the body to turn ${theme}`, async () => bodyClass.test(await (await dashFrame()).locator('body').getAttribute('class') ?? ''), 20_000);
      await page.waitForTimeout(800);
      const now = await fill();
      const before = theme.startsWith('Dark') ? seen.dark : seen.light;
      if (!now || now === before) throw new Error(`${theme}: measurement fill ${now}, the same as without high contrast (${before})`);
      log(`${theme}: measurement fill ${before} → ${now}`);
      await shot(`dashboard-capability-${theme.startsWith('Dark') ? 'hc-dark' : 'hc-light'}.png`);
    }
  });

  await check('no Content-Security-Policy violations (the webview counts securitypolicyviolation events)', async () => {
    const counted = await (await dashFrame()).locator('body').getAttribute('data-csp-violations');
    if (counted || cspViolations.length) throw new Error(`${counted ?? 0} counted; ${cspViolations.slice(0, 3).join(' | ')}`);
  });
} finally {
  ok = await finishRun(checks.summary(), { context, server, tmp });
}
process.exit(ok ? 0 : 1);
