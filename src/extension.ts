// Composition root: builds the one object that owns everything, and flushes the database on the way out.
import type * as vscode from 'vscode';
import { SelfImprovementExtension, type Exports } from './vscode/selfImprovementExtension';

export type { Exports } from './vscode/selfImprovementExtension';

let extension: SelfImprovementExtension | undefined;

export function activate(context: vscode.ExtensionContext): Exports {
  const started = performance.now();
  extension = new SelfImprovementExtension(context);
  context.subscriptions.push(extension);
  extension.log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (the engine opens on first use)`);
  return extension.exports;
}

export function deactivate(): Promise<void> | undefined {
  const shutdown = extension?.shutdown();
  extension = undefined;
  return shutdown;
}
