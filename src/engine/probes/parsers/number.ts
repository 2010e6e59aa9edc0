// `number`: the last number the command printed (progress lines first, result last is the norm).
import type { ParseResult } from '../types';
import { parseError } from './excerpt';

const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/g;

export function parseLastNumber(text: string): ParseResult {
  const matches = text.match(NUMBER);
  const last = matches?.[matches.length - 1];
  const value = last === undefined ? NaN : Number(last);
  if (!Number.isFinite(value)) throw parseError('number', 'a number somewhere in the output', text);
  return { value };
}
