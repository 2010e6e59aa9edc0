// Workspace trust: probes and experiments run the workspace's own commands, so they run only when trusted.
import * as vscode from 'vscode';

export const TRUST_MESSAGE = 'Self-Improvement did not run anything: this workspace is not trusted, and measuring runs the workspace\'s own commands (its probes). '
  + 'If you trust the folder\'s authors, choose "Manage Workspace Trust" (or run "Workspaces: Manage Workspace Trust") and trust it, then try again.';
export const MANAGE_TRUST = 'Manage Workspace Trust';

export class Trust {
  /** Tests: pretend the workspace is (not) trusted; undefined follows VS Code. */
  override: boolean | undefined;

  readonly isTrusted = (): boolean => this.override ?? vscode.workspace.isTrusted;
}
