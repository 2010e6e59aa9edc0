// "Is My Change Better?" the way a person reaches it after editing: the Source Control view's title
// action, Run in the plan dialog, then the result notification with a verdict. Shared by the change e2e
// test and bench/onboarding.mjs, which counts the user actions (`act`).

/** Open Source Control and click the title action (from "More Actions" when git's own push it there). */
export async function openChangeCheckFromScm(page, act, { log = () => {} } = {}) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await act('open the Source Control view', () => page.getByRole('tab', { name: /^Source Control/ }).first().click({ timeout: 30_000 }));
  // (The activity-bar tab, not its icon: the pending-changes badge sits over the icon.)
  // A view's title actions show while the pointer is over its header.
  const header = page.locator('.pane-header', { hasText: /Changes|Source Control/i }).first();
  await header.waitFor({ timeout: 60_000 });
  await page.locator('.scm-view').first().waitFor({ timeout: 60_000 }); // once the git extension has found the repository
  await header.hover();
  const action = page.locator('a.action-label[aria-label^="Is My Change Better"]').first();
  const inMenu = page.locator('.monaco-menu .action-label', { hasText: 'Is My Change Better?' }).first();
  try { await action.waitFor({ timeout: 10_000 }); } catch {
    await act('open the header\'s "More Actions" menu', () => header.locator('a.action-label[aria-label*="More Actions"]').first().click({ timeout: 10_000 }));
    await inMenu.waitFor({ timeout: 10_000 });
    log('the action sits in the header\'s More Actions menu');
  }
  return async () => act('click "Is My Change Better?"', async () => { if (await inMenu.isVisible().catch(() => false)) await inMenu.click(); else await action.click(); });
}

/** The plan dialog; returns its text after `act`ing on Run. */
export async function runPlan(page, act, { check = () => {}, shot } = {}) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  const text = await dialog.innerText();
  check(text);
  await shot?.();
  await act('press "Run" in the plan', () => dialog.locator('a.monaco-button', { hasText: 'Run' }).click());
  return text;
}

/** The result notification (it has Show Evidence; the progress toast shares its title and does not). */
export function resultToast(page) {
  return page.locator('.notification-toast', { hasText: /Is my change better\? \S+:/ }).filter({ has: page.locator('a.monaco-button', { hasText: 'Show Evidence' }) });
}
