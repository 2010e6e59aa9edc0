// The experiments table (like DVC's): a row per experiment, a column per capability (the target's
// candidate mean and each guardrail's), verdict, effect, samples and duration. Sorting and filtering
// happen in the webview on these plain rows.
import type { Capability, Experiment, ExperimentEvidence } from '../types';
import { experimentHeadline } from '../loop/evidenceFormat';
import { spanMs } from './experimentView';
import type { ExperimentRow, ExperimentsTable } from './types';

export interface ExperimentsTableInput {
  capabilities: readonly Capability[];
  experiments: readonly { experiment: Experiment; evidence: ExperimentEvidence | null; capability: string | null }[];
}

export function experimentsTable(input: ExperimentsTableInput): ExperimentsTable {
  const rows = input.experiments.map(({ experiment: e, evidence: ev, capability }): ExperimentRow => {
    const cells: ExperimentRow['cells'] = {};
    const target = ev?.effect ?? null;
    if (capability && target) cells[capability] = { value: target.candidateMean, passed: ev!.verdict === 'success', role: 'target' };
    else if (capability && e.result) cells[capability] = { value: e.result.after, passed: e.verdict === 'success', role: 'target' };
    for (const g of ev?.guardrails ?? []) if (!g.error) cells[g.capability] = { value: g.candidateMean, passed: g.passed, role: 'guardrail' };
    const n = ev ? ev.samples.baseline.length + ev.samples.candidate.length
      + (ev.samples.confirmation ? ev.samples.confirmation.baseline.length + ev.samples.confirmation.candidate.length : 0)
      : e.result?.samples ? e.result.samples.nBefore + e.result.samples.nAfter : null;
    return {
      id: e.id, name: e.name, status: e.status, verdict: e.verdict, headline: experimentHeadline(e, ev), capability,
      effect: ev?.effect ? ev.effect.relativeGain : e.actualImprovement,
      pValue: ev?.effect ? ev.effect.pValue : e.result?.samples?.pValue ?? null,
      samples: n,
      durationMs: ev ? ev.durationMs : spanMs(e),
      cells, startedAt: e.startedAt, hasEvidence: ev !== null,
    };
  }).sort((a, b) => b.id - a.id);
  return {
    capabilities: input.capabilities.filter((c) => !c.archived).map((c) => ({ name: c.name, unit: c.unit, direction: c.direction })),
    rows,
  };
}
