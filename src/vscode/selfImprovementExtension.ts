import * as vscode from 'vscode';
import type { SelfImprovementExtensionExports } from '../../api/self-improvement';
import type { EngineChange, EngineChangeKind } from '../engine/types';
import { engineChunk, whenChunkLoaded } from '../chunkLoader';
import { registerAgents, type Agents } from './agents';
import type { ToolInstances } from './agents/tools';
import { registerCapabilityCommands } from './commands/capabilityCommands';
import { registerChangeSetCommands } from './commands/changeSetCommands';
import type { CommandContext } from './commands/commandContext';
import { registerExperimentCommands } from './commands/experimentCommands';
import { registerImprovementCommands } from './commands/improvementCommands';
import { registerReportCommands } from './commands/reportCommands';
import { registerWeaknessCommands } from './commands/weaknessCommands';
import { CONFIG_SECTION, PROPOSAL_SCHEME, REPORT_SCHEME, ViewId } from './ids';
import { ContextKey, ContextKeys } from './contextKeys';
import { DiffTracker } from './diffTracker';
import { EngineHost } from './engineHost';
import { Disposables, DisposeErrors } from './lifecycle';
import { createLog, errorMessage } from './log';
import { ProposalContentProvider } from './proposalContent';
import { ReportContentProvider } from './reports/reportContent';
import { StatusBar } from './statusBar';
import { CapabilitiesTree } from './trees/capabilitiesTree';
import { ExperimentsTree } from './trees/experimentsTree';
import { ImprovementsTree } from './trees/improvementsTree';
import { ReviewQueueTree } from './trees/reviewQueueTree';
import { registerInlineReview, type InlineReview } from './inline/inlineReview';
import { WeaknessesTree } from './trees/weaknessesTree';
import { MeasureFeature } from './measure/measureFeature';
import { Trust } from './measure/trust';
import { registerDashboard } from './dashboard/registerDashboard';
import { DashboardPanel } from './dashboard/dashboardPanel';
import type { DashboardRoute } from './dashboard/protocol';
import { registerOriginFilter } from './trees/originFilter';
import { Ui } from './ui';
import { registerConnectTeamStore } from './team/connectTeamStore';
import { registerWebhookCommands } from './alerts/webhookSecret';
import { WindowAlerts } from './alerts/windowAlerts';
import { SetUpFeature } from './onboarding/setUpFeature';
import { logProbeRuns } from './onboarding/probeRunLog';

type TreeName = 'capabilities' | 'weaknesses' | 'experiments' | 'improvements' | 'reviewQueue';
const TREE_NAMES: readonly TreeName[] = ['capabilities', 'weaknesses', 'experiments', 'improvements', 'reviewQueue'];
/** Which trees show data of each kind of engine change. */
const TREES_BY_CHANGE: Record<EngineChangeKind, readonly TreeName[]> = {
  capability: ['capabilities', 'weaknesses'],
  measurement: ['capabilities', 'weaknesses'],
  weakness: ['weaknesses', 'experiments'],
  experiment: ['experiments', 'reviewQueue'],
  improvement: ['improvements', 'reviewQueue'],
  metaLearning: [],
  history: [],
  outcome: [],
  pattern: [],
};

/** The test surface activate() returns in ExtensionMode.Test (the extension-host tests), beside getAPI. */
export interface ExtensionExports {
  readonly testing: {
    readonly ui: Ui;
    readonly host: EngineHost;
    readonly trees: SelfImprovementExtension['trees'];
    readonly views: SelfImprovementExtension['views'];
    readonly statusBar: StatusBar;
    /** Inline review (sessions, drawn decorations, settle()). */
    readonly inline: InlineReview;
    /** Measurement, experiments, calibration, audit (config watcher, trust override, cancel). */
    readonly measure: MeasureFeature;
    /** Alerts to the webhook in SecretStorage (its current sender). */
    readonly alerts: WindowAlerts;
    /** Set Up Capabilities (detection, first runs, config writer). */
    readonly setUp: SetUpFeature;
    /** Resolves once the trees, badge, status bar and context keys show the engine's current state. */
    refresh(): Promise<void>;
    /** The language-model tool instances by id. */
    readonly agents: { readonly tools: ToolInstances };
    /** The open dashboard panel's subject (undefined when none is open). */
    readonly dashboard: { readonly route: DashboardRoute | undefined };
  };
}

