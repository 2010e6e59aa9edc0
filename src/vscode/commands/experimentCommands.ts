import * as vscode from 'vscode';
import type { Experiment } from '../../engine/types';
import { engineChunk } from '../../chunkLoader';
import { ViewId } from '../ids';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { num, percent } from '../trees/format';
import { parseSamples, pickOne, type CommandContext } from './commandContext';
import { weaknessPickItem } from './weaknessCommands';

const experimentPickItem = (e: Experiment): vscode.QuickPickItem =>
  ({ label: e.name, description: `${e.status} · ${engineChunk().expectationLabel(e.expectedImprovement)}`, detail: e.hypothesis });

function samplesArg(arg: unknown): number | number[] | undefined {
  if (typeof arg === 'number') return arg;
  if (Array.isArray(arg) && arg.every((n) => typeof n === 'number')) return arg;
  if (typeof arg === 'string') { const parsed = parseSamples(arg); return typeof parsed === 'string' ? undefined : parsed; }
  return undefined;
}

const oneOrMany = (values: number[]): number | number[] => (values.length === 1 ? values[0] : values);

export function registerExperimentCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.GenerateExperiments, async (engine, arg?: unknown, count?: unknown) => {
      const picked = await pickOne(ctx.ui, arg, engine.analyzeWeaknesses(), weaknessPickItem,
        vscode.l10n.t('Weakness to design experiments for'), vscode.l10n.t('No open weaknesses to experiment on.'));
      if (picked === undefined) return undefined;
      const experiments = engine.generateExperiments(typeof picked === 'number' ? picked : picked.id, typeof count === 'number' ? count : 3);
      void ctx.ui.info(vscode.l10n.t('Planned {0} experiments: {1}.', experiments.length, experiments.map((e) => e.name).join(', ')));
      void vscode.commands.executeCommand(`${ViewId.Experiments}.focus`);
      return experiments;
    }),

    // For now the user reports the candidate's measured value(s); command-run probes come later.
    registerCommand(ctx, CommandId.RunExperiment, async (engine, arg?: unknown, candidateArg?: unknown, baselineArg?: unknown) => {
      const runnable = engine.listExperiments().filter(engineChunk().isRunnable);
      const picked = await pickOne(ctx.ui, arg, runnable, experimentPickItem,
        vscode.l10n.t('Experiment to test'), vscode.l10n.t('No planned experiments: generate some for a weakness first.'));
      if (picked === undefined) return undefined;
      const experiment = typeof picked === 'number' ? engine.getExperiment(picked) : picked;
      let candidate = samplesArg(candidateArg);
      let baseline = samplesArg(baselineArg);
      if (candidate === undefined) {
        const text = await ctx.ui.input({
          title: vscode.l10n.t('Run Experiment: {0}', experiment.name),
          prompt: vscode.l10n.t('Measured value of the candidate: one number, or comma-separated samples (6 or more per side for a significance test)'),
          validateInput: (v) => { const r = parseSamples(v); return typeof r === 'string' ? r : undefined; },
        });
        if (text === undefined) return undefined;
        candidate = oneOrMany(parseSamples(text) as number[]);
        const base = await ctx.ui.input({
          title: vscode.l10n.t('Run Experiment: {0}', experiment.name),
          prompt: vscode.l10n.t('Baseline value(s), the same way (leave empty to use the capability\'s current value)'),
          validateInput: (v) => { if (!v.trim()) return undefined; const r = parseSamples(v); return typeof r === 'string' ? r : undefined; },
        });
        if (base === undefined) return undefined;
        baseline = base.trim() ? oneOrMany(parseSamples(base) as number[]) : undefined;
      }
      const measured = candidate;
      const done = await vscode.window.withProgress(
        { location: { viewId: ViewId.Experiments }, title: vscode.l10n.t('Testing {0}', experiment.name) },
        () => engine.testApproach(experiment.id, () => measured, baseline));
      const p = done.result?.samples?.pValue;
      const message = done.status === 'failed'
        ? vscode.l10n.t('Experiment "{0}" failed: {1}', done.name, done.error ?? '')
        : vscode.l10n.t('Experiment "{0}": {1}, {2}{3}. {4}', done.name, engineChunk().experimentHeadline(done, engine.getExperimentEvidence(done.id)) ?? '', percent(done.actualImprovement),
          p !== undefined ? ` (p = ${num(p)})` : '', done.reason ?? '');
      void (done.verdict === 'success' ? ctx.ui.info(message) : ctx.ui.warn(message));
      return done;
    }),

    registerCommand(ctx, CommandId.DeleteExperiment, async (engine, arg?: unknown) => {
      const picked = await pickOne(ctx.ui, arg, engine.listExperiments().filter((e) => e.status !== 'running'), experimentPickItem,
        vscode.l10n.t('Experiment to delete'), vscode.l10n.t('No experiments.'));
      if (picked === undefined) return false;
      const experiment = typeof picked === 'number' ? engine.getExperiment(picked) : picked;
      if (!(await ctx.ui.confirm(vscode.l10n.t('Delete experiment "{0}"?', experiment.name), vscode.l10n.t('Delete')))) return false;
      engine.deleteExperiment(experiment.id);
      return true;
    }),
  ];
}
