// engine_metadata: small JSON values under a key (e.g. the names a folder's config declared at its last sync).
import { fromJson, toJson } from '../json';
import { nowIso, type StoreContext } from '../context';

export class MetadataStore {
  constructor(private readonly ctx: StoreContext) {}

  get<T>(key: string): T | null {
    const r = this.ctx.db.get<{ value: string }>('SELECT value FROM engine_metadata WHERE key = ?', [key]);
    return r ? fromJson<T | null>(r.value, null) : null;
  }

  set(key: string, value: unknown): void {
    this.ctx.db.run('INSERT OR REPLACE INTO engine_metadata (key, value, updated_at) VALUES (?, ?, ?)', [key, toJson(value) ?? 'null', nowIso(this.ctx)]);
  }
}
