// Refusals that offer the next step: an error thrown by a handler with the commands that get the person
// past it. registerCommand shows the message with one button per step and runs the one chosen, so no
// empty state or refusal is a dead end.
import * as vscode from 'vscode';
import { CommandId } from './commands/commandTable';

export interface NextStep {
  title: string;
  command: string;
  args?: unknown[];
}

export class NextStepError extends Error {
  constructor(message: string, readonly steps: readonly NextStep[]) {
    super(message);
    this.name = 'NextStepError';
  }
}

export const isNextStepError = (err: unknown): err is NextStepError =>
  err instanceof Error && Array.isArray((err as { steps?: unknown }).steps);

/**
 * "Set Up Capabilities…" comes with the set-up feature (selfImprovement.setUp, issue 13 part 1), which
 * may not be in this build's command table yet: it is offered only when VS Code knows the command.
 */
export const SET_UP_COMMAND = 'selfImprovement.setUp';

/** The steps for a folder without a usable config: Set Up (when available), else Register Capability. */
export async function noConfigSteps(): Promise<NextStep[]> {
  const known = (await vscode.commands.getCommands(true)).includes(SET_UP_COMMAND);
  return [
    ...(known ? [{ title: vscode.l10n.t('Set Up Capabilities…'), command: SET_UP_COMMAND }] : []),
    { title: vscode.l10n.t('Register Capability…'), command: CommandId.RegisterCapability },
  ];
}
