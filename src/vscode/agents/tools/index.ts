// Registers every language-model tool (declared in package.json contributes.languageModelTools).
import * as vscode from 'vscode';
import type { AgentContext } from '../../../agents/operations';
import { CapabilityHistoryTool } from './capabilityHistoryTool';
import { GenerateExperimentsTool } from './generateExperimentsTool';
import { ListWeaknessesTool } from './listWeaknessesTool';
import { ProposeImprovementTool } from './proposeImprovementTool';
import { RunExperimentTool } from './runExperimentTool';

export const TOOL_CLASSES = [ListWeaknessesTool, CapabilityHistoryTool, GenerateExperimentsTool, RunExperimentTool, ProposeImprovementTool] as const;

export type ToolInstances = Record<string, vscode.LanguageModelTool<unknown>>;

/** Registers the tools; returns the registrations and the instances by id (tests call prepareInvocation on them). */
export function registerLanguageModelTools(ctx: AgentContext): { disposables: vscode.Disposable[]; tools: ToolInstances } {
  const tools: ToolInstances = {};
  const disposables = TOOL_CLASSES.map((Tool) => {
    const tool = new Tool(ctx);
    tools[Tool.id] = tool;
    return vscode.lm.registerTool(Tool.id, tool);
  });
  return { disposables, tools };
}

export { CapabilityHistoryTool, GenerateExperimentsTool, ListWeaknessesTool, ProposeImprovementTool, RunExperimentTool };
