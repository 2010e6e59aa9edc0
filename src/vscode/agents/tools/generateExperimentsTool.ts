import type * as vscode from 'vscode';
import { AgentTool } from './agentTool';

/** Plans experiments for a weakness: stored plans only, it runs nothing and changes no code, so no confirmation. */
export class GenerateExperimentsTool extends AgentTool {
  static readonly id = 'selfImprovement_generateExperiments';
  protected readonly operation = 'generate_experiments' as const;

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const id = (options.input as { weaknessId?: unknown } | undefined)?.weaknessId;
    return { invocationMessage: typeof id === 'number' ? `Planning experiments for weakness #${id}` : 'Planning experiments' };
  }
}
