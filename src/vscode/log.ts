import * as vscode from 'vscode';

/** The extension's log, shown as "Self-Improvement" in the Output panel (level set by the user). */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Self-Improvement', { log: true });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
