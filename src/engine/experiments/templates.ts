// Experiment templates chosen by what the capability measures (issue 13): a time gets algorithmic
// complexity, caching and I/O batching; a pass rate edge cases and error handling; an eval score prompts
// and examples; a size dependencies and tree-shaking. A weakness without a capability (or one whose
// measure cannot be told) falls back to its weakness type's templates. No template carries an expected
// improvement: that comes only from past outcomes of the same approach (expectation.ts), or there is
// "no estimate yet" — never an invented figure.
import type { ParseFormat } from '../probes/types';
import type { Capability, Weakness, WeaknessType } from '../types';
import { expectationText } from './expectation';

export interface TemplateContext {
  weakness: Weakness;
  capability: Capability | null;
}

export interface ExperimentTemplate {
  approach: string;
  name: string;
  /** `expected`: learned from past outcomes of this approach, null when there are none. */
  hypothesis(ctx: TemplateContext, expected: number | null): string;
  /** How to run it; names the capability and its numbers when the weakness has one. */
  action: string;
}

function subject(ctx: TemplateContext): string {
  return ctx.capability ? `"${ctx.capability.name}"` : `the weakness "${ctx.weakness.name}"`;
}

export function methodology(t: ExperimentTemplate, ctx: TemplateContext, expected: number | null): string {
  const c = ctx.capability;
  const numbers = c
    ? `Measure "${c.name}" (${c.direction} is better; baseline ${c.baseline}, current ${c.current ?? 'unmeasured'}, target ${c.target}${c.unit ? ` ${c.unit}` : ''})`
    : `Measure the metric behind "${ctx.weakness.name}"`;
  return `${numbers} at least 6 times on the unchanged code (baseline arm). ${t.action} Measure the candidate at least 6 times, `
    + 'interleaving baseline and candidate runs. Success: Welch t-test p < 0.05 and an improvement of at least the threshold '
    + `(expected: ${expectationText(expected)}); otherwise keep the baseline.`;
}

function template(approach: string, name: string, effect: string, action: string): ExperimentTemplate {
  return {
    approach, name, action,
    hypothesis: (ctx, e) => `${name} will improve ${subject(ctx)} because ${effect} (expected: ${expectationText(e)}).`,
  };
}

/** What a capability measures, as far as its unit, name, type and probe format tell. */
export type MeasureKind = 'time' | 'pass_rate' | 'eval_score' | 'size' | 'other';

const SUITE_FORMATS: readonly ParseFormat[] = ['tap', 'junit', 'jest-json', 'exit-code'];

export function measureKind(c: Pick<Capability, 'name' | 'type' | 'unit'>, probeFormat?: ParseFormat | null): MeasureKind {
  const unit = c.unit.trim().toLowerCase();
  const name = c.name.toLowerCase();
  if (probeFormat && SUITE_FORMATS.includes(probeFormat)) return 'pass_rate';
  if (probeFormat === 'wall-time' || probeFormat === 'hyperfine-json') return 'time';
  if (/^(ns|us|µs|ms|s|sec|secs|seconds?|min|minutes?)$/.test(unit) || /latency|duration|elapsed|startup|(^|[-_ ])(time|ms)([-_ ]|$)/.test(name)) return 'time';
  if (/^(b|bytes?|kb|kib|mb|mib|gb|gib)$/.test(unit) || /size|bundle|bytes|memory|footprint/.test(name)) return 'size';
  if (/pass|tests?([-_ ]|$)|suite|failing|flak/.test(name)) return 'pass_rate';
  if (/score|eval|accuracy|precision|recall|f1|bleu|rouge|judge/.test(name) || c.type === 'output_quality') return 'eval_score';
  return 'other';
}

