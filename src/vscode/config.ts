import * as vscode from 'vscode';
import { CONFIG_SECTION } from './ids';

export interface InspectedBoolean {
  defaultValue?: boolean;
  globalValue?: boolean;
  workspaceValue?: boolean;
  workspaceFolderValue?: boolean;
}

/**
 * autoImprove may only come from the user's (or machine's) own settings: a repository's
 * `.vscode/settings.json` must never switch on unattended code changes, so workspace values are ignored.
 */
export function autoImproveFrom(inspected: InspectedBoolean | undefined): boolean {
  return (inspected?.globalValue ?? inspected?.defaultValue ?? false) === true;
}

export function readAutoImprove(): boolean {
  return autoImproveFrom(vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<boolean>('autoImprove'));
}

export function readImprovementThreshold(scope?: vscode.ConfigurationScope): number {
  const value = vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<number>('improvementThreshold', 0.15);
  return Number.isFinite(value) && value > 0 ? value : 0.15;
}
