import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { ExtensionExports } from '../../vscode/selfImprovementExtension';
import type { ShownMessage } from '../../vscode/ui';

export const EXTENSION_ID = 'selfimprove.self-improvement-engine';
export type Testing = ExtensionExports['testing'];

/** The running extension's test surface, with prompts answered from a queue (no blocking UI). */
export async function testing(): Promise<Testing> {
  const ext = vscode.extensions.getExtension<ExtensionExports>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const exports = await ext.activate();
  assert.ok(exports.testing, 'exports.testing is offered only in ExtensionMode.Test');
  exports.testing.ui.testMode = true;
  return exports.testing;
}

export async function engine(): Promise<SelfImprovementApi> {
  return (await testing()).host.get();
}

export function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

export function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests need a workspace folder');
  return f.uri;
}

export const fileUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(folder(), relative);

export async function readDisk(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(relative)));
}

export async function writeDisk(relative: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(relative), new TextEncoder().encode(text));
}

/** Messages shown since `mark` (an index into ui.shown). */
export function messagesSince(t: Testing, mark: number): ShownMessage[] {
  return t.ui.shown.slice(mark);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const allTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

export const iconId = (item: vscode.TreeItem): string | undefined => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

export const tooltipText = (item: vscode.TreeItem): string =>
  item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
