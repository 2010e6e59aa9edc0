// The one check that a relative path stays inside a root folder on a real file system: lexically
// (no absolute paths, no `..`) and through symlinks (the deepest existing part of the path, resolved,
// must stay under the resolved root; a dangling symlink is refused). Shared by NodeFiles and the
// VS Code WorkspaceFilesPort (for file: folders) so both refuse the same escapes.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors';
import { normalizeRelativePath } from './relativePath';

/** The file-system calls the check needs; injectable so tests (or other hosts) can supply their own. */
export interface ConfineFs {
  realpath(p: string): Promise<string>;
  /** Whether `p` itself (not followed) is a symlink; false when it does not exist. */
  isSymlink(p: string): Promise<boolean>;
}

export const nodeConfineFs: ConfineFs = {
  realpath: (p) => fs.promises.realpath(p),
  isSymlink: async (p) => (await fs.promises.lstat(p).catch(() => null))?.isSymbolicLink() ?? false,
};

/**
 * The absolute path of `relativePath` under `root`, after checking that neither the path nor any
 * existing symlink on it leads outside the root. Throws InvalidInputError otherwise.
 */
export async function confinePath(root: string, relativePath: string, fsApi: ConfineFs = nodeConfineFs): Promise<string> {
  const absRoot = path.resolve(root);
  const rel = normalizeRelativePath(relativePath);
  const full = path.join(absRoot, ...rel.split('/'));
  const realRoot = await fsApi.realpath(absRoot).catch(() => absRoot);
  let probe = full;
  for (;;) {
    let real: string;
    try {
      real = await fsApi.realpath(probe);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      // A dangling symlink: refuse rather than follow it to wherever it may point.
      if (await fsApi.isSymlink(probe)) throw new InvalidInputError(`"${relativePath}" goes through a dangling symbolic link.`);
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
      continue;
    }
    if (real !== realRoot && !real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) {
      throw new InvalidInputError(`"${relativePath}" leads outside the root folder through a symbolic link.`);
    }
    break;
  }
  return full;
}
