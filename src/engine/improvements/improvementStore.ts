// code_improvements rows.
import type { CodeImprovement, ImprovementStatus } from '../types';
import { NotFoundError } from '../errors';
import { assertOneOf } from '../validate';
import type { StoreContext } from '../context';

export const IMPROVEMENT_STATUSES: readonly ImprovementStatus[] = ['pending', 'approved', 'applied', 'partially_applied', 'rejected', 'rolled_back', 'failed'];

interface ImprovementRow {
  id: number; name: string; description: string; file_path: string; function_name: string | null; experiment_id: number | null;
  status: ImprovementStatus; original_content: string; proposed_content: string; hash_before: string; hash_after: string | null;
  proposed_by: string; proposed_at: string; approved_by: string | null; approved_at: string | null; applied_at: string | null;
  rejected_reason: string | null; rolled_back_at: string | null; error: string | null;
}

function toImprovement(r: ImprovementRow): CodeImprovement {
  return {
    id: r.id, name: r.name, description: r.description, filePath: r.file_path, functionName: r.function_name, experimentId: r.experiment_id,
    status: r.status, originalContent: r.original_content, proposedContent: r.proposed_content, hashBefore: r.hash_before, hashAfter: r.hash_after,
    proposedBy: r.proposed_by, proposedAt: r.proposed_at, approvedBy: r.approved_by, approvedAt: r.approved_at, appliedAt: r.applied_at,
    rejectedReason: r.rejected_reason, rolledBackAt: r.rolled_back_at, error: r.error,
  };
}

const COLUMNS: Record<string, string> = {
  status: 'status', hashAfter: 'hash_after', approvedBy: 'approved_by', approvedAt: 'approved_at', appliedAt: 'applied_at',
  rejectedReason: 'rejected_reason', rolledBackAt: 'rolled_back_at', error: 'error',
};

export type ImprovementChanges = Partial<Pick<CodeImprovement, 'status' | 'hashAfter' | 'approvedBy' | 'approvedAt' | 'appliedAt' | 'rejectedReason' | 'rolledBackAt' | 'error'>>;

export class ImprovementStore {
  constructor(private readonly ctx: StoreContext) {}

  insert(i: Omit<CodeImprovement, 'id' | 'hashAfter' | 'approvedBy' | 'approvedAt' | 'appliedAt' | 'rejectedReason' | 'rolledBackAt' | 'error'>): CodeImprovement {
    const id = this.ctx.db.insert(
      `INSERT INTO code_improvements (name, description, file_path, function_name, experiment_id, status, original_content, proposed_content,
         hash_before, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [i.name, i.description, i.filePath, i.functionName, i.experimentId, i.status, i.originalContent, i.proposedContent, i.hashBefore, i.proposedBy, i.proposedAt]);
    return this.get(id);
  }

  update(id: number, changes: ImprovementChanges): CodeImprovement {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (entries.length) {
      this.ctx.db.run(`UPDATE code_improvements SET ${entries.map(([k]) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`,
        [...entries.map(([, v]) => v as string | null), id]);
    }
    return this.get(id);
  }

  get(id: number): CodeImprovement {
    const row = this.ctx.db.get<ImprovementRow>('SELECT * FROM code_improvements WHERE id = ?', [id]);
    if (!row) throw new NotFoundError('improvement', id);
    return toImprovement(row);
  }

  list(status?: ImprovementStatus): CodeImprovement[] {
    if (status !== undefined) assertOneOf(status, IMPROVEMENT_STATUSES, 'status');
    return this.ctx.db.all<ImprovementRow>(`SELECT * FROM code_improvements ${status ? 'WHERE status = ?' : ''} ORDER BY id`, status ? [status] : []).map(toImprovement);
  }

  delete(id: number): void {
    this.get(id);
    this.ctx.db.run('DELETE FROM code_improvements WHERE id = ?', [id]);
  }
}
