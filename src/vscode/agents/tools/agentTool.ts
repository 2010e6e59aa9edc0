// What every language-model tool shares: validation and the operation come from the agent layer
// (the MCP server uses the same); results are short text; errors say what was wrong with the input.
import * as vscode from 'vscode';
import type { ToolSpec } from '../../../agents/catalog';
import type { AgentContext } from '../../../agents/operations';
import { agents, toSignal } from '../agentContext';

export abstract class AgentTool implements vscode.LanguageModelTool<unknown> {
  protected abstract readonly operation: ToolSpec['name'];

  constructor(protected readonly ctx: AgentContext) {}

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const op = agents().OPERATIONS[this.operation];
    try {
      const text = await op(this.ctx, options.input, toSignal(token));
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
    } catch (error) {
      // Thrown errors reach the model as the tool's answer; say which tool and what was wrong.
      throw new Error(`${this.operation} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** A confirmation with a plain summary, for tools that run commands or propose code. */
export function confirmation(title: string, summary: string, invocationMessage: string): vscode.PreparedToolInvocation {
  return { invocationMessage, confirmationMessages: { title, message: new vscode.MarkdownString(summary) } };
}
