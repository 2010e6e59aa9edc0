// Who this database is in the team store: a random origin id made once and kept in the database itself
// (engine_metadata TEAM_ORIGIN_KEY, which the engine reads to keep its own rows out of the pooled learning), with the machine and user it runs as. A copied database file keeps its id.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { Database } from '../engine/storage/database';
import { engineChunk } from '../chunkLoader';
import type { OriginInfo } from './records';

export interface OriginOverrides { machine?: string; userName?: string; label?: string | null }

function currentUser(): string {
  try { return os.userInfo().username; } catch { return process.env.USER ?? process.env.USERNAME ?? 'unknown'; }
}

/** This database's origin; created (and stored) on first use. Machine/user/label follow the overrides or this process. */
export function localOrigin(db: Database, overrides: OriginOverrides = {}): OriginInfo {
  const KEY = engineChunk().TEAM_ORIGIN_KEY;
  const row = db.get<{ value: string }>('SELECT value FROM engine_metadata WHERE key = ?', [KEY]);
  const stored = row ? (JSON.parse(row.value) as Partial<OriginInfo>) : null;
  const origin: OriginInfo = {
    originId: stored?.originId ?? randomUUID(),
    machine: overrides.machine ?? os.hostname(),
    userName: overrides.userName ?? currentUser(),
    label: overrides.label ?? stored?.label ?? null,
  };
  if (!stored || stored.originId !== origin.originId || stored.machine !== origin.machine || stored.userName !== origin.userName || stored.label !== origin.label) {
    db.run('INSERT OR REPLACE INTO engine_metadata (key, value, updated_at) VALUES (?, ?, ?)', [KEY, JSON.stringify(origin), new Date().toISOString()]);
  }
  return origin;
}

/**
 * The git commit and branch of a folder, for a measurement's context ({ commit, branch } there are what the
 * team store shows as the measurement's origin). Nulls outside a git work tree.
 */
export async function gitOrigin(folder: string): Promise<{ commit: string | null; branch: string | null }> {
  const git = (args: string[]) => new Promise<string | null>((resolve) => {
    execFile('git', args, { cwd: folder, timeout: 10_000 }, (err, stdout) => resolve(err ? null : stdout.trim() || null));
  });
  const [commit, branch] = await Promise.all([git(['rev-parse', 'HEAD']), git(['rev-parse', '--abbrev-ref', 'HEAD'])]);
  return { commit, branch: branch === 'HEAD' ? (process.env.GITHUB_REF_NAME ?? process.env.CI_COMMIT_REF_NAME ?? null) : branch };
}
