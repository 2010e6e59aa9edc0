// "Self-Improvement: Open Dashboard" — from the palette (the overview), a capability item (its history)
// or an experiment item (its evidence), through the one registrar (failures become one message and a log line).
import type * as vscode from 'vscode';
import type { CommandContext } from '../commands/commandContext';
import { CommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { DashboardPanel } from './dashboardPanel';
import { liveRuns } from './liveRuns';
import type { DashboardRoute } from './protocol';

/** A route from a command argument: a tree element (capability: `name`; experiment: `id` and `weaknessId`), or a route. */
export function routeOf(arg: unknown): DashboardRoute {
  if (!arg || typeof arg !== 'object') return { kind: 'overview' };
  const a = arg as Record<string, unknown>;
  if (a.kind === 'capability' && typeof a.name === 'string') return { kind: 'capability', name: a.name };
  if (a.kind === 'experiment' && Number.isInteger(a.id)) return { kind: 'experiment', id: a.id as number };
  if (Number.isInteger(a.id) && Number.isInteger(a.weaknessId)) return { kind: 'experiment', id: a.id as number };
  if (typeof a.name === 'string' && typeof a.direction === 'string') return { kind: 'capability', name: a.name };
  return { kind: 'overview' };
}

export function registerDashboard(ctx: CommandContext, extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.OpenDashboard, (arg?: unknown) => {
      const route = routeOf(arg);
      DashboardPanel.show(extensionUri, ctx.host, ctx.log, route);
      return route;
    }),
    liveRuns,
  ];
}
