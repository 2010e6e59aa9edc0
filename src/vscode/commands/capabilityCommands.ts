import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { Capability } from '../../engine/types';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { num } from '../trees/format';
import { validateNumber, type CommandContext } from './commandContext';

// Register Capability, Add a Probe and Remove Capability edit the folder's config file: src/vscode/measure/configCommands.ts.

function nameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { name?: unknown }).name === 'string') return (arg as { name: string }).name;
  return undefined;
}

export async function pickCapability(ctx: CommandContext, engine: SelfImprovementApi, arg: unknown): Promise<Capability | undefined> {
  const name = nameOf(arg);
  if (name) return engine.getCapability(name);
  const all = engine.listCapabilities();
  if (!all.length) {
    const register = vscode.l10n.t('Register Capability…');
    if (await ctx.ui.info(vscode.l10n.t('No capabilities yet: register one first (it is kept in the folder\'s .vscode/self-improvement.json).'), register) === register) {
      await vscode.commands.executeCommand(CommandId.RegisterCapability);
    }
    return undefined;
  }
  const picked = await ctx.ui.pick(all.map((c) => ({ label: c.name, description: `${num(c.current)} / ${num(c.target)} ${c.unit}`, value: c })),
    { placeHolder: vscode.l10n.t('Capability') });
  return picked?.value;
}

export function registerCapabilityCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
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

  ];
}
