// Measure, experiment, calibrate and audit commands: thin adapters over src/engine/loop. Long work runs
// with progress in the notification area (cancellable) and on the Capabilities view.
import { readFile } from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CapabilityConfig, SelfImprovementConfig } from '../../engine/config/types';
import type { LoopCandidate } from '../../engine/loop/candidates';
import type { ExperimentBudget } from '../../engine/loop/plan';
import type { ExperimentOutcome } from '../../engine/loop/runExperiment';
import type { CommandContext } from '../commands/commandContext';
import { CommandId, type EngineCommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { EVIDENCE_SCHEME, PROPOSAL_SCHEME, ViewId } from '../ids';
import { Disposables } from '../lifecycle';
import { errorMessage } from '../log';
import { parseProposalUri } from '../proposalContent';
import { engineChunk } from '../../chunkLoader';
import { liveRuns } from '../dashboard/liveRuns';
import { ConfigWatcher, type FolderConfig } from './configWatcher';
import type { Trust } from './trust';
import { NextStepError } from '../nextStep';
import { ConfigCommands } from './configCommands';
import { isMyChangeBetter, type ChangeCheckArgs } from './changeCheckCommand';

/** Arguments commands accept (from other commands, agents and tests) instead of asking. */
export interface MeasureArgs {
  /** Folder path (a workspace folder, or any folder with a config file). */
  folder?: string;
  capability?: string;
  samplesPerArm?: number;
}
export interface ExperimentArgs extends MeasureArgs {
  candidate?: LoopCandidate | { kind: 'patch-file'; path: string };
  budget?: ExperimentBudget;
}

/** Command arguments, or a Capabilities tree element (a capability: its `name`). */
function asMeasureArgs(arg: unknown): MeasureArgs {
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as MeasureArgs & { name?: unknown };
  return a.capability === undefined && typeof a.name === 'string' ? { ...a, capability: a.name } : a;
}

export class MeasureFeature extends Disposables {
  /** The root's workspace trust (its Test-mode override stands in for an untrusted workspace in the tests). */
  readonly trust: Trust;
  readonly watcher: ConfigWatcher;
  private running: AbortController | undefined;
  private readonly evidenceChanged = this.register(new vscode.EventEmitter<vscode.Uri>());
  private readonly evidenceItem = this.register(vscode.window.createStatusBarItem('selfImprovement.evidence', vscode.StatusBarAlignment.Left, 50));

  private startTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: CommandContext) {
    super();
    this.trust = ctx.trust;
    this.watcher = this.register(new ConfigWatcher(ctx.host, ctx.log));
    // Trust is checked by registerCommand (the table marks these `trust`), before anything is asked.
    const reg = (id: EngineCommandId, fn: (engine: SelfImprovementApi, arg?: never) => Promise<unknown>): void => {
      this.register(registerCommand(ctx, id, fn));
    };
    reg(CommandId.MeasureCapability, (e, a?: unknown) => this.measureCapability(e, asMeasureArgs(a)));
    reg(CommandId.MeasureAll, (e, a?: MeasureArgs) => this.measureAll(e, a ?? {}));
    reg(CommandId.RunExperimentOnChange, (e, a?: ExperimentArgs) => this.runExperiment(e, a ?? {}));
    reg(CommandId.IsMyChangeBetter, (e, a?: unknown) => isMyChangeBetter(this, this.ctx, e, asMeasureArgs(a) as ChangeCheckArgs));
    for (const d of new ConfigCommands(ctx, this.watcher).register()) this.register(d);
    reg(CommandId.CalibrateNoise, (e, a?: unknown) => this.calibrate(e, asMeasureArgs(a)));
    reg(CommandId.VerifyAuditTrail, async (e) => this.verifyAudit(e));
    reg(CommandId.ExportAuditTrail, (e, a?: { path?: string }) => this.exportAudit(e, a ?? {}));
    reg(CommandId.ShowEvidence, (e, a?: unknown) => this.showEvidence(e, a));
    this.register(vscode.workspace.registerTextDocumentContentProvider(EVIDENCE_SCHEME, {
      onDidChange: this.evidenceChanged.event,
      provideTextDocumentContent: async (uri) => {
        const id = Number(/experiment-(\d+)/.exec(uri.path)?.[1]);
        const engine = await ctx.host.get();
        const ev = Number.isInteger(id) ? engine.getExperimentEvidence(id) : null;
        if (!ev) return `No evidence recorded for experiment ${id}.\n`;
        // The rendered preview links to its own Markdown source, as the report is read both ways.
        return `${engineChunk().evidenceMarkdown(engine.getExperiment(id).name, ev).trimEnd()}\n\n---\n\n[Markdown source](${uri.toString()})\n`;
      },
    }));
    // The evidence at hand while a proposal that came from an experiment is open in the diff editor.
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => void this.updateEvidenceItem()));
    this.startTimer = setTimeout(() => this.watcher.start(), 1000);
  }

  /** Tests: abort the running measurement or experiment, as the Cancel button does. */
  cancelRunning(): void { this.running?.abort(); }

  // ── helpers ───────────────────────────────────────────────────────────

  async folderConfig(args: MeasureArgs): Promise<FolderConfig & { config: SelfImprovementConfig }> {
    let folder = args.folder;
    if (!folder) {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const withConfig: string[] = [];
      for (const f of folders) if (await this.watcher.read(f.uri.fsPath)) withConfig.push(f.uri.fsPath);
      if (withConfig.length === 0) throw new (engineChunk().MissingConfigError)(null);
      folder = withConfig.length === 1 ? withConfig[0]
        : (await this.ctx.ui.pick(withConfig.map((f) => ({ label: path.basename(f), description: f, value: f })), { placeHolder: 'Which folder?' }))?.value;
      if (!folder) throw new vscode.CancellationError();
    }
    const fc = await this.watcher.reload(folder);
    if (!fc) throw new (engineChunk().MissingConfigError)(folder);
    if (!fc.parsed.config) {
      const n = fc.parsed.diagnostics.filter((d) => d.severity === 'error').length;
      throw new Error(`${fc.uri.fsPath} has ${n} problem${n === 1 ? '' : 's'} (see the Problems panel); fix ${n === 1 ? 'it' : 'them'} first. The stored capabilities were left as they are.`);
    }
    return { ...fc, config: fc.parsed.config };
  }

  async pickCapability(fc: { config: SelfImprovementConfig }, name: string | undefined, placeHolder: string): Promise<CapabilityConfig> {
    const probed = fc.config.capabilities.filter((c) => c.probe);
    if (name) {
      const cap = fc.config.capabilities.find((c) => c.name === name);
      const add = [{ title: vscode.l10n.t('Add a Probe…'), command: CommandId.AddProbe, args: [name] }];
      if (!cap) throw new NextStepError(`${name} is not declared in .vscode/self-improvement.json, so there is no probe to run. Add a probe: it moves ${name} into the file with it.`, add);
      if (!cap.probe) throw new NextStepError(`${name} has no probe, so nothing can measure it here (record values by hand, or add a probe).`, add);
      return cap;
    }
    if (!probed.length) throw new NextStepError('No capability in .vscode/self-improvement.json has a probe yet, so there is nothing to run.', [{ title: vscode.l10n.t('Add a Probe…'), command: CommandId.AddProbe }]);
    const picked = await this.ctx.ui.pick(probed.map((c) => ({ label: c.name, description: c.probe!.command, value: c })), { placeHolder });
    if (!picked) throw new vscode.CancellationError();
    return picked.value;
  }

  async withProgress<T>(title: string, task: (report: (message: string, increment?: number) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running = controller;
    let viewDone: () => void = () => undefined;
    const view = new Promise<void>((resolve) => { viewDone = resolve; });
    void vscode.window.withProgress({ location: { viewId: ViewId.Capabilities }, title }, () => view);
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return task((message, increment) => progress.report({ message, increment }), controller.signal);
      });
    } finally {
      viewDone();
      if (this.running === controller) this.running = undefined;
    }
  }

  /** The folder's path inside the engine's root (posix), '' when the same; improvements are relative to the root. */
  folderInEngineRoot(folder: string): string {
    const root = this.ctx.host.folder?.fsPath;
    if (!root) return '';
    const rel = path.relative(root, folder);
    return rel.split(path.sep).join('/');
  }

  // ── commands ──────────────────────────────────────────────────────────

  async measureCapability(engine: SelfImprovementApi, args: MeasureArgs): Promise<unknown> {
    const fc = await this.folderConfig(args);
    const cap = await this.pickCapability(fc, args.capability, 'Measure which capability?');
    const r = await this.withProgress(`Measuring ${cap.name}`, (report, signal) => engineChunk().measureCapabilityWithProbe(engine, cap, {
      folder: fc.folder, isTrusted: this.trust.isTrusted, signal,
      onSample: (s, i, total) => report(`${i + 1}/${total}: ${s.values.join(', ')} ${cap.unit}`),
    }));
    const w = r.last.weakness ? ` Weakness: ${r.last.weakness.name} (${r.last.weakness.severity}).` : r.last.resolved ? ' Its weakness is resolved.' : '';
    void this.ctx.ui.info(`${cap.name}: ${r.samples.join(', ')} ${cap.unit} (${r.samples.length} sample${r.samples.length === 1 ? '' : 's'}).${w}`);
    return r;
  }

  async measureAll(engine: SelfImprovementApi, args: MeasureArgs): Promise<unknown> {
    const folders = args.folder ? [args.folder] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const todo: { folder: string; cap: CapabilityConfig }[] = [];
    let anyConfig = false;
    for (const folder of folders) {
      const fc = await this.watcher.reload(folder);
      if (fc) anyConfig = true;
      for (const cap of fc?.parsed.config?.capabilities.filter((c) => c.probe) ?? []) todo.push({ folder, cap });
    }
    // No config anywhere: the refusal carries its code, and registerCommand offers Set Up.
    if (!anyConfig) throw new (engineChunk().MissingConfigError)(args.folder ?? null);
    const done: string[] = [];
    const failed: string[] = [];
    await this.withProgress('Measuring all capabilities', async (report, signal) => {
      for (const [i, { folder, cap }] of todo.entries()) {
        if (signal.aborted) return;
        report(`probe ${i + 1} of ${todo.length}: ${cap.name}`);
        try {
          await engineChunk().measureCapabilityWithProbe(engine, cap, { folder, isTrusted: this.trust.isTrusted, signal });
          done.push(cap.name);
        } catch (err) {
          if (signal.aborted) return;
          failed.push(`${cap.name}: ${errorMessage(err)}`);
        }
      }
    });
    if (failed.length) void this.ctx.ui.warn(`Measured ${done.length}; ${failed.length} failed: ${failed.join(' | ')} (each run is in Output › Self-Improvement).`);
    else if (done.length) void this.ctx.ui.info(`Measured ${done.length} capabilit${done.length === 1 ? 'y' : 'ies'}: ${done.join(', ')}.`);
    else {
      // Nothing measured: a folder without a config, or capabilities without probes. Say which, and offer the way on.
      const anyConfig = (await Promise.all(folders.map((f) => this.watcher.read(f)))).some((fc) => fc !== null);
      if (!anyConfig) throw new (engineChunk().MissingConfigError)(null);
      throw new NextStepError('No capability in .vscode/self-improvement.json has a probe yet, so there is nothing to measure.', [{ title: vscode.l10n.t('Add a Probe…'), command: CommandId.AddProbe }]);
    }
    return { measured: done, failed };
  }

  private async pickCandidate(engine: SelfImprovementApi, folder: string, given: ExperimentArgs['candidate']): Promise<LoopCandidate> {
    let candidate = given;
    if (!candidate) {
      const kind = await this.ctx.ui.pick([
        { label: 'Patch file…', description: 'a .patch/.diff against HEAD', value: 'patch' },
        { label: 'Pending improvement…', description: 'a proposal waiting for approval', value: 'improvement' },
        { label: 'Working tree against HEAD', description: 'your uncommitted changes', value: 'working-tree' },
      ], { placeHolder: 'What should the experiment measure against HEAD?' });
      if (!kind) throw new vscode.CancellationError();
      if (kind.value === 'working-tree') return { kind: 'working-tree' };
      if (kind.value === 'improvement') {
        const pending = engine.listImprovements({ status: 'pending' });
        if (!pending.length) throw new Error('There is no pending improvement.');
        const imp = await this.ctx.ui.pick(pending.map((i) => ({ label: i.name, description: i.filePath, value: i.id })), { placeHolder: 'Which proposal?' });
        if (!imp) throw new vscode.CancellationError();
        return { kind: 'improvement', improvementId: imp.value };
      }
      const files = await vscode.window.showOpenDialog({ defaultUri: vscode.Uri.file(folder), canSelectMany: false, filters: { Patches: ['patch', 'diff'], All: ['*'] } });
      if (!files?.[0]) throw new vscode.CancellationError();
      candidate = { kind: 'patch-file', path: files[0].fsPath };
    }
    if (candidate.kind === 'patch-file') return { kind: 'patch', patch: await readFile(candidate.path, 'utf8') };
    return candidate;
  }

  async runExperiment(engine: SelfImprovementApi, args: ExperimentArgs): Promise<ExperimentOutcome | undefined> {
    const loop = engineChunk();
    const fc = await this.folderConfig(args);
    const cap = await this.pickCapability(fc, args.capability, 'Which capability should the change improve?');
    const candidate = await this.pickCandidate(engine, fc.folder, args.candidate);
    const plan = loop.planExperiment(engine, cap, args.budget, { config: fc.config });
    const guards = fc.config.capabilities.filter((c) => c.probe && c.name !== cap.name).map((c) => c.name);
    const time = plan.expectedSeconds === null ? 'time unknown until the probe has run once' : `about ${Math.max(1, Math.round(plan.expectedSeconds))} s for the target`;
    const planText = `Experiment on ${cap.name} (${loop.describeCandidate(candidate)}): ${plan.samplesPerArm} runs per arm planned — ${plan.basis}; `
      + `the sequential rule may stop from ${plan.minSamplesPerArm}, the budget ends at ${plan.maxSamplesPerArm}; ${time}, `
      + `then a confirmation run${guards.length ? ` and guardrails (${guards.join(', ')})` : ''}.${plan.warning ? ` ${plan.warning}` : ''}`;
    if (!(await this.ctx.ui.confirm(planText, 'Run'))) return undefined;
    const exp = engine.createExperiment({ capabilityName: cap.name, name: `${cap.name}: ${loop.describeCandidate(candidate)}` });
    const out = await this.withProgress(`Experiment on ${cap.name}`, (report, signal) => loop.runExperiment(engine, {
      experimentId: exp.id, candidate, folder: fc.folder, config: fc.config, isTrusted: this.trust.isTrusted, signal, budget: args.budget,
      folderInEngineRoot: this.folderInEngineRoot(fc.folder),
      onProgress: (p) => { liveRuns.report(exp.id, p); report(`${p.stage === 'target' ? '' : `${p.stage} `}${p.capability}: ${p.message}`); },
    })).finally(() => liveRuns.end(exp.id)); // the dashboard shows samples as they arrive
    const review = 'Review Proposal';
    const evidence = 'Show Evidence';
    const more = 'Run More Samples';
    const head = `Verdict: ${loop.verdictHeadline(out.evidence)}.`;
    if (out.experiment.verdict === 'success' && out.improvements.length) {
      const choice = await this.ctx.ui.info(`${head} ${out.experiment.reason} Proposed ${out.improvements.length} change${out.improvements.length === 1 ? '' : 's'} for approval.`, review, evidence);
      if (choice === review) await vscode.commands.executeCommand(CommandId.ReviewImprovement, out.improvements[0]!.id);
      if (choice === evidence) await this.showEvidence(engine, exp.id);
    } else {
      const runMore = out.evidence.runMore;
      const choice = await this.ctx.ui.info(`${head} ${out.experiment.reason}`, evidence, ...(runMore ? [more] : []));
      if (choice === evidence) await this.showEvidence(engine, exp.id);
      // The same candidate again, with the larger budget the engine suggests (a new experiment; this one stays).
      if (choice === more && runMore) return this.runExperiment(engine, { ...args, capability: cap.name, candidate: runMore.candidate, budget: { ...args.budget, maxSamplesPerArm: runMore.maxSamplesPerArm } });
    }
    return out;
  }

  async calibrate(engine: SelfImprovementApi, args: MeasureArgs): Promise<unknown> {
    const fc = await this.folderConfig(args);
    const cap = await this.pickCapability(fc, args.capability, 'Calibrate the noise of which capability?');
    const r = await this.withProgress(`Calibrating noise of ${cap.name} (A/A)`, (report, signal) => engineChunk().calibrateNoise(engine, cap, {
      folder: fc.folder, isTrusted: this.trust.isTrusted, signal, samplesPerArm: args.samplesPerArm, onProgress: (p) => report(p.message),
    }));
    const cv = r.noise.cv === null ? '' : ` (CV ${(r.noise.cv * 100).toFixed(1)} %)`;
    const text = `${cap.name}: spread ${r.noise.sd.toPrecision(3)} ${cap.unit}${cv} around ${r.noise.mean.toPrecision(4)}.`
      + `${r.floor.warning ? ` ${r.floor.warning}` : ''}${r.thresholdWarning ? ` ${r.thresholdWarning}` : ''}`;
    void (r.thresholdWarning || r.floor.warning ? this.ctx.ui.warn(text) : this.ctx.ui.info(text));
    return r;
  }

  verifyAudit(engine: SelfImprovementApi): unknown {
    const r = engine.auditReport();
    if (r.valid) void this.ctx.ui.info(`Audit trail intact: ${r.reason}`);
    else void this.ctx.ui.error(`Audit trail broken at event ${r.brokenAt}: ${r.reason}`);
    return r;
  }

  async exportAudit(engine: SelfImprovementApi, args: { path?: string }): Promise<string | undefined> {
    let target = args.path ? vscode.Uri.file(args.path) : undefined;
    if (!target) {
      const base = this.ctx.host.folder ?? vscode.Uri.file(process.cwd());
      target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(base, 'self-improvement-audit.jsonl'), filters: { 'JSON Lines': ['jsonl'] } });
      if (!target) return undefined;
    }
    const text = engine.exportAuditTrail();
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void this.ctx.ui.info(`Exported ${text.split('\n').filter(Boolean).length} audit events to ${target.fsPath}.`);
    return target.fsPath;
  }

  /** Opens an experiment's evidence (an experiment id, a tree element, or an improvement that came from one). */
  async showEvidence(engine: SelfImprovementApi, arg: unknown): Promise<vscode.Uri | undefined> {
    let id = typeof arg === 'number' ? arg : (arg as { id?: unknown } | undefined)?.id;
    if (arg && typeof arg === 'object' && 'experimentId' in arg) id = (arg as { experimentId: unknown }).experimentId;
    if (typeof id !== 'number') {
      const measured = engine.listExperiments().filter((e) => engine.getExperimentEvidence(e.id));
      const picked = await this.ctx.ui.pick(measured.map((e) => ({ label: e.name, description: engineChunk().experimentHeadline(e, engine.getExperimentEvidence(e.id)) ?? e.status, value: e.id })), { placeHolder: 'Evidence of which experiment?' });
      if (!picked) return undefined;
      id = picked.value;
    }
    const uri = vscode.Uri.from({ scheme: EVIDENCE_SCHEME, path: `/experiment-${id as number}.md` });
    this.evidenceChanged.fire(uri);
    // Rendered like the other reports; the preview's own "Open Source" action shows the Markdown.
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    return uri;
  }

  /** While a proposal diff is visible: a status bar item with its experiment's verdict and effect (hover: the evidence). */
  private async updateEvidenceItem(): Promise<void> {
    const engine = this.ctx.host.current;
    const proposal = vscode.window.visibleTextEditors.map((e) => e.document.uri).find((u) => u.scheme === PROPOSAL_SCHEME);
    const id = proposal ? parseProposalUri(proposal)?.id : undefined;
    const imp = engine && id !== undefined ? (() => { try { return engine.getImprovement(id); } catch { return undefined; } })() : undefined;
    const ev = imp?.experimentId != null ? engine!.getExperimentEvidence(imp.experimentId) : null;
    if (!ev || !imp) { this.evidenceItem.hide(); return; }
    const gain = ev.effect?.relativeGain;
    // The engine's headline (a flagged success reads "success — flagged: needs your review").
    this.evidenceItem.text = `$(${ev.tamperFlags.length ? 'warning' : 'beaker'}) ${engineChunk().verdictHeadline(ev)}${gain != null ? ` ${gain >= 0 ? '+' : ''}${(gain * 100).toFixed(1)} %` : ''}`;
    this.evidenceItem.tooltip = new vscode.MarkdownString(engineChunk().evidenceMarkdown(engine!.getExperiment(imp.experimentId!).name, ev));
    this.evidenceItem.command = { title: 'Show Evidence', command: CommandId.ShowEvidence, arguments: [imp.experimentId] };
    this.evidenceItem.show();
  }

  override dispose(): void {
    clearTimeout(this.startTimer); // never start the config watcher after dispose
    this.running?.abort();
    super.dispose();
  }
}
