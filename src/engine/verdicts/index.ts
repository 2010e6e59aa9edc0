// Verdicts a careful engineer would sign: guardrails, noise floor, sample-size planning, sequential
// sampling, paired pass/fail tests, false-discovery control, tamper flags, the audit hash chain.
export type { Amount } from './common';
export { judgeGuardrail, type GuardrailInput, type GuardrailResult, type GuardrailStatus } from './guardrail';
export { decideVerdict, decideVerdicts, type PairedSummary, type GuardedVerdict, type ThresholdRule, type TargetInput, type TargetResult, type VerdictInput, type VerdictResult } from './decide';
export { noiseFloor, minimumDetectableEffect, thresholdWarning, type NoiseFloor, type Mde, type PowerInput } from './noise';
export { samplesPerArm, expectedDurationSeconds, type SamplePlan } from './sampleSize';
export { sequentialDecision, type SequentialDecision, type SequentialState, type SequentialResult } from './sequential';
export { confidenceSequence, type ConfidenceSequence } from './alwaysValid';
export { cupedAdjust, type CupedResult } from './cuped';
export { pairGains, pairedEstimate, priorFromNoise, trimmedMean, winsorizedVariance, type PairedEstimate, type VariancePrior } from './paired';
export { SequentialExperiment, lookDecision, type Look, type StopReason, type SequentialExperimentOptions } from './sequentialExperiment';
export { lookAtTarget, lookAtGuardrail, type CupedSummary, type GuardLook, type TargetLook, type Samples } from './seriesLook';
export { noiseChecks, bimodalityCoefficient, driftTest, BIMODAL_BAR } from './noiseChecks';
export { confirmVerdict, confirmationLevel, planConfirmation, judgeConfirmation, CONFIRM_MIN_PAIRS, CONFIRM_FRACTION, type ConfirmedVerdict, type ConfirmationPlan } from './confirm';
export { judgePairedGuardrail, type PairedGuardrailInput, type PairedGuardrailResult } from './pairedGuardrail';
export { mcnemarExact, type CaseResult, type McNemarResult } from './mcnemar';
export { benjaminiHochberg, type BhResult } from './fdr';
export { tamperFlags, normalizePath, type TamperFlag, type TamperInput } from './tamper';
export { canonicalJson, hashAuditEvent, auditContent, verifyAuditChain, toJsonLines, fromJsonLines, type AuditContent, type ChainCheck } from './auditChain';
export { seededUniform, seededNormal } from './random';
