// "Self-Improvement: Connect Team Store…": asks for the team's PostgreSQL URL and keeps it in VS Code's
// SecretStorage (the OS keychain) — never in settings.json or the workspace. An empty answer offers to forget it.
// The CLI, CI and workers read SELF_IMPROVEMENT_TEAM_URL instead (src/team/url.ts).
import type * as vscode from 'vscode';
import { checkTeamUrl, describeTeamUrl } from '../../team/url';
import { CommandId } from '../commands/commandTable';
import { registerCommand, type CommandServices } from '../commands/registerCommand';
import { errorMessage } from '../log';

export const TEAM_URL_SECRET = 'selfImprovement.teamStoreUrl';

/** The stored URL, or undefined when none was set. */
export function readTeamUrl(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(TEAM_URL_SECRET);
}

export function registerConnectTeamStore(services: CommandServices, secrets: vscode.SecretStorage): vscode.Disposable {
  const { ui, log } = services;
  return registerCommand(services, CommandId.ConnectTeamStore, async () => {
    const current = await readTeamUrl(secrets);
    const value = await ui.input({
      title: 'Connect Team Store',
      prompt: current
        ? `Connected to ${describeTeamUrl(current)}. Enter a new PostgreSQL URL, or leave empty to disconnect.`
        : 'PostgreSQL URL of the team store, e.g. postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=verify-full. Kept in the OS keychain, never in settings.',
      placeHolder: 'postgres://USER:PASSWORD@HOST:5432/DATABASE',
      password: true,
      validateInput: (text) => {
        if (text.trim() === '') return undefined;
        try { checkTeamUrl(text); return undefined; } catch (err) { return errorMessage(err); }
      },
    });
    if (value === undefined) return undefined;
    if (value.trim() === '') {
      if (current && await ui.confirm(`Forget the team store ${describeTeamUrl(current)}? Local data stays as it is.`, 'Disconnect')) {
        await secrets.delete(TEAM_URL_SECRET);
        void ui.info('Team store disconnected; this window works locally only.');
      }
      return undefined;
    }
    const url = checkTeamUrl(value);
    await secrets.store(TEAM_URL_SECRET, url);
    log.info(`Team store set to ${describeTeamUrl(url)} (kept in SecretStorage).`);
    void ui.info(`Team store: ${describeTeamUrl(url)}. The URL is kept in the OS keychain; sync with \`self-improvement team sync\`.`);
    return describeTeamUrl(url);
  });
}
