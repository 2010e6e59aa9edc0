// Every context key the extension sets for package.json `when` clauses, and the one setter. Only a type
// import of `vscode` (the root passes vscode.commands in): the unit test checks package.json's `when`
// clauses against this enum in plain Node.
import type * as vscode from 'vscode';

export enum ContextKey {
  Loaded = 'selfImprovement.loaded',
  HasCapabilities = 'selfImprovement.hasCapabilities',
  /** The team store's pulled measurements are here: the Capabilities view offers "Filter by Origin…". */
  HasTeamMeasurements = 'selfImprovement.hasTeamMeasurements',
  HasWeaknesses = 'selfImprovement.hasWeaknesses',
  HasOpenWeaknesses = 'selfImprovement.hasOpenWeaknesses',
  HasExperiments = 'selfImprovement.hasExperiments',
  HasRunnableExperiments = 'selfImprovement.hasRunnableExperiments',
  HasImprovements = 'selfImprovement.hasImprovements',
  HasPendingImprovements = 'selfImprovement.hasPendingImprovements',
  HasAppliedImprovements = 'selfImprovement.hasAppliedImprovements',
  /** Some workspace folder has a valid .vscode/self-improvement.json (the walkthrough's first step). */
  HasConfig = 'selfImprovement.hasConfig',
  ProposalDiffActive = 'selfImprovement.proposalDiffActive',
  /** Inline review: the active editor (a file or its review view) has an undecided hunk. */
  InlinePending = 'selfImprovement.inlinePending',
  /** Inline review: the cursor of the active review view is on an undecided hunk. */
  InlineHunkAtCursor = 'selfImprovement.inlineHunkAtCursor',
  /** Inline review: the active review view has an approval that Undo Approval can take back. */
  InlineCanUndo = 'selfImprovement.inlineCanUndo',
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
