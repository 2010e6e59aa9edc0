// SelfImprovementEngine: composes the stores and workflows behind SelfImprovementApi.
// Methods that only touch the database are synchronous; those that read/write files or run test
// functions are async. Every multi-statement change runs inside one db.transaction.
import { scheduleRetention, type RetentionSchedule, type ScheduleOptions } from './storage/retention';
import { dailyStats, type DayStats } from './storage/series-stats';
import type * as T from './types';
import type { SelfImprovementApi } from './api';
import type { Clock, Disposable, FilesPort, RandomSource } from './ports';
import { Database, type DatabaseOptions } from './storage/database';
import { InvalidInputError, InvalidStateError } from './errors';
import { assertFinite, assertPositiveInt, assertUnit } from './validate';
import type { StoreContext } from './context';
import { TeamMeasurementStore, type TeamLatest, type TeamOrigin, type TeamSeries } from './capabilities/teamMeasurements';
import { CapabilityStore } from './capabilities/capabilityStore';
import { gapOf, improvementFromBaseline, meetsTarget, severityForGap } from './capabilities/gap';
import { WeaknessStore } from './weaknesses/weaknessStore';
import { designExperiments } from './experiments/generate';
import { ExperimentStore } from './experiments/experimentStore';
import { normalizeOutcome } from './experiments/testOutcome';
import { isRunnable } from './experiments/runnable';
import { measureImprovement } from './stats/measureImprovement';
import { AuditLog } from './improvements/audit';
import { ImprovementStore } from './improvements/improvementStore';
import { CodeImprovements } from './improvements/codeImprovements';
import { HunkDecisionStore } from './improvements/hunkDecisionStore';
import { HunkDecisions } from './improvements/hunkDecisions';
import { MetaLearningStore } from './learning/metaLearningStore';
import { ThompsonBandit } from './learning/bandit';
import { poolLearnings } from './learning/teamPool';
import { betaSampler } from './learning/betaSampler';
import { PatternStore } from './learning/patternStore';
import { computeTrend } from './learning/trend';
import { HistoryStore } from './history/historyStore';
import { assess } from './assessment/selfAssessment';
import { NodeFiles } from './files/nodeFiles';
import { normalizeRelativePath } from './files/relativePath';
import { weaknessTypeFor } from './weaknesses/priority';
import { thresholdWarning } from './verdicts/noise';
import { DEFAULT_MAX_SAMPLES_PER_ARM } from './loop/plan';
import { NoiseStore, type NoiseInput } from './loop/noiseStore';
import { MetadataStore } from './loop/metadataStore';
import { ExperimentResultStore } from './loop/experimentResultStore';
import { toJsonLines, verifyAuditChain } from './verdicts/auditChain';
import { AUDIT_HEAD_SUFFIX, AuditSeal } from './improvements/auditSeal';

export const EXPERIMENT_ACTION_TYPE = 'improvement_experiment';

export interface EngineOptions {
  /** Database file; omitted = in memory only. */
  dbPath?: string;
  /** Root folder for code improvements; default process.cwd(). Used when `files` is not given. */
  rootDir?: string;
  files?: FilesPort;
  clock?: Clock;
  random?: RandomSource;
  /** Apply proposals at once, approved by 'system'. Default false. */
  autoImprove?: boolean;
  /** Minimum relative improvement for success. Default 0.15. */
  improvementThreshold?: number;
  /** Bandit decay γ in (0, 1]; 1 (default) keeps all evidence. See learning/bandit.ts. */
  banditDecay?: number;
  wasmPath?: string;
  saveDelayMs?: number;
  maxSaveDelayMs?: number;
  /** Further storage options (writer lock behaviour, integrity check, recovery messages). */
  storage?: Omit<DatabaseOptions, 'path' | 'wasmPath' | 'saveDelayMs' | 'maxSaveDelayMs'>;
  /** Raw-measurement cap and idle pruning (storage/retention.ts); false turns it off. */
  retention?: ScheduleOptions | false;
}

/** A trend is fitted to the latest points only: enough for a slope, bounded cost at any history size. */
const TREND_POINTS = 500;

