// The engine's public surface (DESIGN.md "Engine contract"). Adapters, the CLI and agents code against this.
import type * as T from './types';
import type { Disposable } from './ports';
import type { DayStats } from './storage/series-stats';
import type { TeamLatest, TeamOrigin, TeamSeries } from './capabilities/teamMeasurements';

export interface SelfImprovementApi {
  /** Settable at any time (e.g. when the user changes the setting); the next proposal reads it. */
  autoImprove: boolean;
  improvementThreshold: number;
  readonly readOnly: boolean;

  // 1 capability profiling
  registerCapability(input: T.CapabilityInput): T.Capability;
  /** Updates baseline/target/unit/description/direction/type of an existing capability. */
  updateCapability(name: string, changes: Partial<Omit<T.CapabilityInput, 'name'>>): T.Capability;
  /** Archives (keeps history) or, with `purge`, deletes a capability and its measurements. */
  removeCapability(name: string, options?: { purge?: boolean }): void;
  getCapability(name: string): T.Capability;
  listCapabilities(options?: { includeArchived?: boolean }): T.Capability[];
  measureCapability(name: string, value: number, context?: Record<string, unknown>): T.MeasureResult;
  getMeasurements(name: string, limit?: number): T.Measurement[];
  /** Per-day statistics over raw rows and the roll-ups retention made of older ones (oldest day first). */
  getDailyStats(name: string, range?: { fromDay?: string; toDay?: string }): DayStats[];
  profileAllCapabilities(): T.CapabilityProfile[];
  getTrend(name: string): T.Trend | null;
  /** The team's values of a capability pulled from the team store, one series per origin (and branch). */
  getTeamMeasurements(name: string, options?: { limit?: number; origins?: readonly string[] }): TeamSeries[];
  /** Every capability's newest team value per origin. */
  getTeamLatest(options?: { origins?: readonly string[] }): TeamLatest[];
  /** The origins (and branches) that have team measurements here: what a filter offers. */
  listTeamOrigins(): (TeamOrigin & { measurements: number })[];

  // 2 weaknesses
  identifyWeakness(input: T.WeaknessInput): T.Weakness;
  /** Open weaknesses with impact ≥ minImpact, most urgent first. */
  analyzeWeaknesses(minImpact?: number): T.Weakness[];
  listWeaknesses(options?: { status?: 'open' | 'resolved' | 'all' }): T.Weakness[];
  getWeakness(id: number): T.Weakness;
  resolveWeakness(id: number, note?: string): T.Weakness;
  deleteWeakness(id: number): void;

  // 3 experiments
  generateExperiments(weaknessId: number, count?: number): T.Experiment[];
  getExperiment(id: number): T.Experiment;
  listExperiments(options?: { weaknessId?: number; status?: T.ExperimentStatus }): T.Experiment[];
  deleteExperiment(id: number): void;
  /** Names an experiment for what its candidate does (e.g. a drafted patch) once that is known; audited. */
  renameExperiment(id: number, name: string, actor?: string): T.Experiment;

  // 4 testing
  testApproach(experimentId: number, testFn: T.TestFunction, baselineValue?: number | number[]): Promise<T.Experiment>;

  // 4b experiments measured by the loop (src/engine/loop: runExperiment, calibrateNoise, …)
  /** A new experiment on a capability (held by its open weakness, or a new low-severity one). */
  createExperiment(input: T.ExperimentInput): T.Experiment;
  /** planned → running. */
  startExperiment(id: number): T.Experiment;
  /** Completes a running experiment with a verdict and its evidence; feeds the bandit, meta-learnings and the audit chain. */
  recordExperimentResult(id: number, result: T.ExperimentResultInput): T.Experiment;
  failExperiment(id: number, error: string, evidence?: T.ExperimentEvidence | null): T.Experiment;
  /** Effect with interval, samples, p-values, guardrails, flips, tamper flags, plan, duration; null before a measured run. */
  getExperimentEvidence(id: number): T.ExperimentEvidence | null;
  /** Like applyImprovement, but always left pending for a person, whatever autoImprove says. */
  proposeForReview(input: T.ImprovementInput): Promise<T.CodeImprovement>;
  recordNoise(name: string, noise: Omit<T.CapabilityNoise, 'capabilityName' | 'measuredAt'>): T.CapabilityNoise;
  /** The capability's spread from its latest A/A calibration; null when never calibrated. */
  getNoise(name: string): T.CapabilityNoise | null;
  getMetadata<V>(key: string): V | null;
  setMetadata(key: string, value: unknown): void;

