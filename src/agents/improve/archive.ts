// The search's memory per weakness: distinct candidates that succeeded or came near (a positive first
// effect that was not confirmed, or a real gain refused by a guardrail), so new drafts start from
// different parents instead of following one line of descent (the evolvers' islands, kept small).
import { createHash } from 'node:crypto';
import type { Verdict } from '../../engine/types';

export interface ArchivedCandidate {
  /** Hash of the patch with whitespace normalised: the same change drafted twice is one entry. */
  key: string;
  patch: string;
  verdict: Verdict;
  reason: string;
  /** The first run's relative gain (positive = better); null when it had no size. */
  relativeGain: number | null;
  experimentId: number;
  /** How many experiments have started from it. */
  uses: number;
}

export type ArchiveKind = 'success' | 'near' | 'none';

const patchKey = (patch: string): string => createHash('sha256').update(patch.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);

/** Whether a measured candidate is worth keeping as a parent. */
export function archiveKind(verdict: Verdict | null, relativeGain: number | null): ArchiveKind {
  if (verdict === 'success') return 'success';
  if ((verdict === 'inconclusive' || verdict === 'refused' || verdict === 'no_improvement') && relativeGain !== null && relativeGain > 0) return 'near';
  return 'none';
}

export class CandidateArchive {
  private readonly byWeakness = new Map<number, ArchivedCandidate[]>();

  constructor(private readonly maxPerWeakness = 8) {}

  /** Keeps the candidate when it is worth it and new; returns whether it was added. */
  add(weaknessId: number, c: Omit<ArchivedCandidate, 'key' | 'uses'>): boolean {
    if (archiveKind(c.verdict, c.relativeGain) === 'none') return false;
    const list = this.byWeakness.get(weaknessId) ?? [];
    const key = patchKey(c.patch);
    if (list.some((a) => a.key === key)) return false;
    list.push({ ...c, key, uses: 0 });
    // Over capacity: drop the weakest near candidate (never a success).
    if (list.length > this.maxPerWeakness) {
      const near = list.filter((a) => a.verdict !== 'success').sort((a, b) => (a.relativeGain ?? 0) - (b.relativeGain ?? 0));
      if (near[0]) list.splice(list.indexOf(near[0]), 1);
    }
    this.byWeakness.set(weaknessId, list);
    return true;
  }

  entries(weaknessId: number): readonly ArchivedCandidate[] { return this.byWeakness.get(weaknessId) ?? []; }

  /**
   * The parent of the next experiment: the least-used entry (ties: the larger gain), so every kept
   * candidate is built on before any is built on twice. Null while the archive is empty (a fresh start).
   */
  nextParent(weaknessId: number): ArchivedCandidate | null {
    const list = this.byWeakness.get(weaknessId);
    if (!list?.length) return null;
    const parent = [...list].sort((a, b) => a.uses - b.uses || (b.relativeGain ?? 0) - (a.relativeGain ?? 0))[0]!;
    parent.uses++;
    return parent;
  }
}
