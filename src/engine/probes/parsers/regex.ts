// `regex`: the number a capture group holds, from the last match (the final value when a command
// prints intermediate ones). Matching runs under a time limit (limitedRegex.ts).
import { InvalidInputError } from '../../errors';
import type { ParseResult } from '../types';
import { parseError, toFiniteNumber } from './excerpt';
import { matchAllLimited } from './limitedRegex';

export function compileProbeRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gm');
  } catch (error) {
    throw new InvalidInputError(`Invalid probe regex /${pattern}/: ${(error as Error).message}`);
  }
}

export function parseRegex(text: string, pattern: string, group: number | string = 1): ParseResult {
  compileProbeRegex(pattern); // a clear error for an invalid pattern
  const matches = matchAllLimited(pattern, 'gm', text);
  const last = matches[matches.length - 1];
  if (last === undefined) throw parseError('regex', `a line matching /${pattern}/`, text);
  const captured = typeof group === 'number' ? last.all[group] : last.groups?.[group];
  if (captured === undefined) throw parseError('regex', `/${pattern}/ to capture group ${group} (it matched "${last.all[0]}" without it)`, text);
  const value = toFiniteNumber(captured);
  if (value === undefined) throw parseError('regex', `group ${group} of /${pattern}/ to be a number, not "${captured}"`, text);
  return { value };
}
