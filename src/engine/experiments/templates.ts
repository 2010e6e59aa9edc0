// Experiment templates per weakness type (spec system 3). `expected` is the prior expected relative
// improvement; generation shrinks learned outcomes toward it.
import type { Capability, Weakness, WeaknessType } from '../types';

export interface TemplateContext {
  weakness: Weakness;
  capability: Capability | null;
}

export interface ExperimentTemplate {
  approach: string;
  name: string;
  expected: number;
  hypothesis(ctx: TemplateContext, expected: number): string;
  /** How to run it; names the capability and its numbers when the weakness has one. */
  action: string;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

function subject(ctx: TemplateContext): string {
  return ctx.capability ? `"${ctx.capability.name}"` : `the weakness "${ctx.weakness.name}"`;
}

export function methodology(t: ExperimentTemplate, ctx: TemplateContext, expected: number): string {
  const c = ctx.capability;
  const numbers = c
    ? `Measure "${c.name}" (${c.direction} is better; baseline ${c.baseline}, current ${c.current ?? 'unmeasured'}, target ${c.target}${c.unit ? ` ${c.unit}` : ''})`
    : `Measure the metric behind "${ctx.weakness.name}"`;
  return `${numbers} at least 6 times on the unchanged code (baseline arm). ${t.action} Measure the candidate at least 6 times, `
    + 'interleaving baseline and candidate runs. Success: Welch t-test p < 0.05 and an improvement of at least the threshold '
    + `(expected about ${pct(expected)}); otherwise keep the baseline.`;
}

function template(approach: string, name: string, expected: number, effect: string, action: string): ExperimentTemplate {
  return {
    approach, name, expected, action,
    hypothesis: (ctx, e) => `${name} will improve ${subject(ctx)} by about ${pct(e)} because ${effect}.`,
  };
}

export const TEMPLATES: Readonly<Record<WeaknessType, readonly ExperimentTemplate[]>> = {
  capability_gap: [
    template('algorithm_optimization', 'Algorithm optimization', 0.25, 'a better algorithm or data structure removes avoidable work',
      'Profile the hot path, replace the dominant step with a lower-complexity algorithm, keep behaviour identical.'),
    template('parallel_processing', 'Parallel processing', 0.3, 'independent work can run concurrently',
      'Split independent work items and process them concurrently with a bounded pool.'),
    template('more_training_examples', 'More training examples', 0.2, 'more and more varied examples cover the failing cases',
      'Add examples that cover the failing cases (few-shot examples, fixtures or training data) and re-run the evaluation.'),
    template('incremental_refinement', 'Incremental refinement', 0.15, 'small targeted fixes to the worst cases add up',
      'Take the five worst cases, fix each with the smallest change, re-measure after each.'),
  ],
  reliability: [
    template('error_handling', 'Error handling improvements', 0.25, 'unhandled errors cause most failures',
      'Catch and classify the errors seen in failing runs; handle each class explicitly.'),
    template('retry_logic', 'Retry logic', 0.3, 'many failures are transient',
      'Retry transient failures with exponential backoff and jitter, with a bounded number of attempts.'),
    template('graceful_degradation', 'Graceful degradation', 0.2, 'a reduced answer beats a failure',
      'When a dependency fails, fall back to a cached or simpler result instead of failing.'),
    template('input_validation', 'Input validation', 0.15, 'bad inputs reach code that cannot handle them',
      'Validate inputs at the boundary and reject bad ones with a clear message.'),
  ],
  efficiency: [
    template('caching', 'Caching', 0.35, 'repeated work can be served from a cache',
      'Cache the results of repeated expensive calls with a bounded size and a clear invalidation rule.'),
    template('query_optimization', 'Query optimization', 0.3, 'slow queries dominate the time',
      'Find the slowest queries, add indexes or rewrite them, and batch round trips.'),
    template('resource_pooling', 'Resource pooling', 0.2, 'creating resources per request is expensive',
      'Reuse connections, workers or buffers through a pool instead of creating them per request.'),
    template('lazy_loading', 'Lazy loading', 0.15, 'work is done that the result never needs',
      'Defer loading and computing until the result is actually needed.'),
  ],
  output_quality: [
    template('output_validation', 'Output validation', 0.2, 'invalid outputs can be detected and repaired before they are used',
      'Check every output against a schema or rules and repair or retry the invalid ones.'),
    template('self_review', 'Self-review pass', 0.25, 'a second pass catches mistakes the first pass made',
      'Add a review step that critiques and corrects the output before it is returned.'),
    template('better_prompts', 'Better prompts and examples', 0.3, 'clearer instructions and worked examples reduce mistakes',
      'Rewrite the instructions with explicit constraints and add worked examples of good output.'),
    template('test_coverage', 'Targeted tests', 0.15, 'the failing cases are not covered by checks',
      'Add tests for the failing cases and fix what they reveal.'),
  ],
};

export function templatesFor(type: WeaknessType): readonly ExperimentTemplate[] {
  return TEMPLATES[type];
}
