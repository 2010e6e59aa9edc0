// "Set Up Capabilities…": a thin adapter over the engine's set-up (src/engine/onboarding). It asks which
// proposals to keep, runs each probe once with progress ("probe 2 of 4"), shows the baselines and the
// suggested targets (editable), writes the commented config (merged into an existing one, never
// overwritten), opens it, syncs it and records the first run as the first measurement.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { MeasuredBaseline } from '../../engine/onboarding/initConfig';
import type { ProposedCapability } from '../../engine/onboarding/types';
import { engineChunk } from '../../chunkLoader';
import type { CommandContext } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { ContextKey, type ContextKeys } from '../contextKeys';
import { ViewId } from '../ids';
import { Disposables } from '../lifecycle';
import type { MeasureFeature } from '../measure/measureFeature';
import { CONFIG_FILE } from '../measure/configWatcher';

export interface SetUpArgs {
  /** The folder to set up (default: the only workspace folder, or the one picked). */
  folder?: string;
}

export interface SetUpResult {
  file: string;
  added: string[];
  kept: string[];
  failed: { name: string; message: string }[];
  baselines: { name: string; baseline: number; target: number; unit: string }[];
}

export const WRITE = 'Write Config';
export const EDIT_TARGETS = 'Edit Targets…';
export const ADD_TO_IT = 'Add to It';
export const CALIBRATE = 'Calibrate Noise';

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

export class SetUpFeature extends Disposables {
  /** Folders whose config file parsed without errors (the walkthrough's first step). */
  private readonly configured = new Set<string>();

  constructor(private readonly ctx: CommandContext, private readonly measure: MeasureFeature, private readonly keys: ContextKeys) {
    super();
    this.register(registerCommand(ctx, CommandId.SetUp, (engine: SelfImprovementApi, args?: SetUpArgs) => this.setUp(engine, args ?? {})));
    this.register(measure.watcher.onDidReload(({ folder }) => void this.updateKey(folder)));
  }

  private async updateKey(folder: string): Promise<void> {
    const fc = await this.measure.watcher.read(folder);
    if (fc?.parsed.config) this.configured.add(folder); else this.configured.delete(folder);
    this.keys.set(ContextKey.HasConfig, this.configured.size > 0);
  }

