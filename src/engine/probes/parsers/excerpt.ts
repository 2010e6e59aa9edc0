// The first lines of an output, for error messages that show what came instead of what was expected.
import { ProbeParseError } from '../errors';

export function excerpt(text: string, lines = 5, maxChars = 400): string {
  const trimmed = text.replace(/^\s+/, '');
  if (trimmed === '') return '';
  const head = trimmed.split(/\r?\n/).slice(0, lines).join('\n');
  return head.length > maxChars ? `${head.slice(0, maxChars)}…` : head;
}

export function parseError(format: string, expected: string, text: string): ProbeParseError {
  return new ProbeParseError(format, expected, excerpt(text));
}

/** A finite number from a captured string (allows surrounding blanks and a leading +). */
export function toFiniteNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : undefined;
}
