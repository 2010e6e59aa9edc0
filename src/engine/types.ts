// Plain data the engine hands out. No behaviour, no `vscode`: adapters render these as they like.
import type { Hunk } from './review/types';

export type { Hunk } from './review/types';

export type Direction = 'higher' | 'lower';
export type WeaknessType = 'capability_gap' | 'reliability' | 'efficiency' | 'output_quality';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';

export interface CapabilityInput {
  name: string;
  /** Free-form kind, e.g. "performance", "output_quality"; maps to a weakness type when it names one. */
  type: string;
  description?: string;
  baseline: number;
  target: number;
  unit?: string;
  /** Which way is better. Default `higher`. */
  direction?: Direction;
}

export interface Capability {
  id: number;
  name: string;
  type: string;
  description: string;
  baseline: number;
  target: number;
  unit: string;
  direction: Direction;
  /** Latest measured value; null until first measured. */
  current: number | null;
  measurementCount: number;
  lastMeasuredAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Kept with its history when removed from a config file. */
  archived: boolean;
}

export interface CapabilityProfile extends Capability {
  /** Shortfall / |target| in the capability's direction; 0 or less means on target. Null when unmeasured. */
  gap: number | null;
  /** Change from baseline in the right direction, relative to |baseline|; null when baseline is 0 or unmeasured. */
  improvementFromBaseline: number | null;
  meetsTarget: boolean;
  severity: Severity | null;
  trend: Trend | null;
  /** The spread an A/A calibration measured; null until "Calibrate Noise" ran. */
  noise: CapabilityNoise | null;
  /** Set when the threshold is below what that noise lets an experiment (at the default budget) detect. */
  noiseWarning: string | null;
}

export interface Trend {
  /** Units per day (least-squares over the series). */
  slopePerDay: number;
  /** 'improving' when the slope points in the capability's direction. */
  direction: 'improving' | 'worsening' | 'flat';
  /** ISO time when the line crosses the target, if it is heading there; null otherwise. */
  predictedTargetAt: string | null;
  points: number;
}

export interface Measurement {
  id: number;
  capabilityName: string;
  value: number;
  context: Record<string, unknown> | null;
  experimentId: number | null;
  recordedAt: string;
}

export interface MeasureResult {
  capability: Capability;
  /** The open automatic weakness after this measurement (created or updated), if any. */
  weakness: Weakness | null;
  /** A weakness this measurement resolved (the capability reached its target). */
  resolved: Weakness | null;
}

export interface WeaknessInput {
  name: string;
  type: WeaknessType;
  severity: Severity;
  description: string;
  /** 0..1 */
  impact: number;
  capabilityName?: string;
  /**
   * Which way is better. Required without a capability (a build time: 'lower'); with one it is the
   * capability's, and a different value is refused.
   */
  direction?: Direction;
  evidence?: string[];
}

export interface Weakness {
  id: number;
  name: string;
  type: WeaknessType;
  severity: Severity;
  description: string;
  impact: number;
  /** impact × severity weight; higher is more urgent. */
  priority: number;
  capabilityName: string | null;
  /** Set for a weakness without a capability (with one, the capability's direction applies). */
  direction: Direction | null;
  evidence: string[];
  status: 'open' | 'resolved';
  automatic: boolean;
  identifiedAt: string;
  resolvedAt: string | null;
}

export type ExperimentStatus = 'planned' | 'running' | 'completed' | 'failed';
/** `refused`: the target improved enough, but a guardrail capability got worse beyond its margin. */
export type Verdict = 'success' | 'no_improvement' | 'regression' | 'inconclusive' | 'refused';

