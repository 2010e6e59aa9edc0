/**
 * The public API of the Self-Improvement Engine extension (`selfimprove.self-improvement-engine`), version 1.
 *
 * ```ts
 * const ext = vscode.extensions.getExtension<SelfImprovementExtensionExports>('selfimprove.self-improvement-engine');
 * const api = (await ext!.activate()).getAPI(1);
 * const open = await api.listWeaknesses();
 * ```
 *
 * What it can do: read capabilities, weaknesses, experiments, improvements and history; record
 * measurements; generate experiments and measure a patch with an A/B run; propose improvements.
 * What it cannot do, by design: approve, apply, reject, roll back, or turn on autoImprove. Every proposal
 * made through this API stays `pending` until a person approves it in VS Code, even when the user's
 * autoImprove setting is on.
 *
 * Copy this file into your extension; it depends only on the `vscode` types.
 */
import type { CancellationToken, Event } from 'vscode';

/** What `activate()` of the extension returns. */
export interface SelfImprovementExtensionExports {
  /** The API of the given version; throws for a version this extension does not provide. */
  getAPI(version: 1): SelfImprovementAPI;
}

export type Direction = 'higher' | 'lower';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type ExperimentStatus = 'planned' | 'running' | 'completed' | 'failed';
/** `refused`: the target improved enough, but a guardrail capability got worse beyond its margin. */
export type Verdict = 'success' | 'no_improvement' | 'regression' | 'inconclusive' | 'refused';
export type ImprovementStatus = 'pending' | 'approved' | 'applied' | 'partially_applied' | 'rejected' | 'rolled_back' | 'failed';

/** Something measurable (a test pass rate, a latency, an eval score) with a baseline and a target. */
export interface Capability {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly baseline: number;
  readonly target: number;
  readonly unit: string;
  /** Which way is better. */
  readonly direction: Direction;
  /** Latest measured value; null until first measured. */
  readonly current: number | null;
  readonly measurementCount: number;
  /** ISO time. */
  readonly lastMeasuredAt: string | null;
  /** Shortfall / |target| in the capability's direction; 0 or less means on target; null when unmeasured. */
  readonly gap: number | null;
  readonly meetsTarget: boolean;
}

export interface Measurement {
  readonly capabilityName: string;
  readonly value: number;
  readonly context: Readonly<Record<string, unknown>> | null;
  readonly recordedAt: string;
}

/** A capability below its target (found automatically), or a weakness identified by hand. */
export interface Weakness {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly severity: Severity;
  readonly description: string;
  /** 0..1 */
  readonly impact: number;
  /** Higher is more urgent. */
  readonly priority: number;
  readonly capabilityName: string | null;
  readonly status: 'open' | 'resolved';
  readonly identifiedAt: string;
  readonly resolvedAt: string | null;
}

