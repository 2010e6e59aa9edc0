// `regex`: the number a capture group holds, from the last match (the final value when a command
// prints intermediate ones).
import { InvalidInputError } from '../../errors';
import type { ParseResult } from '../types';
import { parseError, toFiniteNumber } from './excerpt';

export function compileProbeRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gm');
  } catch (error) {
    throw new InvalidInputError(`Invalid probe regex /${pattern}/: ${(error as Error).message}`);
  }
}

export function parseRegex(text: string, pattern: string, group: number | string = 1): ParseResult {
  const re = compileProbeRegex(pattern);
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(re)) last = m;
  if (last === undefined) throw parseError('regex', `a line matching /${pattern}/`, text);
  const captured = typeof group === 'number' ? last[group] : last.groups?.[group];
  if (captured === undefined) throw parseError('regex', `/${pattern}/ to capture group ${group} (it matched "${last[0]}" without it)`, text);
  const value = toFiniteNumber(captured);
  if (value === undefined) throw parseError('regex', `group ${group} of /${pattern}/ to be a number, not "${captured}"`, text);
  return { value };
}
