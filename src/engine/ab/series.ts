// What the runner records for each probe it runs in both arms: values, per-run means (the units of
// pairing), per-case results, durations, and — for guardrails and gates — the error that ended it.
import type { CaseResult } from '../probes/types';
import type { ArmName } from './arms';

export interface ArmSeries {
  baseline: number[];
  candidate: number[];
  /** One value per run (the mean of a run's values): run i of each arm forms pair i. */
  perRun: { baseline: number[]; candidate: number[] };
  baselineCases?: CaseResult[][];
  candidateCases?: CaseResult[][];
  durationsMs: { baseline: number[]; candidate: number[] };
  /** A guardrail or gate whose probe failed: the arm it failed in and why (it is sampled no further). */
  error?: { arm: ArmName; message: string };
}

export function emptySeries(): ArmSeries {
  return { baseline: [], candidate: [], perRun: { baseline: [], candidate: [] }, durationsMs: { baseline: [], candidate: [] } };
}

export function record(series: ArmSeries, arm: ArmName, sample: { values: number[]; durationMs: number; cases?: CaseResult[] }): void {
  series[arm].push(...sample.values);
  if (sample.values.length) series.perRun[arm].push(sample.values.reduce((a, b) => a + b, 0) / sample.values.length);
  series.durationsMs[arm].push(sample.durationMs);
  if (sample.cases) ((arm === 'baseline' ? (series.baselineCases ??= []) : (series.candidateCases ??= []))).push(sample.cases);
}
