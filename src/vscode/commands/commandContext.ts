import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { EngineHost } from '../engineHost';
import type { CommandId } from '../ids';
import { errorMessage } from '../log';
import type { PickItem, Ui } from '../ui';

/** What every command registrar gets from the composition root. */
export interface CommandContext {
  readonly host: EngineHost;
  readonly ui: Ui;
  readonly log: vscode.LogOutputChannel;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (engine: SelfImprovementApi, ...args: any[]) => Promise<unknown> | unknown;

/**
 * Registers a command whose handler gets the (lazily opened) engine. A failure becomes one clear
 * message (never a raw Error object) and a log line; the command then returns undefined.
 */
export function registerEngineCommand(ctx: CommandContext, id: CommandId, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      const engine = await ctx.host.get();
      return await handler(engine, ...args);
    } catch (err) {
      ctx.log.error(`${id} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      void ctx.ui.error(errorMessage(err));
      return undefined;
    }
  });
}

/** An id from a tree element, a number, or a `{ id }` argument. */
export function idArg(arg: unknown): number | undefined {
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'number') return (arg as { id: number }).id;
  return undefined;
}

/** Uses the id given with the command, otherwise asks the user to pick among `candidates`. */
export async function pickOne<T extends { id: number }>(ui: Ui, arg: unknown, candidates: T[], toItem: (t: T) => vscode.QuickPickItem,
  placeHolder: string, none: string): Promise<T | number | undefined> {
  const id = idArg(arg);
  if (id !== undefined) return candidates.find((c) => c.id === id) ?? id;
  if (!candidates.length) {
    void ui.info(none);
    return undefined;
  }
  const items: PickItem<T>[] = candidates.map((c) => ({ ...toItem(c), value: c }));
  return (await ui.pick(items, { placeHolder }))?.value;
}

/** Parses "12.5" or "10, 11.2, 9.8" into samples; an error text for the input box otherwise. */
export function parseSamples(text: string): number[] | string {
  const parts = text.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return vscode.l10n.t('Enter a number, or several separated by commas.');
  const values = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(values[i]));
  return bad === undefined ? values : vscode.l10n.t('"{0}" is not a number.', bad);
}

export function validateNumber(text: string): string | undefined {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : vscode.l10n.t('Enter a number.');
}

export const currentUser = (): string => process.env.USER || process.env.USERNAME || 'user';
