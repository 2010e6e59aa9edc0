// `hyperfine-json`: hyperfine's --export-json report. Value = mean of the first command in ms;
// `samples` carries each timing (ms) for probes that use them as samples.
import type { ParseResult } from '../types';
import { parseError } from './excerpt';
import { extractJson } from './extractJson';

export function parseHyperfineJson(text: string): ParseResult {
  const doc = extractJson(text);
  const first = doc.ok ? (doc.value as { results?: { mean?: unknown; times?: unknown }[] })?.results?.[0] : undefined;
  if (!first || typeof first.mean !== 'number' || !Number.isFinite(first.mean)) {
    throw parseError('hyperfine-json', 'hyperfine --export-json output (results[0].mean in seconds)', text);
  }
  const times = Array.isArray(first.times) && first.times.every((t) => typeof t === 'number' && Number.isFinite(t))
    ? (first.times as number[]).map((t) => t * 1000) : undefined;
  return times && times.length > 0 ? { value: first.mean * 1000, samples: times } : { value: first.mean * 1000 };
}
