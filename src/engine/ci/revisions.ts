// A git revision as a candidate: the tree of REV, expressed as a patch against HEAD, so the A/B runner
// (baseline = HEAD in a scratch worktree) measures REV's code without any new checkout logic.
import { git, GitError, repositoryRoot } from '../ab/git';
import { InvalidInputError } from '../errors';

/** The commit REV names, or a clear error (unknown revision, not a repository). */
export async function resolveRevision(folder: string, rev: string): Promise<string> {
  if (!rev || rev.startsWith('-')) throw new InvalidInputError(`"${rev}" is not a revision; give a branch, tag or commit (e.g. origin/main).`);
  if (!(await repositoryRoot(folder))) throw new InvalidInputError(`${folder} is not in a git repository with a commit; a revision cannot be compared.`);
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], folder)).stdout.trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new InvalidInputError(`Unknown revision "${rev}" in ${folder}. In CI, fetch it first (e.g. actions/checkout with fetch-depth: 0, or git fetch origin ${rev}).`);
    }
    throw error;
  }
}

/**
 * The patch that turns HEAD's tree into REV's (binary-safe, whole repository). Applied to a checkout of
 * HEAD it gives REV's files: the runner's candidate arm then holds REV. Empty when the trees are equal.
 */
export async function patchFromHeadTo(folder: string, rev: string): Promise<string> {
  const commit = await resolveRevision(folder, rev);
  const top = (await repositoryRoot(folder))!;
  return (await git(['diff', '--binary', '--no-color', '--no-ext-diff', '--no-textconv', '--full-index', '--src-prefix=a/', '--dst-prefix=b/', 'HEAD', commit], top)).stdout;
}

/** HEAD's commit id (for records and reports). */
export async function headCommit(folder: string): Promise<string> {
  return (await git(['rev-parse', 'HEAD'], folder)).stdout.trim();
}
