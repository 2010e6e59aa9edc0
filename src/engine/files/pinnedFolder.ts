// Reading and writing under a root without a check-then-use race (issue 19 item 1). A path check followed
// by a write *by path* lets a process swap a folder for a symlink in between and send the write outside.
// Here every step works on an open folder instead of a path: each folder on the way is opened (following
// symlinks, so links that stay inside keep working), and the real path of what was actually opened is
// read back from the descriptor (/proc/self/fd/N on Linux) and must lie under the root. Everything after
// that names files *relative to that descriptor* (`/proc/self/fd/N/name` is resolved by the kernel from
// the open folder, not from a path), so swapping a folder afterwards changes nothing about where the
// bytes go. The temp file is created with O_EXCL|O_NOFOLLOW and renamed inside the same open folder; a
// rename replaces a name, it never writes through a symlink at it.
// Not covered (said in README): a folder that was verified inside and is then *moved* out of the root by
// someone who can write outside it; and platforms without /proc/self/fd, which use the path check alone.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors';

const PROC_FD = '/proc/self/fd';
const { O_RDONLY, O_DIRECTORY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

let supported: boolean | undefined;
/** True where open folders can be named through /proc/self/fd (Linux with /proc mounted). */
export function canPinFolders(): boolean {
  supported ??= process.platform === 'linux' && fs.existsSync(PROC_FD);
  return supported;
}

const fdPath = (h: fs.promises.FileHandle, name?: string): string => `${PROC_FD}/${h.fd}${name === undefined ? '' : `/${name}`}`;
const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/** A folder under the root, held open and verified; names below it are resolved from the descriptor. */
export class PinnedFolder {
  private constructor(readonly handle: fs.promises.FileHandle, readonly realPath: string, private readonly realRoot: string, private readonly shown: string) {}

  /**
   * Opens root/parts[0]/…/parts[n-1], checking after each step that what was opened is inside the root.
   * Missing folders are created when `create`, otherwise the answer is null.
   */
  static async open(root: string, parts: readonly string[], shown: string, create: boolean): Promise<PinnedFolder | null> {
    const realRoot = await fs.promises.realpath(root);
    let current = new PinnedFolder(await fs.promises.open(realRoot, O_RDONLY | O_DIRECTORY), realRoot, realRoot, shown);
    try {
      for (const part of parts) {
        const next = await current.openChild(part, create);
        await current.close();
        if (next === null) return null;
        current = next;
      }
      return current;
    } catch (err) {
      await current.close();
      throw err;
    }
  }

  private async openChild(name: string, create: boolean): Promise<PinnedFolder | null> {
    for (let attempt = 0; ; attempt++) {
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(fdPath(this.handle, name), O_RDONLY | O_DIRECTORY);
      } catch (err) {
        if (code(err) === 'ENOTDIR') throw new InvalidInputError(`"${this.shown}": "${name}" is a file, not a folder.`);
        if (code(err) !== 'ENOENT') throw err;
        if (await this.isSymlink(name)) throw new InvalidInputError(`"${this.shown}" goes through a dangling symbolic link.`);
        if (!create) return null;
        if (attempt > 3) throw new InvalidInputError(`"${this.shown}": the folder "${name}" keeps disappearing while it is being created.`);
        await fs.promises.mkdir(fdPath(this.handle, name)).catch((e: unknown) => { if (code(e) !== 'EEXIST') throw e; });
        continue;
      }
      const real = await fs.promises.readlink(fdPath(handle));
      if (!isInside(this.realRoot, real)) {
        await handle.close();
        throw new InvalidInputError(`"${this.shown}" leads outside the root folder through a symbolic link.`);
      }
      return new PinnedFolder(handle, real, this.realRoot, this.shown);
    }
  }

  private async isSymlink(name: string): Promise<boolean> {
    return (await fs.promises.lstat(fdPath(this.handle, name)).catch(() => null))?.isSymbolicLink() ?? false;
  }

  /** The text of `name` in this folder, or null when it does not exist; refuses a symlink leading outside. */
  async readText(name: string): Promise<string | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(fdPath(this.handle, name), O_RDONLY);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
      if (await this.isSymlink(name)) throw new InvalidInputError(`"${this.shown}" goes through a dangling symbolic link.`);
      return null;
    }
    try {
      const real = await fs.promises.readlink(fdPath(handle));
      if (!isInside(this.realRoot, real)) throw new InvalidInputError(`"${this.shown}" leads outside the root folder through a symbolic link.`);
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  /** Replaces `name` in this folder atomically: temp file (O_EXCL, no symlink followed), fsync, rename, folder fsync. */
  async writeText(name: string, content: string, tempName: string): Promise<void> {
    let mode = 0o666;
    const existing = await fs.promises.lstat(fdPath(this.handle, name)).catch(() => null);
    if (existing?.isSymbolicLink()) {
      // The rename below would replace the link, never write through it; refuse a link out all the same.
      const target = await fs.promises.realpath(fdPath(this.handle, name)).catch(() => null);
      if (target === null || !isInside(this.realRoot, target)) throw new InvalidInputError(`"${this.shown}" leads outside the root folder through a symbolic link.`);
    } else if (existing?.isFile()) {
      mode = existing.mode & 0o7777; // keep an executable script executable
    } else if (existing) {
      throw new InvalidInputError(`"${this.shown}" is not a regular file.`);
    }
    const temp = fdPath(this.handle, tempName);
    const file = await fs.promises.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    try {
      await file.writeFile(content, 'utf8');
      await file.chmod(mode);
      await file.sync();
    } catch (err) {
      await file.close().catch(() => undefined);
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await file.close();
    try {
      await fs.promises.rename(temp, fdPath(this.handle, name));
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    await this.handle.sync().catch(() => undefined); // the rename durable; some file systems refuse a folder fsync
  }

  close(): Promise<void> {
    return this.handle.close().catch(() => undefined);
  }
}
