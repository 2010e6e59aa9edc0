// Designs experiment drafts for a weakness: templates that fit what its capability measures, expectations
// learned from past outcomes (or "no estimate yet"), and an order chosen by the bandit so approaches
// that worked before are tried first.
import type { Capability, Weakness } from '../types';
import { learnedExpectation } from './expectation';
import type { ParseFormat } from '../probes/types';
import { methodology, templatesForWeakness } from './templates';

export interface ExperimentDraft {
  approach: string;
  name: string;
  hypothesis: string;
  methodology: string;
  /** Learned from past outcomes; 0 when there is no estimate yet (the hypothesis says so). */
  expectedImprovement: number;
}

export interface GenerationDeps {
  /** Actual improvements of completed experiments with this approach. */
  pastActuals(approach: string): number[];
  /** Orders the approaches, best first (the Thompson bandit). */
  order(approaches: string[]): string[];
  /** The capability's probe format when its config declares one (a TAP suite is a pass rate whatever its name). */
  probeFormat?: ParseFormat | null;
}

export function designExperiments(weakness: Weakness, capability: Capability | null, count: number, deps: GenerationDeps): ExperimentDraft[] {
  const templates = templatesForWeakness(weakness, capability, deps.probeFormat);
  const byApproach = new Map(templates.map((t) => [t.approach, t]));
  const ordered = deps.order(templates.map((t) => t.approach)).slice(0, count);
  const ctx = { weakness, capability };
  return ordered.map((approach) => {
    const t = byApproach.get(approach)!;
    const expected = learnedExpectation(deps.pastActuals(approach));
    const target = capability ? ` for ${capability.name}` : '';
    return {
      approach, name: `${t.name}${target}`, hypothesis: t.hypothesis(ctx, expected),
      methodology: methodology(t, ctx, expected), expectedImprovement: expected ?? 0,
    };
  });
}
