// "Self-Improvement: Set Alert Webhook…" / "Clear Alert Webhook": the chat channel's incoming-webhook URL is a
// credential (whoever has a Slack URL can post to the channel), so it lives in VS Code's SecretStorage (the OS
// keychain), never in settings.json or the workspace. The CLI reads SELF_IMPROVEMENT_WEBHOOK_URL instead.
import type * as vscode from 'vscode';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../commands/commandTable';
import { registerCommand, type CommandServices } from '../commands/registerCommand';
import { errorMessage } from '../log';

export const WEBHOOK_SECRET = 'selfImprovement.alertWebhookUrl';

/** scheme://host of the URL: enough to recognise it, without the path that holds the token. */
export function describeWebhook(url: string): string {
  try { const u = new URL(url); return `${u.protocol}//${u.host}`; } catch { return '(invalid URL)'; }
}

export function registerWebhookCommands(services: CommandServices, secrets: vscode.SecretStorage): vscode.Disposable[] {
  const { ui, log } = services;
  return [
    registerCommand(services, CommandId.SetAlertWebhook, async () => {
      const current = await secrets.get(WEBHOOK_SECRET);
      const { checkWebhookUrl } = engineChunk();
      const value = await ui.input({
        title: 'Set Alert Webhook',
        prompt: (current ? `Alerts go to ${describeWebhook(current)}. Enter a new incoming-webhook URL to replace it. ` : 'The incoming-webhook URL of your chat channel (Slack, Mattermost, Rocket.Chat, Teams). ')
          + 'It is kept in the OS keychain, never in settings. Alerts: a weakness opens or turns critical.',
        placeHolder: 'https://hooks.slack.com/services/…',
        password: true,
        validateInput: (text) => {
          try { checkWebhookUrl(text.trim()); return undefined; } catch (err) { return errorMessage(err); }
        },
      });
      if (value === undefined) return undefined;
      const url = checkWebhookUrl(value.trim());
      await secrets.store(WEBHOOK_SECRET, url);
      log.info(`Alert webhook set to ${describeWebhook(url)} (kept in SecretStorage).`);
      void ui.info(`Alerts go to ${describeWebhook(url)}. The URL is kept in the OS keychain; "Self-Improvement: Clear Alert Webhook" removes it.`);
      return describeWebhook(url);
    }),
    registerCommand(services, CommandId.ClearAlertWebhook, async () => {
      const current = await secrets.get(WEBHOOK_SECRET);
      if (!current) {
        void ui.info('No alert webhook is set; nothing to clear.');
        return false;
      }
      await secrets.delete(WEBHOOK_SECRET);
      log.info(`Alert webhook ${describeWebhook(current)} cleared.`);
      void ui.info(`Alerts to ${describeWebhook(current)} stopped; the URL was removed from the OS keychain.`);
      return true;
    }),
  ];
}
