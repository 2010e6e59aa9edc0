// "Draft Candidate": the user picks a chat model (vscode.lm), the drafting loop (src/agents/drafting)
// asks it for patches and measures each with the A/B experiment; only a confirmed success is offered,
// as a pending proposal. No model available → one clear message, nothing else changes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatModelPort } from '../../agents/drafting/draftLoop';
import type { SelfImprovementApi } from '../../engine/api';
import { engineChunk } from '../../chunkLoader';
import { idArg } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import type { EngineHost } from '../engineHost';
import type { PickItem, Ui } from '../ui';
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
  const active = vscode.window.activeTextEditor?.document.uri;
  const suggested = folder && active && active.fsPath.startsWith(folder.fsPath + path.sep) ? path.relative(folder.fsPath, active.fsPath).split(path.sep).join('/') : '';
  const filesText = await ui.input({ prompt: vscode.l10n.t('Files the change may touch (relative paths, comma-separated); their text goes into the prompt'), value: suggested });
  if (filesText === undefined) return undefined;
  const files = filesText.split(',').map((f) => f.trim()).filter(Boolean);
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Drafting a candidate for "{0}"', exp.name), cancellable: true }, (progress, token) =>
    agents().draftCandidates(extensionAgentContext(host, `draft:${model.vendor}/${model.id}`), modelPort(model, token), {
      experimentId: exp.id, files, signal: toSignal(token),
      onDraft: (r) => progress.report({ message: vscode.l10n.t('draft {0}: {1}', r.draft, r.headline ?? r.verdict ?? r.reason.slice(0, 80)) }),
    }));
  if (outcome.stopped === 'success') {
    const [first] = outcome.offered;
    const last = outcome.records[outcome.records.length - 1];
    const choice = await ui.info(vscode.l10n.t('A drafted candidate measurably helped ({1}): improvement #{0} waits for your approval.', first!, last?.headline ?? 'success'), vscode.l10n.t('Review'));
    if (choice) await vscode.commands.executeCommand(CommandId.ReviewImprovement, first);
  } else {
    const last = outcome.records[outcome.records.length - 1];
    void ui.warn(vscode.l10n.t('No drafted candidate was a confirmed success ({0}); nothing was proposed. Last: {1}', outcome.stopped, last ? `${last.headline ?? last.verdict ?? 'not measured'} — ${last.reason}` : 'no draft'));
  }
  return outcome;
}
