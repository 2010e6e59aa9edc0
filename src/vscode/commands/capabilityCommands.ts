import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { Capability, CapabilityInput, Direction } from '../../engine/types';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { num } from '../trees/format';
import { validateNumber, type CommandContext } from './commandContext';

const TYPES: [string, string][] = [
  ['performance', 'speed, latency, throughput'],
  ['efficiency', 'resources: memory, bundle size, tokens, cost'],
  ['output_quality', 'pass rates, eval scores, accuracy'],
  ['reliability', 'flakiness, error rates, uptime'],
  ['capability_gap', 'something that should work and does not yet'],
];

function nameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { name?: unknown }).name === 'string') return (arg as { name: string }).name;
  return undefined;
}

const isCapabilityInput = (arg: unknown): arg is CapabilityInput =>
  !!arg && typeof arg === 'object' && typeof (arg as CapabilityInput).name === 'string' && typeof (arg as CapabilityInput).baseline === 'number';

async function askCapability(ctx: CommandContext, engine: SelfImprovementApi): Promise<CapabilityInput | undefined> {
  const { ui } = ctx;
  const taken = new Set(engine.listCapabilities({ includeArchived: true }).map((c) => c.name));
  const title = (step: number) => vscode.l10n.t('Register Capability ({0}/6)', step);
  const name = await ui.input({
    title: title(1), prompt: vscode.l10n.t('Name of the capability, e.g. test-pass-rate or startup-ms'),
    validateInput: (v) => !v.trim() ? vscode.l10n.t('A name is required.')
      : !/^[\w.\- ]+$/.test(v.trim()) ? vscode.l10n.t('Use letters, digits, spaces, dots, dashes and underscores.')
        : taken.has(v.trim()) ? vscode.l10n.t('A capability named "{0}" already exists.', v.trim()) : undefined,
  });
  if (name === undefined) return undefined;
  const type = await ui.pick(TYPES.map(([label, detail]) => ({ label, detail, value: label })), { title: title(2), placeHolder: vscode.l10n.t('Kind of capability') });
  if (!type) return undefined;
  const direction = await ui.pick<Direction>([
    { label: vscode.l10n.t('Higher is better'), value: 'higher' },
    { label: vscode.l10n.t('Lower is better'), value: 'lower' },
  ], { title: title(3), placeHolder: vscode.l10n.t('Which way is better?') });
  if (!direction) return undefined;
  const baseline = await ui.input({ title: title(4), prompt: vscode.l10n.t('Baseline: the value today'), validateInput: validateNumber });
  if (baseline === undefined) return undefined;
  const target = await ui.input({ title: title(5), prompt: vscode.l10n.t('Target: the value you want'), validateInput: validateNumber });
  if (target === undefined) return undefined;
  const unit = await ui.input({ title: title(6), prompt: vscode.l10n.t('Unit (optional), e.g. ms, ratio, MB'), validateInput: (v) => v.length > 20 ? vscode.l10n.t('Keep the unit short.') : undefined });
  if (unit === undefined) return undefined;
  return { name: name.trim(), type: type.value, direction: direction.value, baseline: Number(baseline), target: Number(target), unit: unit.trim() };
}

async function pickCapability(ctx: CommandContext, engine: SelfImprovementApi, arg: unknown): Promise<Capability | undefined> {
  const name = nameOf(arg);
  if (name) return engine.getCapability(name);
  const all = engine.listCapabilities();
  if (!all.length) {
    void ctx.ui.info(vscode.l10n.t('No capabilities yet: register one first.'));
    return undefined;
  }
  const picked = await ctx.ui.pick(all.map((c) => ({ label: c.name, description: `${num(c.current)} / ${num(c.target)} ${c.unit}`, value: c })),
    { placeHolder: vscode.l10n.t('Capability') });
  return picked?.value;
}

export function registerCapabilityCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.RegisterCapability, async (engine, arg?: unknown) => {
      const input = isCapabilityInput(arg) ? arg : await askCapability(ctx, engine);
      if (!input) return undefined;
      const capability = engine.registerCapability(input);
      void ctx.ui.info(vscode.l10n.t('Registered capability "{0}". Record a measurement to compare it with its target.', capability.name));
      return capability;
    }),

    registerCommand(ctx, CommandId.RecordMeasurement, async (engine, arg?: unknown, value?: unknown) => {
      const capability = await pickCapability(ctx, engine, arg);
      if (!capability) return undefined;
      let measured = typeof value === 'number' ? value : undefined;
      if (measured === undefined) {
        const text = await ctx.ui.input({
          title: vscode.l10n.t('Record Measurement: {0}', capability.name),
          prompt: vscode.l10n.t('Measured value{0} (target {1})', capability.unit ? ` (${capability.unit})` : '', num(capability.target)),
          validateInput: validateNumber,
        });
        if (text === undefined) return undefined;
        measured = Number(text);
      }
      const result = engine.measureCapability(capability.name, measured, { source: 'vscode' });
      if (result.resolved) void ctx.ui.info(vscode.l10n.t('"{0}" reached its target; weakness "{1}" is resolved.', capability.name, result.resolved.name));
      else if (result.weakness) void ctx.ui.warn(vscode.l10n.t('"{0}" is below its target: weakness "{1}" ({2}).', capability.name, result.weakness.name, result.weakness.severity));
      else void ctx.ui.info(vscode.l10n.t('Recorded {0} for "{1}".', num(measured), capability.name));
      return result;
    }),

    registerCommand(ctx, CommandId.RemoveCapability, async (engine, arg?: unknown) => {
      const capability = await pickCapability(ctx, engine, arg);
      if (!capability) return false;
      const ok = await ctx.ui.confirm(vscode.l10n.t('Remove capability "{0}"? Its measurements are kept in the history.', capability.name), vscode.l10n.t('Remove'));
      if (!ok) return false;
      engine.removeCapability(capability.name);
      return true;
    }),
  ];
}
