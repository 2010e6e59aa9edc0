// improvement_hunk_decisions rows: every per-hunk decision, in order; a hunk's latest row is its decision.
import type { HunkDecision, HunkDecisionKind } from '../types';
import type { StoreContext } from '../context';

interface DecisionRow {
  id: number; improvement_id: number; hunk_id: string; hunk_index: number; decision: HunkDecisionKind; actor: string; at: string;
  hash_before: string | null; hash_after: string | null;
}

const toDecision = (r: DecisionRow): HunkDecision => ({
  id: r.id, improvementId: r.improvement_id, hunkId: r.hunk_id, hunkIndex: r.hunk_index, decision: r.decision, actor: r.actor, at: r.at,
  hashBefore: r.hash_before, hashAfter: r.hash_after,
});

export class HunkDecisionStore {
  constructor(private readonly ctx: StoreContext) {}

  insert(d: Omit<HunkDecision, 'id'>): HunkDecision {
    const id = this.ctx.db.insert(
      `INSERT INTO improvement_hunk_decisions (improvement_id, hunk_id, hunk_index, decision, actor, at, hash_before, hash_after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.improvementId, d.hunkId, d.hunkIndex, d.decision, d.actor, d.at, d.hashBefore, d.hashAfter]);
    return { id, ...d };
  }

  /** Every decision on the improvement's hunks, oldest first. */
  list(improvementId: number): HunkDecision[] {
    return this.ctx.db.all<DecisionRow>('SELECT * FROM improvement_hunk_decisions WHERE improvement_id = ? ORDER BY id', [improvementId]).map(toDecision);
  }

  /** Hunk id → its latest decision. */
  latest(improvementId: number): Map<string, HunkDecision> {
    const out = new Map<string, HunkDecision>();
    for (const d of this.list(improvementId)) out.set(d.hunkId, d);
    return out;
  }

  has(improvementId: number): boolean {
    return this.ctx.db.get('SELECT 1 AS x FROM improvement_hunk_decisions WHERE improvement_id = ? LIMIT 1', [improvementId]) !== undefined;
  }
}
