// The review queue: the pending proposals a person can approve with the evidence behind them. The one
// rule of what may be queued lives here (the search, the view, the CLI and the tests all ask it): a
// confirmed success (a fresh run repeated it), every guardrail held, and nothing it changes belongs to
// what measures it. Anything else stays out, however good its first run looked.
import type { SelfImprovementApi } from '../api';
import type { CodeImprovement, Direction, ExperimentEvidence, GuardrailStatus } from '../types';

/** Why evidence does (null) or does not (the reason) qualify a proposal for the review queue. */
export function queueRefusal(evidence: ExperimentEvidence | null | undefined): string | null {
  if (!evidence) return 'no measured evidence';
  if (evidence.verdict !== 'success') return `verdict ${evidence.verdict}`;
  if (!evidence.confirmed) return 'not confirmed by a fresh run';
  const broken = evidence.guardrails.filter((g) => (g.status ?? (g.passed ? 'held' : 'broken')) !== 'held');
  if (broken.length) return `guardrail${broken.length === 1 ? '' : 's'} not shown to hold: ${broken.map((g) => g.capability).join(', ')}`;
  if (evidence.tamperFlags.length) return `flagged: changes ${evidence.tamperFlags.map((f) => f.file).join(', ')}, which measure it`;
  return null;
}

export const isQueueable = (evidence: ExperimentEvidence | null | undefined): boolean => queueRefusal(evidence) === null;

export interface ReviewQueueEntry {
  improvementId: number;
  name: string;
  filePath: string;
  experimentId: number;
  capability: string;
  direction: Direction;
  unit: string;
  /** The confirmation run's effect: relative gain (positive = better) and its interval. */
  relativeGain: number | null;
  relativeCi: [number, number] | null;
  gain: number;
  ci: [number, number] | null;
  guardrails: { capability: string; status: GuardrailStatus }[];
  /** Who proposed it (for a drafted candidate, the model). */
  proposedBy: string;
  proposedAt: string;
}

/** Pending proposals whose experiment evidence passes the queue rule, newest first. */
export function reviewQueue(engine: Pick<SelfImprovementApi, 'listImprovements' | 'getExperimentEvidence'>): ReviewQueueEntry[] {
  const entries: ReviewQueueEntry[] = [];
  for (const imp of engine.listImprovements({ status: 'pending' })) {
    const entry = queueEntry(imp, imp.experimentId === null ? null : engine.getExperimentEvidence(imp.experimentId));
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => b.proposedAt.localeCompare(a.proposedAt) || b.improvementId - a.improvementId);
}

export function queueEntry(imp: CodeImprovement, evidence: ExperimentEvidence | null): ReviewQueueEntry | null {
  if (imp.status !== 'pending' || imp.experimentId === null || !evidence || !isQueueable(evidence) || !evidence.effect) return null;
  const e = evidence.effect;
  return {
    improvementId: imp.id, name: imp.name, filePath: imp.filePath, experimentId: imp.experimentId,
    capability: e.capability, direction: e.direction, unit: e.unit,
    relativeGain: e.relativeGain, relativeCi: e.relativeCi, gain: e.gain, ci: e.ci,
    guardrails: evidence.guardrails.map((g) => ({ capability: g.capability, status: g.status ?? (g.passed ? 'held' : 'broken') })),
    proposedBy: imp.proposedBy, proposedAt: imp.proposedAt,
  };
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

/** One line per entry (the CLI prints it, the view's tooltip reuses it): effect, interval, guardrails, model. */
export function queueEntryLine(q: ReviewQueueEntry): string {
  const effect = q.relativeGain !== null ? `${pct(q.relativeGain)} ${q.capability}` : `${q.gain.toPrecision(3)} ${q.unit} ${q.capability}`;
  const ci = q.relativeCi ? ` (interval ${pct(q.relativeCi[0])} to ${pct(q.relativeCi[1])})` : q.ci ? ` (interval ${q.ci[0].toPrecision(3)} to ${q.ci[1].toPrecision(3)} ${q.unit})` : '';
  const guards = q.guardrails.length ? `guardrails held: ${q.guardrails.map((g) => g.capability).join(', ')}` : 'no guardrails declared';
  return `#${q.improvementId} ${q.filePath}: ${effect}${ci}; ${guards}; by ${q.proposedBy}; experiment #${q.experimentId}`;
}
