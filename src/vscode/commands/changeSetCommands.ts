import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement } from '../../engine/types';
import { closeProposalTabs } from '../diffTracker';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { errorMessage } from '../log';
import { diffTitle, proposalUri } from '../proposalContent';
import { changeSetOf, isChangeSet, listChangeSets, type ChangeSet } from '../trees/changeSet';
import { statusLabel, statusSummary } from '../trees/improvementsTree';
import { currentUser, type CommandContext } from './commandContext';

/** How Review All Files opened the set: one multi-file diff editor, or one diff per file (older hosts). */
export interface ReviewAllResult { mode: 'multiDiff' | 'diffs'; files: string[] }

/** The set from a tree node, an experiment id, or a pick; always re-read from the engine (the node may be stale). */
async function resolveSet(ctx: CommandContext, engine: SelfImprovementApi, arg: unknown, onlyPending: boolean): Promise<ChangeSet | undefined> {
  const experimentId = isChangeSet(arg) ? arg.experimentId : typeof arg === 'number' ? arg : undefined;
  if (experimentId !== undefined) {
    const set = changeSetOf(engine, experimentId);
    if (!set) void ctx.ui.warn(vscode.l10n.t('Experiment #{0} has no change set of several files.', experimentId));
    return set;
  }
  const sets = listChangeSets(engine).filter((s) => !onlyPending || s.improvements.some((i) => i.status === 'pending'));
  if (!sets.length) {
    void ctx.ui.info(onlyPending ? vscode.l10n.t('No change sets with pending files.') : vscode.l10n.t('No change sets yet.'));
    return undefined;
  }
  const picked = await ctx.ui.pick(sets.map((s) => ({
    label: `#${s.experimentId} ${s.experimentName}`, description: statusSummary(s), detail: s.improvements.map((i) => i.filePath).join(', '), value: s,
  })), { placeHolder: vscode.l10n.t('Change set') });
  return picked?.value;
}

function fileUri(ctx: CommandContext, i: CodeImprovement): vscode.Uri {
  if (!ctx.host.folder) throw new Error(vscode.l10n.t('Open the folder of {0} to review this improvement.', i.filePath));
  return vscode.Uri.joinPath(ctx.host.folder, i.filePath);
}

/** Pending: the file as it is now against the proposal; otherwise what it was against what was proposed. */
function sides(ctx: CommandContext, i: CodeImprovement): [vscode.Uri, vscode.Uri] {
  return [i.status === 'pending' ? fileUri(ctx, i) : proposalUri(i, 'original'), proposalUri(i)];
}

async function reviewAll(ctx: CommandContext, set: ChangeSet): Promise<ReviewAllResult> {
  const files = set.improvements.map((i) => i.filePath);
  if ((await vscode.commands.getCommands(true)).includes('vscode.changes')) {
    const title = vscode.l10n.t('Experiment #{0}: {1} ({2} files)', set.experimentId, set.experimentName, set.improvements.length);
    const resources = set.improvements.map((i) => [fileUri(ctx, i), ...sides(ctx, i)]);
    await vscode.commands.executeCommand('vscode.changes', title, resources);
    return { mode: 'multiDiff', files };
  }
  for (const i of set.improvements) {
    const [left, right] = sides(ctx, i);
    await vscode.commands.executeCommand('vscode.diff', left, right, diffTitle(i), { preview: false });
  }
  return { mode: 'diffs', files };
}

/** Applies each pending file in order; stops at the first that fails, naming it (the ones before stay applied). */
async function approveAll(ctx: CommandContext, engine: SelfImprovementApi, set: ChangeSet): Promise<CodeImprovement[]> {
  const results: CodeImprovement[] = [];
  for (const i of set.improvements.filter((x) => x.status === 'pending')) {
    let result: CodeImprovement;
    try {
      result = await engine.approveImprovement(i.id, currentUser());
    } catch (err) {
      void ctx.ui.error(vscode.l10n.t('Stopped at {0}: {1}. {2} of the change set applied before it.', i.filePath, errorMessage(err), results.length));
      return results;
    }
    results.push(result);
    await closeProposalTabs(i.id);
    if (result.status === 'failed' || result.status === 'rejected' || result.status === 'pending') {
      void ctx.ui.error(vscode.l10n.t('Stopped at {0}: it was not applied ({1}): {2}', i.filePath, statusLabel(result.status), result.error ?? vscode.l10n.t('no reason recorded')));
      return results;
    }
  }
  void ctx.ui.info(vscode.l10n.t('Applied {0} files of experiment #{1}. Roll them back from the Improvements view if needed.', results.length, set.experimentId));
  return results;
}

export function registerChangeSetCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.ReviewAllFiles, async (engine, arg?: unknown) => {
      const set = await resolveSet(ctx, engine, arg, false);
      return set && reviewAll(ctx, set);
    }),

    registerCommand(ctx, CommandId.ApproveAllFiles, async (engine, arg?: unknown) => {
      const set = await resolveSet(ctx, engine, arg, true);
      return set && approveAll(ctx, engine, set);
    }),

    registerCommand(ctx, CommandId.RejectAllFiles, async (engine, arg?: unknown, reasonArg?: unknown) => {
      const set = await resolveSet(ctx, engine, arg, true);
      if (!set) return undefined;
      const pending = set.improvements.filter((i) => i.status === 'pending');
      const reason = typeof reasonArg === 'string' ? reasonArg
        : await ctx.ui.input({ title: vscode.l10n.t('Reject {0} files of experiment #{1}', pending.length, set.experimentId), prompt: vscode.l10n.t('Reason (optional)') });
      if (reason === undefined) return undefined;
      const rejected = pending.map((i) => engine.rejectImprovement(i.id, reason.trim() || undefined, currentUser()));
      for (const i of pending) await closeProposalTabs(i.id);
      void ctx.ui.info(vscode.l10n.t('Rejected {0} files of experiment #{1}.', rejected.length, set.experimentId));
      return rejected;
    }),
  ];
}
