// Puts the candidate change into the candidate arm: a patch (git apply), whole files, or the user's
// working tree against HEAD (its diff plus untracked files, read without touching the user's index).
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AbSetupError } from './errors';
import type { Arms } from './arms';
import { git, GitError, nulList } from './git';

export type Candidate =
  | { kind: 'patch'; patch: string }
  | { kind: 'files'; files: { path: string; content: string }[] }
  | { kind: 'working-tree' };

/** Resolves a relative path under `base`, refusing absolute paths and `..` escapes. */
function inside(base: string, rel: string): string {
  const target = path.resolve(base, rel);
  if (path.isAbsolute(rel) || (target !== base && !target.startsWith(base + path.sep))) {
    throw new Error(`"${rel}" is outside the folder`);
  }
  return target;
}

async function applyPatch(patch: string, cwd: string, arms: Arms, log: (l: string) => void, lines: string[]): Promise<void> {
  if (patch.trim() === '') { log('candidate: empty patch, nothing to apply'); return; }
  // Outside a repository (copy mode) git apply works like patch(1); the ceiling stops it from finding
  // a repository above the temp folder.
  const env = arms.mode === 'copy' ? { GIT_CEILING_DIRECTORIES: path.dirname(cwd) } : undefined;
  try {
    await git(['apply', '--recount', '--whitespace=nowarn', '-'], cwd, { input: patch.endsWith('\n') ? patch : `${patch}\n`, env });
  } catch (error) {
    const reason = error instanceof GitError ? error.stderr.trim() : (error as Error).message;
    throw new AbSetupError(`The candidate patch does not apply to ${arms.mode === 'copy' ? 'the folder' : 'HEAD'}: ${reason}`, lines);
  }
  log('candidate: patch applied');
}

export async function applyCandidate(candidate: Candidate, arms: Arms, log: (l: string) => void, lines: string[]): Promise<void> {
  switch (candidate.kind) {
    case 'patch':
      // A git diff names paths from the repository top, which is the arm's root in both modes.
      return applyPatch(candidate.patch, arms.roots.candidate, arms, log, lines);
    case 'files': {
      for (const file of candidate.files) {
        let target: string;
        try { target = inside(arms.folders.candidate, file.path); } catch (e) { throw new AbSetupError(`Candidate file ${(e as Error).message}.`, lines); }
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      log(`candidate: wrote ${candidate.files.length} file(s)`);
      return;
    }
    case 'working-tree': {
      if (arms.mode !== 'git-clone') {
        throw new AbSetupError('A working-tree candidate needs a git repository with a commit (it is the working tree against HEAD).', lines);
      }
      const diff = (await git(['diff', 'HEAD', '--binary', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/'], arms.sourceRoot)).stdout;
      await applyPatch(diff, arms.roots.candidate, arms, log, lines);
      const untracked = nulList((await git(['ls-files', '--others', '--exclude-standard', '-z'], arms.sourceRoot)).stdout);
      for (const rel of untracked) {
        const to = path.join(arms.roots.candidate, rel);
        await mkdir(path.dirname(to), { recursive: true });
        await copyFile(path.join(arms.sourceRoot, rel), to);
      }
      log(`candidate: working tree against HEAD (${diff === '' ? 'no tracked changes' : 'tracked changes'}, ${untracked.length} untracked file(s))`);
      return;
    }
  }
}

/** The user's folder (its real path), whatever the arms' mode. */
function userFolder(arms: Arms): string {
  return arms.folderInRoot === '' ? arms.sourceRoot : path.join(arms.sourceRoot, ...arms.folderInRoot.split('/'));
}

/**
 * Puts each pinned file (folder-relative) into both arms exactly as the user's folder holds it now, or
 * removes it from both when the folder has none. The workspace's own config file is pinned: it says
 * how to measure, so it is never part of what is measured — both arms run with the config as it is
 * now, whatever HEAD or the candidate hold (an uncommitted config edit is not a change to the code).
 */
export async function pinFiles(arms: Arms, pinned: readonly string[], log: (l: string) => void): Promise<void> {
  for (const rel of pinned) {
    let content: Buffer | null;
    try { content = await readFile(path.join(userFolder(arms), rel)); } catch { content = null; }
    for (const arm of ['baseline', 'candidate'] as const) {
      const to = inside(arms.folders[arm], rel);
      if (content === null) await rm(to, { force: true });
      else { await mkdir(path.dirname(to), { recursive: true }); await writeFile(to, content); }
    }
    log(`pinned ${rel} in both arms as the folder holds it now (${content === null ? 'absent' : 'present'}); it is not part of the candidate`);
  }
}

/** Files the candidate arm differs in from HEAD, relative to the user's folder (posix); pinned files are never among them. */
export async function changedFiles(candidate: Candidate, arms: Arms, pinned: readonly string[] = []): Promise<string[]> {
  const skip = new Set(pinned.map((p) => path.posix.normalize(p.replace(/\\/g, '/'))));
  return (await differingFiles(candidate, arms)).filter((f) => !skip.has(f));
}

async function differingFiles(candidate: Candidate, arms: Arms): Promise<string[]> {
  const toFolder = (fromRoot: string): string => arms.folderInRoot === '' ? fromRoot : path.posix.relative(arms.folderInRoot, fromRoot);
  if (arms.mode === 'git-clone') {
    const out = nulList((await git(['status', '--porcelain', '-z', '--untracked-files=all', '--no-renames'], arms.roots.candidate)).stdout);
    const links = new Set(arms.links);
    return out.map((entry) => entry.slice(3)).filter((p) => !links.has(p)).map(toFolder).sort();
  }
  if (candidate.kind === 'files') return candidate.files.map((f) => path.posix.normalize(f.path)).sort();
  if (candidate.kind === 'patch') {
    const names = new Set<string>();
    for (const m of candidate.patch.matchAll(/^(?:\+\+\+|---) (?:[ab]\/)?(.+?)\s*$/gm)) if (m[1] !== '/dev/null' && m[1]) names.add(m[1]);
    return [...names].sort();
  }
  return [];
}
