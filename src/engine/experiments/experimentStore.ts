// improvement_experiments rows.
import type { Experiment, ExperimentStatus, ImprovementMeasurement, Verdict } from '../types';
import { NotFoundError } from '../errors';
import { assertOneOf } from '../validate';
import { fromJson, toJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import type { ExperimentDraft } from './generate';

export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['planned', 'running', 'completed', 'failed'];

interface ExperimentRow {
  id: number; weakness_id: number; approach: string; name: string; hypothesis: string; methodology: string;
  expected_improvement: number; status: ExperimentStatus; actual_improvement: number | null; verdict: Verdict | null;
  reason: string | null; result: string | null; error: string | null; created_at: string; started_at: string | null; completed_at: string | null;
}

function toExperiment(r: ExperimentRow): Experiment {
  return {
    id: r.id, weaknessId: r.weakness_id, approach: r.approach, name: r.name, hypothesis: r.hypothesis, methodology: r.methodology,
    expectedImprovement: r.expected_improvement, status: r.status, actualImprovement: r.actual_improvement, verdict: r.verdict,
    reason: r.reason, result: fromJson<ImprovementMeasurement | null>(r.result, null), error: r.error,
    createdAt: r.created_at, startedAt: r.started_at, completedAt: r.completed_at,
  };
}

export class ExperimentStore {
  constructor(private readonly ctx: StoreContext) {}

  insert(weaknessId: number, d: ExperimentDraft): Experiment {
    const id = this.ctx.db.insert(
      `INSERT INTO improvement_experiments (weakness_id, approach, name, hypothesis, methodology, expected_improvement, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [weaknessId, d.approach, d.name, d.hypothesis, d.methodology, d.expectedImprovement, nowIso(this.ctx)]);
    return this.get(id);
  }

  get(id: number): Experiment {
    const row = this.ctx.db.get<ExperimentRow>('SELECT * FROM improvement_experiments WHERE id = ?', [id]);
    if (!row) throw new NotFoundError('experiment', id);
    return toExperiment(row);
  }

  list(options: { weaknessId?: number; status?: ExperimentStatus } = {}): Experiment[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.weaknessId !== undefined) { where.push('weakness_id = ?'); params.push(options.weaknessId); }
    if (options.status !== undefined) { assertOneOf(options.status, EXPERIMENT_STATUSES, 'status'); where.push('status = ?'); params.push(options.status); }
    return this.ctx.db.all<ExperimentRow>(
      `SELECT * FROM improvement_experiments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`, params).map(toExperiment);
  }

  /** Actual improvements of completed experiments of one approach (what expectations learn from). */
  pastActuals(approach: string): number[] {
    return this.ctx.db.all<{ a: number }>(
      `SELECT actual_improvement AS a FROM improvement_experiments WHERE approach = ? AND status = 'completed' AND actual_improvement IS NOT NULL`,
      [approach]).map((r) => r.a);
  }

  /** → running; clears what an earlier (failed) run left, so a re-run starts clean. */
  markRunning(id: number): void {
    this.ctx.db.run(
      `UPDATE improvement_experiments SET status = 'running', started_at = ?, completed_at = NULL, error = NULL, reason = NULL,
       verdict = NULL, actual_improvement = NULL, result = NULL, evidence = NULL WHERE id = ?`, [nowIso(this.ctx), id]);
  }

  complete(id: number, m: ImprovementMeasurement): void {
    this.ctx.db.run(
      `UPDATE improvement_experiments SET status = 'completed', actual_improvement = ?, verdict = ?, reason = ?, result = ?, error = NULL, completed_at = ?
       WHERE id = ?`, [m.improvement, m.verdict, m.reason, toJson(m), nowIso(this.ctx), id]);
  }

  fail(id: number, error: string): void {
    this.ctx.db.run(
      `UPDATE improvement_experiments SET status = 'failed', error = ?, reason = ?, completed_at = ? WHERE id = ?`,
      [error, `The test function failed: ${error}`, nowIso(this.ctx), id]);
  }

  rename(id: number, name: string): void {
    this.ctx.db.run('UPDATE improvement_experiments SET name = ? WHERE id = ?', [name, id]);
  }

  delete(id: number): void {
    this.get(id);
    this.ctx.db.run('DELETE FROM improvement_experiments WHERE id = ?', [id]);
  }
}
