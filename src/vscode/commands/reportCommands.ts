import * as vscode from 'vscode';
import { CommandId } from '../ids';
import { openReport } from '../reports/reportContent';
import { registerEngineCommand, type CommandContext } from './commandContext';

export function registerReportCommands(ctx: CommandContext, refresh: () => Promise<void>): vscode.Disposable[] {
  return [
    registerEngineCommand(ctx, CommandId.ShowSelfAssessment, () => openReport('self-assessment')),
    registerEngineCommand(ctx, CommandId.ShowHistory, () => openReport('history')),
    registerEngineCommand(ctx, CommandId.Refresh, () => refresh()),
  ];
}
