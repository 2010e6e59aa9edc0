import type * as vscode from 'vscode';
import { AgentTool } from './agentTool';

/** Reads the open weaknesses, most urgent first. No confirmation: it changes nothing. */
export class ListWeaknessesTool extends AgentTool {
  static readonly id = 'selfImprovement_listWeaknesses';
  protected readonly operation = 'list_weaknesses' as const;

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: 'Reading weaknesses' };
  }
}
