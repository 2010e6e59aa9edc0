// Register Capability and Add a Probe: both end in the folder's .vscode/self-improvement.json (edited
// with jsonc-parser, so comments stay), which the config watcher then syncs into the engine. Without a
// folder open, Register Capability keeps the capability in this window's database and says so.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { DeclaredCapability, DeclaredProbe } from '../../engine/config/editConfig';
import type { CapabilityInput, Direction } from '../../engine/types';
import type { ParseFormat } from '../../engine/probes/types';
import { engineChunk } from '../../chunkLoader';
import { validateNumber, type CommandContext } from '../commands/commandContext';
import { pickCapability } from '../commands/capabilityCommands';
import { CommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { multiStepInput, type Step } from '../multiStepInput';
import { CONFIG_FILE, type ConfigWatcher } from './configWatcher';

const TYPES: [string, string][] = [
  ['performance', 'speed, latency, throughput'],
  ['efficiency', 'resources: memory, bundle size, tokens, cost'],
  ['output_quality', 'pass rates, eval scores, accuracy'],
  ['reliability', 'flakiness, error rates, uptime'],
  ['capability_gap', 'something that should work and does not yet'],
];

/** How to read the probe's output: the formats a person picks from, in their words. */
const FORMATS: { label: string; detail: string; format: ParseFormat; samples?: number }[] = [
  { label: 'A number it prints', detail: 'the last number in its output, e.g. a benchmark printing "42.1"', format: 'number', samples: 5 },
  { label: 'How long it takes', detail: 'the wall time of the command, in ms', format: 'wall-time', samples: 5 },
  { label: 'Test results (TAP)', detail: 'node --test, tap: the pass rate, case by case', format: 'tap' },
  { label: 'Test results (Jest/Vitest JSON)', detail: 'jest --json, vitest --reporter=json: the pass rate, case by case', format: 'jest-json' },
  { label: 'Exit code', detail: '1 when it succeeds, 0 when it fails', format: 'exit-code' },
  { label: 'A number matched by a regular expression', detail: 'you give the pattern; its first group is the number', format: 'regex', samples: 5 },
];

interface ProbeState { command: string; format?: ParseFormat; samples?: number; regex: string }

const probeOf = (s: ProbeState): DeclaredProbe => ({
  command: s.command.trim(),
  parse: s.format === 'regex' ? { format: 'regex', regex: s.regex } : { format: s.format ?? 'number' },
  ...(s.samples ? { samples: s.samples } : {}),
});

/** The probe steps, shared by Register Capability (optional: an empty command skips them) and Add a Probe. */
function probeSteps<S extends ProbeState>(optional: boolean): Step<S>[] {
  return [
    { run: async (s, io) => {
      s.command = await io.input({
        prompt: optional ? vscode.l10n.t('Probe: the command that measures it, run in the folder (leave empty if values arrive from elsewhere)') : vscode.l10n.t('Probe: the command that measures it, run in the folder'),
        placeHolder: 'npm test -- --reporter tap', value: s.command,
        validateInput: (v) => (!optional && !v.trim() ? vscode.l10n.t('A command is required.') : undefined),
      });
    } },
    { when: (s) => s.command.trim() !== '', run: async (s, io) => {
      const f = await io.pick(FORMATS.map((x) => ({ label: x.label, detail: x.detail, value: x })), { placeHolder: vscode.l10n.t('What in its output is the value?') });
      s.format = f.value.format;
      s.samples = f.value.samples;
    } },
    { when: (s) => s.command.trim() !== '' && s.format === 'regex', run: async (s, io) => {
      s.regex = await io.input({ prompt: vscode.l10n.t('Regular expression; its first group is the number'), placeHolder: 'elapsed: (\\d+(?:\\.\\d+)?)', value: s.regex,
        validateInput: (v) => { try { new RegExp(v); return v ? undefined : vscode.l10n.t('A pattern is required.'); } catch (e) { return (e as Error).message; } } });
    } },
  ];
}

interface CapabilityState extends ProbeState { name: string; type: string; direction?: Direction; baseline: string; target: string; unit: string }

async function askCapability(ctx: CommandContext, taken: Set<string>): Promise<CapabilityState | undefined> {
  const steps: Step<CapabilityState>[] = [
    { run: async (s, io) => {
      s.name = (await io.input({ prompt: vscode.l10n.t('Name of the capability, e.g. test-pass-rate or startup-ms'), value: s.name,
        validateInput: (v) => !v.trim() ? vscode.l10n.t('A name is required.')
          : !/^[\w.\- ]+$/.test(v.trim()) ? vscode.l10n.t('Use letters, digits, spaces, dots, dashes and underscores.')
            : taken.has(v.trim()) ? vscode.l10n.t('A capability named "{0}" already exists.', v.trim()) : undefined })).trim();
    } },
    { run: async (s, io) => { s.type = (await io.pick(TYPES.map(([label, detail]) => ({ label, detail, value: label })), { placeHolder: vscode.l10n.t('Kind of capability') })).value; } },
    { run: async (s, io) => {
      s.direction = (await io.pick<Direction>([
        { label: vscode.l10n.t('Higher is better'), value: 'higher' },
        { label: vscode.l10n.t('Lower is better'), value: 'lower' },
      ], { placeHolder: vscode.l10n.t('Which way is better?') })).value;
    } },
    { run: async (s, io) => { s.baseline = await io.input({ prompt: vscode.l10n.t('Baseline: the value today'), value: s.baseline, validateInput: validateNumber }); } },
    { run: async (s, io) => {
      s.target = await io.input({ prompt: vscode.l10n.t('Target: the value you want ({0} is better)', s.direction === 'lower' ? vscode.l10n.t('lower') : vscode.l10n.t('higher')), value: s.target,
        validateInput: (v) => validateNumber(v) ?? engineChunk().goalProblem(s.direction!, Number(s.baseline), Number(v)) ?? undefined });
    } },
    { run: async (s, io) => { s.unit = (await io.input({ prompt: vscode.l10n.t('Unit (optional), e.g. ms, ratio, MB'), value: s.unit, validateInput: (v) => v.length > 20 ? vscode.l10n.t('Keep the unit short.') : undefined })).trim(); } },
    ...probeSteps<CapabilityState>(true),
  ];
  return multiStepInput(ctx.ui, vscode.l10n.t('Register Capability'), steps, { name: '', type: '', baseline: '', target: '', unit: '', command: '', regex: '' });
}

const isCapabilityInput = (arg: unknown): arg is CapabilityInput & { probe?: DeclaredProbe } =>
  !!arg && typeof arg === 'object' && typeof (arg as CapabilityInput).name === 'string' && typeof (arg as CapabilityInput).baseline === 'number';

const nameOf = (arg: unknown): string | undefined =>
  typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { name?: unknown }).name === 'string' ? (arg as { name: string }).name : undefined;

