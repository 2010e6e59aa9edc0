// What an experiment compares, and how a successful candidate becomes proposals (one per changed file).
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

/** A file's current text by folder-relative path (null when missing). */
export type CurrentFileReader = (folderRelative: string) => Promise<string | null>;

/**
 * The engine's view of the folder's files — what applying a proposal compares against and overwrites
 * (in VS Code an editor's unsaved text). Proposals must start from it, not from the disk, or approving
 * one would silently drop unsaved edits.
 */
export function engineFileReader(engine: Pick<SelfImprovementApi, 'readFile'>, map: PathMapping): CurrentFileReader {
  return (rel) => engine.readFile(toEnginePath(map, rel));
}

/**
 * The new content of each changed file, from the candidate, against the user's current files as
 * `current` reads them (use engineFileReader). Files a proposal cannot hold (new, deleted, a patch that
 * no longer applies to the file as it is now) are returned in `skipped` with the reason.
 */
export async function proposedFiles(current: CurrentFileReader, candidate: Candidate, changed: readonly string[]): Promise<{ files: ProposedFile[]; skipped: string[] }> {
  const files: ProposedFile[] = [];
  const skipped: string[] = [];
  /** The file's text, null when missing, undefined when unreadable (recorded in `skipped`). */
  const read = async (rel: string): Promise<string | null | undefined> => {
    try { return await current(rel); } catch (err) {
      skipped.push(`${rel}: could not be read (${err instanceof Error ? err.message : String(err)}).`);
      return undefined;
    }
  };
  if (candidate.kind === 'files') {
    for (const f of candidate.files) {
      const now = await read(f.path);
      if (now === undefined) continue;
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
    const now = await read(rel);
    if (now === undefined) continue;
    if (now === null) { skipped.push(`${rel}: not found in the folder.`); continue; }
    const next = applyPatch(now, p);
    if (next === false) skipped.push(`${rel}: the patch no longer applies to the file as it is now.`);
    else if (next !== now) files.push({ path: rel, content: next });
  }
  return { files, skipped };
}
