import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { autoImproveFrom, readAutoImprove } from '../../vscode/config';
import { CommandId } from '../../vscode/commands/commandTable';
import { Trust } from '../../vscode/measure/trust';
import { EXTENSION_ID, engine, testing, waitFor } from './helpers';

describe('activation, storage and settings', () => {
  // That package.json and the command table agree is a unit test (test/unit/vscode/commandTable.test.ts);
  // here: every row of the table is really registered once the extension is active.
  it('activates from the workspace and registers every command of the table', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await testing();
    assert.equal(ext.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandId).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'commands of the table that are not registered');
    assert.ok((ext.packageJSON.activationEvents as string[]).includes('workspaceContains:.vscode/self-improvement.json'));
  });

  it('keeps the database in the workspace storage folder and writes it on flush', async () => {
    const t = await testing();
    const e = await engine();
    assert.match(t.host.dbPath, /workspaceStorage/, `unexpected database path ${t.host.dbPath}`);
    e.registerCapability({ name: 'storage-probe', type: 'performance', baseline: 1, target: 2 });
    await t.host.flush();
    assert.ok(fs.statSync(t.host.dbPath).size > 0);
  });

  it('ignores autoImprove=true from the workspace settings (machine scope, user settings only)', async () => {
    const inspected = vscode.workspace.getConfiguration('selfImprovement').inspect<boolean>('autoImprove');
    assert.equal(inspected?.defaultValue, false);
    assert.equal(readAutoImprove(), false);
    assert.equal((await engine()).autoImprove, false);
    // The rule itself: only the user's (global) value or the default count.
    assert.equal(autoImproveFrom({ defaultValue: false, workspaceValue: true, workspaceFolderValue: true }), false);
    assert.equal(autoImproveFrom({ defaultValue: false, globalValue: true, workspaceValue: false }), true);
    assert.equal(autoImproveFrom(undefined), false);
  });

  it('applies a changed improvementThreshold (resource scope) to the open engine', async () => {
    const config = vscode.workspace.getConfiguration('selfImprovement');
    await config.update('improvementThreshold', 0.3, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('threshold 0.3', async () => (await engine()).improvementThreshold === 0.3);
    } finally {
      await config.update('improvementThreshold', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('threshold back to 0.15', async () => (await engine()).improvementThreshold === 0.15);
  });

  it('autoImprove from the user settings is set on the open engine in place (no reopen)', async () => {
    const before = await engine();
    const config = vscode.workspace.getConfiguration('selfImprovement');
    await config.update('autoImprove', true, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('autoImprove on', () => before.autoImprove === true || undefined);
      assert.equal((await testing()).host.current, before, 'the same engine, not a reopened one');
    } finally {
      await config.update('autoImprove', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('autoImprove off', () => before.autoImprove === false || undefined);
    assert.equal((await testing()).host.current, before);
  });

  it('the trust override works only when allowed (Test mode); otherwise it is refused', () => {
    const production = new Trust(false);
    assert.throws(() => { production.override = true; }, /only available to the extension's own tests/);
    assert.equal(production.isTrusted(), vscode.workspace.isTrusted);
    const test = new Trust(true);
    test.override = !vscode.workspace.isTrusted;
    assert.equal(test.isTrusted(), !vscode.workspace.isTrusted);
  });
});
