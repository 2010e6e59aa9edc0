// Scratch folders left behind by an experiment whose process died (crash, killed extension host): each
// records its owner's pid, and one whose owner is gone is removed. Also linked worktrees that versions
// before the shared clones registered in the user's repository.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
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

/** A scratch folder younger than this may still be waiting for its owner file. */
const YOUNG_MS = 60_000;

/** Removes `si-ab-*` folders in `tempDir` whose owning process no longer runs. Returns their paths. */
export async function removeStaleScratch(tempDir: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try { names = await readdir(tempDir); } catch { return removed; }
  for (const name of names.filter((n) => n.startsWith(SCRATCH_PREFIX))) {
    const scratch = path.join(tempDir, name);
    let owner: number | undefined;
    try { owner = (JSON.parse(await readFile(path.join(scratch, OWNER_FILE), 'utf8')) as { pid?: number }).pid; } catch { owner = undefined; }
    if (owner !== undefined && alive(owner)) continue;
    if (owner === undefined) {
      try { if (Date.now() - (await stat(scratch)).mtimeMs < YOUNG_MS) continue; } catch { continue; }
    }
    // fs.rm removes symbolic links (the arms link the user's node_modules) without following them.
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
    removed.push(scratch);
    log(`removed a scratch folder left by an earlier experiment: ${scratch}`);
  }
  return removed;
}
