// Composition root: builds the one object that owns everything, and flushes the database on the way out.
import type * as vscode from 'vscode';
import { SelfImprovementExtension, type ExtensionExports } from './vscode/selfImprovementExtension';

let extension: SelfImprovementExtension | undefined;

export function activate(context: vscode.ExtensionContext): ExtensionExports {
  extension = new SelfImprovementExtension(context);
  context.subscriptions.push(extension);
  return extension.exports;
}

export function deactivate(): Promise<void> | undefined {
  const shutdown = extension?.shutdown();
  extension = undefined;
  return shutdown;
}
