// Registers every language-model tool (declared in package.json contributes.languageModelTools).
import * as vscode from 'vscode';
import type { AgentContext } from '../../../agents/operations';
import { CapabilityHistoryTool } from './capabilityHistoryTool';
import { GenerateExperimentsTool } from './generateExperimentsTool';
import { ListWeaknessesTool } from './listWeaknessesTool';
import { ProposeImprovementTool } from './proposeImprovementTool';
import { RunExperimentTool } from './runExperimentTool';

export const TOOL_CLASSES = [ListWeaknessesTool, CapabilityHistoryTool, GenerateExperimentsTool, RunExperimentTool, ProposeImprovementTool] as const;

export function registerLanguageModelTools(ctx: AgentContext): vscode.Disposable[] {
  return TOOL_CLASSES.map((Tool) => vscode.lm.registerTool(Tool.id, new Tool(ctx)));
}

export { CapabilityHistoryTool, GenerateExperimentsTool, ListWeaknessesTool, ProposeImprovementTool, RunExperimentTool };