export interface Experiment {
  readonly id: number;
  readonly weaknessId: number;
  /** The kind of change tried, e.g. "caching"; the engine learns which kinds work. */
  readonly approach: string;
  readonly name: string;
  readonly hypothesis: string;
  readonly methodology: string;
  /** Expected relative improvement (0.2 = 20 %). */
  readonly expectedImprovement: number;
  readonly status: ExperimentStatus;
  /** Relative improvement in the capability's direction (positive = better); null until completed. */
  readonly actualImprovement: number | null;
  readonly verdict: Verdict | null;
  /** The verdict in plain words. */
  readonly reason: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

/** A proposed code change and what became of it. */
export interface Improvement {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** Relative to the workspace folder, posix separators. */
  readonly filePath: string;
  readonly experimentId: number | null;
  readonly status: ImprovementStatus;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly approvedBy: string | null;
  readonly appliedAt: string | null;
  readonly rejectedReason: string | null;
  /** SHA-256 of the file when proposed. */
  readonly hashBefore: string;
}

export interface HistoryEntry {
  readonly version: string;
  readonly summary: string;
  readonly improvements: readonly number[];
  readonly delta: Readonly<Record<string, number>>;
  readonly changes: readonly string[];
  readonly recordedAt: string;
}

export interface MeasurementResult {
  readonly capability: Capability;
  /** The capability's open automatic weakness after this measurement, if any. */
  readonly weakness: Weakness | null;
  /** A weakness this measurement resolved (the capability reached its target). */
  readonly resolved: Weakness | null;
}

export interface ProposalInput {
  /** A short title. */
  readonly name: string;
  /** Relative to the workspace folder. */
  readonly filePath: string;
  /** The replacement for `oldCode`, or the whole new file when `oldCode` is omitted. */
  readonly newCode: string;
  /** Exact text to replace; must occur exactly once in the file. */
  readonly oldCode?: string;
  readonly description?: string;
  /** The experiment that measured this change. */
  readonly experimentId?: number;
  /** Who proposes (shown to the approver); default "extension". Recorded as "api:<proposedBy>". */
  readonly proposedBy?: string;
}

export interface ExperimentRunOptions {
  /** Budget: at most this many runs per arm (6 to 100). */
  readonly maxSamplesPerArm?: number;
  /** Budget: stop (inconclusive) after this many minutes. */
  readonly maxMinutes?: number;
  readonly token?: CancellationToken;
}

export interface ExperimentRunResult {
  readonly experiment: Experiment;
  readonly verdict: Verdict;
  readonly reason: string;
  /** Confirmed on fresh samples (only a confirmed success is proposed). */
  readonly confirmed: boolean;
  /** Pending proposals made from a confirmed success. */
  readonly improvementIds: readonly number[];
  /** A short text summary (effect, interval, guardrails, proposals). */
  readonly summary: string;
}

/** Which kind of data changed; re-read what you show. */
export interface ChangeEvent {
  readonly kind: 'capability' | 'measurement' | 'weakness' | 'experiment' | 'improvement' | 'history' | 'other';
  readonly id?: number;
}

export interface SelfImprovementAPI {
  readonly version: 1;

  listCapabilities(): Promise<Capability[]>;
  /** Throws when no capability has that name. */
  getCapability(name: string): Promise<Capability>;
  /** Newest first; `limit` 1..1000, default 50. */
  getMeasurements(name: string, limit?: number): Promise<Measurement[]>;
  /** Records a measured value; creates, updates or resolves the capability's automatic weakness. */
  recordMeasurement(name: string, value: number, context?: Record<string, unknown>): Promise<MeasurementResult>;

  /** Open weaknesses most urgent first (default), or resolved / all. */
  listWeaknesses(options?: { status?: 'open' | 'resolved' | 'all'; minImpact?: number }): Promise<Weakness[]>;

  listExperiments(options?: { weaknessId?: number; status?: ExperimentStatus }): Promise<Experiment[]>;
  getExperiment(id: number): Promise<Experiment>;
  /** Plans `count` (1..10, default 3) experiments for an open weakness. */
  generateExperiments(weaknessId: number, count?: number): Promise<Experiment[]>;
  /**
   * Measures a patch (unified diff relative to the workspace folder) against the current code with an
   * A/B run of the experiment's capability probe, in a temporary copy. Needs a trusted workspace and the
   * capability declared with a probe in `.vscode/self-improvement.json`. A confirmed success is proposed
   * (pending); the user's files are never changed.
   */
  runExperiment(experimentId: number, patch: string, options?: ExperimentRunOptions): Promise<ExperimentRunResult>;

  listImprovements(options?: { status?: ImprovementStatus }): Promise<Improvement[]>;
  getImprovement(id: number): Promise<Improvement>;
  /** Proposes a change; it is always left pending for a person to approve in VS Code. */
  proposeImprovement(input: ProposalInput): Promise<Improvement>;

  /** Newest first; `limit` 1..1000, default 50. */
  getHistory(limit?: number): Promise<HistoryEntry[]>;

  /** Fires after any of the above data changed (also changes made in the UI). */
  readonly onDidChange: Event<ChangeEvent>;
}

