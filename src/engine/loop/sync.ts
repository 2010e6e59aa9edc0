// Bring the database in line with a folder's config file: add, update, archive (history kept). The names
// the file declared are remembered per folder, so the next sync archives only what this file dropped.
import type { SelfImprovementApi } from '../api';
import { syncPlan, type SyncPlan } from '../config/syncPlan';
import type { ConfigParseResult } from '../config/types';

export interface SyncResult {
  /** False when the file had errors: nothing was changed. */
  applied: boolean;
  plan: SyncPlan | null;
  added: string[];
  updated: string[];
  archived: string[];
  /** Capabilities whose change failed (reported, the others still applied). */
  errors: { name: string; message: string }[];
}

const KEY_PREFIX = 'config.declared:';

/** The names the folder's file declared at its last successful sync (null: never synced). */
export function previouslyDeclared(engine: SelfImprovementApi, folderKey: string): string[] | null {
  return engine.getMetadata<string[]>(KEY_PREFIX + folderKey);
}

/**
 * `folderKey` identifies the folder (its path or URI). `previous` overrides the stored names (the
 * adapter may hold its own); by default the stored ones are used, and on a first sync nothing is archived
 * that the file never declared (capabilities registered through the API stay).
 */
export function syncCapabilitiesFromConfig(engine: SelfImprovementApi, parsed: ConfigParseResult, folderKey: string, previous?: Iterable<string>): SyncResult {
  const none: SyncResult = { applied: false, plan: null, added: [], updated: [], archived: [], errors: [] };
  // A broken file never touches what is stored.
  if (!parsed.config || parsed.diagnostics.some((d) => d.severity === 'error')) return none;
  const declared = parsed.config.capabilities;
  const plan = syncPlan(declared, engine.listCapabilities({ includeArchived: true }), {
    previouslyDeclared: previous ?? previouslyDeclared(engine, folderKey) ?? [],
  });
  const result: SyncResult = { ...none, applied: true, plan };
  const attempt = (name: string, fn: () => void, into: string[]): void => {
    try { fn(); into.push(name); } catch (e) { result.errors.push({ name, message: (e as Error).message }); }
  };
  for (const input of plan.add) attempt(input.name, () => engine.registerCapability(input), result.added);
  for (const u of plan.update) attempt(u.name, () => engine.updateCapability(u.name, u.changes), result.updated);
  for (const name of plan.archive) attempt(name, () => engine.removeCapability(name), result.archived);
  engine.setMetadata(KEY_PREFIX + folderKey, declared.map((c) => c.name));
  return result;
}
