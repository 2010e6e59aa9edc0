import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandId } from '../../vscode/commands/commandTable';
import type { DashboardRoute } from '../../vscode/dashboard/protocol';
import { allTabs, engine, run, testing, unique, waitFor } from './helpers';

/** The dashboard tab (a webview panel) with this title is open and active. */
const activeDashboard = (label: string): boolean =>
  allTabs().some((t) => t.input instanceof vscode.TabInputWebview && /selfImprovement/i.test(t.input.viewType) && t.label === label && t.isActive);

describe('Open Dashboard: from the palette, a capability item and an experiment item', () => {
  let capability = '';
  let experimentId = 0;

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const e = await engine();
    capability = unique('dash-ms');
    e.registerCapability({ name: capability, type: 'performance', baseline: 120, target: 80, unit: 'ms', direction: 'lower' });
    for (const v of [118, 112]) e.measureCapability(capability, v);
    experimentId = e.createExperiment({ capabilityName: capability, name: 'cache the parse', approach: 'caching', hypothesis: 'parsing once is faster' }).id;
    await (await testing()).refresh();
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('from the palette (no argument): the overview', async () => {
    const route = await run<DashboardRoute>(CommandId.OpenDashboard);
    assert.deepEqual(route, { kind: 'overview' });
    await waitFor('the overview tab', () => activeDashboard('Self-Improvement Dashboard'));
    assert.deepEqual((await testing()).dashboard.route, { kind: 'overview' });
  });

  it('from a capability item: that capability\'s history, in the same panel', async () => {
    const t = await testing();
    const item = (await t.trees.capabilities.getChildren()).find((c) => c.name === capability);
    assert.ok(item, `${capability} is in the Capabilities tree`);
    await run(CommandId.OpenDashboard, item);
    await waitFor(`the tab of ${capability}`, () => activeDashboard(`Dashboard: ${capability}`));
    assert.deepEqual(t.dashboard.route, { kind: 'capability', name: capability });
    const panels = allTabs().filter((tab) => tab.input instanceof vscode.TabInputWebview && /selfImprovement/i.test(tab.input.viewType));
    assert.equal(panels.length, 1, 'one dashboard panel, re-routed');
  });

  it('from an experiment item: that experiment', async () => {
    const t = await testing();
    const item = (await t.trees.experiments.getChildren()).find((x) => 'id' in x && x.id === experimentId);
    assert.ok(item, `experiment #${experimentId} is in the Experiments tree`);
    await run(CommandId.OpenDashboard, item);
    await waitFor(`the tab of experiment #${experimentId}`, () => activeDashboard(`Dashboard: experiment #${experimentId}`));
    assert.deepEqual(t.dashboard.route, { kind: 'experiment', id: experimentId });
  });

  it('"Filter by Origin…" without team measurements says how to get them', async () => {
    const t = await testing();
    const result = await run(CommandId.FilterByOrigin);
    assert.equal(result, undefined);
    assert.match(t.ui.shown.at(-1)?.message ?? '', /No team measurements here yet.*Connect Team Store/);
    assert.deepEqual(t.trees.capabilities.origins, { kind: 'all' });
  });
});
