// Browser end-to-end test of inline review on the PACKAGED extension: a pending two-hunk proposal shown in
// the file itself; real clicks on its CodeLenses (Approve the first hunk, Reject the second); the file on
// disk must then hold exactly the first hunk. Screenshots: test-results/screenshots/inline-*.png
// Usage: node test/e2e/inline-e2e.mjs [path/to.vsix]   (after npm run package and node scripts/build.mjs --seed)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, seededDemo, waitUntil, pageHelpers } from '../harness/harness.mjs';

const vsix = vsixUnderTest(process.argv[2]);
// The demo workspace (a fresh copy) and its seeded database, plus one more pending proposal with two hunks.
const { tmp, ws, seedDb } = seededDemo('si-inline-e2e-');

const REL = 'src/stats.js';
const ORIGINAL = [
  '// Summary statistics of word counts.',
  'function mean(values) {',
  '  let sum = 0;',
  '  for (const v of values) sum += v;',
  '  return sum / values.length;',
  '}',
  '',
  'function median(values) {',
  '  const sorted = values.slice().sort();',
  '  const mid = Math.floor(sorted.length / 2);',
  '  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;',
  '}',
  '',
  'module.exports = { mean, median };',
  '',
].join('\n');
const HUNK_1 = ['  if (values.length === 0) return NaN;', '  return values.reduce((a, b) => a + b, 0) / values.length;'];
const HUNK_2 = '  const sorted = values.slice().sort((a, b) => a - b);';
const proposedLines = ORIGINAL.split('\n');
proposedLines.splice(2, 3, ...HUNK_1);
const PROPOSED = proposedLines.join('\n').replace('  const sorted = values.slice().sort();', HUNK_2);
const FIRST_ONLY = ORIGINAL.split('\n').toSpliced(2, 3, ...HUNK_1).join('\n');
fs.writeFileSync(path.join(ws, REL), ORIGINAL);
{
  // The engine from the package being tested (dist/engine.js), writing the same database the extension will copy.
  const { SelfImprovementEngine } = createRequire(import.meta.url)(path.join(ROOT, 'dist/engine.js'));
  const engine = await SelfImprovementEngine.open({ dbPath: seedDb, rootDir: ws, wasmPath: path.join(ROOT, 'dist/sql-wasm.wasm') });
  const imp = await engine.applyImprovement({ name: 'Guard empty input; numeric sort', filePath: REL, newCode: PROPOSED, proposedBy: 'demo' });
  const hunks = engine.getHunks(imp.id);
  if (hunks.length !== 2) throw new Error(`the e2e proposal should have 2 hunks, has ${hunks.length}`);
  await engine.close();
  log(`proposal #${imp.id} on ${REL}: ${hunks.length} hunks`);
}

