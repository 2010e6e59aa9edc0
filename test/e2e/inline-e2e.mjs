// Browser end-to-end test of inline review on the PACKAGED extension, by mouse and by keyboard:
//  - a 2-hunk and a 12-line proposal: the proposed lines are on screen as text in the review view (DOM
//    `.view-line` text), beside the lines they replace; lenses decide them (real clicks), the file on disk
//    then holds exactly the approved hunk; focus stays in the review view;
//  - a 5-hunk proposal reviewed with real key presses only (next, previous, approve, reject, undo);
//  - the native diff editor: no decoration of ours on its original side, Approve / Reject as text buttons;
//  - typing in another editor while a review is open never lands in the proposal;
//  - screenshots in the dark and the light theme: test-results/screenshots/inline-*.png
// Usage: node test/e2e/inline-e2e.mjs [path/to.vsix]   (after npm run package and node scripts/build.mjs --seed)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, startCodeServer, launchBrowser, makeChecks, log, vsixUnderTest, demoWorkspace, waitUntil, pageHelpers, finishRun } from '../harness/harness.mjs';

const vsix = vsixUnderTest(process.argv[2]);
// The demo's files in a fresh copy, and a database holding only this test's proposals: inline review needs
// no measured history, and the demo's seed (a real A/B run) must not decide whether this test can run.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'si-inline-e2e-'));
const ws = demoWorkspace(path.join(tmp, 'word-stats'));
const seedDb = path.join(tmp, 'seed.sqlite');
const KEY = (k) => (process.platform === 'darwin' ? `⌘⌥${k}` : `Ctrl+Alt+${k}`);

// 1. Two hunks (lines 3–5 replaced by 2 lines; line 9 replaced).
const STATS = 'src/stats.js';
const ORIGINAL = [
  '// Summary statistics of word counts.', 'function mean(values) {', '  let sum = 0;', '  for (const v of values) sum += v;',
  '  return sum / values.length;', '}', '', 'function median(values) {', '  const sorted = values.slice().sort();',
  '  const mid = Math.floor(sorted.length / 2);', '  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;',
  '}', '', 'module.exports = { mean, median };', '',
].join('\n');
const HUNK_1 = ['  if (values.length === 0) return NaN;', '  return values.reduce((a, b) => a + b, 0) / values.length;'];
const HUNK_2 = '  const sorted = values.slice().sort((a, b) => a - b);';
const PROPOSED = ORIGINAL.split('\n').toSpliced(2, 3, ...HUNK_1).join('\n').replace('  const sorted = values.slice().sort();', HUNK_2);
const FIRST_ONLY = ORIGINAL.split('\n').toSpliced(2, 3, ...HUNK_1).join('\n');

// 2. Twelve proposed lines in one hunk (what a hover used to cut below the fold).
const STEPS = 'src/steps.js';
const STEPS_ORIGINAL = ['// Steps of the word pipeline.', 'function pipeline(text) {', '  return text;', '}', '', 'module.exports = { pipeline };', ''].join('\n');
const TWELVE = [
  '  const lower = text.toLowerCase();', '  const noDigits = lower.replace(/[0-9]+/g, " ");', '  const noPunct = noDigits.replace(/[^a-z\\s]/g, " ");',
  '  const words = noPunct.split(/\\s+/);', '  const nonEmpty = words.filter(Boolean);', '  const counts = new Map();',
  '  for (const w of nonEmpty) counts.set(w, (counts.get(w) ?? 0) + 1);', '  const entries = [...counts.entries()];',
  '  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));', '  const top = entries.slice(0, 10);',
  '  const total = nonEmpty.length;', '  return { total, top };',
];
const STEPS_PROPOSED = STEPS_ORIGINAL.replace('  return text;', TWELVE.join('\n'));

// 3. Five hunks, one replaced line each, far apart.
const FIVE = 'src/five.js';
const FIVE_LINES = ['// Five small functions.'];
for (let i = 1; i <= 5; i++) FIVE_LINES.push(`function f${i}(x) {`, `  return x + ${i};`, '}', '');
const FIVE_ORIGINAL = [...FIVE_LINES, 'module.exports = { f1, f2, f3, f4, f5 };', ''].join('\n');
const fiveWith = (approved) => approved.reduce((t, i) => t.replace(`  return x + ${i};`, `  return x * ${i}; // f${i} scales`), FIVE_ORIGINAL);
const FIVE_PROPOSED = fiveWith([1, 2, 3, 4, 5]);

