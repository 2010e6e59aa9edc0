// improvement_history: the version changelog.
import type { HistoryEntry, HistoryInput } from '../types';
import { InvalidInputError } from '../errors';
import { assertFinite, assertNonEmpty, assertPositiveInt } from '../validate';
import { fromJson } from '../json';
import { nowIso, type StoreContext } from '../context';

interface HistoryRow { id: number; version: string; summary: string; improvements: string; delta: string; changes: string; recorded_at: string }

function toEntry(r: HistoryRow): HistoryEntry {
  return {
    id: r.id, version: r.version, summary: r.summary, improvements: fromJson<number[]>(r.improvements, []),
    delta: fromJson<Record<string, number>>(r.delta, {}), changes: fromJson<string[]>(r.changes, []), recordedAt: r.recorded_at,
  };
}

export class HistoryStore {
  constructor(private readonly ctx: StoreContext) {}

  track(input: HistoryInput): HistoryEntry {
    assertNonEmpty(input?.version, 'version');
    assertNonEmpty(input.summary, 'summary');
    const improvements = input.improvements ?? [];
    if (!Array.isArray(improvements) || improvements.some((x) => !Number.isInteger(x))) throw new InvalidInputError('improvements must be an array of improvement ids.');
    const delta = input.delta ?? {};
    if (typeof delta !== 'object' || Array.isArray(delta)) throw new InvalidInputError('delta must be an object of numbers.');
    for (const [k, v] of Object.entries(delta)) assertFinite(v, `delta.${k}`);
    const changes = input.changes ?? [];
    if (!Array.isArray(changes) || changes.some((x) => typeof x !== 'string')) throw new InvalidInputError('changes must be an array of strings.');
    const id = this.ctx.db.insert(
      'INSERT INTO improvement_history (version, summary, improvements, delta, changes, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      [input.version, input.summary, JSON.stringify(improvements), JSON.stringify(delta), JSON.stringify(changes), nowIso(this.ctx)]);
    return toEntry(this.ctx.db.get<HistoryRow>('SELECT * FROM improvement_history WHERE id = ?', [id])!);
  }

  /** Newest first. */
  list(limit?: number): HistoryEntry[] {
    if (limit !== undefined) assertPositiveInt(limit, 'limit');
    return this.ctx.db.all<HistoryRow>(`SELECT * FROM improvement_history ORDER BY recorded_at DESC, id DESC ${limit ? `LIMIT ${limit}` : ''}`).map(toEntry);
  }
}
