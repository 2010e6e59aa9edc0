// The two places an experiment runs in, in the system temp folder, never inside the user's folder:
// shared clones of the repository at HEAD (objects borrowed through alternates, so they are cheap), or
// plain copies when the folder is not tracked by a repository with a commit. Clones, not linked
// worktrees: a linked worktree registers itself in the user's .git (VS Code's Source Control then lists
// "baseline" and "candidate" as repositories, and Git warns about them once they are gone).
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, mkdtemp, realpath, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { git, nulList, repositoryRoot } from './git';
import { OWNER_FILE, removeStaleScratch, removeStaleWorktrees, SCRATCH_PREFIX } from './staleArms';

export type ArmName = 'baseline' | 'candidate';

export interface Arms {
  mode: 'git-clone' | 'copy';
  /** Top of each arm (the clone, or the copy). */
  roots: Record<ArmName, string>;
  /** Where the user's folder is inside each arm (differs from roots when the folder is a subfolder of its repository). */
  folders: Record<ArmName, string>;
  /** The user's repository top (git mode) or the folder itself (copy mode). */
  sourceRoot: string;
  /** Folder path relative to sourceRoot (posix, '' when the same). */
  folderInRoot: string;
  /** Symlinks we made in the arms (dependency folders), relative to each arm root. */
  links: string[];
  dispose(): Promise<void>;
}

const COPY_SKIP = new Set(['.git']);

/** Links dependency folders (node_modules…) of the user's tree into an arm instead of copying them. */
async function linkInto(armRoot: string, sourceRoot: string, relPaths: string[], log: (line: string) => void): Promise<string[]> {
  const made: string[] = [];
  for (const rel of relPaths) {
    const target = path.join(sourceRoot, rel);
    const at = path.join(armRoot, rel);
    if (existsSync(at)) continue;
    await mkdir(path.dirname(at), { recursive: true });
    await symlink(target, at, process.platform === 'win32' ? 'junction' : 'dir');
    made.push(rel);
  }
  if (made.length) log(`linked ${made.join(', ')} into ${armRoot}`);
  return made;
}

async function unlinkAll(armRoot: string, links: string[]): Promise<void> {
  for (const rel of links) {
    const at = path.join(armRoot, rel);
    try { if ((await lstat(at)).isSymbolicLink()) await unlink(at); } catch { /* already gone */ }
  }
}

export interface PrepareOptions {
  folder: string;
  /** Ignored folders to link rather than leave out (by base name). */
  linkDirs: string[];
  log: (line: string) => void;
}

export async function prepareArms(options: PrepareOptions): Promise<Arms> {
  const folder = await realpath(options.folder);
  const top = await repositoryRoot(folder);
  const systemTemp = await realpath(tmpdir());
  if (systemTemp === folder || systemTemp.startsWith(folder + path.sep)) {
    throw new Error(`the system temp folder (${systemTemp}) lies inside ${folder}, so the experiment's copies would land in your files; set TMPDIR elsewhere`);
  }
  await removeStaleScratch(systemTemp, options.log);
  const tempRoot = await mkdtemp(path.join(systemTemp, SCRATCH_PREFIX));
  await writeFile(path.join(tempRoot, OWNER_FILE), JSON.stringify({ pid: process.pid, folder }));
  const roots: Record<ArmName, string> = { baseline: path.join(tempRoot, 'baseline'), candidate: path.join(tempRoot, 'candidate') };
  const { log } = options;
  const links: string[] = [];

  const dispose = async (): Promise<void> => {
    // Links first: rm must never follow one into the user's node_modules.
    for (const arm of Object.values(roots)) await unlinkAll(arm, links);
    await rm(tempRoot, { recursive: true, force: true, maxRetries: 3 });
    log(`removed ${tempRoot}`);
  };

  try {
    const sourceRoot = top === null ? null : await realpath(top);
    const folderInRoot = sourceRoot === null ? '' : path.relative(sourceRoot, folder).split(path.sep).join('/');
    // A folder inside a bigger repository (a monorepo package) runs at its place in a clone of that
    // repository — but only when the repository tracks it; an untracked or ignored folder is not in HEAD.
    const tracked = sourceRoot !== null
      && nulList((await git(['ls-files', '-z', '--', folderInRoot === '' ? '.' : folderInRoot], sourceRoot)).stdout).length > 0;
    if (sourceRoot !== null && !tracked) log(`${folder} is not tracked by the repository at ${sourceRoot} (untracked or ignored): the arms are copies`);
    if (sourceRoot !== null && tracked) {
      await removeStaleWorktrees(sourceRoot, log); // linked worktrees an earlier version left behind
      const head = (await git(['rev-parse', '--verify', 'HEAD^{commit}'], sourceRoot)).stdout.trim();
      for (const arm of ['baseline', 'candidate'] as const) {
        await git(['clone', '--quiet', '--shared', '--no-checkout', '--no-hardlinks', sourceRoot, roots[arm]], tempRoot);
        await git(['checkout', '--quiet', '--detach', head], roots[arm]);
        log(`${arm}: shared clone at HEAD (${head.slice(0, 12)}) in ${roots[arm]}`);
      }
      // Ignored folders such as node_modules hold what the probe needs to run; link the named ones.
      const ignored = nulList((await git(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], sourceRoot)).stdout)
        .map((p) => p.replace(/\/$/, ''))
        .filter((p) => options.linkDirs.includes(path.posix.basename(p)));
      for (const arm of ['baseline', 'candidate'] as const) {
        const made = await linkInto(roots[arm], sourceRoot, ignored, log);
        if (arm === 'baseline') links.push(...made);
      }
      const sub = (arm: ArmName): string => path.join(roots[arm], ...folderInRoot.split('/').filter(Boolean));
      return { mode: 'git-clone', roots, folders: { baseline: sub('baseline'), candidate: sub('candidate') }, sourceRoot, folderInRoot, links, dispose };
    }

    if (sourceRoot === null) log(`${folder} is not a git repository with a commit: the arms are copies`);
    const skipped: string[] = [];
    for (const arm of ['baseline', 'candidate'] as const) {
      await cp(folder, roots[arm], {
        recursive: true, verbatimSymlinks: true, errorOnExist: false,
        filter: (src) => {
          const name = path.basename(src);
          if (COPY_SKIP.has(name)) return false;
          if (options.linkDirs.includes(name)) {
            if (arm === 'baseline') skipped.push(path.relative(folder, src).split(path.sep).join('/'));
            return false;
          }
          return true;
        },
      });
      log(`${arm}: copy of ${folder} in ${roots[arm]}`);
    }
    for (const arm of ['baseline', 'candidate'] as const) {
      const made = await linkInto(roots[arm], folder, skipped, log);
      if (arm === 'baseline') links.push(...made);
    }
    return { mode: 'copy', roots, folders: { ...roots }, sourceRoot: folder, folderInRoot: '', links, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
