import * as vscode from 'vscode';
import { ContextKey, type ContextKeys } from './contextKeys';
import { parseProposalUri } from './proposalContent';

/** The proposal id of a tab that shows one of our diffs (or a proposal document), if any. */
export function proposalIdOfTab(tab: vscode.Tab | undefined): number | undefined {
  const input = tab?.input;
  if (input instanceof vscode.TabInputTextDiff) return parseProposalUri(input.modified)?.id ?? parseProposalUri(input.original)?.id;
  if (input instanceof vscode.TabInputText) return parseProposalUri(input.uri)?.id;
  return undefined;
}

export function activeProposalId(): number | undefined {
  return proposalIdOfTab(vscode.window.tabGroups.activeTabGroup.activeTab);
}

/** Closes every tab showing proposal `id` (its diff after approve/reject). */
export async function closeProposalTabs(id: number): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => proposalIdOfTab(t) === id);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

/** Keeps `selfImprovement.proposalDiffActive` true while one of our diffs is the active editor. */
export class DiffTracker implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(private readonly keys: ContextKeys) {
    this.subscription = vscode.window.tabGroups.onDidChangeTabs(() => this.update());
    this.update();
  }

  update(): void {
    this.keys.set(ContextKey.ProposalDiffActive, activeProposalId() !== undefined);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
