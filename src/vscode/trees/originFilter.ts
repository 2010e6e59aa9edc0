// "Filter by Origin…" (the Capabilities view's title bar, shown once team measurements were pulled): which
// origins' latest values the view shows beside this machine's — all, none, or one (then in each row too).
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CommandContext } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import type { PickItem } from '../ui';
import type { CapabilitiesTree, OriginChoice } from './capabilitiesTree';

export function registerOriginFilter(ctx: CommandContext, tree: CapabilitiesTree, view: vscode.TreeView<unknown>): vscode.Disposable {
  return registerCommand(ctx, CommandId.FilterByOrigin, async (engine: SelfImprovementApi) => {
    const origins = engine.listTeamOrigins();
    if (!origins.length) {
      void ctx.ui.info(vscode.l10n.t('No team measurements here yet. Run "Self-Improvement: Connect Team Store…", then sync (self-improvement team sync) to pull them.'));
      return undefined;
    }
    const current = tree.origins;
    const mark = (on: boolean): string => (on ? '$(check) ' : '');
    const items: PickItem<OriginChoice>[] = [
      { label: `${mark(current.kind === 'all')}${vscode.l10n.t('All origins')}`, description: vscode.l10n.t('this machine and {0} team origins', origins.length), value: { kind: 'all' } },
      { label: `${mark(current.kind === 'local')}${vscode.l10n.t('This machine only')}`, value: { kind: 'local' } },
      ...origins.map((o): PickItem<OriginChoice> => ({
        label: `${mark(current.kind === 'origin' && current.key === o.key)}${o.name}`,
        description: vscode.l10n.t('{0} measurements', o.measurements), detail: `${o.userName}@${o.machine}${o.branch ? ` · ${o.branch}` : ''}`,
        value: { kind: 'origin', key: o.key, name: o.name },
      })),
    ];
    const picked = await ctx.ui.pick(items, { placeHolder: vscode.l10n.t('Show the team\'s latest values from…') });
    if (!picked) return undefined;
    tree.origins = picked.value;
    // The view's title says a filter is on (nothing when all origins show).
    view.description = picked.value.kind === 'origin' ? picked.value.name : picked.value.kind === 'local' ? vscode.l10n.t('this machine only') : undefined;
    tree.refresh();
    return picked.value;
  });
}
