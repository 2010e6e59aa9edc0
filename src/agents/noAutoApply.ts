// The engine as agents see it: proposals always wait for a person, and nothing can approve, apply,
// roll back or decide a hunk — whatever autoImprove says. runExperiment receives this view, so a
// success an agent measured becomes a pending proposal, never an applied change.
import type { SelfImprovementApi } from '../engine/api';
import { ErrorCode } from '../engine/errorCodes';

/** Thrown when agent-driven code reaches for a human-only operation. */
export class HumanOnlyError extends Error {
  readonly code = ErrorCode.HumanOnly;
  constructor(operation: string) {
    super(`${operation} is for a person in VS Code only; agents can propose changes, never approve or apply them.`);
    this.name = 'HumanOnlyError';
  }
}

const HUMAN_ONLY = new Set(['approveImprovement', 'rollbackImprovement', 'recordHunkDecision', 'rejectImprovement']);

export function withoutAutoApply(engine: SelfImprovementApi): SelfImprovementApi {
  return new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'applyImprovement') return (input: Parameters<SelfImprovementApi['proposeForReview']>[0]) => target.proposeForReview(input);
      if (key === 'autoImprove') return false;
      if (typeof key === 'string' && HUMAN_ONLY.has(key)) return () => { throw new HumanOnlyError(key); };
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, key) {
      throw new HumanOnlyError(`Setting ${String(key)}`);
    },
  });
}
