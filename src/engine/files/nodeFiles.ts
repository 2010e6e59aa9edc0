// FilesPort on Node's file system, confined to one root folder: refuses absolute paths, `..` escapes
// and symlinks that lead outside; creates parent folders; writes atomically (temp file, fsync, rename).
// On Linux every step works on verified open folders (pinnedFolder.ts), so a folder swapped for a
// symlink while a write is under way cannot send it outside; elsewhere the path check (confinePath)
// is made right before each step.
import fs from 'node:fs';
import path from 'node:path';
import type { FilesPort } from '../ports';
import { confinePath } from './confinePath';
import { canPinFolders, PinnedFolder } from './pinnedFolder';
import { normalizeRelativePath } from './relativePath';

let counter = 0;
const tempName = (base: string): string => `.${base}.tmp-${process.pid}-${Date.now()}-${++counter}`;

export class NodeFiles implements FilesPort {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async read(relativePath: string): Promise<string | null> {
    if (canPinFolders()) {
      const { dirs, base } = this.split(relativePath);
      const folder = await PinnedFolder.open(this.root, dirs, relativePath, false);
      if (folder === null) return null;
      try { return await folder.readText(base); } finally { await folder.close(); }
    }
    const full = await confinePath(this.root, relativePath);
    try {
      return await fs.promises.readFile(full, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(relativePath: string, content: string): Promise<void> {
    const { dirs, base } = this.split(relativePath);
    if (canPinFolders()) {
      const folder = (await PinnedFolder.open(this.root, dirs, relativePath, true))!;
      try { return await folder.writeText(base, content, tempName(base)); } finally { await folder.close(); }
    }
    const full = await confinePath(this.root, relativePath);
    await fs.promises.mkdir(path.dirname(full), { recursive: true });
    await confinePath(this.root, relativePath); // a folder created concurrently could be a symlink out; check again
    const tmp = path.join(path.dirname(full), tempName(base));
    const handle = await fs.promises.open(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0));
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

  private split(relativePath: string): { dirs: string[]; base: string } {
    const parts = normalizeRelativePath(relativePath).split('/');
    return { dirs: parts.slice(0, -1), base: parts[parts.length - 1] };
  }
}
