import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId } from '../../vscode/commands/commandTable';
import { REPORT_SCHEME } from '../../vscode/ids';
import { allTabs, engine, run, testing, waitFor } from './helpers';

const previewOpen = (): boolean => allTabs().some((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType));

describe('reports, status bar and refresh', () => {
  before(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows the self-assessment as a Markdown preview with the grade', async () => {
    const uri = (await run<vscode.Uri>(CommandId.ShowSelfAssessment))!;
    assert.equal(uri.scheme, REPORT_SCHEME);
    await waitFor('the Markdown preview', previewOpen);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    const a = (await engine()).getSelfAssessment();
    assert.ok(text.startsWith(`# Self-Assessment — grade ${a.grade}`), text.slice(0, 80));
    assert.match(text, new RegExp(`${a.weaknesses.open} open`));
  });

  it('shows the history with the audit trail of approvals and rollbacks', async () => {
    const e = await engine();
    e.trackImprovementHistory({ version: '0.0.1-test', summary: 'Exthost test run', changes: ['tested'] });
    const uri = (await run<vscode.Uri>(CommandId.ShowHistory))!;
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /# Improvement History/);
    assert.match(text, /0\.0\.1-test/);
    assert.match(text, /## Audit trail/);
    assert.match(text, /improvement #\d+/);
  });

  it('the status bar shows the grade and the open weakness count', async () => {
    const t = await testing();
    await run(CommandId.Refresh);
    const a = (await engine()).getSelfAssessment();
    assert.equal(t.statusBar.item.text, `$(pulse) ${a.noData ? '—' : a.grade} · $(warning) ${a.weaknesses.open}`);
    assert.equal(t.statusBar.item.command, CommandId.ShowSelfAssessment);
  });

  it('trees follow engine changes made outside the commands (onDidChange)', async () => {
    const t = await testing();
    const e = await engine();
    const fired = new Promise<void>((resolve) => { const d = t.trees.capabilities.onDidChangeTreeData(() => { d.dispose(); resolve(); }); });
    const name = `external-${Date.now()}`;
    e.registerCapability({ name, type: 'performance', baseline: 1, target: 2 });
    await Promise.race([fired, new Promise((_, reject) => setTimeout(() => reject(new Error('no tree refresh')), 5000))]);
    assert.ok((await t.trees.capabilities.getChildren()).some((c) => c.name === name));
  });

  it('flushes and closes the engine on shutdown, and reopens on next use', async () => {
    const t = await testing();
    const before = (await engine()).listCapabilities().length;
    await t.host.close();
    assert.equal(t.host.current, undefined);
    assert.equal((await t.host.get()).listCapabilities().length, before, 'data lost across close/open');
  });
});
