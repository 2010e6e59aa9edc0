// Paths the engine accepts for files: relative to the root, posix separators, never escaping it.
import path from 'node:path';
import { InvalidInputError } from '../errors';

/** Normalizes a relative path ("a/./b" → "a/b") or throws InvalidInputError for absolute or escaping ones. */
export function normalizeRelativePath(p: string): string {
  if (typeof p !== 'string' || p.trim() === '') throw new InvalidInputError('filePath must be a non-empty relative path.');
  if (p.includes('\0')) throw new InvalidInputError('filePath must not contain NUL characters.');
  const posix = p.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || path.isAbsolute(p)) {
    throw new InvalidInputError(`filePath must be relative to the root folder (got absolute path "${p}").`);
  }
  const normal = path.posix.normalize(posix);
  if (normal === '..' || normal.startsWith('../') || normal === '.' ) {
    throw new InvalidInputError(`filePath "${p}" escapes the root folder or names the root itself.`);
  }
  return normal.replace(/\/$/, '');
}
