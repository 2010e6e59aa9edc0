// The ids the extension contributes besides commands (those are in commands/commandTable.ts) and
// context keys (contextKeys.ts); they must match package.json.

export enum ViewId {
  Capabilities = 'selfImprovement.capabilities',
  Weaknesses = 'selfImprovement.weaknesses',
  Experiments = 'selfImprovement.experiments',
  Improvements = 'selfImprovement.improvements',
  ReviewQueue = 'selfImprovement.reviewQueue',
}

/** URI schemes of the extension's read-only documents. */
export const PROPOSAL_SCHEME = 'self-improvement-proposal';
export const REPORT_SCHEME = 'self-improvement-report';
/** Inline review's read-only review view: the file with each undecided hunk's proposed lines under the lines they replace. */
export const REVIEW_SCHEME = 'self-improvement-review';
export const EVIDENCE_SCHEME = 'self-improvement-evidence';
/** The drafting transcript of an experiment (prompts, answers, verdicts): src/vscode/agents/transcriptView.ts. */
export const TRANSCRIPT_SCHEME = 'self-improvement-transcript';

/** The `source` of the config file's diagnostics in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'self-improvement';

export const CONFIG_SECTION = 'selfImprovement';
