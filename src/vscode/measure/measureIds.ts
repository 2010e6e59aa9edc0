// Command ids of the measurement feature (they must match package.json).
export enum MeasureCommandId {
  MeasureCapability = 'selfImprovement.measureCapability',
  MeasureAll = 'selfImprovement.measureAll',
  RunExperimentOnChange = 'selfImprovement.runExperimentOnChange',
  CalibrateNoise = 'selfImprovement.calibrateNoise',
  VerifyAuditTrail = 'selfImprovement.verifyAuditTrail',
  ExportAuditTrail = 'selfImprovement.exportAuditTrail',
  ShowEvidence = 'selfImprovement.showEvidence',
}

export const EVIDENCE_SCHEME = 'self-improvement-evidence';
export const DIAGNOSTIC_SOURCE = 'self-improvement';
