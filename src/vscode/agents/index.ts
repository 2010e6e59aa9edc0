// Agents: the exported API (getAPI), the language-model tools and the MCP server definition, all owned
// by one disposable. Nothing registered here can approve, apply or reject a change.
import * as vscode from 'vscode';
import type { SelfImprovementExtensionExports } from '../../../api/self-improvement';
import type { EngineHost } from '../engineHost';
import type { Ui } from '../ui';
import { extensionAgentContext } from './agentContext';
import { apiGetter, createApiV1 } from './api';
import { registerDraftCommand } from './draftCommand';
import { MCP_PROVIDER_ID, SelfImprovementMcpProvider } from './mcpProvider';
import { registerLanguageModelTools, type ToolInstances } from './tools';

export interface Agents extends vscode.Disposable {
  readonly getAPI: SelfImprovementExtensionExports['getAPI'];
  /** For the extension-host tests: the tool instances by id. */
  readonly tools: ToolInstances;
}

export function registerAgents(context: vscode.ExtensionContext, host: EngineHost, log: vscode.LogOutputChannel, ui: Ui): Agents {
  const disposables: vscode.Disposable[] = [];
  const v1 = createApiV1(host);
  disposables.push(v1);
  const { disposables: toolRegistrations, tools } = registerLanguageModelTools(extensionAgentContext(host, 'lm-tool'));
  disposables.push(...toolRegistrations, registerDraftCommand(host, ui, log));
  try {
    const provider = new SelfImprovementMcpProvider(host, context.extensionUri, String(context.extension.packageJSON.version ?? '0.0.0'));
    disposables.push(provider); // owned before registering: disposed (its emitter too) even when registration throws
    disposables.push(vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider));
  } catch (error) {
    // An older host without MCP support: the tools and the API still work.
    log.warn(`MCP server definitions are not available here: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    getAPI: apiGetter(v1.api),
    tools,
    dispose: () => { for (const d of disposables.splice(0).reverse()) d.dispose(); },
  };
}
