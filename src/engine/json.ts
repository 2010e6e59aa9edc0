// JSON columns: stored as text, read back tolerant of NULL; and the canonical encoding hashes cover.
import { InvalidInputError } from './errors';

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  return JSON.parse(text) as T;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so equal content always hashes the
 * same; `undefined` members are dropped (as JSON.stringify does). Refuses values JSON cannot
 * round-trip (NaN, Infinity, functions, bigint). The one encoding the audit hash chain uses.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidInputError(`canonicalJson cannot encode ${value}.`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new InvalidInputError(`canonicalJson cannot encode a ${typeof value}.`);
  }
}
