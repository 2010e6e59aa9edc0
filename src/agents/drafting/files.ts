// Which files a drafting prompt shows the model: suggested from the weakness, the probe and recent edits,
// and checked before anything is sent, so that a mistyped path is refused where it was typed instead of
// reaching the prompt as an empty file.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ErrorCode } from '../../engine/errorCodes';
import { normalizePath, pathsIn } from '../../engine/verdicts/tamper';

const run = promisify(execFile);

export class DraftFilesError extends Error {
  readonly code = ErrorCode.DraftFiles;
  constructor(message: string) {
    super(message);
    this.name = 'DraftFilesError';
  }
}

const MAX_SUGGESTED = 5;
const CODE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx', '.json', '.py', '.go', '.rs', '.java', '.kt', '.cs', '.rb', '.php', '.c', '.h', '.cc', '.cpp', '.hpp', '.swift', '.scala'];
/** Not code under measurement: documentation, lock files, the repository's own settings. */
const NOT_CANDIDATES = /(^|\/)(node_modules|\.git|\.vscode)\/|\.(md|markdown|txt|lock|log)$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|LICENSE[^/]*)$/i;

/** Splits the files box: comma- or whitespace-separated relative paths, normalised, without repeats. */
export function parseFileList(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((f) => normalizePath(f.trim())).filter(Boolean))];
}

async function isFile(folder: string, rel: string): Promise<boolean> {
  try { return (await stat(path.join(folder, rel))).isFile(); } catch { return false; }
}

/** Why the list cannot be used (the first problem, with what to do), or null when every path is a file inside the folder. */
export async function checkDraftFiles(folder: string, files: readonly string[]): Promise<string | null> {
  for (const f of files) {
    const rel = normalizePath(f);
    if (path.isAbsolute(f) || rel.split('/').includes('..')) return `"${f}" is outside the workspace folder: give paths relative to it, e.g. "src/index.js".`;
    if (!(await isFile(folder, rel))) return `"${f}" is not a file in the workspace folder (${folder}); check the spelling, or leave it out.`;
  }
  return null;
}

/** The files, read; throws DraftFilesError for one that is missing (the loop never sends a placeholder). */
export async function readDraftFiles(folder: string, files: readonly string[]): Promise<{ path: string; content: string }[]> {
  const problem = await checkDraftFiles(folder, files);
  if (problem) throw new DraftFilesError(problem);
  return Promise.all(files.map(async (f) => ({ path: normalizePath(f), content: await readFile(path.join(folder, normalizePath(f)), 'utf8') })));
}

/** Relative imports and requires in a source text ("./config", "../lib/x"). */
function relativeImports(text: string): string[] {
  const out: string[] = [];
  const re = /\brequire\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

async function resolveImport(folder: string, fromFile: string, spec: string): Promise<string | null> {
  const base = normalizePath(path.posix.join(path.posix.dirname(fromFile), spec));
  for (const candidate of [base, ...CODE_EXTENSIONS.map((e) => base + e), ...CODE_EXTENSIONS.slice(0, 6).map((e) => `${base}/index${e}`)]) {
    if (!candidate.startsWith('..') && (await isFile(folder, candidate))) return candidate;
  }
  return null;
}

/** Paths in free text (a weakness's name and description) that are files of the folder. */
async function mentionedFiles(folder: string, text: string): Promise<string[]> {
  const words = text.match(/[A-Za-z0-9_.\-/]+\.[A-Za-z0-9]{1,8}\b/g) ?? [];
  const out: string[] = [];
  for (const w of words) { const rel = normalizePath(w); if (await isFile(folder, rel)) out.push(rel); }
  return out;
}

/** Files changed by the last commits, newest first (none outside a git repository). */
async function recentlyEdited(folder: string, commits = 10): Promise<string[]> {
  try {
    // --relative: names relative to the folder, also when it is a package inside a bigger repository.
    const { stdout } = await run('git', ['log', `-n${commits}`, '--name-only', '--format=', '--relative', '--', '.'], { cwd: folder, maxBuffer: 1 << 20 });
    return stdout.split('\n').map((l) => normalizePath(l.trim())).filter(Boolean);
  } catch {
    return [];
  }
}

export interface SuggestInput {
  /** The weakness's name and description: paths it mentions come first. */
  weaknessText: string;
  /** The target's probe command: what its scripts import is the code being measured. */
  probeCommand: string;
  /** Files that measure a capability (never suggested: changing them is flagged). */
  measuredBy: readonly string[];
}

/** Up to five files likely involved: mentioned by the weakness, imported by the probe's scripts, then recently edited. */
export async function suggestDraftFiles(folder: string, input: SuggestInput): Promise<string[]> {
  const measuring = new Set(input.measuredBy.map(normalizePath));
  const out: string[] = [];
  const add = async (rel: string | null): Promise<void> => {
    if (!rel || out.length >= MAX_SUGGESTED || out.includes(rel) || measuring.has(rel) || NOT_CANDIDATES.test(rel)) return;
    if (await isFile(folder, rel)) out.push(rel);
  };
  for (const f of await mentionedFiles(folder, input.weaknessText)) await add(f);
  for (const script of pathsIn(input.probeCommand)) {
    const text = await readFile(path.join(folder, script), 'utf8').catch(() => null);
    if (text === null) continue;
    for (const spec of relativeImports(text)) await add(await resolveImport(folder, normalizePath(script), spec));
  }
  for (const f of await recentlyEdited(folder)) if (CODE_EXTENSIONS.includes(path.extname(f))) await add(f);
  return out;
}
