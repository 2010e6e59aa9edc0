// Composition root: builds the one object that owns everything, and flushes the database on the way out.
import type * as vscode from 'vscode';
import type { SelfImprovementExtensionExports } from '../api/self-improvement';
import { registerAgents } from './vscode/agents';
import type { ToolInstances } from './vscode/agents/tools';
import { SelfImprovementExtension, type ExtensionExports } from './vscode/selfImprovementExtension';

let extension: SelfImprovementExtension | undefined;

/** The public API (getAPI, see api/self-improvement.d.ts) beside the test surface. */
export type Exports = SelfImprovementExtensionExports & {
  /** Only in ExtensionMode.Test (the extension-host tests); absent otherwise. */
  readonly testing?: ExtensionExports['testing'] & { readonly agents: { readonly tools: ToolInstances } };
};

export function activate(context: vscode.ExtensionContext): Exports {
  const started = performance.now();
  extension = new SelfImprovementExtension(context);
  context.subscriptions.push(extension);
  const agents = registerAgents(context, extension.host, extension.log, extension.ui);
  context.subscriptions.push(agents);
  extension.log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (the engine opens on first use)`);
  // The raw engine and the trust override are for our own extension-host tests only, never for other extensions.
  if (!extension.testMode) return { getAPI: agents.getAPI };
  return { testing: { ...extension.exports.testing, agents: { tools: agents.tools } }, getAPI: agents.getAPI };
}

export function deactivate(): Promise<void> | undefined {
  const shutdown = extension?.shutdown();
  extension = undefined;
  return shutdown;
}
