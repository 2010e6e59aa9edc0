// The set-up route a new user takes, driven in the browser: open the Self-Improvement view, press the
// empty Capabilities view's "Set Up Capabilities…" button, keep every proposal, write the config, wait
// for the measured capabilities. Shared by the onboarding e2e test and bench/onboarding.mjs, which counts
// the user actions (`act`) and times the route.
import { waitUntil } from './harness.mjs';

/** Counts what a person does (clicks, Enter presses) so the benchmark can report it. */
export function actionCounter() {
  const actions = [];
  return { actions, act: async (what, fn) => { actions.push(what); return fn(); } };
}

export function selfImprovementView(page) {
  const container = page.locator('[id="workbench.view.extension.selfImprovement"]');
  const pane = (title) => container.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
  return { container, pane };
}

/** Action 1: open the Self-Improvement view from the activity bar; the welcome leads with Set Up. */
export async function openView(page, act) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await act('open the Self-Improvement view', () => page.getByRole('tab', { name: /^Self-Improvement/ }).or(page.locator('.activitybar a.action-label[aria-label^="Self-Improvement"]')).first().click({ timeout: 30_000 }));
  const { pane } = selfImprovementView(page);
  const button = pane('Capabilities').getByRole('button', { name: /Set Up Capabilities/ });
  await button.waitFor({ timeout: 60_000 });
  return button;
}

/**
 * Actions 2–4: the welcome button, OK on the quick pick (all checked), "Write Config" in the dialog.
 * Returns the dialog's text (the measured baselines) and the Capabilities tree's rows once measured.
 */
export async function setUp(page, act, { expected, shot } = {}) {
  const { pane } = selfImprovementView(page);
  await act('press "Set Up Capabilities…"', () => pane('Capabilities').getByRole('button', { name: /Set Up Capabilities/ }).click());
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 60_000 });
  await shot?.('picker');
  await act('accept the proposals (all checked) with Enter', () => page.keyboard.press('Enter'));
  const dialog = page.getByRole('dialog').filter({ hasText: /Measured \d+ baselines?/ });
  await dialog.waitFor({ timeout: 180_000 });
  const dialogText = await dialog.innerText();
  await shot?.('dialog');
  await act('press "Write Config"', () => dialog.getByRole('button', { name: 'Write Config' }).click());
  const rows = pane('Capabilities').getByRole('treeitem');
  await waitUntil('the measured capabilities in the tree', async () => {
    const texts = await rows.allInnerTexts();
    return texts.length >= (expected ?? 1) && texts.every((t) => !/—\s*\//.test(t) && /\d/.test(t));
  }, 60_000);
  return { dialogText, rows: await rows.allInnerTexts() };
}