const systemClock: Clock = { now: () => new Date() };
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class SelfImprovementEngine implements SelfImprovementApi {
  /** Read by the workflow on each proposal, so a change applies from the next one without a reopen. */
  autoImprove: boolean;
  private threshold: number;
  private readonly listeners = new Set<(change: T.EngineChange) => void>();
  private readonly capabilities: CapabilityStore;
  private readonly team: TeamMeasurementStore;
  private readonly weaknesses: WeaknessStore;
  private readonly experiments: ExperimentStore;
  private readonly improvements: ImprovementStore;
  private readonly audit: AuditLog;
  private readonly seal: AuditSeal;
  private readonly workflow: CodeImprovements;
  private readonly hunkWorkflow: HunkDecisions;
  private readonly meta: MetaLearningStore;
  private readonly bandit: ThompsonBandit;
  private readonly patterns: PatternStore;
  private readonly history: HistoryStore;
  private readonly noise: NoiseStore;
  private readonly metadata: MetadataStore;
  private readonly results: ExperimentResultStore;
  /** Same workflow, but never auto-approves: for proposals that must wait for a person (tamper-flagged). */
  private readonly manualWorkflow: CodeImprovements;
  private closed = false;
  private retention: RetentionSchedule | null = null;

  private constructor(private readonly db: Database, clock: Clock, private readonly files: FilesPort, random: RandomSource, options: EngineOptions) {
    this.autoImprove = options.autoImprove ?? false;
    this.threshold = SelfImprovementEngine.checkThreshold(options.improvementThreshold ?? 0.15);
    const ctx: StoreContext = { db, clock };
    this.capabilities = new CapabilityStore(ctx);
    this.team = new TeamMeasurementStore(ctx);
    this.weaknesses = new WeaknessStore(ctx);
    this.experiments = new ExperimentStore(ctx);
    this.improvements = new ImprovementStore(ctx);
    this.audit = new AuditLog(ctx);
    this.seal = new AuditSeal(ctx, () => db.sidecarOnDisk);
    this.meta = new MetaLearningStore(ctx);
    this.bandit = new ThompsonBandit(ctx, betaSampler(random), options.banditDecay ?? 1);
    this.patterns = new PatternStore(ctx);
    this.history = new HistoryStore(ctx);
    this.noise = new NoiseStore(ctx);
    this.metadata = new MetadataStore(ctx);
    this.results = new ExperimentResultStore(ctx);
    const workflowDeps = {
      ...ctx, files, audit: this.audit, store: this.improvements,
      experimentExists: (id: number) => this.db.get('SELECT 1 AS x FROM improvement_experiments WHERE id = ?', [id]) !== undefined,
      changed: (id: number) => this.emit({ kind: 'improvement', id }),
    };
    this.workflow = new CodeImprovements({ ...workflowDeps, autoImprove: () => this.autoImprove });
    this.manualWorkflow = new CodeImprovements({ ...workflowDeps, autoImprove: () => false });
    this.hunkWorkflow = new HunkDecisions({
      ...ctx, files, audit: this.audit, store: this.improvements, decisions: new HunkDecisionStore(ctx),
      changed: (id) => this.emit({ kind: 'improvement', id }),
    });
  }

  static async open(options: EngineOptions = {}): Promise<SelfImprovementEngine> {
    // The audit head is sealed beside the database at every save (improvements/auditSeal.ts); bound once the engine exists.
    let seal: AuditSeal | undefined;
    const db = await Database.open({ ...options.storage, path: options.dbPath, wasmPath: options.wasmPath, saveDelayMs: options.saveDelayMs, maxSaveDelayMs: options.maxSaveDelayMs,
      sidecar: { suffix: AUDIT_HEAD_SUFFIX, content: () => seal?.content() ?? null } });
    try {
      const files = options.files ?? new NodeFiles(options.rootDir ?? process.cwd());
      const engine = new SelfImprovementEngine(db, options.clock ?? systemClock, files, options.random ?? Math.random, options);
      seal = engine.seal;
      // Sealed now: save at once, so the mark never reaches disk (through the journal) without its head file.
      if (seal.start()) await db.flush();
      if (!db.readOnly) await engine.recoverInterrupted();
      if (options.retention !== false && !db.readOnly && options.dbPath) engine.retention = scheduleRetention(db, options.retention ?? {});
      return engine;
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /**
   * After a crash: experiments left 'running' become failed (their test never finished), and
   * improvements left 'approved' are reconciled with the file (see CodeImprovements.reconcile), and so are
   * rollbacks that had started (CodeImprovements.reconcileRollback).
   */
  private async recoverInterrupted(): Promise<void> {
    for (const e of this.experiments.list({ status: 'running' })) {
      this.experiments.fail(e.id, 'interrupted: the engine stopped before the test function finished');
    }
    for (const imp of this.improvements.list('approved')) await this.workflow.reconcile(imp.id);
    for (const status of ['applied', 'partially_applied'] as const) {
      for (const imp of this.improvements.list(status)) await this.workflow.reconcileRollback(imp.id);
    }
  }

  private static checkThreshold(value: number): number {
    assertFinite(value, 'improvementThreshold');
    if (value < 0) throw new InvalidInputError(`improvementThreshold must not be negative (got ${value}).`);
    return value;
  }

  get improvementThreshold(): number { return this.threshold; }
  set improvementThreshold(value: number) { this.threshold = SelfImprovementEngine.checkThreshold(value); }

  get readOnly(): boolean {
    return this.db.readOnly;
  }

  /** The local database, for the team store's replication (src/team): its own team_* tables and reads of append-only rows. */
  get storage(): Database {
    return this.db;
  }

  // ── 1 capability profiling ──────────────────────────────────────────────

  registerCapability(input: T.CapabilityInput): T.Capability {
    const cap = this.capabilities.register(input);
    this.emit({ kind: 'capability', id: cap.id });
    return cap;
  }

  updateCapability(name: string, changes: Partial<Omit<T.CapabilityInput, 'name'>>): T.Capability {
    const cap = this.capabilities.update(name, changes);
    this.emit({ kind: 'capability', id: cap.id });
    return cap;
  }

  removeCapability(name: string, options: { purge?: boolean } = {}): void {
    const cap = this.capabilities.get(name);
    this.db.transaction(() => (options.purge ? this.capabilities.purge(name) : this.capabilities.archive(name)));
    this.emit({ kind: 'capability', id: cap.id });
  }

  getCapability(name: string): T.Capability { return this.capabilities.get(name); }

  listCapabilities(options: { includeArchived?: boolean } = {}): T.Capability[] {
    return this.capabilities.list(options.includeArchived ?? false);
  }

  /** Records a value, then creates/updates/resolves the capability's automatic weakness. */
  measureCapability(name: string, value: number, context?: Record<string, unknown>): T.MeasureResult {
    assertFinite(value, 'value');
    if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) {
      throw new InvalidInputError('context must be an object.');
    }
    const result = this.db.transaction(() => {
      const { capability, measurement } = this.capabilities.recordMeasurement(name, value, context);
      const tracked = this.weaknesses.track(capability, value, measurement.recordedAt);
      return { capability, ...tracked, measurementId: measurement.id };
    });
    this.emit({ kind: 'measurement', id: result.measurementId });
    this.emit({ kind: 'capability', id: result.capability.id });
    const w = result.weakness ?? result.resolved;
    if (w) this.emit({ kind: 'weakness', id: w.id });
    return { capability: result.capability, weakness: result.weakness, resolved: result.resolved };
  }

  getMeasurements(name: string, limit?: number): T.Measurement[] { return this.capabilities.measurements(name, limit); }
  getTeamMeasurements(name: string, options?: { limit?: number; origins?: readonly string[] }): TeamSeries[] { return this.team.series(name, options); }
  getTeamLatest(options?: { origins?: readonly string[] }): TeamLatest[] { return this.team.latest(options); }
  listTeamOrigins(): (TeamOrigin & { measurements: number })[] { return this.team.origins(); }

  profileAllCapabilities(): T.CapabilityProfile[] {
    const series = this.latestSeries();
    const noise = this.noise.all();
    return this.capabilities.list().map((c) => {
      const gap = c.current === null ? null : gapOf(c, c.current);
      return {
        ...c, gap,
        improvementFromBaseline: c.current === null ? null : improvementFromBaseline(c, c.current),
        meetsTarget: c.current !== null && meetsTarget(c, c.current),
        severity: gap === null || gap <= 0 ? null : severityForGap(gap).severity,
        trend: computeTrend(series.get(c.name) ?? [], c),
        ...this.noiseOf(c.name, noise),
      };
    });
  }

  /** Per-day statistics that survive the raw-row cap (older rows are rolled up by day). */
  getDailyStats(name: string, range?: { fromDay?: string; toDay?: string }): DayStats[] {
    this.capabilities.get(name);
    return dailyStats(this.db, name, range);
  }

  private noiseOf(name: string, known?: Map<string, T.CapabilityNoise>): { noise: T.CapabilityNoise | null; noiseWarning: string | null } {
    const noise = known ? known.get(name) ?? null : this.noise.get(name);
    const noiseWarning = noise && noise.mean !== 0
      ? thresholdWarning({ sd: noise.sd, mean: noise.mean, n: DEFAULT_MAX_SAMPLES_PER_ARM, threshold: this.threshold, name })
      : null;
    return { noise, noiseWarning };
  }

  /** Every capability's latest TREND_POINTS measurements, oldest first, in one query (not one per capability). */
  private latestSeries(): Map<string, { at: string; value: number }[]> {
    const rows = this.db.all<{ capability_name: string; value: number; recorded_at: string }>(
      `SELECT capability_name, value, recorded_at FROM (
         SELECT capability_name, value, recorded_at, id,
                ROW_NUMBER() OVER (PARTITION BY capability_name ORDER BY recorded_at DESC, id DESC) AS rn
         FROM performance_metrics)
       WHERE rn <= ${TREND_POINTS} ORDER BY capability_name, recorded_at, id`);
    const byName = new Map<string, { at: string; value: number }[]>();
    for (const r of rows) {
      let list = byName.get(r.capability_name);
      if (!list) byName.set(r.capability_name, list = []);
      list.push({ at: r.recorded_at, value: r.value });
    }
    return byName;
  }

  getTrend(name: string): T.Trend | null { return this.trendOf(this.capabilities.get(name)); }

  private trendOf(c: T.Capability): T.Trend | null {
    const series = this.capabilities.measurements(c.name, TREND_POINTS).reverse().map((m) => ({ at: m.recordedAt, value: m.value }));
    return computeTrend(series, c);
  }

  // ── 2 weaknesses ────────────────────────────────────────────────────────

  identifyWeakness(input: T.WeaknessInput): T.Weakness {
    const capability = input?.capabilityName !== undefined ? this.capabilities.get(input.capabilityName) : null;
    const w = this.weaknesses.identify(input, capability?.direction);
    this.emit({ kind: 'weakness', id: w.id });
    return w;
  }

  analyzeWeaknesses(minImpact = 0): T.Weakness[] { return this.weaknesses.analyze(minImpact); }

  listWeaknesses(options: { status?: 'open' | 'resolved' | 'all' } = {}): T.Weakness[] { return this.weaknesses.list(options.status ?? 'all'); }

  getWeakness(id: number): T.Weakness { return this.weaknesses.get(id); }

  resolveWeakness(id: number, note?: string): T.Weakness {
    const w = this.weaknesses.resolve(id, note);
    this.emit({ kind: 'weakness', id });
    return w;
  }

  /** Deletes the weakness and its experiments (refused while one of them is running). */
  deleteWeakness(id: number): void {
    this.weaknesses.get(id);
    const exps = this.experiments.list({ weaknessId: id });
    if (exps.some((e) => e.status === 'running')) throw new InvalidStateError(`Weakness ${id} has a running experiment; wait for it to finish.`);
    this.db.transaction(() => {
      for (const e of exps) this.experiments.delete(e.id);
      this.weaknesses.delete(id);
    });
    for (const e of exps) this.emit({ kind: 'experiment', id: e.id });
    this.emit({ kind: 'weakness', id });
  }

  // ── 3 experiments ───────────────────────────────────────────────────────

  generateExperiments(weaknessId: number, count = 3): T.Experiment[] {
    assertPositiveInt(count, 'count');
    const weakness = this.weaknesses.get(weaknessId);
    const capability = weakness.capabilityName ? this.capabilities.find(weakness.capabilityName) : null;
    const drafts = designExperiments(weakness, capability, count, {
      pastActuals: (approach) => this.experiments.pastActuals(approach),
      order: (approaches) => this.bandit.rank(EXPERIMENT_ACTION_TYPE, approaches),
    });
    const created = this.db.transaction(() => drafts.map((d) => this.experiments.insert(weaknessId, d)));
    for (const e of created) this.emit({ kind: 'experiment', id: e.id });
    return created;
  }

  getExperiment(id: number): T.Experiment { return this.experiments.get(id); }

  listExperiments(options: { weaknessId?: number; status?: T.ExperimentStatus } = {}): T.Experiment[] { return this.experiments.list(options); }

  deleteExperiment(id: number): void {
    const e = this.experiments.get(id);
    if (e.status === 'running') throw new InvalidStateError(`Experiment ${id} is running; wait for it to finish.`);
    this.experiments.delete(id);
    this.emit({ kind: 'experiment', id });
  }

  renameExperiment(id: number, name: string, actor = 'user'): T.Experiment {
    if (typeof name !== 'string' || name.trim() === '') throw new InvalidInputError('name must be a non-empty string.');
    const before = this.experiments.get(id);
    const next = name.trim();
    if (before.name === next) return before;
    this.db.transaction(() => {
      this.experiments.rename(id, next);
      this.audit.append({ actor, entity: 'experiment', entityId: id, action: 'renamed', details: { from: before.name, to: next } });
    });
    this.emit({ kind: 'experiment', id });
    return this.experiments.get(id);
  }

  // ── 4 testing ───────────────────────────────────────────────────────────

  /**
   * Runs the test function and judges the candidate against the baseline: baselineValue, else the
   * test's baselineSamples, else the capability's current value (or its baseline). The candidate's
   * value is NOT recorded as a measurement of the capability: it measures code that is not live yet.
   */
  async testApproach(experimentId: number, testFn: T.TestFunction, baselineValue?: number | number[]): Promise<T.Experiment> {
    if (typeof testFn !== 'function') throw new InvalidInputError('testFn must be a function.');
    const exp = this.experiments.get(experimentId);
    this.assertRunnable(exp, 'tested');
    const weakness = this.weaknesses.get(exp.weaknessId);
    const capability = weakness.capabilityName ? this.capabilities.find(weakness.capabilityName) : null;
    if (baselineValue !== undefined) {
      if (Array.isArray(baselineValue)) baselineValue.forEach((v, i) => assertFinite(v, `baselineValue[${i}]`));
      else assertFinite(baselineValue, 'baselineValue');
    }
    this.beginRun(exp);

    let measurement: T.ImprovementMeasurement;
    try {
      const outcome = normalizeOutcome(await testFn());
      const baseline = baselineValue ?? outcome.baseline ?? capability?.current ?? capability?.baseline;
      if (baseline === undefined) {
        throw new InvalidInputError('No baseline: the weakness has no capability, so pass baselineValue or return baselineSamples.');
      }
      // Never guessed: 120 → 40 ms is a win for a build time and a loss for a score.
      const direction = capability?.direction ?? weakness.direction;
      if (!direction) {
        throw new InvalidInputError(`Weakness "${weakness.name}" has no capability and no direction, so the engine cannot tell better from worse; record it again with a direction ("higher" or "lower" is better).`);
      }
      measurement = measureImprovement(baseline, outcome.candidate, capability?.name ?? exp.name, { direction, threshold: this.threshold });
    } catch (err) {
      return this.finishExperiment(exp, weakness, { failed: errorText(err) });
    }
    return this.finishExperiment(exp, weakness, { measurement });
  }

  private finishExperiment(exp: T.Experiment, weakness: T.Weakness, end: { failed: string } | { measurement: T.ImprovementMeasurement }): T.Experiment {
    this.db.transaction(() => {
      if ('failed' in end) this.experiments.fail(exp.id, end.failed);
      else this.experiments.complete(exp.id, end.measurement);
      this.learnFromExperiment(exp, weakness);
    });
    this.emit({ kind: 'experiment', id: exp.id });
    this.emit({ kind: 'outcome' });
    this.emit({ kind: 'metaLearning' });
    return this.experiments.get(exp.id);
  }

  /** Bandit outcome and meta-learnings from a finished experiment (inside the caller's transaction). */
  private learnFromExperiment(exp: T.Experiment, weakness: T.Weakness): void {
    const done = this.experiments.get(exp.id);
    this.bandit.recordOutcome({
      actionType: EXPERIMENT_ACTION_TYPE, actionName: exp.approach, success: done.verdict === 'success',
      ...(done.actualImprovement !== null ? { outcomeValue: done.actualImprovement } : {}),
      context: { weaknessId: weakness.id, experimentId: exp.id, weaknessType: weakness.type },
    });
    const sameApproach = this.experiments.list().filter((e) => e.approach === exp.approach);
    const sameType = this.db.all<{ id: number }>(
      `SELECT e.id FROM improvement_experiments e JOIN identified_weaknesses w ON w.id = e.weakness_id WHERE w.type = ?`, [weakness.type])
      .map((r) => this.experiments.get(r.id));
    this.meta.deriveFrom(done, weakness, sameApproach, sameType);
  }

  // ── 4b experiments measured by the loop (src/engine/loop) ───────────────

  /**
   * An experiment on a capability outside the generated templates (a patch, a working tree). It hangs
   * off the capability's open weakness; when there is none, a low-severity one names what is tried.
   */
  createExperiment(input: T.ExperimentInput): T.Experiment {
    if (!input || typeof input !== 'object') throw new InvalidInputError('createExperiment needs { capabilityName, name }.');
    const cap = this.capabilities.get(input.capabilityName);
    if (typeof input.name !== 'string' || input.name.trim() === '') throw new InvalidInputError('name must be a non-empty string.');
    const expected = input.expectedImprovement ?? this.threshold;
    assertFinite(expected, 'expectedImprovement');
    const created = this.db.transaction(() => {
      const open = this.weaknesses.list('open').find((w) => w.capabilityName === cap.name);
      const weakness = open ?? this.weaknesses.identify({
        name: `Improve ${cap.name}`, type: weaknessTypeFor(cap.type), severity: 'low', impact: 0.1, capabilityName: cap.name,
        description: `Opened to hold experiments on ${cap.name} (first: ${input.name}).`,
      });
      return this.experiments.insert(weakness.id, {
        approach: input.approach ?? 'candidate_change', name: input.name,
        hypothesis: input.hypothesis ?? `The candidate improves ${cap.name} by at least ${Math.round(this.threshold * 100)} %.`,
        methodology: input.methodology ?? 'Baseline (HEAD) against candidate in isolated clones, runs interleaved A B A B; Welch test, guardrails, sequential stopping, confirmation run.',
        expectedImprovement: expected,
      });
    });
    this.emit({ kind: 'experiment', id: created.id });
    return created;
  }

  /** planned (or failed, for a re-run) → running, before the loop starts measuring. */
  startExperiment(id: number): T.Experiment {
    const exp = this.experiments.get(id);
    this.assertRunnable(exp, 'run');
    this.beginRun(exp);
    return this.experiments.get(id);
  }

  /** A planned experiment runs; a failed one may run again (its old error goes to the audit trail). */
  private assertRunnable(exp: T.Experiment, verb: 'run' | 'tested'): void {
    if (!isRunnable(exp)) {
      throw new InvalidStateError(`Experiment ${exp.id} is ${exp.status}; only planned or failed experiments can be ${verb}.`);
    }
  }

  /** → running, clearing a failed run's outcome; the previous error is kept as a 'rerun' audit event. */
  private beginRun(exp: T.Experiment): void {
    this.db.transaction(() => {
      if (exp.status === 'failed') {
        this.audit.append({ actor: 'experiment', entity: 'experiment', entityId: exp.id, action: 'rerun', details: {
          previousError: exp.error, previousReason: exp.reason, previousStartedAt: exp.startedAt, previousCompletedAt: exp.completedAt,
        } });
      }
      this.experiments.markRunning(exp.id);
    });
    this.emit({ kind: 'experiment', id: exp.id });
  }

  /**
   * Records a measured outcome on a running experiment: verdict, reason, improvement, evidence; feeds the
   * bandit and meta-learnings like testApproach, and appends an audit event (verdict, flags) to the chain.
   */
  recordExperimentResult(id: number, result: T.ExperimentResultInput): T.Experiment {
    const exp = this.experiments.get(id);
    if (exp.status !== 'running') throw new InvalidStateError(`Experiment ${id} is ${exp.status}; only a running experiment can take a result.`);
    if (result.actualImprovement !== null) assertFinite(result.actualImprovement, 'actualImprovement');
    const weakness = this.weaknesses.get(exp.weaknessId);
    this.db.transaction(() => {
      this.results.complete(id, result);
      this.learnFromExperiment(exp, weakness);
      this.audit.append({ actor: 'experiment', entity: 'experiment', entityId: id, action: 'completed', details: {
        verdict: result.verdict, reason: result.reason, actualImprovement: result.actualImprovement, confirmed: result.evidence.confirmed,
        tamperFlags: result.evidence.tamperFlags.map((f) => f.file), changedFiles: result.evidence.changedFiles,
      } });
    });
    this.emit({ kind: 'experiment', id });
    this.emit({ kind: 'outcome' });
    this.emit({ kind: 'metaLearning' });
    return this.experiments.get(id);
  }

  /** The run could not finish (setup error, probe failure, cancellation): failed, with what was gathered. */
  failExperiment(id: number, error: string, evidence: T.ExperimentEvidence | null = null): T.Experiment {
    const exp = this.experiments.get(id);
    if (exp.status !== 'running' && exp.status !== 'planned') throw new InvalidStateError(`Experiment ${id} is ${exp.status}.`);
    const weakness = this.weaknesses.get(exp.weaknessId);
    this.db.transaction(() => {
      this.results.fail(id, error, evidence);
      this.learnFromExperiment(exp, weakness);
      this.audit.append({ actor: 'experiment', entity: 'experiment', entityId: id, action: 'failed', details: { error } });
    });
    this.emit({ kind: 'experiment', id });
    this.emit({ kind: 'outcome' });
    return this.experiments.get(id);
  }

  getExperimentEvidence(id: number): T.ExperimentEvidence | null {
    this.experiments.get(id);
    return this.results.evidence(id);
  }

  /** Proposes a change that must wait for a person even when autoImprove is on (e.g. a tamper-flagged candidate). */
  proposeForReview(input: T.ImprovementInput): Promise<T.CodeImprovement> { return this.manualWorkflow.propose(input); }

  recordNoise(name: string, noise: NoiseInput): T.CapabilityNoise {
    const cap = this.capabilities.get(name);
    const stored = this.noise.record(cap.name, noise);
    this.emit({ kind: 'capability', id: cap.id });
    return stored;
  }

  /** The capability's spread from its latest A/A calibration; null when never calibrated. */
  getNoise(name: string): T.CapabilityNoise | null { return this.noise.get(name); }

  getMetadata<V>(key: string): V | null { return this.metadata.get<V>(key); }
  setMetadata(key: string, value: unknown): void { this.metadata.set(key, value); }

  // ── 5 measurement ───────────────────────────────────────────────────────

  /**
   * Pure computation unless `capabilityName` is given: then `after` (its mean for samples) is also
   * recorded as a measurement of that capability, like measureCapability (series, weakness update).
   */
  measureImprovement(before: number | number[], after: number | number[], metricName: string,
    context: { direction?: T.Direction; threshold?: number; alpha?: number; capabilityName?: string; experimentId?: number } = {}): T.ImprovementMeasurement {
    const cap = context.capabilityName !== undefined ? this.capabilities.get(context.capabilityName) : null;
    const m = measureImprovement(before, after, metricName, {
      direction: context.direction ?? cap?.direction, threshold: context.threshold ?? this.threshold, alpha: context.alpha,
    });
    if (cap) {
      this.measureCapability(cap.name, m.after, {
        source: 'measureImprovement', metricName, before: m.before, relative: m.relative, verdict: m.verdict,
        ...(context.experimentId !== undefined ? { experimentId: context.experimentId } : {}),
      });
    }
    return m;
  }

  // ── 6 code improvements ─────────────────────────────────────────────────

  async readFile(relativePath: string): Promise<string | null> { return this.files.read(normalizeRelativePath(relativePath)); }

  applyImprovement(input: T.ImprovementInput): Promise<T.CodeImprovement> { return this.workflow.propose(input); }
  /** Refused once some hunks were decided inline: the whole proposal would override those decisions. */
  approveImprovement(id: number, approvedBy: string): Promise<T.CodeImprovement> {
    if (this.hunkWorkflow.isInline(id) && this.improvements.get(id).status === 'pending') {
      return Promise.reject(new InvalidStateError(`Some changes of improvement ${id} were already decided in the editor; approve or reject the rest there.`));
    }
    return this.workflow.approve(id, approvedBy);
  }

  /** After inline decisions, rejects the undecided hunks (the approved ones stay; the status follows them). */
  rejectImprovement(id: number, reason?: string, rejectedBy?: string): T.CodeImprovement {
    if (this.hunkWorkflow.isInline(id) && this.improvements.get(id).status === 'pending') return this.hunkWorkflow.rejectRest(id, rejectedBy ?? 'user');
    return this.workflow.reject(id, reason, rejectedBy);
  }

  /** An improvement decided hunk by hunk rolls back exactly its approved hunks; otherwise the whole file. */
  rollbackImprovement(id: number, by?: string): Promise<T.CodeImprovement> {
    return this.hunkWorkflow.isInline(id) ? this.hunkWorkflow.rollback(id, by ?? 'user') : this.workflow.rollback(id, by);
  }

  getHunks(improvementId: number): T.ImprovementHunk[] { return this.hunkWorkflow.hunks(improvementId); }
  getHunkDecisions(improvementId: number): T.HunkDecision[] { return this.hunkWorkflow.list(improvementId); }
  recordHunkDecision(improvementId: number, input: T.HunkDecisionInput): Promise<T.CodeImprovement> { return this.hunkWorkflow.record(improvementId, input); }
  getImprovement(id: number): T.CodeImprovement { return this.improvements.get(id); }
  listImprovements(options: { status?: T.ImprovementStatus } = {}): T.CodeImprovement[] { return this.improvements.list(options.status); }

  deleteImprovement(id: number): void {
    const imp = this.improvements.get(id);
    if (imp.status === 'approved') throw new InvalidStateError(`Improvement ${id} is being applied; wait for it to finish.`);
    this.db.transaction(() => {
      this.improvements.delete(id);
      this.audit.append({ actor: 'user', entity: 'improvement', entityId: id, action: 'deleted', details: { status: imp.status, filePath: imp.filePath } });
    });
    this.emit({ kind: 'improvement', id });
  }

  getAuditTrail(filter: { entity?: T.AuditEvent['entity']; entityId?: number } = {}): T.AuditEvent[] { return this.audit.list(filter); }
  verifyAuditTrail(): T.AuditVerification {
    const { valid, events, brokenAt } = this.auditReport();
    return { valid, events, brokenAt };
  }

  /** Recomputes the hash chain (verdicts/auditChain) and names the first broken link and how it broke. */
  auditReport(): T.AuditReport {
    const events = this.audit.list();
    const check = this.seal.check(events, verifyAuditChain(events));
    return { valid: check.ok, events: events.length, brokenAt: check.firstBrokenId, reason: check.reason };
  }

  /** The whole trail as JSON Lines (one event per line, chain fields included), for archiving or a second check. */
  exportAuditTrail(): string { return toJsonLines(this.audit.list()); }

  // ── 7 meta-learning ─────────────────────────────────────────────────────

  recordMetaLearning(input: T.MetaLearningInput): T.MetaLearning {
    const m = this.meta.record(input);
    this.emit({ kind: 'metaLearning', id: m.id });
    return m;
  }

  /** This database's learnings with the team's pooled in (learning/teamPool.ts), most confident first. */
  getMetaLearnings(minConfidence = 0): T.MetaLearning[] {
    assertUnit(minConfidence, 'minConfidence');
    return poolLearnings(this.storage, this.meta.list(0))
      .filter((m) => m.confidence >= minConfidence)
      // Equal confidence: this database's own in id order, then the team-only ones (negative ids) by id.
      .sort((a, b) => b.confidence - a.confidence || Number(a.id < 0) - Number(b.id < 0) || Math.abs(a.id) - Math.abs(b.id));
  }

  // ── 8 history ───────────────────────────────────────────────────────────

  trackImprovementHistory(input: T.HistoryInput): T.HistoryEntry {
    const h = this.history.track(input);
    this.emit({ kind: 'history', id: h.id });
    return h;
  }

  getImprovementHistory(limit?: number): T.HistoryEntry[] { return this.history.list(limit); }

  // ── 9 self-assessment ───────────────────────────────────────────────────

  getSelfAssessment(): T.SelfAssessment {
    return assess({
      capabilities: this.capabilities.list(), weaknesses: this.weaknesses.list('all'), experiments: this.experiments.list(),
      improvements: this.improvements.list(), metaLearnings: this.meta.list(0).length, threshold: this.threshold,
    });
  }

  // ── RL and patterns ─────────────────────────────────────────────────────

  recordOutcome(input: T.OutcomeInput): void {
    this.bandit.recordOutcome(input);
    this.emit({ kind: 'outcome' });
  }

  chooseAction(input: T.ChooseActionInput): T.ActionChoice { return this.bandit.chooseAction(input); }

  detectSequencePattern(items: string[], context: string): T.SequencePattern[] {
    const found = this.patterns.detect(items, context);
    if (found.length) this.emit({ kind: 'pattern' });
    return found;
  }

  predictNext(history: string[], patternId?: number, context?: string): T.Prediction { return this.patterns.predict(history, patternId, context); }

  // ── lifecycle and events ────────────────────────────────────────────────

  onDidChange(listener: (change: T.EngineChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  }

  private emit(change: T.EngineChange): void {
    for (const l of [...this.listeners]) {
      try { l(change); } catch { /* a faulty listener must not break the engine */ }
    }
  }

  flush(): Promise<void> { return this.db.flush(); }

  /** Saves and releases the lock. If the final save fails it throws and the engine stays open (lock kept, changes kept): call close() again. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.retention?.stop();
    await this.db.close();
    this.closed = true;
    this.listeners.clear();
  }
}
