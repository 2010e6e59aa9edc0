// Self-assessment (spec system 9) with DESIGN.md's exact formula:
// quality = 0.6 × (completed experiments whose actual improvement ≥ expected) / (completed experiments)
//         + 0.4 × (resolved weaknesses) / (all weaknesses);
// an empty denominator counts as 0. Grade A > 0.8, B > 0.6, C > 0.4, else D.
import type { Capability, CodeImprovement, Experiment, Grade, SelfAssessment, Severity, Weakness } from '../types';
import { improvementFromBaseline, meetsTarget } from '../capabilities/gap';

export function gradeFor(quality: number): Grade {
  return quality > 0.8 ? 'A' : quality > 0.6 ? 'B' : quality > 0.4 ? 'C' : 'D';
}

export function learningQuality(exceeded: number, completed: number, resolved: number, weaknesses: number): number {
  const expRate = completed > 0 ? exceeded / completed : 0;
  const resRate = weaknesses > 0 ? resolved / weaknesses : 0;
  return 0.6 * expRate + 0.4 * resRate;
}

const avg = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const pct = (x: number): string => `${Math.round(x * 100)} %`;

export interface AssessmentInput {
  capabilities: Capability[];
  weaknesses: Weakness[];
  experiments: Experiment[];
  improvements: CodeImprovement[];
  metaLearnings: number;
  /** The smallest improvement that counts: what an experiment without an estimate is expected to reach. */
  threshold?: number;
}

export function assess(input: AssessmentInput): SelfAssessment {
  const completed = input.experiments.filter((e) => e.status === 'completed');
  // No estimate (0: no past outcome of its approach) expects at least the threshold, not "anything".
  const expectedOf = (e: Experiment): number => (e.expectedImprovement > 0 ? e.expectedImprovement : input.threshold ?? 0);
  const exceeded = completed.filter((e) => e.actualImprovement !== null && e.actualImprovement >= expectedOf(e)).length;
  const resolved = input.weaknesses.filter((w) => w.status === 'resolved').length;
  const quality = learningQuality(exceeded, completed.length, resolved, input.weaknesses.length);
  const grade = gradeFor(quality);
  const noData = completed.length === 0 && input.weaknesses.length === 0;
  const exceededRate = completed.length ? exceeded / completed.length : null;
  const resolutionRate = input.weaknesses.length ? resolved / input.weaknesses.length : null;

  const measured = input.capabilities.filter((c) => c.current !== null);
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const w of input.weaknesses) if (w.status === 'open') bySeverity[w.severity]++;
  const finished = input.experiments.filter((e) => e.status === 'completed' || e.status === 'failed');
  const succeeded = input.experiments.filter((e) => e.verdict === 'success').length;
  const count = (s: CodeImprovement['status']): number => input.improvements.filter((i) => i.status === s).length;

  const parts = [
    exceededRate === null ? 'no completed experiments yet' : `${exceeded} of ${completed.length} completed experiments met or beat their expected improvement`,
    resolutionRate === null ? 'no weaknesses yet' : `${resolved} of ${input.weaknesses.length} weaknesses resolved`,
  ];
  const summary = noData
    ? 'No data yet: measure capabilities and run experiments to get a learning quality score.'
    : `Grade ${grade} (learning quality ${pct(quality)}): ${parts.join('; ')}.`;

  return {
    learningQuality: quality, grade, noData, summary,
    exceededExpectationsRate: exceededRate, weaknessResolutionRate: resolutionRate,
    capabilities: {
      total: input.capabilities.length, measured: measured.length,
      meetingTarget: measured.filter((c) => meetsTarget(c, c.current!)).length,
      averageImprovement: avg(measured.map((c) => improvementFromBaseline(c, c.current!)).filter((x): x is number => x !== null)),
    },
    weaknesses: { total: input.weaknesses.length, open: input.weaknesses.length - resolved, resolved, bySeverity },
    experiments: {
      total: input.experiments.length, completed: completed.length, failed: input.experiments.filter((e) => e.status === 'failed').length,
      succeeded, successRate: finished.length ? succeeded / finished.length : null,
      averageImprovement: avg(completed.map((e) => e.actualImprovement).filter((x): x is number => x !== null)),
    },
    improvements: {
      total: input.improvements.length, pending: count('pending'), applied: count('applied'), rejected: count('rejected'),
      rolledBack: count('rolled_back'), failed: count('failed'),
    },
    metaLearnings: input.metaLearnings,
  };
}
