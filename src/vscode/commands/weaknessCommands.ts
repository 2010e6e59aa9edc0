import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { Severity, Weakness, WeaknessInput, WeaknessType } from '../../engine/types';
import { ViewId } from '../ids';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { num } from '../trees/format';
import { pickOne, type CommandContext } from './commandContext';

const SEVERITY_IMPACT: Record<Severity, number> = { critical: 0.9, high: 0.7, medium: 0.5, low: 0.3 };
const TYPES: WeaknessType[] = ['capability_gap', 'reliability', 'efficiency', 'output_quality'];

const isWeaknessInput = (arg: unknown): arg is WeaknessInput =>
  !!arg && typeof arg === 'object' && typeof (arg as WeaknessInput).name === 'string' && typeof (arg as WeaknessInput).severity === 'string';

export const weaknessPickItem = (w: Weakness): vscode.QuickPickItem =>
  ({ label: w.name, description: `${w.severity} · impact ${num(w.impact)}`, detail: w.description });

async function askWeakness(ctx: CommandContext, engine: SelfImprovementApi): Promise<WeaknessInput | undefined> {
  const { ui } = ctx;
  const title = (step: number) => vscode.l10n.t('Identify Weakness ({0}/6)', step);
  const name = await ui.input({ title: title(1), prompt: vscode.l10n.t('Short name of the weakness'), validateInput: (v) => v.trim() ? undefined : vscode.l10n.t('A name is required.') });
  if (name === undefined) return undefined;
  const type = await ui.pick(TYPES.map((t) => ({ label: t, value: t })), { title: title(2), placeHolder: vscode.l10n.t('Kind of weakness') });
  if (!type) return undefined;
  const severity = await ui.pick((Object.keys(SEVERITY_IMPACT) as Severity[]).map((s) => ({ label: s, value: s })), { title: title(3), placeHolder: vscode.l10n.t('Severity') });
  if (!severity) return undefined;
  const description = await ui.input({ title: title(4), prompt: vscode.l10n.t('What goes wrong, and where?'), validateInput: (v) => v.trim() ? undefined : vscode.l10n.t('A description is required.') });
  if (description === undefined) return undefined;
  const impact = await ui.input({
    title: title(5), prompt: vscode.l10n.t('Impact from 0 to 1'), value: String(SEVERITY_IMPACT[severity.value]),
    validateInput: (v) => { const n = Number(v); return v.trim() !== '' && n >= 0 && n <= 1 ? undefined : vscode.l10n.t('Enter a number from 0 to 1.'); },
  });
  if (impact === undefined) return undefined;
  const none = vscode.l10n.t('(no capability)');
  const capability = await ui.pick([{ label: none, value: undefined as string | undefined },
    ...engine.listCapabilities().map((c) => ({ label: c.name, value: c.name as string | undefined }))], { title: title(6), placeHolder: vscode.l10n.t('Capability it affects (optional)') });
  if (!capability) return undefined;
  return { name: name.trim(), type: type.value, severity: severity.value, description: description.trim(), impact: Number(impact), capabilityName: capability.value };
}

export function registerWeaknessCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.AnalyzeWeaknesses, async (engine, minImpact?: unknown) => {
      const open = engine.analyzeWeaknesses(typeof minImpact === 'number' ? minImpact : undefined);
      const critical = open.filter((w) => w.severity === 'critical').length;
      void ctx.ui.info(open.length
        ? vscode.l10n.t('{0} open weaknesses ({1} critical). Most urgent: "{2}".', open.length, critical, open[0].name)
        : vscode.l10n.t('No open weaknesses: every measured capability meets its target.'));
      if (open.length) void vscode.commands.executeCommand(`${ViewId.Weaknesses}.focus`);
      return open;
    }),

    registerCommand(ctx, CommandId.IdentifyWeakness, async (engine, arg?: unknown) => {
      const input = isWeaknessInput(arg) ? arg : await askWeakness(ctx, engine);
      if (!input) return undefined;
      const weakness = engine.identifyWeakness(input);
      void ctx.ui.info(vscode.l10n.t('Recorded weakness "{0}" ({1}).', weakness.name, weakness.severity));
      return weakness;
    }),

    registerCommand(ctx, CommandId.ResolveWeakness, async (engine, arg?: unknown, note?: unknown) => {
      const picked = await pickOne(ctx.ui, arg, engine.listWeaknesses({ status: 'open' }), weaknessPickItem,
        vscode.l10n.t('Weakness to mark resolved'), vscode.l10n.t('No open weaknesses.'));
      if (picked === undefined) return undefined;
      const weakness = engine.resolveWeakness(typeof picked === 'number' ? picked : picked.id, typeof note === 'string' ? note : 'resolved in VS Code');
      void ctx.ui.info(vscode.l10n.t('Weakness "{0}" resolved.', weakness.name));
      return weakness;
    }),

    registerCommand(ctx, CommandId.DeleteWeakness, async (engine, arg?: unknown) => {
      const picked = await pickOne(ctx.ui, arg, engine.listWeaknesses({ status: 'all' }), weaknessPickItem,
        vscode.l10n.t('Weakness to delete'), vscode.l10n.t('No weaknesses.'));
      if (picked === undefined) return false;
      const weakness = typeof picked === 'number' ? engine.getWeakness(picked) : picked;
      if (!(await ctx.ui.confirm(vscode.l10n.t('Delete weakness "{0}"?', weakness.name), vscode.l10n.t('Delete')))) return false;
      engine.deleteWeakness(weakness.id);
      return true;
    }),
  ];
}
