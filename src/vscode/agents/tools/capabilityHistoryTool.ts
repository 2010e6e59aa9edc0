import type * as vscode from 'vscode';
import { AgentTool } from './agentTool';

/** Reads one capability's measurements, trend, weaknesses and experiments. No confirmation: it changes nothing. */
export class CapabilityHistoryTool extends AgentTool {
  static readonly id = 'selfImprovement_capabilityHistory';
  protected readonly operation = 'capability_history' as const;

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const name = (options.input as { name?: unknown } | undefined)?.name;
    return { invocationMessage: typeof name === 'string' ? `Reading the history of ${name}` : 'Reading a capability\'s history' };
  }
}
