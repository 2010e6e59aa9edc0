// The window's runner port for Improve…: measure drafts on the team's workers when Connect Team Store…
// holds a URL (SecretStorage) — the team runner itself decides between the workers (one alive) and a local
// run, and says which. The team code (pg, pg-boss) is its own thin bundle, dist/team.js, required on first
// use only, so activation never loads it.
import * as path from 'path';
import type * as vscode from 'vscode';
import type { TeamRunner } from '../../team/runs/teamRunner';
import { readTeamUrl } from './connectTeamStore';

export async function windowTeamRunner(secrets: vscode.SecretStorage): Promise<TeamRunner | null> {
  const url = await readTeamUrl(secrets);
  if (!url) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const team = require(path.join(__dirname, 'team.js')) as typeof import('../../team');
  return team.teamRunner({ url });
}
