import * as assert from 'assert';
import type { Experiment, Weakness } from '../../engine/types';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, iconId, run, testing, tooltipText, unique } from './helpers';

describe('experiment commands and tree', () => {
  let weakness: Weakness;
  let experiments: Experiment[];

  before(async () => {
    weakness = (await engine()).identifyWeakness({ name: unique('slow-build'), type: 'efficiency', severity: 'critical', impact: 0.9, direction: 'lower',
      description: 'The build takes two minutes', evidence: ['ci run 41: 121 s'] });
  });

  it('generates experiments for a weakness picked from the list', async () => {
    const t = await testing();
    t.ui.enqueue(weakness.name);
    experiments = (await run<Experiment[]>(CommandId.GenerateExperiments))!;
    assert.ok(experiments.length >= 1, 'no experiments generated');
    assert.ok(experiments.every((e) => e.weaknessId === weakness.id && e.status === 'planned'));
    await t.refresh();
    const item = t.trees.experiments.getTreeItem((await t.trees.experiments.getChildren()).find((e) => e.id === experiments[0].id)!);
    assert.equal(item.contextValue, 'experiment:planned');
    assert.equal(iconId(item), 'beaker');
    assert.match(tooltipText(t.trees.experiments.resolveTreeItem(item, experiments[0])), /Hypothesis/);
  });

  it('runs a test with the samples the user reports: a significant success', async () => {
    const t = await testing();
    const before = t.ui.rejectedInputs.length;
    t.ui.enqueue('40, forty', '41, 39, 40, 42, 38, 40, 41, 39', '121, 118, 119, 117, 122, 120, 118, 119');
    const done = (await run<Experiment>(CommandId.RunExperiment, experiments[0]))!;
    assert.equal(t.ui.rejectedInputs[before]?.value, '40, forty');
    assert.equal(done.status, 'completed');
    // A build going from about 120 s to 40 s: lower is better, so this is a success (it used to be judged a regression).
    assert.equal(done.verdict, 'success', done.reason ?? '');
    assert.equal(done.result?.direction, 'lower');
    assert.ok(done.actualImprovement !== null && done.actualImprovement > 0.6, String(done.actualImprovement));
    assert.equal(done.result?.samples?.nAfter, 8);
    assert.ok(done.result?.samples && done.result.samples.pValue < 0.05, 'expected a significant difference');
    await t.refresh();
    const item = t.trees.experiments.getTreeItem((await t.trees.experiments.getChildren()).find((e) => e.id === done.id)!);
    assert.equal(item.contextValue, 'experiment:completed');
    assert.match(String(item.description), /p (<|=) \d/); // "p < 0.001", never "p=0"
    assert.match(String(item.description), /^success · /, 'the engine\'s headline (no evidence: the bare verdict in words)');
    assert.notEqual(iconId(item), 'beaker');
  });

  it('runs a test from command arguments (one value each) and renders running experiments with a spinner', async () => {
    const t = await testing();
    const second = experiments[1] ?? (await run<Experiment[]>(CommandId.GenerateExperiments, weakness.id, 1))![0];
    const done = (await run<Experiment>(CommandId.RunExperiment, second.id, 150, 100))!;
    assert.equal(done.status, 'completed');
    assert.equal(done.result?.after, 150);
    const running = t.trees.experiments.getTreeItem({ ...second, status: 'running' });
    assert.equal(iconId(running), 'loading~spin');
  });

  it('deletes an experiment after confirmation', async () => {
    const t = await testing();
    const [extra] = (await run<Experiment[]>(CommandId.GenerateExperiments, weakness, 1))!;
    t.ui.enqueue('Delete');
    assert.equal(await run(CommandId.DeleteExperiment, extra), true);
    assert.ok(!(await engine()).listExperiments().some((e) => e.id === extra.id));
  });
});