export interface Experiment {
  id: number;
  weaknessId: number;
  /** Template key, e.g. "caching"; the bandit learns per approach. */
  approach: string;
  name: string;
  hypothesis: string;
  methodology: string;
  /** Expected relative improvement (0.2 = 20 %), learned from past outcomes of the approach. */
  expectedImprovement: number;
  status: ExperimentStatus;
  /** Relative improvement in the capability's direction (positive = better); null until completed. */
  actualImprovement: number | null;
  verdict: Verdict | null;
  /** Plain-language reason for the verdict. */
  reason: string | null;
  result: ImprovementMeasurement | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface SampleStatistics {
  /** `paired-sequential`: an experiment's interleaved runs under the always-valid paired rule (p and ci are its). */
  test: 'welch-t' | 'paired-sequential';
  nBefore: number;
  nAfter: number;
  meanBefore: number;
  meanAfter: number;
  sdBefore: number;
  sdAfter: number;
  pValue: number;
  alpha: number;
  /** Confidence interval of mean(after) − mean(before), at 1 − alpha. */
  ci: [number, number];
}

export interface ImprovementMeasurement {
  metricName: string;
  direction: Direction;
  before: number;
  after: number;
  absolute: number;
  /** (after − before) / |before|; null when before is 0, with `relativeReason`. */
  relative: number | null;
  percent: number | null;
  relativeReason?: string;
  /** Relative change in the better direction (positive = better); null when relative is null. */
  improvement: number | null;
  /** |relative| ≥ threshold (and, with samples, p < alpha). */
  significant: boolean;
  confidence: Confidence;
  threshold: number;
  samples?: SampleStatistics;
  verdict: Verdict;
  reason: string;
}

/** What a test function may return: one value, samples, or candidate and baseline samples together. */
export type TestOutcome = number | number[] | { value?: number; samples?: number[]; baselineSamples?: number[] };
export type TestFunction = () => TestOutcome | Promise<TestOutcome>;

export type ImprovementStatus = 'pending' | 'approved' | 'applied' | 'partially_applied' | 'rejected' | 'rolled_back' | 'failed';

export interface ImprovementInput {
  name: string;
  /** Path relative to the engine's root folder (posix separators). */
  filePath: string;
  functionName?: string;
  /**
   * The new code. Replaces `oldCode` when given (it must occur exactly once in the file),
   * otherwise replaces the whole file.
   */
  newCode: string;
  oldCode?: string;
  experimentId?: number;
  description?: string;
  /** Who proposed it ("user", "experiment", an agent's name). */
  proposedBy?: string;
}

export interface CodeImprovement {
  id: number;
  name: string;
  description: string;
  filePath: string;
  functionName: string | null;
  experimentId: number | null;
  status: ImprovementStatus;
  /** The whole file when proposed, and the whole file the proposal would produce. */
  originalContent: string;
  proposedContent: string;
  hashBefore: string;
  hashAfter: string | null;
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  appliedAt: string | null;
  rejectedReason: string | null;
  rolledBackAt: string | null;
  error: string | null;
}

/** A person's decision on one hunk of an improvement (inline review). `reverted`: an approval undone in the editor. */
export type HunkDecisionKind = 'approved' | 'rejected' | 'reverted';

export interface HunkDecisionInput {
  /** The hunk's id, as getHunks returns it. */
  hunkId: string;
  decision: HunkDecisionKind;
  /** Who decided; default "user". */
  actor?: string;
  /** SHA-256 of the file's text before and after the decision took effect (the editor's buffer). */
  hashBefore?: string | null;
  hashAfter?: string | null;
}

export interface HunkDecision {
  id: number;
  improvementId: number;
  hunkId: string;
  hunkIndex: number;
  decision: HunkDecisionKind;
  actor: string;
  at: string;
  hashBefore: string | null;
  hashAfter: string | null;
}

/** One change block of an improvement's proposal (see review/types Hunk) with its latest decision, if any. */
export interface ImprovementHunk extends Hunk {
  decision: HunkDecisionKind | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  entity: 'improvement' | 'experiment' | 'capability' | 'weakness';
  entityId: number;
  action: string;
  details: Record<string, unknown> | null;
  hashBefore: string | null;
  hashAfter: string | null;
  /** SHA-256 of the previous event's `hash` and this event's content: a hash chain. */
  prevHash: string | null;
  hash: string;
}

export type MetaLearningType = 'experiment_effectiveness' | 'approach_preference' | 'improvement_patterns' | 'failure_modes';

export interface MetaLearningInput {
  type: MetaLearningType;
  pattern: string;
  insight: string;
  confidence: number;
  experiments?: number[];
}

export interface MetaLearning {
  /** This database's row id (> 0), or a stable negative id for a learning only the team has (see `team`). */
  id: number;
  type: MetaLearningType;
  pattern: string;
  insight: string;
  confidence: number;
  experiments: number[];
  validationCount: number;
  /** True when derived from finished experiments rather than recorded by hand. */
  automatic: boolean;
  createdAt: string;
  updatedAt: string;
  /**
   * Present when other origins of the team store (other machines, people, CI) hold this learning too or ran
   * experiments behind it, pooled in (learning/teamPool.ts): how many origins, their validations and experiments.
   * When only the team has it, `id` is negative — stable, derived from (type, pattern) — and `experiments` empty
   * (their experiment ids are theirs, not this database's).
   */
  team?: { origins: number; validationCount: number; experiments: number };
}

export interface HistoryInput {
  version: string;
  summary: string;
  improvements?: number[];
  delta?: Record<string, number>;
  changes?: string[];
}

export interface HistoryEntry {
  id: number;
  version: string;
  summary: string;
  improvements: number[];
  delta: Record<string, number>;
  changes: string[];
  recordedAt: string;
}

export type Grade = 'A' | 'B' | 'C' | 'D';

export interface SelfAssessment {
  learningQuality: number;
  grade: Grade;
  /** True when both denominators are empty. */
  noData: boolean;
  summary: string;
  exceededExpectationsRate: number | null;
  weaknessResolutionRate: number | null;
  capabilities: { total: number; measured: number; meetingTarget: number; averageImprovement: number | null };
  weaknesses: { total: number; open: number; resolved: number; bySeverity: Record<Severity, number> };
  experiments: { total: number; completed: number; failed: number; succeeded: number; successRate: number | null; averageImprovement: number | null };
  improvements: { total: number; pending: number; applied: number; rejected: number; rolledBack: number; failed: number };
  metaLearnings: number;
}

export interface OutcomeInput {
  actionType: string;
  actionName: string;
  success: boolean;
  outcomeValue?: number;
  context?: Record<string, unknown>;
}

export interface ChooseActionInput {
  actionType: string;
  availableActions: string[];
  context?: Record<string, unknown>;
}

export interface ActionChoice {
  action: string;
  /** The sampled success probability that won. */
  sampled: number;
  /** Posterior mean success rate of each available action. */
  estimates: Record<string, { alpha: number; beta: number; mean: number; trials: number }>;
}

export interface SequencePattern {
  id: number;
  context: string;
  sequence: string[];
  support: number;
  confidence: number;
  occurrences: number;
  updatedAt: string;
}

export interface Prediction {
  next: string | null;
  confidence: number;
  /** Which n-gram order the prediction backed off to (0 = no match). */
  order: number;
  patternId: number | null;
}

export type EngineChangeKind =
  | 'capability' | 'measurement' | 'weakness' | 'experiment' | 'improvement' | 'metaLearning' | 'history' | 'outcome' | 'pattern';

/** Result of re-computing the audit hash chain. */
export interface AuditVerification {
  valid: boolean;
  events: number;
  /** Id of the first event whose hash does not match, or null when the chain holds. */
  brokenAt: number | null;
}

/** verifyAuditTrail's answer with plain words: which link broke and how (edited, removed, reordered). */
export interface AuditReport extends AuditVerification {
  reason: string;
}

export interface EngineChange {
  kind: EngineChangeKind;
  id?: number;
}

// ── the measurement loop (src/engine/loop) ────────────────────────────────

/** A new experiment on a capability, outside the generated templates (e.g. a patch someone wants measured). */
export interface ExperimentInput {
  capabilityName: string;
  name: string;
  /** Bandit arm the outcome teaches; default "candidate_change". */
  approach?: string;
  hypothesis?: string;
  methodology?: string;
  /** Expected relative improvement; default the improvement threshold. */
  expectedImprovement?: number;
}

/** One arm-vs-arm comparison's figures, as the approver sees them. */
export interface EvidenceEffect {
  capability: string;
  unit: string;
  direction: Direction;
  baselineMean: number;
  candidateMean: number;
  /** Improvement in units, positive = better. */
  gain: number;
  relativeGain: number | null;
  /** Two-sided 1 − alpha interval of the gain, in units (and relative to the baseline mean). */
  ci: [number, number] | null;
  relativeCi: [number, number] | null;
  pValue: number | null;
  n: { baseline: number; candidate: number };
  /** How the interleaved runs were analysed (sequential paired verdicts; absent in older records). */
  paired?: EvidencePaired;
}

export interface EvidencePaired {
  method: string;
  pairs: number;
  /** Plain mean of the pair gains, beside the robust estimate the verdict used. */
  mean: number;
  estimate: number;
  /** Fixed-sample interval of the robust estimate (Yuen) at 1 − alpha, for reading. */
  fixedCi: [number, number];
  fixedPValue: number;
  /** Degrees of freedom the A/A calibration added to the spread (0 without one). */
  priorDf: number;
  /** Set when the pair gains were adjusted by a pre-period covariate (CUPED, verdicts/cuped.ts). */
  cuped?: { covariate: string; theta: number; correlation: number; varianceReduction: number };
}

/** A guardrail's outcome: shown within its margin, shown worse beyond it, or not yet known. */
export type GuardrailStatus = 'held' | 'broken' | 'unknown';

export interface EvidenceGuardrail {
  capability: string;
  /** Absent in records made before guardrails had three outcomes (then `passed` is all there is). */
  status?: GuardrailStatus;
  /** status === 'held'. */
  passed: boolean;
  reason: string;
  /** One-sided non-inferiority p-value. */
  pValue: number | null;
  /** Benjamini–Hochberg adjusted over the guardrails, for information (the decision needs every guardrail to hold). */
  adjustedPValue: number | null;
  marginUnits: number | null;
  worseBy: number;
  baselineMean: number;
  candidateMean: number;
  /** Pass/fail suites: cases that flipped each way, and McNemar's exact p of "no change". */
  flips?: { toFail: string[]; toPass: string[]; mcnemarPValue?: number };
  /** Runs per arm this guardrail took (a suite of the cascade: 1). */
  runsPerArm?: number;
  samples?: { baseline: number[]; candidate: number[] };
  /** Set when it could not be measured (its probe failed in an arm). */
  error?: string;
}

export interface EvidenceFlips {
  capability: string;
  /** McNemar's exact two-sided p-value of the paired per-case results. */
  pValue: number;
  toFail: string[];
  toPass: string[];
  matched: number;
}

export interface ExperimentEvidence {
  /** What was compared: the candidate's kind and a short description. */
  candidate: { kind: 'patch' | 'files' | 'working-tree' | 'improvement'; description: string; improvementId?: number };
  target: string;
  verdict: Verdict;
  reason: string;
  /** The effect shown to the approver: the confirmation run's when there is one. */
  effect: EvidenceEffect | null;
  /** The first run's effect (inflated by selection when it led to a confirmation). */
  firstEffect: EvidenceEffect | null;
  confirmed: boolean;
  samples: { baseline: number[]; candidate: number[]; confirmation?: { baseline: number[]; candidate: number[] } };
  sequential: { decision: string; reason: string; pValue: number; interval: [number, number] } | null;
  guardrails: EvidenceGuardrail[];
  /** How the guardrails combine: all must hold (intersection–union), so no adjustment is needed for the decision. */
  multiplicity: string | null;
  flips: EvidenceFlips[];
  /** Files the candidate changes that belong to what measures it: such a candidate is never applied automatically. */
  tamperFlags: { file: string; reasons: string[] }[];
  changedFiles: string[];
  plan: { samplesPerArm: number; maxSamplesPerArm: number; maxMinutes: number | null; expectedSeconds: number | null; basis: string; warning: string | null };
  /**
   * Why sampling ended: `rule` (a clear answer), `futility` (the target cannot reach its threshold),
   * `guardrail` (one was shown broken — by the suite cascade before any timing run, or while sampling),
   * `budget` (runs or minutes spent), `cancel`; `fixed` in older records.
   */
  stopped: string;
  /** Runs per arm: the target's timing runs, and each guardrail's (suites of the cascade: 1). */
  runs?: { target: number; guardrails: Record<string, number> };
  /** Noise checks (bimodal runs, a drifting baseline), each saying what the analysis did about it. */
  noise?: string[];
  /** Set when the answer needs more samples: what a "Run More Samples" action reruns (see loop/runMore.ts). */
  runMore?: RunMoreSamples | null;
  durationMs: number;
  alpha: number;
  threshold: number;
  improvementIds: number[];
  /** Why some changed files were not turned into proposals (new or deleted files, a patch that no longer applies). */
  notProposed: string[];
  log: string[];
  /** Set when the experiment ran on the team's workers (src/team/runs): who ran which block, and the blocked analysis. */
  distributed?: EvidenceDistributed;
}

/** A distributed run: blocks of pairs, each block both arms on one machine; analysed blocked by machine. */
export interface EvidenceDistributed {
  runId: string;
  blocks: { index: number; machine: string; workerId: string; attempt: number; pairs: number; baselineMean: number; candidateMean: number }[];
  /** Attempts that did not count: a worker stopped or killed mid-block (`lost`; the block was retried), or failed. */
  lostAttempts: { index: number; machine: string; workerId: string; attempt: number; outcome: string }[];
  /** Per machine: its pairs' mean effect (on `scale`) and its share of the combined estimate. */
  machines: { machine: string; blocks: number; pairs: number; mean: number; variance: number | null; weight: number; baselineMean: number; candidateMean: number }[];
  /** 'log-ratio' (every value positive: a machine's speed cancels) or differences relative to each machine's baseline. */
  scale: 'log-ratio' | 'relative-difference';
  /** Timing blocks per wave (the sequential rule looked after each). */
  waves?: number[];
  /** Who ran the cascade pre-block (the pass/fail suites once per arm), when the run had suites. */
  cascade?: { machine: string; workerId: string; attempt: number };
  /** The confirmation run on fresh blocks after a first success (its blocks, machines and lost attempts). */
  confirmation?: Omit<EvidenceDistributed, 'confirmation'>;
}

export interface RunMoreSamples {
  /** The candidate as measured (a patch keeps its text), to measure again. */
  candidate: { kind: 'patch'; patch: string } | { kind: 'files'; files: { path: string; content: string }[] } | { kind: 'working-tree' } | { kind: 'improvement'; improvementId: number };
  capability: string;
  /** A larger budget for the follow-up run. */
  maxSamplesPerArm: number;
  /** What was still open: the target, and which guardrails. */
  open: { target: boolean; guardrails: string[] };
  reason: string;
}

export interface ExperimentResultInput {
  verdict: Verdict;
  reason: string;
  /** Relative improvement in the capability's direction; null when it has no size (zero baseline). */
  actualImprovement: number | null;
  measurement?: ImprovementMeasurement | null;
  evidence: ExperimentEvidence;
}

/** A capability's spread from an A/A run (baseline against itself). */
export interface CapabilityNoise {
  capabilityName: string;
  /** Samples per run. */
  n: number;
  mean: number;
  /** Spread of one sample. */
  sd: number;
  cv: number | null;
  /** Two-sided p of A vs A; small means the runs are not interchangeable (drift, caching). */
  aaPValue: number;
  warning: string | null;
  /** Mean duration of one probe run, for planning experiment time. */
  probeSeconds: number | null;
  measuredAt: string;
}
