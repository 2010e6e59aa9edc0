import type * as vscode from 'vscode';
import { agents } from '../agentContext';
import { AgentTool, confirmation } from './agentTool';

/** Proposes code (always pending for a person): asks first, with which file and how much changes. */
export class ProposeImprovementTool extends AgentTool {
  static readonly id = 'selfImprovement_proposeImprovement';
  protected readonly operation = 'propose_improvement' as const;

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    return confirmation('Propose a code change?', agents().describeProposal(options.input), 'Proposing the change for review');
  }
}
