// Workspace trust: probes and experiments run the workspace's own commands, so they run only when trusted.
import * as vscode from 'vscode';

export const TRUST_MESSAGE = 'Self-Improvement did not run anything: this workspace is not trusted, and measuring runs the workspace\'s own commands (its probes). '
  + 'If you trust the folder\'s authors, choose "Manage Workspace Trust" (or run "Workspaces: Manage Workspace Trust") and trust it, then try again.';
export const MANAGE_TRUST = 'Manage Workspace Trust';

export class Trust {
  private forced: boolean | undefined;

  /** allowOverride: only when the extension runs in Test mode; otherwise VS Code's trust always decides. */
  constructor(private readonly allowOverride = false) {}

  /** Tests: pretend the workspace is (not) trusted; undefined follows VS Code. Refused outside Test mode. */
  get override(): boolean | undefined { return this.forced; }
  set override(value: boolean | undefined) {
    if (!this.allowOverride) throw new Error('The workspace trust override is only available to the extension\'s own tests.');
    this.forced = value;
  }

  readonly isTrusted = (): boolean => (this.allowOverride ? this.forced : undefined) ?? vscode.workspace.isTrusted;
}
