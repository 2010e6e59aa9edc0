// Writes a measured experiment's outcome (verdict, reason, evidence) onto its improvement_experiments row.
import type { ExperimentEvidence, ExperimentResultInput } from '../types';
import { fromJson, toJson } from '../json';
import { nowIso, type StoreContext } from '../context';

export class ExperimentResultStore {
  constructor(private readonly ctx: StoreContext) {}

  complete(id: number, r: ExperimentResultInput): void {
    this.ctx.db.run(
      `UPDATE improvement_experiments SET status = 'completed', actual_improvement = ?, verdict = ?, reason = ?, result = ?, evidence = ?,
       error = NULL, completed_at = ? WHERE id = ?`,
      [r.actualImprovement, r.verdict, r.reason, toJson(r.measurement ?? null), toJson(r.evidence), nowIso(this.ctx), id]);
  }

  /** The run itself failed (setup, a probe error, cancellation): no verdict, the error and what was gathered. */
  fail(id: number, error: string, evidence: ExperimentEvidence | null): void {
    this.ctx.db.run(
      `UPDATE improvement_experiments SET status = 'failed', error = ?, reason = ?, evidence = ?, completed_at = ? WHERE id = ?`,
      [error, `The experiment could not finish: ${error}`, toJson(evidence), nowIso(this.ctx), id]);
  }

  evidence(id: number): ExperimentEvidence | null {
    const r = this.ctx.db.get<{ evidence: string | null }>('SELECT evidence FROM improvement_experiments WHERE id = ?', [id]);
    return fromJson<ExperimentEvidence | null>(r?.evidence, null);
  }
}