export const MEASURE_TEMPLATES: Readonly<Record<Exclude<MeasureKind, 'other'>, readonly ExperimentTemplate[]>> = {
  time: [
    template('algorithm_optimization', 'Lower algorithmic complexity', 'the time is spent in a step whose cost grows faster than it has to',
      'Profile the measured path, find the step that dominates the time, replace it with a lower-complexity algorithm or data structure, keep behaviour identical.'),
    template('caching', 'Caching', 'the same expensive work is repeated for the same inputs',
      'Cache the results of repeated expensive calls with a bounded size and a clear invalidation rule.'),
    template('io_batching', 'Batch I/O', 'many small reads, writes or round trips cost more than a few large ones',
      'Group small file, network or database operations into batches and remove round trips the result does not need.'),
    template('lazy_loading', 'Lazy loading', 'work is done up front that the measured path never needs',
      'Defer loading and computing until the result is actually needed.'),
  ],
  pass_rate: [
    template('edge_cases', 'Handle the failing edge cases', 'the failing cases share inputs the code does not handle (empty, boundary, unusual values)',
      'Read the failing cases, group them by the input they share, and handle each group in the code under test (not in the tests).'),
    template('error_handling', 'Error handling', 'failing cases hit errors the code does not catch or report correctly',
      'Catch and classify the errors seen in failing cases; handle each class explicitly with the behaviour the tests expect.'),
    template('input_validation', 'Input validation', 'bad inputs reach code that cannot handle them',
      'Validate inputs at the boundary and reject bad ones with a clear message.'),
    template('incremental_refinement', 'Fix the worst cases one by one', 'small targeted fixes to individual failures add up',
      'Take the failing cases one at a time, fix each with the smallest change, re-run the suite after each.'),
  ],
  eval_score: [
    template('better_prompts', 'Better prompts', 'clearer instructions and constraints reduce the mistakes the evaluation counts',
      'Rewrite the instructions with explicit constraints and the output format the evaluation checks.'),
    template('more_training_examples', 'Worked examples', 'examples of the cases that score low show what a good answer is',
      'Add worked examples (few-shot examples or fixtures) that cover the lowest-scoring cases and re-run the evaluation.'),
    template('self_review', 'Self-review pass', 'a second pass catches mistakes the first pass made',
      'Add a review step that critiques and corrects the output before it is returned.'),
    template('output_validation', 'Output validation', 'invalid outputs can be detected and repaired before they are scored',
      'Check every output against a schema or rules and repair or retry the invalid ones.'),
  ],
  size: [
    template('remove_dependencies', 'Fewer or smaller dependencies', 'dependencies bring in much more than the code uses',
      'List what each dependency adds to the size; replace heavy ones with smaller ones or a few lines of own code.'),
    template('tree_shaking', 'Tree-shaking', 'unused exports and side-effectful imports keep dead code in the output',
      'Import only what is used (named ES module imports), mark the package side-effect free where true, and check the bundler drops the rest.'),
    template('lazy_loading', 'Load on demand', 'rarely used parts are loaded with everything else',
      'Split rarely used parts into separately loaded chunks.'),
  ],
};

export const TEMPLATES: Readonly<Record<WeaknessType, readonly ExperimentTemplate[]>> = {
  capability_gap: [
    template('algorithm_optimization', 'Algorithm optimization', 'a better algorithm or data structure removes avoidable work',
      'Profile the hot path, replace the dominant step with a lower-complexity algorithm, keep behaviour identical.'),
    template('parallel_processing', 'Parallel processing', 'independent work can run concurrently',
      'Split independent work items and process them concurrently with a bounded pool.'),
    template('more_training_examples', 'More training examples', 'more and more varied examples cover the failing cases',
      'Add examples that cover the failing cases (few-shot examples, fixtures or training data) and re-run the evaluation.'),
    template('incremental_refinement', 'Incremental refinement', 'small targeted fixes to the worst cases add up',
      'Take the five worst cases, fix each with the smallest change, re-measure after each.'),
  ],
  reliability: [
    template('error_handling', 'Error handling improvements', 'unhandled errors cause most failures',
      'Catch and classify the errors seen in failing runs; handle each class explicitly.'),
    template('retry_logic', 'Retry logic', 'many failures are transient',
      'Retry transient failures with exponential backoff and jitter, with a bounded number of attempts.'),
    template('graceful_degradation', 'Graceful degradation', 'a reduced answer beats a failure',
      'When a dependency fails, fall back to a cached or simpler result instead of failing.'),
    template('input_validation', 'Input validation', 'bad inputs reach code that cannot handle them',
      'Validate inputs at the boundary and reject bad ones with a clear message.'),
  ],
  efficiency: [
    template('caching', 'Caching', 'repeated work can be served from a cache',
      'Cache the results of repeated expensive calls with a bounded size and a clear invalidation rule.'),
    template('query_optimization', 'Query optimization', 'slow queries dominate the time',
      'Find the slowest queries, add indexes or rewrite them, and batch round trips.'),
    template('resource_pooling', 'Resource pooling', 'creating resources per request is expensive',
      'Reuse connections, workers or buffers through a pool instead of creating them per request.'),
    template('lazy_loading', 'Lazy loading', 'work is done that the result never needs',
      'Defer loading and computing until the result is actually needed.'),
  ],
  output_quality: [
    template('output_validation', 'Output validation', 'invalid outputs can be detected and repaired before they are used',
      'Check every output against a schema or rules and repair or retry the invalid ones.'),
    template('self_review', 'Self-review pass', 'a second pass catches mistakes the first pass made',
      'Add a review step that critiques and corrects the output before it is returned.'),
    template('better_prompts', 'Better prompts and examples', 'clearer instructions and worked examples reduce mistakes',
      'Rewrite the instructions with explicit constraints and add worked examples of good output.'),
    template('test_coverage', 'Targeted tests', 'the failing cases are not covered by checks',
      'Add tests for the failing cases and fix what they reveal.'),
  ],
};

/** The weakness type's templates: for a weakness without a capability, or one whose measure cannot be told. */
export function templatesFor(type: WeaknessType): readonly ExperimentTemplate[] {
  return TEMPLATES[type];
}

/** Templates that fit what the capability measures; the weakness type's when it has none or the kind is unclear. */
export function templatesForWeakness(weakness: Weakness, capability: Capability | null, probeFormat?: ParseFormat | null): readonly ExperimentTemplate[] {
  const kind = capability ? measureKind(capability, probeFormat) : 'other';
  return kind === 'other' ? templatesFor(weakness.type) : MEASURE_TEMPLATES[kind];
}
