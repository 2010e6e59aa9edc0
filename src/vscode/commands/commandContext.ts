import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import type { Trust } from '../measure/trust';
import type { PickItem, Ui } from '../ui';
import type { CommandServices } from './registerCommand';

/** What every command's handlers get from the composition root (and registerCommand needs). */
export interface CommandContext extends CommandServices {
  readonly host: EngineHost;
  readonly ui: Ui;
  readonly log: vscode.LogOutputChannel;
  readonly trust: Trust;
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
