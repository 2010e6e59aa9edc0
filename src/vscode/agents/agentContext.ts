// The extension's side of the agent layer: the operations (in the engine chunk, loaded on first use) and
// an AgentContext over the window's engine.
import * as vscode from 'vscode';
import type { AgentContext } from '../../agents/operations';
import { engineChunk } from '../../chunkLoader';
import { READ_ONLY_MESSAGE } from '../commands/registerCommand';
import type { EngineHost } from '../engineHost';

export type AgentsModule = typeof import('../../agents');

/** The operations, validation and catalog (part of the engine chunk, so activation does not load them). */
export function agents(): AgentsModule {
  return engineChunk().agents;
}

export function extensionAgentContext(host: EngineHost, agent: string): AgentContext {
  return {
    folder: host.folder?.fsPath ?? null,
    isTrusted: () => vscode.workspace.isTrusted,
    agent,
    read: async (fn) => fn(await host.get()),
    write: async (fn) => {
      const engine = await host.get();
      if (engine.readOnly) {
        throw new Error(READ_ONLY_MESSAGE);
      }
      return fn(engine);
    },
  };
}

/** A VS Code cancellation token as the AbortSignal the engine's runner takes. */
export function toSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else {
    // Disposed once it fired; a token that is never cancelled is dropped with its source.
    const listener = token.onCancellationRequested(() => { listener.dispose(); controller.abort(); });
  }
  return controller.signal;
}
