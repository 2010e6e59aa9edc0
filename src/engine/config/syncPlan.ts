// What to change in the database so it matches the file: pure, so the adapter can show or log the
// plan and the engine applies it. Removed capabilities are archived (history kept), never deleted.
import type { Capability, CapabilityInput } from '../types';

type Declared = Pick<CapabilityInput, 'name' | 'type' | 'baseline' | 'target'> & Partial<Pick<CapabilityInput, 'description' | 'unit' | 'direction'>>;
export type CapabilityChanges = Partial<Omit<CapabilityInput, 'name'>>;

export interface SyncPlan {
  add: CapabilityInput[];
  /** `changes` holds only fields that differ; `unarchive` when the file lists an archived capability again. */
  update: { name: string; changes: CapabilityChanges; unarchive: boolean }[];
  /** Names to archive: stored and active, but no longer in the file. */
  archive: string[];
  unchanged: string[];
}

export interface SyncOptions {
  /**
   * Names this file declared at the previous sync. When given, only those are archived when they
   * disappear, so capabilities registered elsewhere (API, another tool) are left alone.
   * When omitted, every active stored capability missing from the file is archived.
   */
  previouslyDeclared?: Iterable<string>;
}

const FIELDS = ['type', 'description', 'baseline', 'target', 'unit', 'direction'] as const;

function asInput(c: Declared): CapabilityInput {
  return { name: c.name, type: c.type, description: c.description ?? '', baseline: c.baseline, target: c.target, unit: c.unit ?? '', direction: c.direction ?? 'higher' };
}

export function syncPlan(declared: readonly Declared[], stored: readonly Capability[], options: SyncOptions = {}): SyncPlan {
  const plan: SyncPlan = { add: [], update: [], archive: [], unchanged: [] };
  const byName = new Map(stored.map((c) => [c.name, c]));
  const inFile = new Set<string>();
  for (const d of declared) {
    if (inFile.has(d.name)) continue; // duplicates are a config error; the first one wins
    inFile.add(d.name);
    const want = asInput(d);
    const have = byName.get(d.name);
    if (!have) { plan.add.push(want); continue; }
    const changes: CapabilityChanges = {};
    for (const field of FIELDS) {
      if (want[field] !== have[field]) (changes as Record<string, unknown>)[field] = want[field];
    }
    if (Object.keys(changes).length > 0 || have.archived) plan.update.push({ name: d.name, changes, unarchive: have.archived });
    else plan.unchanged.push(d.name);
  }
  const managed = options.previouslyDeclared ? new Set(options.previouslyDeclared) : undefined;
  for (const c of stored) {
    if (inFile.has(c.name) || c.archived) continue;
    if (managed && !managed.has(c.name)) continue;
    plan.archive.push(c.name);
  }
  return plan;
}
