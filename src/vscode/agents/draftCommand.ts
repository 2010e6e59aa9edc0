// "Draft Candidate": the user picks a chat model (vscode.lm), the drafting loop (src/agents/drafting)
// asks it for patches and measures each with the A/B experiment; only a confirmed success is offered,
// as a pending proposal. No model available → one clear message, nothing else changes. The files box
// starts with the agents layer's suggestion and refuses a path that is not there; a model error is shown
// with its message; a success for a file with a pending proposal asks whether to replace that one.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatModelPort } from '../../agents/drafting/draftLoop';
import type { SelfImprovementApi } from '../../engine/api';
import { engineChunk } from '../../chunkLoader';
import { currentUser, idArg } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import type { EngineHost } from '../engineHost';
import type { PickItem, Ui } from '../ui';
import type { AgentContext } from '../../agents/operations';
import type { PendingDuplicate } from '../../agents/drafting/duplicates';
import { agents, extensionAgentContext, toSignal } from './agentContext';

/** vscode.lm chat model as the loop's port: one user message, the streamed answer joined, tokens counted. */
export function modelPort(model: vscode.LanguageModelChat, token: vscode.CancellationToken): ChatModelPort {
  return {
    name: `${model.vendor}/${model.id}`,
    ask: async (prompt) => {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)],
        { justification: vscode.l10n.t('Self-Improvement drafts a candidate change for an experiment and measures it before offering it to you.') }, token);
      let text = '';
      for await (const part of response.text) text += part;
      const tokens = (await Promise.resolve(model.countTokens(prompt, token)).catch(() => Math.ceil(prompt.length / 4))) + (await Promise.resolve(model.countTokens(text, token)).catch(() => Math.ceil(text.length / 4)));
      return { text, tokens };
    },
  };
}