  private async pickFolder(args: SetUpArgs): Promise<string> {
    if (args.folder) return args.folder;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.length) throw new Error('Open a folder first: set-up looks at a folder\'s package.json, pytest, go.mod, Cargo.toml and Makefile.');
    if (folders.length === 1) return folders[0]!.uri.fsPath;
    const picked = await this.ctx.ui.pick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath, value: f.uri.fsPath })), { placeHolder: 'Set up which folder?' });
    if (!picked) throw new vscode.CancellationError();
    return picked.value;
  }

  private async readExisting(file: vscode.Uri): Promise<string | null> {
    try { return new TextDecoder().decode(await vscode.workspace.fs.readFile(file)); } catch { return null; }
  }

  async setUp(engine: SelfImprovementApi, args: SetUpArgs): Promise<SetUpResult | undefined> {
    const chunk = engineChunk();
    const folder = await this.pickFolder(args);
    const file = vscode.Uri.file(path.join(folder, CONFIG_FILE));
    const detection = await chunk.detectCapabilities(folder);
    if (!detection.proposals.length) {
      void this.ctx.ui.info(`Found nothing to measure in ${path.basename(folder)} (looked at: ${detection.looked.join('; ')}). `
        + `Declare capabilities by hand in ${CONFIG_FILE}, or use Register Capability.`);
      return undefined;
    }
    const existing = await this.readExisting(file);
    const declared = new Set(existing ? (chunk.parseConfig(existing).config?.capabilities ?? []).map((c) => c.name) : []);
    const fresh = detection.proposals.filter((p) => !declared.has(p.name));
    if (!fresh.length) {
      void this.ctx.ui.info(`${CONFIG_FILE} already declares everything set-up found (${detection.proposals.map((p) => p.name).join(', ')}); nothing was changed.`);
      return undefined;
    }
    if (existing !== null && !(await this.ctx.ui.confirm(`${CONFIG_FILE} already exists. Add what set-up finds to it? Your capabilities and comments stay as they are.`, ADD_TO_IT))) return undefined;

    const picked = await this.ctx.ui.pickMany(fresh.map((p) => ({ label: p.name, description: p.probe.command, detail: p.why, value: p })), {
      placeHolder: 'Capabilities found in this folder — each kept one is run once now; its result is the baseline',
      title: 'Set Up Capabilities',
    });
    if (!picked?.length) throw new vscode.CancellationError();
    const proposals: ProposedCapability[] = picked.map((i) => i.value);

    const result = await this.measure.withProgress('Setting up capabilities', (report, signal) => chunk.measureBaselines(folder, proposals, {
      isTrusted: this.ctx.trust.isTrusted, signal,
      onProgress: (p) => report(`probe ${p.index} of ${p.total}: ${p.name} (${p.command})`),
    }));
    if (!result.measured.length) {
      const why = result.failed.map((f) => `${f.name}: ${f.message}`).join(' | ');
      throw new Error(`No probe gave a value, so nothing was written. ${why} (each run is in Output › Self-Improvement).`);
    }
    const entries = await this.confirmTargets(result.measured, result.failed);
    const edit = chunk.configText(existing, entries);
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file.fsPath)));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(edit.text));
    await vscode.window.showTextDocument(file, { preview: false, preserveFocus: true });
    // Synced now rather than by the file watcher, so the first measurements below find the capabilities.
    await this.measure.watcher.reload(folder);
    await this.updateKey(folder);
    const added = new Set(edit.added);
    for (const m of entries.filter((e) => added.has(e.proposal.name))) {
      engine.measureCapability(m.proposal.name, m.baseline, { source: 'set-up', command: m.proposal.probe.command, samples: m.samples.length });
    }
    void vscode.commands.executeCommand(`${ViewId.Capabilities}.focus`).then(undefined, () => undefined);
    const list = entries.filter((e) => added.has(e.proposal.name)).map((e) => `${e.proposal.name} ${fmt(e.baseline)} ${e.proposal.unit} (target ${fmt(e.target)})`).join(', ');
    const failedNote = result.failed.length ? ` Not kept (first run failed): ${result.failed.map((f) => f.name).join(', ')} — see Output › Self-Improvement.` : '';
    const keptNote = edit.kept.length ? ` Already declared, left as they were: ${edit.kept.join(', ')}.` : '';
    void this.ctx.ui.info(`Set up ${edit.added.length} capabilit${edit.added.length === 1 ? 'y' : 'ies'} in ${CONFIG_FILE}: ${list}.${keptNote}${failedNote} `
      + 'Next: calibrate the noise, so experiments know how much a run varies.', CALIBRATE).then((choice) => {
      // With one capability there is nothing to pick: calibrate that one.
      const only = edit.added.length === 1 ? { folder, capability: edit.added[0] } : undefined;
      if (choice === CALIBRATE) void vscode.commands.executeCommand(CommandId.CalibrateNoise, only);
    });
    return {
      file: file.fsPath, added: edit.added, kept: edit.kept, failed: result.failed,
      baselines: entries.map((e) => ({ name: e.proposal.name, baseline: e.baseline, target: e.target, unit: e.proposal.unit })),
    };
  }

  /** Shows the measured baselines and suggested targets; "Edit Targets…" asks for each one (prefilled). */
  private async confirmTargets(measured: MeasuredBaseline[], failed: { name: string; message: string }[]): Promise<MeasuredBaseline[]> {
    const lines = measured.map((m) => `${m.proposal.name}: baseline ${fmt(m.baseline)} ${m.proposal.unit}, target ${fmt(m.target)} (${m.proposal.direction} is better)${m.fellBack ? ' — exit code only, the per-case report was unreadable' : ''}`);
    const dropped = failed.length ? `\nNot kept, the first run failed: ${failed.map((f) => `${f.name} (${f.message.split('\n')[0]})`).join('; ')}` : '';
    const choice = await this.ctx.ui.ask(`Measured ${measured.length} baseline${measured.length === 1 ? '' : 's'}:\n${lines.join('\n')}${dropped}`, WRITE, EDIT_TARGETS);
    if (choice === WRITE) return measured;
    if (choice !== EDIT_TARGETS) throw new vscode.CancellationError();
    const out: MeasuredBaseline[] = [];
    for (const m of measured) {
      const typed = await this.ctx.ui.input({
        title: `Target for ${m.proposal.name}`,
        prompt: `Baseline ${fmt(m.baseline)} ${m.proposal.unit} (first measurement); ${m.proposal.direction} is better.`,
        value: String(m.target),
        validateInput: (text) => engineChunk().targetProblem(m.proposal, m.baseline, Number(text.trim() === '' ? Number.NaN : text)) ?? undefined,
      });
      if (typed === undefined) throw new vscode.CancellationError();
      out.push({ ...m, target: Number(typed) });
    }
    return out;
  }
}
