import * as vscode from 'vscode';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { openReport } from '../reports/reportContent';
import { type CommandContext } from './commandContext';

export function registerReportCommands(ctx: CommandContext, refresh: () => Promise<void>): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.ShowSelfAssessment, () => openReport('self-assessment')),
    registerCommand(ctx, CommandId.ShowHistory, () => openReport('history')),
    registerCommand(ctx, CommandId.Refresh, () => refresh()),
  ];
}
