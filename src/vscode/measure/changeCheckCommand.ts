// "Is My Change Better?": from the Source Control title, a capability's context menu or the palette.
// The engine plans (src/engine/loop/changeCheck.ts); this shows the plan with Run / Cancel, runs with
// counted, cancellable progress, and ends with one notification whose buttons are the existing
// commands (Show Evidence, Review Proposal, Run More Samples).
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { ExperimentBudget } from '../../engine/loop/plan';
import type { ExperimentOutcome } from '../../engine/loop/runExperiment';
import { engineChunk } from '../../chunkLoader';
import type { CommandContext } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import { liveRuns } from '../dashboard/liveRuns';
import { NextStepError, type NextStep } from '../nextStep';
import type { MeasureFeature } from './measureFeature';

export interface ChangeCheckArgs {
  folder?: string;
  /** One capability (from its tree item); all with probes when absent. */
  capability?: string;
  budget?: ExperimentBudget;
}

/** What the engine's refusal asks for, as buttons. */
function refusalSteps(next: string | undefined, capability: string | undefined): NextStep[] {
  if (next === 'add-probe') return [{ title: vscode.l10n.t('Add a Probe…'), command: CommandId.AddProbe, args: capability ? [capability] : [] }];
  if (next === 'edit' || next === 'commit') return [{ title: vscode.l10n.t('Open Source Control'), command: 'workbench.view.scm' }];
  return [];
}

export async function isMyChangeBetter(feature: MeasureFeature, ctx: CommandContext, engine: SelfImprovementApi, args: ChangeCheckArgs): Promise<ExperimentOutcome[] | undefined> {
  const loop = engineChunk();
  // A Source Control title click passes the repository (no `folder`): that repository's folder is meant.
  const fc = await feature.folderConfig({ folder: args.folder });
  let plan;
  try {
    plan = await loop.planChangeCheck(engine, fc.folder, fc.config, { capability: args.capability, budget: args.budget });
  } catch (err) {
    const next = (err as { next?: string }).next;
    if (next) throw new NextStepError((err as Error).message, refusalSteps(next, args.capability));
    throw err;
  }
  if (!(await ctx.ui.confirm(loop.changeCheckPlanText(plan), vscode.l10n.t('Run')))) return undefined;

  const title = plan.items.length === 1 ? vscode.l10n.t('Is my change better? {0}', plan.items[0]!.capability.name) : vscode.l10n.t('Is my change better? {0} capabilities', plan.items.length);
  let shown = 0;
  const ids: number[] = [];
  const outcomes = await feature.withProgress(title, (report, signal) => loop.runChangeCheck(engine, plan, {
    folder: fc.folder, config: fc.config, isTrusted: feature.trust.isTrusted, signal, budget: args.budget, folderInEngineRoot: feature.folderInEngineRoot(fc.folder),
    onExperiment: (e) => ids.push(e.id),
    onProgress: (p) => {
      liveRuns.report(ids[ids.length - 1]!, p.experiment);
      // The bar follows the counted runs (the total may grow when sampling goes on).
      const pct = Math.min(100, (p.run / p.of) * 100);
      report(p.message, pct > shown ? pct - shown : undefined);
      shown = Math.max(shown, pct);
    },
  })).finally(() => { for (const id of ids) liveRuns.end(id); });
  await showResult(feature, ctx, engine, outcomes, args);
  return outcomes;
}

/** One notification for the whole check: each capability's verdict, and the buttons that follow from them. */
async function showResult(feature: MeasureFeature, ctx: CommandContext, engine: SelfImprovementApi, outcomes: ExperimentOutcome[], args: ChangeCheckArgs): Promise<void> {
  const loop = engineChunk();
  const lines = outcomes.map((o) => `${o.evidence.target}: ${loop.verdictHeadline(o.evidence)}. ${o.experiment.reason}`);
  const evidence = vscode.l10n.t('Show Evidence');
  const review = vscode.l10n.t('Review Proposal');
  const more = vscode.l10n.t('Run More Samples');
  const proposal = outcomes.flatMap((o) => o.improvements).find((i) => i.status === 'pending');
  const open = outcomes.filter((o) => o.evidence.runMore);
  const buttons = [evidence, ...(proposal ? [review] : []), ...(open.length ? [more] : [])];
  const anyFailed = outcomes.some((o) => o.experiment.verdict === 'regression' || o.experiment.verdict === 'refused' || o.evidence.tamperFlags.length > 0);
  const text = `${vscode.l10n.t('Is my change better?')} ${lines.join(' ')}`;
  const choice = await (anyFailed ? ctx.ui.warn(text, ...buttons) : ctx.ui.info(text, ...buttons));
  if (choice === evidence) await feature.showEvidence(engine, outcomes[0]!.experiment.id);
  if (choice === review && proposal) await vscode.commands.executeCommand(CommandId.ReviewImprovement, proposal.id);
  if (choice === more && open.length) {
    // The same question again on what was left open, with the larger budget the engine suggests (new experiments; these stay).
    const max = Math.max(...open.map((o) => o.evidence.runMore!.maxSamplesPerArm));
    await vscode.commands.executeCommand(CommandId.IsMyChangeBetter, { folder: args.folder, capability: open.length === 1 ? open[0]!.evidence.target : args.capability, budget: { ...args.budget, maxSamplesPerArm: max } });
  }
}
