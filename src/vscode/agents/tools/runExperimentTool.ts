import type * as vscode from 'vscode';
import { agents } from '../agentContext';
import { AgentTool, confirmation } from './agentTool';

/** Runs the capability's probe command on baseline and candidate: asks first, with what will run. */
export class RunExperimentTool extends AgentTool {
  static readonly id = 'selfImprovement_runExperiment';
  protected readonly operation = 'run_experiment' as const;

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    const summary = await agents().describeRun(this.ctx, options.input);
    return confirmation('Run an A/B experiment?', summary, 'Running the experiment (this can take minutes)');
  }
}
