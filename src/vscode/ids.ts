// Every id the extension contributes, in one place (they must match package.json).

export enum CommandId {
  RegisterCapability = 'selfImprovement.registerCapability',
  RecordMeasurement = 'selfImprovement.recordMeasurement',
  RemoveCapability = 'selfImprovement.removeCapability',
  AnalyzeWeaknesses = 'selfImprovement.analyzeWeaknesses',
  IdentifyWeakness = 'selfImprovement.identifyWeakness',
  ResolveWeakness = 'selfImprovement.resolveWeakness',
  DeleteWeakness = 'selfImprovement.deleteWeakness',
  GenerateExperiments = 'selfImprovement.generateExperiments',
  RunExperiment = 'selfImprovement.runExperiment',
  DeleteExperiment = 'selfImprovement.deleteExperiment',
  ProposeImprovement = 'selfImprovement.proposeImprovement',
  ReviewImprovement = 'selfImprovement.reviewImprovement',
  ApproveImprovement = 'selfImprovement.approveImprovement',
  RejectImprovement = 'selfImprovement.rejectImprovement',
  RollbackImprovement = 'selfImprovement.rollbackImprovement',
  DeleteImprovement = 'selfImprovement.deleteImprovement',
  ReviewAllFiles = 'selfImprovement.reviewAllFiles',
  ApproveAllFiles = 'selfImprovement.approveAllFiles',
  RejectAllFiles = 'selfImprovement.rejectAllFiles',
  ShowSelfAssessment = 'selfImprovement.showSelfAssessment',
  ShowHistory = 'selfImprovement.showHistory',
  Refresh = 'selfImprovement.refresh',
}

export enum ViewId {
  Capabilities = 'selfImprovement.capabilities',
  Weaknesses = 'selfImprovement.weaknesses',
  Experiments = 'selfImprovement.experiments',
  Improvements = 'selfImprovement.improvements',
}

/** Context keys used in package.json `when` clauses. */
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
}

/** URI schemes of the extension's read-only documents. */
export const PROPOSAL_SCHEME = 'self-improvement-proposal';
export const REPORT_SCHEME = 'self-improvement-report';

export const CONFIG_SECTION = 'selfImprovement';
