// One pending proposal per file: a drafted success for a file that already has a pending proposal is
// reported with it, so a person chooses (replace the earlier one, or keep both knowingly) instead of
// finding two pending changes to the same file. Replacing rejects the earlier one with the reason, which
// the audit chain records; nothing is ever approved or applied here.
import type { SelfImprovementApi } from '../../engine/api';

export interface PendingDuplicate {
  /** The new proposal. */
  improvementId: number;
  filePath: string;
  /** Earlier pending proposals for the same file, oldest first. */
  earlier: { id: number; name: string; proposedBy: string }[];
}

/** For each new proposal, the other pending proposals for its file (only those with any). */
export function pendingDuplicates(engine: SelfImprovementApi, newIds: readonly number[]): PendingDuplicate[] {
  const fresh = new Set(newIds);
  const pending = engine.listImprovements({ status: 'pending' });
  return newIds.flatMap((id) => {
    const imp = engine.getImprovement(id);
    const earlier = pending.filter((p) => p.filePath === imp.filePath && !fresh.has(p.id)).map((p) => ({ id: p.id, name: p.name, proposedBy: p.proposedBy }));
    return earlier.length ? [{ improvementId: id, filePath: imp.filePath, earlier }] : [];
  });
}

/** Rejects the earlier proposals as superseded by the new one (audited as rejected, with this reason). */
export function supersede(engine: SelfImprovementApi, duplicate: PendingDuplicate, by: string): number[] {
  const replaced: number[] = [];
  for (const old of duplicate.earlier) {
    if (engine.getImprovement(old.id).status !== 'pending') continue;
    engine.rejectImprovement(old.id, `Superseded by improvement #${duplicate.improvementId} for ${duplicate.filePath}.`, by);
    replaced.push(old.id);
  }
  return replaced;
}

/** "config.js already has a pending proposal, #4 "Lower the delay" (by lm:…)": the sentence the adapter shows. */
export function duplicateText(d: PendingDuplicate): string {
  const list = d.earlier.map((e) => `#${e.id} "${e.name}" (by ${e.proposedBy})`).join(', ');
  return `${d.filePath} already has ${d.earlier.length === 1 ? 'a pending proposal' : `${d.earlier.length} pending proposals`}, ${list}; the new #${d.improvementId} changes the same file.`;
}
