// Worktrees left behind by an experiment whose process died (crash, killed extension host): each
// scratch folder records its owner's pid, and a worktree whose owner is gone is removed.
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { git } from './git';

export const SCRATCH_PREFIX = 'si-ab-';
export const OWNER_FILE = 'owner.json';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Removes this repository's experiment worktrees whose owning process no longer runs. Returns their paths. */
export async function removeStaleWorktrees(repoRoot: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const listing = (await git(['worktree', 'list', '--porcelain'], repoRoot)).stdout;
  const removed: string[] = [];
  for (const m of listing.matchAll(/^worktree (.+)$/gm)) {
    const wt = m[1] as string;
    const scratch = path.dirname(wt);
    if (!path.basename(scratch).startsWith(SCRATCH_PREFIX) || !['baseline', 'candidate'].includes(path.basename(wt))) continue;
    let owner: number | undefined;
    try { owner = (JSON.parse(await readFile(path.join(scratch, OWNER_FILE), 'utf8')) as { pid?: number }).pid; } catch { owner = undefined; }
    if (owner !== undefined && alive(owner)) continue;
    try { await git(['worktree', 'remove', '--force', wt], repoRoot); } catch { /* pruned below */ }
    await rm(scratch, { recursive: true, force: true });
    removed.push(wt);
    log(`removed a worktree left by an earlier experiment: ${wt}`);
  }
  if (removed.length) await git(['worktree', 'prune'], repoRoot);
  return removed;
}