const server = await startCodeServer({ vsix, workspace: ws, env: { SELF_IMPROVEMENT_SEED_DB: seedDb } });
const context = await launchBrowser();
const checks = makeChecks();
const disk = () => fs.readFileSync(path.join(ws, REL), 'utf8');
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const { check, shot, palette } = pageHelpers(page, checks, 'inline-failure');
  const editor = page.locator('.editor-group-container .monaco-editor').first();
  const lens = (title) => page.locator('.monaco-editor .codelens-decoration > a[role="button"]').filter({ hasText: new RegExp(`^${title}$`) });

  await check('workbench loads with the packaged extension', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor();
  });

  await check('opening the file shows both hunks in place: two Approve | Reject | Diff lenses and Approve All | Reject All', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('stats.js');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'stats.js' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'stats.js' }).waitFor();
    await waitUntil('two Approve lenses', async () => (await lens('Approve').count()) === 2, 40_000);
    if ((await lens('Reject').count()) !== 2) throw new Error('expected two Reject lenses');
    await lens('Approve All').waitFor();
    await lens('Reject All').waitFor();
    if (disk() !== ORIGINAL) throw new Error('the file changed before any approval');
    // The buffer reads the original (no proposed code in the file): the proposed lines are not in the editor.
    const text = await editor.locator('.view-lines').innerText();
    if (text.includes('reduce(')) throw new Error('proposed code appeared in the buffer before approval');
    await page.mouse.move(1300, 850);
    await page.waitForTimeout(500);
    await shot('inline-preview.png');
  });

  await check('hovering a hunk shows it as a diff', async () => {
    // Rest the pointer on the text itself (past the end of a line there is nothing to hover).
    const box = await editor.locator('.view-line', { hasText: 'let sum = 0;' }).boundingBox();
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.waitForTimeout(200);
    await page.mouse.move(box.x + 45, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'Replace lines 3–5' });
    await hover.waitFor({ timeout: 15_000 });
    const squash = (t) => t.replace(/\s+/g, ' ');
    const text = squash(await hover.innerText()); // innerText renders the code block's lines with collapsed spaces
    for (const line of ['@@ -3,3 +3,2 @@', '-  let sum = 0;', '+  return values.reduce((a, b) => a + b, 0) / values.length;']) {
      if (!text.includes(squash(line))) throw new Error(`the hover's diff lacks ${JSON.stringify(line)}: ${JSON.stringify(text)}`);
    }
    await shot('inline-hover.png');
    await page.keyboard.press('Escape');
    await page.mouse.move(1300, 850);
  });

  await check('Approve on the first hunk applies exactly that hunk to the file on disk', async () => {
    await lens('Approve').first().click();
    await waitUntil('the file on disk to hold the first hunk', () => disk() === FIRST_ONLY);
    await waitUntil('one Approve lens left', async () => (await lens('Approve').count()) === 1);
    // Lenses are re-asked after an edit (debounced): wait until the top one counts the one change left.
    await page.locator('.monaco-editor .codelens-decoration > a[role="button"]', { hasText: '1 undecided' }).waitFor({ timeout: 10_000 });
    await page.mouse.move(1300, 850);
    await shot('inline-after-approve.png');
  });

  await check('Reject on the second hunk leaves the file as it is and removes every lens', async () => {
    await lens('Reject').first().click();
    await waitUntil('no lenses left', async () => (await page.locator('.monaco-editor .codelens-decoration > a[role="button"]').count()) === 0);
    await page.waitForTimeout(1000);
    if (disk() !== FIRST_ONLY) throw new Error('the file on disk is not exactly the original plus the first hunk');
    const text = await editor.locator('.view-lines').innerText();
    if (!text.includes('values.reduce')) throw new Error('the editor does not show the applied hunk');
    await page.mouse.move(1300, 850);
    await shot('inline-after-reject.png');
  });

  await check('the improvement is partly applied in the Improvements view', async () => {
    await palette('Self-Improvement: Focus on Improvements View');
    const container = page.locator('[id="workbench.view.extension.selfImprovement"]');
    await container.getByRole('treeitem', { name: /Guard empty input; numeric sort, partially applied/ }).waitFor({ timeout: 30_000 });
    await page.mouse.move(1300, 850);
    await shot('inline-tree.png');
  });

  await check('the demo proposal (wordFrequency.js) shows inline too: every hunk with its lenses, the buffer untouched', async () => {
    const demoFile = path.join(ws, 'src/wordFrequency.js');
    const before = fs.readFileSync(demoFile, 'utf8');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('wordFrequency.js');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'wordFrequency.js' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'wordFrequency.js' }).waitFor();
    await waitUntil('an Approve lens per demo hunk', async () => (await lens('Approve').count()) >= 2, 30_000);
    if (fs.readFileSync(demoFile, 'utf8') !== before) throw new Error('showing the proposal changed the file');
    await page.mouse.move(1300, 850);
    await page.waitForTimeout(500);
    await shot('inline-demo.png');
  });
} finally {
  ok = checks.summary();
  await context.close();
  server.stop();
  if (ok) { fs.rmSync(server.root, { recursive: true, force: true }); fs.rmSync(tmp, { recursive: true, force: true }); }
  else log('kept', server.root, 'and', tmp, 'for debugging (code-server.log inside)');
}
process.exit(ok ? 0 : 1);