const OTHER = 'src/notes.txt';
for (const [rel, text] of [[STATS, ORIGINAL], [STEPS, STEPS_ORIGINAL], [FIVE, FIVE_ORIGINAL], [OTHER, 'notes\n']]) fs.writeFileSync(path.join(ws, rel), text);
const ids = {};
{
  // The engine from the package being tested (dist/engine.js), writing the same database the extension will copy.
  const { SelfImprovementEngine } = createRequire(import.meta.url)(path.join(ROOT, 'dist/engine.js'));
  const engine = await SelfImprovementEngine.open({ dbPath: seedDb, rootDir: ws, wasmPath: path.join(ROOT, 'dist/sql-wasm.wasm') });
  for (const [key, name, rel, code, n] of [
    ['stats', 'Guard empty input; numeric sort', STATS, PROPOSED, 2], ['steps', 'Count words in steps', STEPS, STEPS_PROPOSED, 1],
    ['five', 'Scale instead of shift', FIVE, FIVE_PROPOSED, 5],
  ]) {
    const imp = await engine.applyImprovement({ name, filePath: rel, newCode: code, proposedBy: 'demo' });
    const hunks = engine.getHunks(imp.id);
    if (hunks.length !== n) throw new Error(`the ${key} proposal should have ${n} hunks, has ${hunks.length}`);
    ids[key] = imp.id;
    log(`proposal #${imp.id} on ${rel}: ${hunks.length} hunks`);
  }
  await engine.close();
}

