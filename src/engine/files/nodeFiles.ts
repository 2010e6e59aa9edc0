// FilesPort on Node's file system, confined to one root folder: refuses absolute paths, `..` escapes
// and symlinks that lead outside; creates parent folders; writes atomically (temp file, fsync, rename).
import fs from 'node:fs';
import path from 'node:path';
import type { FilesPort } from '../ports';
import { InvalidInputError } from '../errors';
import { normalizeRelativePath } from './relativePath';

export class NodeFiles implements FilesPort {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async read(relativePath: string): Promise<string | null> {
    const full = await this.resolve(relativePath);
    try {
      return await fs.promises.readFile(full, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(relativePath: string, content: string): Promise<void> {
    const full = await this.resolve(relativePath);
    await fs.promises.mkdir(path.dirname(full), { recursive: true });
    await this.resolve(relativePath); // a folder created concurrently could be a symlink out; check again
    const tmp = path.join(path.dirname(full), `.${path.basename(full)}.tmp-${process.pid}-${Date.now()}`);
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.promises.rename(tmp, full);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  /** The absolute path, after checking that neither the path nor any existing symlink on it leaves the root. */
  private async resolve(relativePath: string): Promise<string> {
    const rel = normalizeRelativePath(relativePath);
    const full = path.join(this.root, ...rel.split('/'));
    const realRoot = await fs.promises.realpath(this.root).catch(() => this.root);
    // The deepest part of the path that exists, resolved through symlinks, must stay inside the root.
    let probe = full;
    for (;;) {
      try {
        const real = await fs.promises.realpath(probe);
        if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
          throw new InvalidInputError(`"${relativePath}" leads outside the root folder through a symbolic link.`);
        }
        break;
      } catch (err) {
        if (err instanceof InvalidInputError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
        // A dangling symlink: refuse rather than follow it to wherever it may point.
        const st = await fs.promises.lstat(probe).catch(() => null);
        if (st?.isSymbolicLink()) throw new InvalidInputError(`"${relativePath}" goes through a dangling symbolic link.`);
        const parent = path.dirname(probe);
        if (parent === probe) break;
        probe = parent;
      }
    }
    return full;
  }
}