/** What activate() returns: the public API (getAPI, see api/self-improvement.d.ts), and in Test mode the test surface. */
export type Exports = SelfImprovementExtensionExports & { readonly testing?: ExtensionExports['testing'] };

/** The one root: owns every disposable of the extension (agents included); built by activate(), disposed by VS Code. */
export class SelfImprovementExtension extends Disposables {
  /** Not registered: disposed last, by dispose() itself, after the others' failures are written to it. */
  readonly log = createLog();
  readonly ui = new Ui();
  readonly keys = new ContextKeys(vscode.commands);
  readonly host: EngineHost;
  /** Workspace trust; only in Test mode may the tests override it. */
  readonly trust: Trust;
  readonly trees;
  readonly views;
  readonly statusBar = this.register(new StatusBar());
  private readonly reports: ReportContentProvider;
  readonly inline: InlineReview;
  readonly measure: MeasureFeature;
  readonly alerts: WindowAlerts;
  readonly setUp: SetUpFeature;
  readonly agents: Agents;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly pendingTrees = new Set<TreeName>();
  private deferredOpen: NodeJS.Timeout | undefined;

  /** The extension-host tests run us in Test mode; only then is the test surface (and trust override) offered. */
  readonly testMode: boolean;

  constructor(context: vscode.ExtensionContext) {
    super();
    this.testMode = context.extensionMode === vscode.ExtensionMode.Test;
    this.trust = new Trust(this.testMode);
    this.host = this.register(new EngineHost(context, this.log));
    this.trees = {
      capabilities: this.register(new CapabilitiesTree(this.host, this.log)),
      weaknesses: this.register(new WeaknessesTree(this.host, this.log)),
      experiments: this.register(new ExperimentsTree(this.host, this.log)),
      improvements: this.register(new ImprovementsTree(this.host, this.log)),
      reviewQueue: this.register(new ReviewQueueTree(this.host, this.log)),
    };
    this.views = {
      capabilities: this.register(vscode.window.createTreeView(ViewId.Capabilities, { treeDataProvider: this.trees.capabilities })),
      weaknesses: this.register(vscode.window.createTreeView(ViewId.Weaknesses, { treeDataProvider: this.trees.weaknesses })),
      experiments: this.register(vscode.window.createTreeView(ViewId.Experiments, { treeDataProvider: this.trees.experiments })),
      improvements: this.register(vscode.window.createTreeView(ViewId.Improvements, { treeDataProvider: this.trees.improvements })),
      reviewQueue: this.register(vscode.window.createTreeView(ViewId.ReviewQueue, { treeDataProvider: this.trees.reviewQueue })),
    };
    this.reports = this.register(new ReportContentProvider(this.host));
    this.register(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, new ProposalContentProvider(this.host)));
    this.register(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this.reports));
    this.register(new DiffTracker(this.keys));

    const ctx: CommandContext = { host: this.host, ui: this.ui, log: this.log, trust: this.trust };
    for (const d of [
      ...registerCapabilityCommands(ctx), ...registerWeaknessCommands(ctx), ...registerExperimentCommands(ctx),
      ...registerImprovementCommands(ctx), ...registerChangeSetCommands(ctx), ...registerReportCommands(ctx, () => this.refresh()),
    ]) this.register(d);
    this.inline = this.register(registerInlineReview({ host: this.host, log: this.log, ui: this.ui, keys: this.keys }));
    this.register(registerConnectTeamStore(ctx, context.secrets));
    for (const d of registerWebhookCommands(ctx, context.secrets)) this.register(d);
    this.alerts = this.register(new WindowAlerts(this.host, context.secrets, this.log, vscode.workspace.workspaceFolders?.[0]?.name ?? ''));
    this.measure = this.register(new MeasureFeature(ctx));
    this.setUp = this.register(new SetUpFeature(ctx, this.measure, this.keys));
    // Every probe run (measure, A/B arms, calibration, set-up) in Output › Self-Improvement, once the engine is loaded.
    whenChunkLoaded((chunk) => { if (!this.isDisposed) this.register(logProbeRuns(chunk, this.log)); });
    // A probe added to (or removed from) the config changes a capability's menus, not the database.
    this.trees.capabilities.hasProbe = (name) => this.measure.watcher.hasProbe(name);
    this.register(this.measure.watcher.onDidReload(() => this.trees.capabilities.refresh()));
    for (const d of registerDashboard(ctx, context.extensionUri)) this.register(d);
    this.register(registerOriginFilter(ctx, this.trees.capabilities, this.views.capabilities));
    this.agents = this.register(registerAgents(context, ctx));

    this.register(this.host.onDidChange((change) => this.scheduleRefresh(change)));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) this.host.applySettings().catch((err) => this.log.error(errorMessage(err)));
    }));
    // Show the grade in the status bar soon, but never load the WASM inside activate().
    this.deferredOpen = setTimeout(() => { this.host.get().catch((err) => this.log.error(`Could not open the database: ${errorMessage(err)}`)); }, 1500);
  }

  /** The raw engine and the trust override are for our own extension-host tests only, never for other extensions. */
  get exports(): Exports {
    const getAPI = this.agents.getAPI;
    if (!this.testMode) return { getAPI };
    return {
      getAPI,
      testing: {
        ui: this.ui, host: this.host, trees: this.trees, views: this.views, statusBar: this.statusBar, inline: this.inline, measure: this.measure, alerts: this.alerts, setUp: this.setUp,
        refresh: () => this.refresh(), agents: { tools: this.agents.tools },
        dashboard: { get route() { return DashboardPanel.openRoute; } },
      },
    };
  }

  /** Re-renders from the engine: the given trees (all by default) lazily, badge/status bar/context keys now. */
  async refresh(trees: Iterable<TreeName> = TREE_NAMES): Promise<void> {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.pendingTrees.clear();
    for (const name of trees) this.trees[name].refresh();
    this.reports.refresh();
    const engine = this.host.current ?? await this.host.get();
    const openWeaknesses = engine.listWeaknesses({ status: 'open' }).length;
    const allWeaknesses = engine.listWeaknesses({ status: 'all' }).length;
    const experiments = engine.listExperiments();
    const improvements = engine.listImprovements();
    this.views.weaknesses.badge = openWeaknesses
      ? { value: openWeaknesses, tooltip: vscode.l10n.t('{0} open weaknesses', openWeaknesses) } : undefined;
    const queued = engineChunk().reviewQueue(engine).length;
    this.views.reviewQueue.badge = queued ? { value: queued, tooltip: vscode.l10n.t('{0} confirmed candidates wait for your review', queued) } : undefined;
    this.statusBar.update(engine);
    const k = this.keys;
    k.set(ContextKey.Loaded, true);
    k.set(ContextKey.HasCapabilities, engine.listCapabilities().length > 0);
    k.set(ContextKey.HasTeamMeasurements, engine.listTeamOrigins().length > 0);
    k.set(ContextKey.HasWeaknesses, allWeaknesses > 0);
    k.set(ContextKey.HasOpenWeaknesses, openWeaknesses > 0);
    k.set(ContextKey.HasExperiments, experiments.length > 0);
    k.set(ContextKey.HasRunnableExperiments, experiments.some(engineChunk().isRunnable));
    k.set(ContextKey.HasImprovements, improvements.length > 0);
    k.set(ContextKey.HasPendingImprovements, improvements.some((i) => i.status === 'pending'));
    k.set(ContextKey.HasAppliedImprovements, improvements.some((i) => i.status === 'applied' || i.status === 'partially_applied'));
  }

  /** deactivate(): write the database and release its lock; VS Code waits for this promise. */
  async shutdown(): Promise<void> {
    clearTimeout(this.deferredOpen);
    clearTimeout(this.refreshTimer);
    await this.host.close();
  }

  override dispose(): void {
    clearTimeout(this.deferredOpen);
    clearTimeout(this.refreshTimer);
    try {
      super.dispose();
    } catch (err) {
      for (const e of err instanceof DisposeErrors ? err.errors : [err]) this.log.error(`Dispose failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      this.log.dispose();
    }
  }

  private scheduleRefresh(change: EngineChange | undefined): void {
    // Only the trees whose data changed (a large Capabilities tree is not reloaded for an approval),
    // and once per burst (a measurement updates capability, measurement and weakness together).
    for (const name of change ? TREES_BY_CHANGE[change.kind] : TREE_NAMES) this.pendingTrees.add(name);
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh([...this.pendingTrees]).catch((err) => this.log.error(`Refresh failed: ${errorMessage(err)}`)), 30);
  }
}