const server = await startCodeServer({ vsix, workspace: ws, env: { SELF_IMPROVEMENT_SEED_DB: seedDb } });
const context = await launchBrowser();
const checks = makeChecks();
const disk = (rel) => fs.readFileSync(path.join(ws, rel), 'utf8');
let ok = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
  const helpers = pageHelpers(page, checks, 'inline-failure');
  const { shot, palette } = helpers;
  // SI_E2E_ONLY=<regex>: run only the matching checks (while working on one); CI runs them all.
  const only = process.env.SI_E2E_ONLY && new RegExp(process.env.SI_E2E_ONLY);
  const check = (name, fn) => (!only || only.test(name) || name.startsWith('workbench') ? helpers.check(name, fn) : Promise.resolve());
  const lensesIn = (scope) => scope.locator('.codelens-decoration > a[role="button"]');
  const lens = (title, scope = page.locator('.monaco-editor')) => lensesIn(scope).filter({ hasText: new RegExp(`^${title.replace(/[[\]()+]/g, '\\$&')}$`) });
  /** The editor showing the review view of proposal `id`. */
  const reviewEditor = (id) => page.locator(`.monaco-editor[data-uri*="self-improvement-review"][data-uri*="id%3D${id}"]`).first();
  /** The editor's visible lines top to bottom, as text (non-breaking spaces as spaces). */
  const viewLines = (editor) => editor.locator('.view-lines').evaluate((el) => [...el.querySelectorAll('.view-line')]
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => l.textContent.replace(/\u00a0/g, ' ')));
  /** Is the keyboard focus inside this editor? */
  const focused = (editor) => editor.evaluate((el) => el.contains(document.activeElement));
  const rest = () => page.mouse.move(1390, 890);
  const openFile = async (name) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    // The file itself, not a review view named after it ("Review #3 · steps.js").
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first().click();
    await page.locator('.tab.active', { hasText: new RegExp(`^${name}`) }).first().waitFor();
  };
  const setTheme = async (theme) => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T'); // Preferences: Color Theme
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(theme);
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) }).first().click();
    const want = theme.includes('Light') ? 'vs' : 'vs-dark';
    await waitUntil(`the ${theme} theme`, async () => page.locator('.monaco-workbench').evaluate((el, w) => el.classList.contains(w), want));
    await page.waitForTimeout(500); // let the theme's colours paint before a screenshot (not an assertion)
  };
  /** Every line of `lines` on screen in order, each right after the previous one. */
  const inOrder = (shown, lines) => {
    const at = shown.findIndex((l) => l.endsWith(lines[0]));
    return at >= 0 && lines.every((l, i) => (shown[at + i] ?? '').endsWith(l));
  };

  await check('workbench loads with the packaged extension', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor();
  });

  await check('the file with a pending proposal is untouched and offers Review Inline (no blind Approve in the file)', async () => {
    await openFile('stats.js');
    await waitUntil('the Review Inline lens', async () => (await lens('Review Inline').count()) === 1, 40_000);
    if ((await lensesIn(page.locator('.monaco-editor')).filter({ hasText: /^Approve/ }).count()) !== 0) throw new Error('an Approve lens in the file itself');
    if (disk(STATS) !== ORIGINAL) throw new Error('the file changed before any approval');
    await rest();
    await shot('inline-file.png');
  });

  await check('Review Inline (2 hunks): the proposed lines are on screen as text, right under the lines they replace; focus in the view', async () => {
    await lens('Review Inline').click();
    const editor = reviewEditor(ids.stats);
    await editor.waitFor({ timeout: 20_000 });
    await waitUntil('the proposed lines in the view', async () => inOrder(await viewLines(editor), ['  let sum = 0;', '  for (const v of values) sum += v;', '  return sum / values.length;', ...HUNK_1]));
    const shown = await viewLines(editor);
    if (!inOrder(shown, ['  const sorted = values.slice().sort();', HUNK_2])) throw new Error(`the second hunk is not shown in place: ${JSON.stringify(shown)}`);
    await waitUntil('an Approve lens with its key on each hunk', async () => (await lens(`Approve (${KEY('Y')})`, editor).count()) === 2);
    if ((await lens(`Reject (${KEY('N')})`, editor).count()) !== 2) throw new Error('expected two Reject lenses with their key');
    if (!(await focused(editor))) throw new Error('the review view does not have the focus');
    if (disk(STATS) !== ORIGINAL) throw new Error('showing the proposal changed the file');
    await rest();
    await shot('inline-review-dark.png');
  });

  await check('the same view in the light theme', async () => {
    await setTheme('Light Modern');
    await rest();
    await shot('inline-review-light.png');
    await setTheme('Dark Modern');
  });

  await check('Approve on the first hunk applies exactly it to the file on disk; Reject on the second leaves it; focus stays in the view', async () => {
    const editor = reviewEditor(ids.stats);
    await lens(`Approve (${KEY('Y')})`, editor).first().click();
    await waitUntil('the file on disk to hold the first hunk', () => disk(STATS) === FIRST_ONLY);
    await waitUntil('one change left', async () => (await lensesIn(editor).filter({ hasText: /1 undecided/ }).count()) === 1, 10_000);
    await lens(`Reject (${KEY('N')})`, editor).first().click();
    await waitUntil('every change decided', async () => (await lensesIn(editor).filter({ hasText: /every change decided/ }).count()) === 1, 10_000);
    if (disk(STATS) !== FIRST_ONLY) throw new Error('the file on disk is not exactly the original plus the first hunk');
    const shown = await viewLines(editor);
    if (shown.some((l) => l.endsWith('  let sum = 0;')) || !inOrder(shown, HUNK_1)) throw new Error(`the view does not read as the file now: ${JSON.stringify(shown)}`);
    if (!(await focused(editor))) throw new Error('focus left the review view');
    await rest();
    await shot('inline-after-decisions.png');
  });

  await check('a 12-line proposal: all 12 proposed lines are on screen as text in the view', async () => {
    await openFile('steps.js');
    await waitUntil('the Review Inline lens', async () => (await lens('Review Inline').count()) === 1, 20_000);
    await lens('Review Inline').click();
    const editor = reviewEditor(ids.steps);
    await editor.waitFor({ timeout: 20_000 });
    await waitUntil('the 12 lines', async () => inOrder(await viewLines(editor), ['  return text;', ...TWELVE]));
    await rest();
    await shot('inline-twelve-dark.png');
    await setTheme('Light Modern');
    await rest();
    await shot('inline-twelve-light.png');
    await setTheme('Dark Modern');
  });

  await check('typing in another editor while the review is open lands there, never in the proposal', async () => {
    const review = reviewEditor(ids.steps);
    const before = await viewLines(review);
    await palette('View: Split Editor Right');
    await openFile('notes.txt');
    const notes = page.locator('.monaco-editor[data-uri$="notes.txt"]').first();
    await notes.locator('.view-line').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('typed here');
    await waitUntil('the typing in notes.txt', async () => (await viewLines(notes)).some((l) => l.includes('typed here')));
    if ((await viewLines(review)).some((l) => l.includes('typed here'))) throw new Error('the typing appeared in the review view');
    if (JSON.stringify(await viewLines(review)) !== JSON.stringify(before)) throw new Error('the review view changed');
    if (disk(STEPS) !== STEPS_ORIGINAL) throw new Error('the proposal\'s file changed');
    // Typing into the review view itself changes nothing (it is read-only).
    await review.locator('.view-line').nth(3).click();
    await page.keyboard.type('xyz');
    if ((await viewLines(review)).some((l) => l.includes('xyz'))) throw new Error('the review view took typing');
    if (disk(STEPS) !== STEPS_ORIGINAL) throw new Error('the proposal\'s file changed');
    await page.keyboard.press('Escape');
    await palette('View: Join All Editor Groups');
  });

  await check('the native diff editor: no decoration of ours on its original side; Approve / Reject as text buttons', async () => {
    await openFile('steps.js');
    const plain = page.locator('.editor-group-container .monaco-editor[data-uri$="steps.js"]').first();
    await waitUntil('our marks on the plain editor (the selector can see them)', async () => (await plain.locator('[class*="ced-"]').count()) > 0, 20_000);
    await lens('Diff').first().click();
    const original = page.locator('.monaco-diff-editor .editor.original');
    await original.waitFor({ timeout: 20_000 });
    await waitUntil('the diff to render', async () => (await original.locator('.view-line').count()) > 0);
    await page.waitForTimeout(1000); // give a (wrong) redraw time to land before looking (not an assertion)
    const ours = await original.locator('[class*="ced-"]').count();
    if (ours !== 0) throw new Error(`${ours} decoration element(s) of ours on the diff's original side`);
    const approve = page.locator('.editor-actions .action-label', { hasText: /^Approve$/ });
    const reject = page.locator('.editor-actions .action-label', { hasText: /^Reject$/ });
    await approve.waitFor({ timeout: 10_000 });
    await reject.waitFor();
    await rest();
    await shot('inline-diff-title.png');
    await page.keyboard.press('Control+W');
  });

  await check('keyboard only, 5 hunks: next, previous, approve, reject, undo — exactly the approved hunks end on disk', async () => {
    await openFile('five.js');
    await waitUntil('the five.js review offered', async () => (await lens('Review Inline').count()) === 1, 20_000);
    await palette('Self-Improvement: Review Inline');
    const editor = reviewEditor(ids.five);
    await editor.waitFor({ timeout: 20_000 });
    await waitUntil('five hunks on screen', async () => (await lens(`Approve (${KEY('Y')})`, editor).count()) === 5);
    if (!(await focused(editor))) throw new Error('the review view does not have the focus');
    const undecided = (n) => waitUntil(`${n} undecided`, async () => (await lensesIn(editor).filter({ hasText: new RegExp(`: ${n} undecided$`) }).count()) === 1, 15_000);
    // Like a person, look where the cursor went before pressing the next key: the web workbench may
    // dispatch a layout-dependent chord (Ctrl+Alt+]) after a letter chord pressed right behind it.
    const cursor = () => page.locator('[id="status.editor.selection"]').innerText();
    const move = async (key) => {
      const from = await cursor();
      await page.keyboard.press(key);
      await waitUntil(`${key} to move the cursor`, async () => (await cursor()) !== from);
    };
    const first = async () => { await move('Control+Home'); await move('Control+Alt+BracketRight'); };
    // The cursor starts on change 1.
    await page.keyboard.press('Control+Alt+KeyY');
    await waitUntil('change 1 on disk', () => disk(FIVE) === fiveWith([1]));
    await undecided(4);
    await first(); // change 2
    await page.keyboard.press('Control+Alt+KeyN');
    await undecided(3);
    await first(); // change 3
    await page.keyboard.press('Control+Alt+KeyY');
    await waitUntil('change 3 on disk', () => disk(FIVE) === fiveWith([1, 3]));
    await lens(`Undo Approval (${process.platform === 'darwin' ? '⌘Z' : 'Ctrl+Z'})`, editor).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Control+KeyZ');
    await waitUntil('change 3 taken back on disk', () => disk(FIVE) === fiveWith([1]));
    await undecided(3);
    await first(); // change 3 again
    await move('Control+Alt+BracketRight'); // change 4
    await page.keyboard.press('Control+Alt+KeyN');
    await undecided(2);
    await first(); // change 3
    await move('Control+Alt+BracketLeft'); // wraps to change 5
    await page.keyboard.press('Control+Alt+KeyY');
    await waitUntil('change 5 on disk', () => disk(FIVE) === fiveWith([1, 5]));
    await undecided(1);
    await first(); // change 3
    await page.keyboard.press('Control+Alt+KeyY');
    await waitUntil('every change decided', async () => (await lensesIn(editor).filter({ hasText: /every change decided/ }).count()) === 1, 15_000);
    if (disk(FIVE) !== fiveWith([1, 3, 5])) throw new Error(`on disk: ${disk(FIVE)}`);
    if (!(await focused(editor))) throw new Error('focus left the review view');
    await rest();
    await shot('inline-keyboard-done.png');
  });

  await check('the improvements are partly applied in the Improvements view', async () => {
    await palette('Self-Improvement: Focus on Improvements View');
    const container = page.locator('[id="workbench.view.extension.selfImprovement"]');
    await container.getByRole('treeitem', { name: /Guard empty input; numeric sort, partially applied/ }).waitFor({ timeout: 30_000 });
    await container.getByRole('treeitem', { name: /Scale instead of shift, partially applied/ }).waitFor({ timeout: 30_000 });
    await rest();
    await shot('inline-tree.png');
  });
} finally {
  ok = await finishRun(checks.summary(), { context, server, tmp });
}
process.exit(ok ? 0 : 1);
