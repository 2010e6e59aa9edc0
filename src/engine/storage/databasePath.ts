// The one real path of a database file, so that the writer lock, the temp file and the atomic rename all
// name the file itself, never a symlink to it (issue 19 item 3): two openers through different names
// then meet at the same lock, and a save replaces the target instead of turning the link into a file.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors';

const MAX_LINKS = 40; // as the kernel's own limit on symlink hops

/** path.resolve, then every symlink on the way followed, including a last one that points to a file not yet created. */
export function realDatabasePath(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    try {
      return fs.realpathSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Missing: the folder may still be reached through links, and the name may be a dangling link.
    const dir = path.dirname(current);
    let realDir: string;
    try { realDir = fs.realpathSync(dir); } catch { return current; } // the folder will be created as named
    const named = path.join(realDir, path.basename(current));
    let target: string;
    try {
      target = fs.readlinkSync(named);
    } catch {
      return named; // not a link: a new file in a real folder
    }
    current = path.resolve(realDir, target);
  }
  throw new InvalidInputError(`The database path ${file} goes through more than ${MAX_LINKS} symbolic links.`);
}
