// Atomic, durable file replacement that keeps the previous generation.
// Order: write temp → fsync temp → hard-link current to `.prev` (via a temp name, then rename, so `.prev`
// is always whole) → rename temp over the file → fsync the directory. The file itself always exists and
// is always a complete generation; `.prev` is the one before it.
import fs from 'node:fs';
import path from 'node:path';

export const PREVIOUS_SUFFIX = '.prev';
export const TEMP_MARKER = '.tmp-';

export function previousPath(file: string): string {
  return file + PREVIOUS_SUFFIX;
}

export interface AtomicWriteOptions {
  /** Keep the generation being replaced as `<file>.prev` (default true). */
  keepPrevious?: boolean;
}

/**
 * A large image is written in slices with an fdatasync after each: one 100 MB write leaves 100 MB of
 * dirty pages that the kernel flushes in one go, and the journal's small fsync (what an approval waits
 * for) queues behind all of it. Slices bound what it can queue behind to one slice.
 */
export const WRITE_SLICE_BYTES = 4 * 1024 * 1024;

let counter = 0;

export async function atomicWrite(file: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = `${file}${TEMP_MARKER}${process.pid}-${++counter}`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    for (let at = 0; at < data.length; at += WRITE_SLICE_BYTES) {
      const end = Math.min(data.length, at + WRITE_SLICE_BYTES);
      for (let done = at; done < end;) done += (await handle.write(data, done, end - done, done)).bytesWritten;
      if (end < data.length) await handle.datasync();
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    if (options.keepPrevious !== false) await keepPreviousGeneration(file);
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDirectory(dir);
}

/** Makes `<file>.prev` the current content of `file` (if it exists) without ever leaving `.prev` partial. */
async function keepPreviousGeneration(file: string): Promise<void> {
  const prev = previousPath(file);
  const staging = `${prev}${TEMP_MARKER}${process.pid}-${++counter}`;
  try {
    await fs.promises.link(file, staging);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // first save: nothing to keep
    // File systems without hard links: copy and fsync instead.
    await fs.promises.copyFile(file, staging);
    const h = await fs.promises.open(staging, 'r+');
    try { await h.sync(); } finally { await h.close(); }
  }
  await fs.promises.rename(staging, prev);
  // When `.prev` already is a link to the same file (the save before failed after this step), rename()
  // succeeds without doing anything and leaves the staging name behind.
  await fs.promises.rm(staging, { force: true });
}

/** Makes renames in `dir` durable. Some platforms (Windows) cannot open a directory: skip there. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw err;
  } finally {
    await handle?.close();
  }
}

/** Removes temp files left by a writer that died mid-save (only call while holding the writer lock). */
export function removeStaleTempFiles(file: string, sidecarSuffix?: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const removed: string[] = [];
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    if (name.startsWith(base + TEMP_MARKER) || name.startsWith(base + PREVIOUS_SUFFIX + TEMP_MARKER) ||
        (sidecarSuffix !== undefined && name.startsWith(base + sidecarSuffix + TEMP_MARKER))) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}
