// What an experiment compares, and how a successful candidate becomes proposals (one per changed file).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import type { SelfImprovementApi } from '../api';
import type { Candidate } from '../ab/candidate';
import { InvalidInputError, InvalidStateError } from '../errors';

/** A runner candidate, or a pending improvement (its proposed file content becomes a `files` candidate). */
export type LoopCandidate = Candidate | { kind: 'improvement'; improvementId: number };

/** Maps paths between the workspace folder and the engine's root (improvements are relative to the root). */
export interface PathMapping {
  /** The folder's path inside the engine's root, posix ('' when they are the same folder). */
  folderInEngineRoot: string;
}

export function toEnginePath(map: PathMapping, folderRelative: string): string {
  return map.folderInEngineRoot === '' ? folderRelative : path.posix.join(map.folderInEngineRoot, folderRelative);
}

export function toFolderPath(map: PathMapping, engineRelative: string): string | null {
  if (map.folderInEngineRoot === '') return engineRelative;
  const prefix = map.folderInEngineRoot.replace(/\/$/, '') + '/';
  return engineRelative.startsWith(prefix) ? engineRelative.slice(prefix.length) : null;
}

export function resolveCandidate(engine: SelfImprovementApi, candidate: LoopCandidate, map: PathMapping): Candidate {
  if (candidate.kind !== 'improvement') return candidate;
  const imp = engine.getImprovement(candidate.improvementId);
  if (imp.status !== 'pending') throw new InvalidStateError(`Improvement ${imp.id} is ${imp.status}; only a pending proposal can be measured as a candidate.`);
  const rel = toFolderPath(map, imp.filePath);
  if (rel === null) throw new InvalidInputError(`Improvement ${imp.id} changes ${imp.filePath}, which is outside this folder.`);
  return { kind: 'files', files: [{ path: rel, content: imp.proposedContent }] };
}

export function describeCandidate(candidate: LoopCandidate): string {
  switch (candidate.kind) {
    case 'patch': {
      const files = parsePatch(candidate.patch).map((p) => (p.newFileName ?? p.oldFileName ?? '').replace(/^[ab]\//, '')).filter(Boolean);
      return `patch (${files.length ? files.join(', ') : 'empty'})`;
    }
    case 'files': return `files (${candidate.files.map((f) => f.path).join(', ') || 'none'})`;
    case 'working-tree': return 'the working tree against HEAD';
    case 'improvement': return `pending improvement ${candidate.improvementId}`;
  }
}

export interface ProposedFile {
  /** Relative to the folder. */
  path: string;
  content: string;
}

/**
 * The new content of each changed file, from the candidate, against the user's current files. Files a
 * proposal cannot hold (new, deleted, a patch that no longer applies to the file as it is now) are
 * returned in `skipped` with the reason.
 */
export async function proposedFiles(folder: string, candidate: Candidate, changed: readonly string[]): Promise<{ files: ProposedFile[]; skipped: string[] }> {
  const files: ProposedFile[] = [];
  const skipped: string[] = [];
  const current = async (rel: string): Promise<string | null> => {
    try { return await readFile(path.join(folder, rel), 'utf8'); } catch { return null; }
  };
  if (candidate.kind === 'files') {
    for (const f of candidate.files) {
      const now = await current(f.path);
      if (now === null) skipped.push(`${f.path}: a new file; proposals change existing files only.`);
      else if (now !== f.content) files.push({ path: f.path, content: f.content });
    }
    return { files, skipped };
  }
  if (candidate.kind !== 'patch') {
    return { files, skipped: candidate.kind === 'working-tree' ? ['The working tree already holds the change; nothing to propose.'] : [] };
  }
  const strip = (name: string | undefined): string => (name ?? '').replace(/^[ab]\//, '');
  for (const p of parsePatch(candidate.patch)) {
    const oldName = strip(p.oldFileName);
    const newName = strip(p.newFileName);
    if (newName === '/dev/null' || newName === 'dev/null') { skipped.push(`${oldName}: deleted by the patch; proposals cannot delete files.`); continue; }
    // Patch paths start at the repository's top; the folder may be below it.
    const rel = changed.find((c) => newName === c || newName.endsWith('/' + c)) ?? newName;
    if (oldName === '/dev/null' || oldName === 'dev/null') { skipped.push(`${rel}: a new file; proposals change existing files only.`); continue; }
    const now = await current(rel);
    if (now === null) { skipped.push(`${rel}: not found in the folder.`); continue; }
    const next = applyPatch(now, p);
    if (next === false) skipped.push(`${rel}: the patch no longer applies to the file as it is now.`);
    else if (next !== now) files.push({ path: rel, content: next });
  }
  return { files, skipped };
}
