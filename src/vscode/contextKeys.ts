// Every context key the extension sets for package.json `when` clauses, and the one setter. Only a type
// import of `vscode` (the root passes vscode.commands in): the unit test checks package.json's `when`
// clauses against this enum in plain Node.
import type * as vscode from 'vscode';

export enum ContextKey {
  Loaded = 'selfImprovement.loaded',
  HasCapabilities = 'selfImprovement.hasCapabilities',
  HasWeaknesses = 'selfImprovement.hasWeaknesses',
  HasOpenWeaknesses = 'selfImprovement.hasOpenWeaknesses',
  HasExperiments = 'selfImprovement.hasExperiments',
  HasRunnableExperiments = 'selfImprovement.hasRunnableExperiments',
  HasImprovements = 'selfImprovement.hasImprovements',
  HasPendingImprovements = 'selfImprovement.hasPendingImprovements',
  HasAppliedImprovements = 'selfImprovement.hasAppliedImprovements',
  ProposalDiffActive = 'selfImprovement.proposalDiffActive',
  /** Inline review: the active editor's file has an undecided hunk. */
  InlinePending = 'selfImprovement.inlinePending',
  /** Inline review: the cursor is on an undecided hunk. */
  InlineHunkAtCursor = 'selfImprovement.inlineHunkAtCursor',
}

/** Sets a context key only when its value changes (each set is a round trip to the workbench). */
export class ContextKeys {
  private readonly values = new Map<ContextKey, boolean>();

  constructor(private readonly commands: Pick<typeof vscode.commands, 'executeCommand'>) {}

  set(key: ContextKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void this.commands.executeCommand('setContext', key, value);
  }
}