/** The Draft Candidate command (registered by registerAgents through the one registrar). */
export async function draftCandidate(host: EngineHost, ui: Ui, engine: SelfImprovementApi, arg?: unknown): Promise<unknown> {
  let experimentId = idArg(arg);
  if (experimentId === undefined) {
    const runnable = engine.listExperiments().filter(engineChunk().canDraftFor);
    if (!runnable.length) { void ui.info(vscode.l10n.t('No experiments yet: generate experiments for a weakness first.')); return undefined; }
    const items: PickItem<number>[] = runnable.map((e) => ({ label: e.name, description: `#${e.id} ${e.status}`, detail: e.hypothesis, value: e.id }));
    experimentId = (await ui.pick(items, { placeHolder: vscode.l10n.t('Experiment to draft a candidate for') }))?.value;
    if (experimentId === undefined) return undefined;
  }
  const exp = engine.getExperiment(experimentId);
  const models = await vscode.lm.selectChatModels();
  if (!models.length) {
    void ui.warn(vscode.l10n.t('No chat model is available, so no candidate can be drafted. Install and sign in to an extension that provides language models (for example GitHub Copilot), then try again; everything else keeps working.'));
    return undefined;
  }
  const model = models.length === 1 ? models[0]! : (await ui.pick(models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}`, value: m })), { placeHolder: vscode.l10n.t('Chat model that drafts the candidate') }))?.value;
  if (!model) return undefined;
  const folder = host.folder;
  const modelName = `${model.vendor}/${model.id}`;
  const ctx = extensionAgentContext(host, `lm:${modelName}`);
  const files = await askFiles(ui, ctx, exp.id, folder);
  if (files === undefined) return undefined;
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Drafting a candidate for "{0}"', exp.name), cancellable: true }, (progress, token) =>
    agents().draftCandidates(ctx, modelPort(model, token), {
      experimentId: exp.id, files, signal: toSignal(token),
      onProgress: (message) => progress.report({ message }),
    }));
  const transcript = vscode.l10n.t('Show Transcript');
  if (outcome.stopped === 'success') {
    const [first] = outcome.offered;
    for (const d of outcome.duplicates) await offerReplace(ui, ctx, d);
    const review = vscode.l10n.t('Review');
    const headline = outcome.records[outcome.records.length - 1]?.headline ?? 'success';
    const choice = await ui.info(vscode.l10n.t('A candidate drafted by {0} measurably helped: improvement #{1} waits for your approval — {2}.', modelName, first!, headline), review, transcript);
    if (choice === review) await vscode.commands.executeCommand(CommandId.ReviewImprovement, first);
    if (choice === transcript) await vscode.commands.executeCommand(CommandId.ShowDraftingTranscript, exp.id);
  } else if (outcome.stopped === 'model-error') {
    const choice = await ui.error(vscode.l10n.t('{0} could not draft a candidate: {1} Nothing was proposed; check the model (signed in, quota), or pick another, and try again.', modelName, sentence(outcome.error ?? '')), transcript);
    if (choice === transcript) await vscode.commands.executeCommand(CommandId.ShowDraftingTranscript, exp.id);
  } else {
    const last = outcome.records[outcome.records.length - 1];
    const why = outcome.stopped === 'cancelled' ? vscode.l10n.t('cancelled') : vscode.l10n.t('the draft budget ran out');
    const choice = await ui.warn(vscode.l10n.t('No drafted candidate was a confirmed success ({0}); nothing was proposed. Last: {1}', why, last ? `${last.headline ?? last.verdict ?? 'not measured'} — ${last.reason}` : 'no draft'), transcript);
    if (choice === transcript) await vscode.commands.executeCommand(CommandId.ShowDraftingTranscript, exp.id);
  }
  return outcome;
}

const sentence = (s: string): string => { const t = s.trim(); return /[.!?]$/.test(t) ? t : `${t}.`; };

/** The files box: prefilled with the suggested files (and the active editor's), every path checked as typed. */
async function askFiles(ui: Ui, ctx: AgentContext, experimentId: number, folder: vscode.Uri | undefined): Promise<string[] | undefined> {
  const a = agents();
  const suggested = await a.suggestFilesForExperiment(ctx, experimentId).catch(() => [] as string[]);
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeRel = folder && active?.scheme === 'file' && active.fsPath.startsWith(folder.fsPath + path.sep) ? path.relative(folder.fsPath, active.fsPath).split(path.sep).join('/') : null;
  const value = [...new Set([...(activeRel && !activeRel.startsWith('.vscode/') ? [activeRel] : []), ...suggested])].join(', ');
  const text = await ui.input({
    prompt: vscode.l10n.t('Files the change may touch (relative paths, comma-separated); their text goes into the prompt'), value,
    validateInput: async (v) => {
      const list = a.parseFileList(v);
      if (!list.length) return vscode.l10n.t('Name at least one file the change may touch, e.g. "src/index.js".');
      return folder ? (await a.checkDraftFiles(folder.fsPath, list)) ?? undefined : undefined;
    },
  });
  return text === undefined ? undefined : a.parseFileList(text);
}

/** A new proposal for a file that already has a pending one: say so, and replace the earlier one only when asked. */
async function offerReplace(ui: Ui, ctx: AgentContext, d: PendingDuplicate): Promise<void> {
  const replace = d.earlier.length === 1 ? vscode.l10n.t('Replace #{0}', d.earlier[0]!.id) : vscode.l10n.t('Replace Them');
  const keep = vscode.l10n.t('Keep Both');
  const choice = await ui.warn(`${agents().duplicateText(d)} ${vscode.l10n.t('Replace the earlier proposal (it is rejected as superseded), or keep both pending?')}`, replace, keep);
  if (choice !== replace) return;
  const replaced = await ctx.write((e) => agents().supersede(e, d, currentUser()));
  void ui.info(vscode.l10n.t('Rejected {0} as superseded by improvement #{1}.', replaced.map((id) => `#${id}`).join(', '), d.improvementId));
}
