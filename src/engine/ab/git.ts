// Runs git for the A/B runner. Hooks are switched off (a post-checkout hook must not run because we
// made a scratch worktree) and nothing prompts.
import { execFile } from 'node:child_process';
import { ErrorCode } from '../errorCodes';

export interface GitResult { stdout: string; stderr: string }

export class GitError extends Error {
  readonly code = ErrorCode.Git;
  constructor(readonly args: string[], readonly stderr: string, readonly exitCode: number | string | null) {
    super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (${exitCode})`}: ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

export function git(args: string[], cwd: string, options: { input?: string; env?: Record<string, string> } = {}): Promise<GitResult> {
  const full = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args];
  return new Promise((resolve, reject) => {
    const child = execFile('git', full, {
      cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', windowsHide: true,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', ...options.env },
    }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, stderr || error.message, (error as NodeJS.ErrnoException).code ?? null));
      else resolve({ stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The repository's top folder, or null when `folder` is not in a work tree with at least one commit. */
export async function repositoryRoot(folder: string): Promise<string | null> {
  try {
    const top = (await git(['rev-parse', '--show-toplevel'], folder)).stdout.trim();
    await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], folder);
    return top;
  } catch {
    return null;
  }
}

/** Splits `-z` output. */
export function nulList(stdout: string): string[] {
  return stdout.split('\0').filter((s) => s !== '');
}
