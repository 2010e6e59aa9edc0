// Which experiments can run, in one place: the engine refuses the others (engine.ts assertRunnable), and
// the adapters offer only these (pickers, the "has runnable experiments" context key, the draft loop).
import type { Experiment } from '../types';

/** A planned experiment runs; a failed one may run again (its old error goes to the audit trail). */
export function isRunnable(e: Pick<Experiment, 'status'>): boolean {
  return e.status === 'planned' || e.status === 'failed';
}

/**
 * Drafting a candidate (agents/drafting) needs an experiment that can run, or a completed one: the draft
 * loop then plans a sibling with the same plan (a running one is busy).
 */
export function canDraftFor(e: Pick<Experiment, 'status'>): boolean {
  return isRunnable(e) || e.status === 'completed';
}
