// Agents: the exported API (getAPI), the language-model tools, the Draft Candidate command and the MCP server
// definition, all owned by one disposable (itself owned by the extension's root object). Nothing registered
// here can approve, apply or reject a change.
import * as vscode from 'vscode';
import type { SelfImprovementExtensionExports } from '../../../api/self-improvement';
import { CommandId } from '../commands/commandTable';
import { registerCommand, type CommandServices } from '../commands/registerCommand';
import type { EngineHost } from '../engineHost';
import { Disposables } from '../lifecycle';
import { extensionAgentContext } from './agentContext';
import { apiGetter, createApiV1 } from './api';
import { draftCandidate } from './draftCommand';
import { improveCommand } from './improveCommand';
import { MCP_PROVIDER_ID, SelfImprovementMcpProvider } from './mcpProvider';
import { registerLanguageModelTools, type ToolInstances } from './tools';
import { TranscriptView } from './transcriptView';

export class Agents extends Disposables {
  readonly getAPI: SelfImprovementExtensionExports['getAPI'];
  /** For the extension-host tests: the tool instances by id. */
  readonly tools: ToolInstances;

  constructor(context: vscode.ExtensionContext, services: CommandServices & { readonly host: EngineHost }) {
    super();
    const { host, log, ui } = services;
    const v1 = this.register(createApiV1(host));
    this.getAPI = apiGetter(v1.api);
    const { disposables: toolRegistrations, tools } = registerLanguageModelTools(extensionAgentContext(host, 'lm-tool'));
    this.tools = tools;
    for (const d of toolRegistrations) this.register(d);
    this.register(registerCommand(services, CommandId.DraftCandidate, (engine, arg?: unknown) => draftCandidate(host, ui, engine, arg)));
    this.register(registerCommand(services, CommandId.Improve, (engine, arg?: unknown) => improveCommand(host, ui, engine, arg, context.secrets)));
    const transcripts = this.register(new TranscriptView(host, ui));
    this.register(registerCommand(services, CommandId.ShowDraftingTranscript, (engine, arg?: unknown) => transcripts.show(engine, arg)));
    try {
      const provider = this.register(new SelfImprovementMcpProvider(host, context.extensionUri, String(context.extension.packageJSON.version ?? '0.0.0')));
      // owned before registering: disposed (its emitter too) even when registration throws
      this.register(vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider));
    } catch (error) {
      // An older host without MCP support: the tools and the API still work.
      log.warn(`MCP server definitions are not available here: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function registerAgents(context: vscode.ExtensionContext, services: CommandServices & { readonly host: EngineHost }): Agents {
  return new Agents(context, services);
}
