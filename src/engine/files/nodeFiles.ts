// FilesPort on Node's file system, confined to one root folder: refuses absolute paths, `..` escapes
// and symlinks that lead outside; creates parent folders; writes atomically (temp file, fsync, rename).
import fs from 'node:fs';
import path from 'node:path';
import type { FilesPort } from '../ports';
import { confinePath } from './confinePath';

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
  private resolve(relativePath: string): Promise<string> {
    return confinePath(this.root, relativePath);
  }
}