  // 5 measurement
  measureImprovement(before: number | number[], after: number | number[], metricName: string,
    context?: { direction?: T.Direction; threshold?: number; alpha?: number; capabilityName?: string; experimentId?: number }): T.ImprovementMeasurement;

  // 6 code improvements
  /**
   * A file under the root as the engine reads it when proposing and applying (in VS Code an open
   * editor's unsaved text); null when it does not exist. Proposals built elsewhere must start from this.
   */
  readFile(relativePath: string): Promise<string | null>;
  applyImprovement(input: T.ImprovementInput): Promise<T.CodeImprovement>;
  approveImprovement(id: number, approvedBy: string): Promise<T.CodeImprovement>;
  rejectImprovement(id: number, reason?: string, rejectedBy?: string): T.CodeImprovement;
  rollbackImprovement(id: number, by?: string): Promise<T.CodeImprovement>;
  getImprovement(id: number): T.CodeImprovement;
  listImprovements(options?: { status?: T.ImprovementStatus }): T.CodeImprovement[];
  deleteImprovement(id: number): void;
  /** The proposal's change blocks (one per hunk, ids stable for the proposal) with each one's latest decision. */
  getHunks(improvementId: number): T.ImprovementHunk[];
  /** Every per-hunk decision, oldest first. */
  getHunkDecisions(improvementId: number): T.HunkDecision[];
  /**
   * Records an inline decision on one hunk (the adapter applies the edit itself); audited with who, when and the
   * SHA-256 before/after. Once every hunk is decided the improvement becomes applied, partially_applied or
   * rejected; undoing an approval (`reverted`) makes it pending again. Approvals are written through.
   */
  recordHunkDecision(improvementId: number, input: T.HunkDecisionInput): Promise<T.CodeImprovement>;
  getAuditTrail(filter?: { entity?: T.AuditEvent['entity']; entityId?: number }): T.AuditEvent[];
  /** Recomputes the audit hash chain; an edited or deleted event breaks it. */
  verifyAuditTrail(): T.AuditVerification;
  /** Like verifyAuditTrail, with the reason in words (which event was edited, removed or reordered). */
  auditReport(): T.AuditReport;
  /** The trail as JSON Lines (one event per line, with its chain hashes). */
  exportAuditTrail(): string;

  // 7 meta-learning
  recordMetaLearning(input: T.MetaLearningInput): T.MetaLearning;
  getMetaLearnings(minConfidence?: number): T.MetaLearning[];

  // 8 history
  trackImprovementHistory(input: T.HistoryInput): T.HistoryEntry;
  getImprovementHistory(limit?: number): T.HistoryEntry[];

  // 9 self-assessment
  getSelfAssessment(): T.SelfAssessment;

  // RL and patterns
  recordOutcome(input: T.OutcomeInput): void;
  chooseAction(input: T.ChooseActionInput): T.ActionChoice;
  detectSequencePattern(items: string[], context: string): T.SequencePattern[];
  /** Back-off prediction from learned patterns (only those of `context` when given). */
  predictNext(history: string[], patternId?: number, context?: string): T.Prediction;

  // lifecycle and events
  onDidChange(listener: (change: T.EngineChange) => void): Disposable;
  flush(): Promise<void>;
  close(): Promise<void>;
}
