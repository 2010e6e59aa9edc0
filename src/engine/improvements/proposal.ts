// Builds the whole proposed file from the current text and the change.
import { InvalidInputError } from '../errors';

/** Replaces the single occurrence of oldCode with newCode, or the whole file when oldCode is absent. */
export function buildProposedContent(original: string, newCode: string, oldCode: string | undefined, filePath: string): string {
  if (oldCode === undefined) return newCode;
  if (oldCode === '') throw new InvalidInputError('oldCode must not be empty; omit it to replace the whole file.');
  const first = original.indexOf(oldCode);
  if (first < 0) throw new InvalidInputError(`The code to replace was not found in ${filePath}; the file may have changed. Re-read it and propose again.`);
  if (original.indexOf(oldCode, first + 1) >= 0) {
    throw new InvalidInputError(`The code to replace occurs more than once in ${filePath}; include more surrounding lines so it matches exactly once.`);
  }
  return original.slice(0, first) + newCode + original.slice(first + oldCode.length);
}