export class ConfigCommands {
  constructor(private readonly ctx: CommandContext, private readonly watcher: ConfigWatcher) {}

  register(): vscode.Disposable[] {
    return [
      registerCommand(this.ctx, CommandId.RegisterCapability, (engine, arg?: unknown) => this.registerCapability(engine, arg)),
      registerCommand(this.ctx, CommandId.AddProbe, (engine, arg?: unknown) => this.addProbe(engine, arg)),
      registerCommand(this.ctx, CommandId.RemoveCapability, (engine, arg?: unknown) => this.removeCapability(engine, arg)),
    ];
  }

  /** The folder whose config the capability goes to: the engine's folder, else the first workspace folder; null without one. */
  private folder(): string | null {
    return this.ctx.host.folder?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null;
  }

  private async readText(folder: string): Promise<string | null> {
    try { return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(folder, CONFIG_FILE)))); } catch { return null; }
  }

  /** Writes the new text and syncs it into the engine at once (the file watcher would, later). */
  private async write(folder: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.file(path.join(folder, CONFIG_FILE));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(uri.fsPath)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await this.watcher.reload(folder);
    return uri;
  }

  async registerCapability(engine: SelfImprovementApi, arg: unknown): Promise<unknown> {
    const folder = this.folder();
    const text = folder ? await this.readText(folder) : null;
    const loop = engineChunk();
    let cap: DeclaredCapability;
    if (isCapabilityInput(arg)) {
      cap = { name: arg.name, type: arg.type, description: arg.description, baseline: arg.baseline, target: arg.target, unit: arg.unit, direction: arg.direction ?? 'higher', ...(arg.probe ? { probe: arg.probe } : {}) };
    } else {
      const taken = new Set([...engine.listCapabilities({ includeArchived: true }).map((c) => c.name), ...loop.declaredNames(text)]);
      const s = await askCapability(this.ctx, taken);
      if (!s) return undefined;
      cap = { name: s.name, type: s.type, baseline: Number(s.baseline), target: Number(s.target), unit: s.unit, direction: s.direction!, ...(s.command.trim() ? { probe: probeOf(s) } : {}) };
    }
    const problem = loop.goalProblem(cap.direction, cap.baseline, cap.target);
    if (problem) { void this.ctx.ui.error(vscode.l10n.t('Not registered: {0}', problem)); return undefined; }
    if (!folder) {
      // No folder: nothing to write to. Stored here only, and the person is told where it went.
      const stored = engine.registerCapability({ name: cap.name, type: cap.type, description: cap.description ?? '', baseline: cap.baseline, target: cap.target, unit: cap.unit ?? '', direction: cap.direction });
      void this.ctx.ui.info(vscode.l10n.t('Registered "{0}" in this window\'s database only: no folder is open, so there is no {1} to keep it in. Record a measurement to compare it with its target.', stored.name, CONFIG_FILE));
      return stored;
    }
    const uri = await this.write(folder, loop.addCapabilityToConfig(text, cap));
    const registered = engine.getCapability(cap.name);
    const open = vscode.l10n.t('Open Config');
    const measure = vscode.l10n.t('Measure Now');
    const addProbe = vscode.l10n.t('Add a Probe…');
    const where = vscode.l10n.t('Added "{0}" to {1}.', cap.name, CONFIG_FILE);
    const choice = cap.probe
      ? await this.ctx.ui.info(`${where} ${vscode.l10n.t('Measure it to see where it stands.')}`, measure, open)
      : await this.ctx.ui.info(`${where} ${vscode.l10n.t('It has no probe: add one so it can be measured, or record values by hand.')}`, addProbe, open);
    if (choice === open) await vscode.window.showTextDocument(uri);
    if (choice === measure) await vscode.commands.executeCommand(CommandId.MeasureCapability, { folder, capability: cap.name });
    if (choice === addProbe) await vscode.commands.executeCommand(CommandId.AddProbe, cap.name);
    return registered;
  }

  /** Archives the capability (its history kept); a declared one leaves the file too, or the next sync would bring it back. */
  async removeCapability(engine: SelfImprovementApi, arg: unknown): Promise<boolean> {
    const capability = await pickCapability(this.ctx, engine, arg);
    if (!capability) return false;
    const ok = await this.ctx.ui.confirm(vscode.l10n.t('Remove capability "{0}"? Its measurements are kept in the history.', capability.name), vscode.l10n.t('Remove'));
    if (!ok) return false;
    const folder = this.folder();
    const text = folder ? await this.readText(folder) : null;
    const loop = engineChunk();
    if (folder && text !== null && loop.declaredNames(text).includes(capability.name)) await this.write(folder, loop.removeCapabilityFromConfig(text, capability.name));
    if (!engine.getCapability(capability.name).archived) engine.removeCapability(capability.name);
    return true;
  }

  async addProbe(engine: SelfImprovementApi, arg: unknown): Promise<unknown> {
    const folder = this.folder();
    if (!folder) { void this.ctx.ui.warn(vscode.l10n.t('Open a folder first: a probe is a command run in the folder, kept in its {0}.', CONFIG_FILE)); return undefined; }
    const loop = engineChunk();
    const text = await this.readText(folder);
    const parsed = text === null ? null : loop.parseConfig(text).config;
    const given = nameOf(arg);
    let name = given;
    if (!name) {
      const without = engine.listCapabilities().filter((c) => !parsed?.capabilities.find((d) => d.name === c.name)?.probe);
      if (!without.length) { void this.ctx.ui.info(vscode.l10n.t('Every capability already has a probe. Register a new one to measure something else.'), ); return undefined; }
      name = (await this.ctx.ui.pick(without.map((c) => ({ label: c.name, description: c.unit, value: c.name })), { placeHolder: vscode.l10n.t('Add a probe to which capability?') }))?.value;
      if (!name) return undefined;
    }
    const probeArg = arg && typeof arg === 'object' && 'probe' in arg ? (arg as { probe: DeclaredProbe }).probe : undefined;
    const probe = probeArg ?? await (async () => {
      const s = await multiStepInput(this.ctx.ui, vscode.l10n.t('Add a Probe: {0}', name!), probeSteps<ProbeState>(false), { command: '', regex: '' });
      return s ? probeOf(s) : undefined;
    })();
    if (!probe) return undefined;
    const declared = loop.declaredNames(text).includes(name);
    let next: string;
    if (declared) next = loop.setProbeInConfig(text!, name, probe);
    else {
      // Registered in the database only (before this version, or from an agent): it moves into the file, probe and all.
      const c = engine.getCapability(name);
      next = loop.addCapabilityToConfig(text, { name: c.name, type: c.type, description: c.description, baseline: c.baseline, target: c.target, unit: c.unit, direction: c.direction, probe });
    }
    const uri = await this.write(folder, next);
    const measure = vscode.l10n.t('Measure Now');
    const open = vscode.l10n.t('Open Config');
    const choice = await this.ctx.ui.info(vscode.l10n.t('Added a probe for "{0}" to {1}: {2}.', name, CONFIG_FILE, probe.command), measure, open);
    if (choice === open) await vscode.window.showTextDocument(uri);
    if (choice === measure) await vscode.commands.executeCommand(CommandId.MeasureCapability, { folder, capability: name });
    return probe;
  }
}
