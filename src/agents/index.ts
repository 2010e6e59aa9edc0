// The agent layer (no `vscode`): validation, operations and the no-auto-apply view of the engine.
// Part of the engine chunk (src/chunk.ts → dist/engine.js), loaded on first use by the extension's tools and API.
export * from './inputs';
export * from './operations';
export { withoutAutoApply, HumanOnlyError } from './noAutoApply';
export { runExperiment } from '../engine/loop/runExperiment';
export { readConfigFile } from '../engine/config/readConfigFile';
export * from './catalog';
export { buildDraftPrompt, extractPatch, DraftAnswerError } from './drafting/prompt';
export { draftCandidates, draftsKey, DEFAULT_DRAFT_BUDGET, DraftModelError, proposedByModel, type ChatModelPort, type DraftBudget, type DraftRecord, type DraftOutcome, type DraftOptions } from './drafting/draftLoop';
export { draftBrief, measuringFiles, type DraftBrief } from './drafting/brief';
export { checkDraftFiles, parseFileList, readDraftFiles, suggestDraftFiles, DraftFilesError } from './drafting/files';
export { suggestFilesForExperiment } from './drafting/suggest';
export { nameForDraft, describeDiff, rationaleOf } from './drafting/naming';
export { pendingDuplicates, supersede, duplicateText, type PendingDuplicate } from './drafting/duplicates';
export { transcriptFor, transcriptMarkdown, draftOriginKey, type Transcript } from './drafting/transcript';
export { improve, patchFiles, type ImproveOptions, type ImproveOutcome, type ImproveProgress, type ImproveStop, type WeaknessOutcome } from './improve/search';
export { parseBudget, spentText, BudgetMeter, DEFAULT_IMPROVE_BUDGET, type ImproveBudget, type Spent } from './improve/budget';
export { CandidateArchive, archiveKind } from './improve/archive';
export { commandModel, estimateTokens, type CommandModelOptions } from './improve/commandModel';
export { transcriptExperimentOf } from './improve/transcript';
export { localMeasure, measureElsewhere, LOCALLY, type MeasurePort, type MeasureInput, type MeasureResult, type ElsewhereSetup } from './improve/runner';
