// `json`: a number at a simple path: `a.b`, `results[0].mean`, `["key with.dot"]`.
import { InvalidInputError } from '../../errors';
import type { ParseResult } from '../types';
import { excerpt, parseError, toFiniteNumber } from './excerpt';
import { extractJson } from './extractJson';
import { ProbeParseError } from '../errors';

export type PathStep = string | number;

export function parseJsonPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 0;
  const source = path.trim();
  while (at < source.length) {
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m || (m[1] !== undefined && at > 0 && source[at] !== '.')) {
      throw new InvalidInputError(`Invalid JSON path "${path}" at character ${at + 1}: use names, [index] and ["key"], e.g. results[0].mean`);
    }
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(JSON.parse(`"${m[3] ?? ''}"`) as string);
    at = re.lastIndex;
  }
  if (steps.length === 0) throw new InvalidInputError('The JSON path is empty: give e.g. results[0].mean');
  return steps;
}

export function parseJsonAtPath(text: string, path: string): ParseResult {
  const steps = parseJsonPath(path);
  const doc = extractJson(text);
  if (!doc.ok) throw parseError('json', 'a JSON document', text);
  let node: unknown = doc.value;
  const walked: string[] = [];
  for (const step of steps) {
    const next = typeof step === 'number'
      ? (Array.isArray(node) ? node[step] as unknown : undefined)
      : (node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[step] : undefined);
    walked.push(typeof step === 'number' ? `[${step}]` : `${walked.length ? '.' : ''}${step}`);
    if (next === undefined) {
      throw new ProbeParseError('json', `a value at ${path} (nothing at ${walked.join('')})`, excerpt(text));
    }
    node = next;
  }
  const value = typeof node === 'boolean' ? (node ? 1 : 0) : toFiniteNumber(node);
  if (value === undefined) throw new ProbeParseError('json', `a number at ${path}, not ${JSON.stringify(node)?.slice(0, 80)}`, excerpt(text));
  return { value };
}
