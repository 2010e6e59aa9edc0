// Designs experiment drafts for a weakness: type-specific templates, learned expectations, and an
// order chosen by the bandit so approaches that worked before are tried first.
import type { Capability, Weakness } from '../types';
import { learnedExpectation } from './expectation';
import { methodology, templatesFor } from './templates';

export interface ExperimentDraft {
  approach: string;
  name: string;
  hypothesis: string;
  methodology: string;
  expectedImprovement: number;
}

export interface GenerationDeps {
  /** Actual improvements of completed experiments with this approach. */
  pastActuals(approach: string): number[];
  /** Orders the approaches, best first (the Thompson bandit). */
  order(approaches: string[]): string[];
}

export function designExperiments(weakness: Weakness, capability: Capability | null, count: number, deps: GenerationDeps): ExperimentDraft[] {
  const templates = templatesFor(weakness.type);
  const byApproach = new Map(templates.map((t) => [t.approach, t]));
  const ordered = deps.order(templates.map((t) => t.approach)).slice(0, count);
  const ctx = { weakness, capability };
  return ordered.map((approach) => {
    const t = byApproach.get(approach)!;
    const expected = learnedExpectation(t.expected, deps.pastActuals(approach));
    const target = capability ? ` for ${capability.name}` : '';
    return {
      approach, name: `${t.name}${target}`, hypothesis: t.hypothesis(ctx, expected),
      methodology: methodology(t, ctx, expected), expectedImprovement: expected,
    };
  });
}
