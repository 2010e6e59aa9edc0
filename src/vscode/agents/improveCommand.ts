// "Improve…": the unattended search (src/agents/improve) from the window. The person picks the chat
// model, the budget and the files; the search runs under a cancellable progress notification that says
// which model drafts and how much is spent; confirmed, guarded, unflagged successes land in the Review
// Queue view. Nothing is approved or applied: that stays a person's click in the queue.
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import { idArg } from '../commands/commandContext';
import type { EngineHost } from '../engineHost';
import { ViewId } from '../ids';
import type { Ui } from '../ui';
import { agents, extensionAgentContext, toSignal } from './agentContext';
import { modelPort } from './draftCommand';
import { windowTeamRunner } from '../team/windowTeamRunner';

export async function improveCommand(host: EngineHost, ui: Ui, engine: SelfImprovementApi, arg?: unknown, secrets?: vscode.SecretStorage): Promise<unknown> {
  const a = agents();
  const only = idArg(arg);
  const open = engine.listWeaknesses({ status: 'open' });
  if (!open.length) { void ui.info(vscode.l10n.t('No open weaknesses: measure the capabilities first (Self-Improvement: Measure All Capabilities).')); return undefined; }
  const models = await vscode.lm.selectChatModels();
  if (!models.length) {
    void ui.warn(vscode.l10n.t('No chat model is available, so nothing can be drafted. Install and sign in to an extension that provides language models (for example GitHub Copilot), then try again; everything else keeps working.'));
    return undefined;
  }
  const model = models.length === 1 ? models[0]! : (await ui.pick(models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}`, value: m })), { placeHolder: vscode.l10n.t('Chat model that drafts the candidates') }))?.value;
  if (!model) return undefined;
  const d = a.DEFAULT_IMPROVE_BUDGET;
  const budgetText = await ui.input({
    prompt: vscode.l10n.t('Budget: requests, tokens, minutes and measured runs (whichever runs out first ends the search)'),
    value: `requests=${d.requests},tokens=${d.tokens},minutes=${d.minutes},runs=${d.runs}`,
    validateInput: (text) => { try { a.parseBudget(text); return undefined; } catch (e) { return e instanceof Error ? e.message : String(e); } },
  });
  if (budgetText === undefined) return undefined;
  const budget = a.parseBudget(budgetText);
  const filesText = await ui.input({ prompt: vscode.l10n.t('Files the changes may touch (relative paths, comma-separated); their text goes into every prompt') });
  if (filesText === undefined) return undefined;
  const files = filesText.split(',').map((f) => f.trim()).filter(Boolean);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Improving with {0}', model.name), cancellable: true }, async (progress, token) => {
    const port = modelPort(model, token);
    // With a team store connected, drafts are measured on the team's workers when one is alive (each draft's progress says where).
    const team = secrets ? await windowTeamRunner(secrets) : null;
    const out = await a.improve(extensionAgentContext(host, `improve:${port.name}`), port, {
      budget, files, signal: toSignal(token), ...(only !== undefined ? { weaknessIds: [only] } : {}), ...(team ? { measure: team.measure } : {}),
      onProgress: (p) => progress.report({ message: vscode.l10n.t('{0} — {1} requests of {2}, {3} runs of {4}, {5} queued', p.message, p.spent.requests, p.budget.requests, p.spent.runs, p.budget.runs, p.queued) }),
    }).finally(() => team?.close());
    const queued = out.queued.length;
    const message = queued
      ? vscode.l10n.t('{0} confirmed candidate(s) wait in the Review Queue. {1}', queued, out.message)
      : vscode.l10n.t('No candidate was confirmed, so nothing was queued. {0}', out.message);
    const open = vscode.l10n.t('Open Review Queue');
    const choice = await (out.stopped === 'model-error' ? ui.warn(message) : ui.info(message, ...(queued ? [open] : [])));
    if (choice === open) await vscode.commands.executeCommand(`${ViewId.ReviewQueue}.focus`);
    return out;
  });
}
