// The team store's connection string. Only from the environment (CLI, CI, workers) or, in VS Code, from
// SecretStorage (src/vscode/team/connectTeamStore.ts) — never from settings files or the workspace.
import { TeamError } from './errors';

export const TEAM_URL_ENV = 'SELF_IMPROVEMENT_TEAM_URL';

/** Checks a postgres:// URL; returns it unchanged (sslmode and other parameters go to the driver as given). */
export function checkTeamUrl(url: string): string {
  const text = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new TeamError('TEAM_URL_INVALID', 'The team store URL is not a URL. Expected postgres://USER:PASSWORD@HOST:5432/DATABASE (add ?sslmode=verify-full for TLS).');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new TeamError('TEAM_URL_INVALID', `The team store URL must start with postgres:// (got ${parsed.protocol}//).`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new TeamError('TEAM_URL_INVALID', 'The team store URL names no host.');
  if (parsed.pathname.replace(/^\//, '') === '') throw new TeamError('TEAM_URL_INVALID', 'The team store URL names no database (…/DATABASE at the end).');
  return text;
}

/** The URL from SELF_IMPROVEMENT_TEAM_URL, or a TEAM_NOT_CONFIGURED error that says how to set it. */
export function teamUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[TEAM_URL_ENV];
  if (!value || !value.trim()) {
    throw new TeamError('TEAM_NOT_CONFIGURED', `No team store configured: set ${TEAM_URL_ENV}=postgres://USER:PASSWORD@HOST:5432/DATABASE (see docs/team.md).`);
  }
  return checkTeamUrl(value);
}

/** host:port/database without the credentials, for messages and logs. */
export function describeTeamUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || u.searchParams.get('host') || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
