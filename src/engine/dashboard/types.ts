// The dashboard's plain data: what the engine computes and the webview draws. Everything here is JSON
// (ISO strings, numbers, null), so it crosses postMessage unchanged and the webview never re-derives a rule.
import type { Direction, Verdict } from '../types';

/** A capability's trend in words a careful reader trusts: per day only over a real span of days. */
export interface TrendSummary {
  /** Values going up or down (the arrow); 'flat' when the slope is 0. */
  movement: 'up' | 'down' | 'flat';
  /** Better or worse in the capability's direction (a latency going down is better). */
  quality: 'better' | 'worse' | 'flat';
  arrow: '↗' | '↘' | '→';
  /** Least-squares slope in units per day, or per run when the points do not span enough days. */
  slope: number;
  per: 'day' | 'run';
  points: number;
  /** First to last point, in days. */
  spanDays: number;
  /** E.g. "↘ better: −1.5 ms/day over 4 days (5 points)". */
  text: string;
}

export interface SeriesPoint {
  at: string;
  value: number;
  experimentId: number | null;
}

/**
 * A day not wholly drawn as points — retention retired its raw rows into a roll-up, or they are older than
 * the newest points charted: its statistics over every value of the day.
 */
export interface RollupDay {
  /** Noon UTC of the day, so it sits in the middle of its day on a time axis. */
  at: string;
  day: string;
  count: number;
  mean: number;
  min: number;
  max: number;
  /** How many of the day's values are drawn as points too. */
  rawCount: number;
}

export type MarkerKind = 'experiment' | 'approved' | 'applied' | 'rolled_back';

export interface SeriesMarker {
  at: string;
  kind: MarkerKind;
  label: string;
  experimentId: number | null;
  improvementId: number | null;
}

export interface CapabilitySeries {
  name: string;
  unit: string;
  direction: Direction;
  description: string;
  baseline: number;
  target: number;
  current: number | null;
  points: SeriesPoint[];
  rollups: RollupDay[];
  markers: SeriesMarker[];
  /** The A/A calibration's spread: mean ± 2 sd, where a difference is indistinguishable from noise. */
  noiseBand: { center: number; low: number; high: number; sd: number; measuredAt: string } | null;
  trend: TrendSummary | null;
  /** All values ever recorded (raw rows and rolled-up ones). */
  totalCount: number;
  /** The team's values by origin (e.g. "CI on main"), drawn as their own series beside the local one. */
  team: TeamSeriesView[];
}

export interface TeamSeriesView {
  /** The origin's filter key (originId@branch). */
  key: string;
  /** "CI on main". */
  name: string;
  points: { at: string; value: number; commitSha: string | null }[];
  latest: { at: string; value: number };
}

export interface ArmSamples {
  baseline: number[];
  candidate: number[];
}

export interface SequentialLook {
  /** Samples per arm at this look. */
  n: number;
  estimate: number;
  low: number;
  high: number;
  /** The threshold in units at this look (a fraction of the baseline mean so far). */
  thresholdUnits: number;
  /** The always-valid p-value at this look. */
  pValue: number;
  decision: string;
}

export interface GuardrailView {
  capability: string;
  passed: boolean;
  reason: string;
  pValue: number | null;
  /** How much worse the candidate may be (units) and how much worse it was (units, negative = better). */
  marginUnits: number | null;
  worseBy: number;
  baselineMean: number;
  candidateMean: number;
  unit: string;
  error: string | null;
}

export interface EffectView {
  /** Gain in the better direction, relative to the baseline mean (null with a zero baseline: then in units). */
  relative: boolean;
  estimate: number;
  low: number | null;
  high: number | null;
  /** The threshold on the same scale as the estimate. */
  threshold: number;
  pValue: number | null;
  /** Level of the interval, e.g. 0.95. */
  level: number;
  baselineMean: number;
  candidateMean: number;
}

export interface ExperimentView {
  id: number;
  name: string;
  status: 'planned' | 'running' | 'completed' | 'failed';
  verdict: Verdict | null;
  /** The verdict as headlines read it (loop/evidenceFormat.ts): "success — flagged: needs your review", … */
  headline: string | null;
  reason: string | null;
  capability: string | null;
  unit: string;
  direction: Direction;
  /** The first run's samples (the sequential run), and the confirmation's when one ran. */
  samples: ArmSamples | null;
  confirmation: ArmSamples | null;
  effect: EffectView | null;
  /** The sequential rule's always-valid interval at each look: the recorded pairs replayed through the loop's rule. */
  sequential: SequentialLook[];
  sequentialDecision: string | null;
  guardrails: GuardrailView[];
  flips: { capability: string; pValue: number; toFail: string[]; toPass: string[]; matched: number }[];
  tamperFlags: { file: string; reasons: string[] }[];
  confirmed: boolean;
  threshold: number | null;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  /** True when the samples came from a run still in progress (live). */
  live: boolean;
  /** Full evidence is stored (the Markdown report can be opened). */
  hasEvidence: boolean;
  /** What is missing and why (e.g. an experiment recorded with summary figures only). */
  note: string | null;
}

export interface ExperimentRow {
  id: number;
  name: string;
  status: ExperimentView['status'];
  verdict: Verdict | null;
  /** The verdict as headlines read it (loop/evidenceFormat.ts). */
  headline: string | null;
  capability: string | null;
  /** Relative gain in the better direction (positive = better). */
  effect: number | null;
  pValue: number | null;
  samples: number | null;
  durationMs: number | null;
  /** Per capability: the candidate's mean (the target's, and each guardrail's) and whether it held. */
  cells: Record<string, { value: number; passed: boolean | null; role: 'target' | 'guardrail' }>;
  startedAt: string | null;
  hasEvidence: boolean;
}

export interface ExperimentsTable {
  capabilities: { name: string; unit: string; direction: Direction }[];
  rows: ExperimentRow[];
}

export interface DashboardOverview {
  capabilities: CapabilitySeries[];
  /** Capabilities left out of the overview (open them one by one). */
  moreCapabilities: number;
  table: ExperimentsTable;
}
