// One experiment end to end: plan, A/B runs with sequential stopping, guardrails, paired pass/fail
// comparison, tamper flags, the verdict, a confirmation run on fresh samples, the record on the
// experiment, and proposals for a confirmed success. Adapters call this and render what it returns.
import { performance } from 'node:perf_hooks';
import type { SelfImprovementApi } from '../api';
import { runAbExperiment, type AbExperimentResult, type AbProgress, type Candidate } from '../ab/runAbExperiment';
import { AbRunError } from '../ab/errors';
import { CONFIG_FILE, type CapabilityConfig, type SelfImprovementConfig } from '../config/types';
import { DEFAULT_GUARDRAIL_MARGIN } from '../config/parseConfig';
import { InvalidInputError } from '../errors';
import { UntrustedWorkspaceError } from '../probes/errors';
import { combineCases } from '../probes/combineCases';
import type { CodeImprovement, EvidenceGuardrail, Experiment, ExperimentEvidence, Verdict } from '../types';
import { decideVerdict, type VerdictResult } from '../verdicts/decide';
import type { GuardrailInput } from '../verdicts/guardrail';
import type { PairedGuardrailInput } from '../verdicts/pairedGuardrail';
import { mcnemarExact } from '../verdicts/mcnemar';
import { benjaminiHochberg } from '../verdicts/fdr';
import { confirmVerdict } from '../verdicts/confirm';
import { sequentialDecision, type SequentialResult } from '../verdicts/sequential';
import { tamperFlags } from '../verdicts/tamper';
import { describeCandidate, engineFileReader, proposedFiles, resolveCandidate, toEnginePath, type LoopCandidate } from './candidates';
import { effectOf, measurementOf } from './evidence';
import { planExperiment, type ExperimentBudget, type ExperimentPlan } from './plan';

export interface ExperimentProgress {
  stage: 'target' | 'guardrail' | 'confirmation' | 'proposal';
  capability: string;
  message: string;
  ab?: AbProgress;
}

export interface RunExperimentOptions {
  experimentId: number;
  candidate: LoopCandidate;
  /** The workspace folder whose config declares the capabilities. */
  folder: string;
  config: SelfImprovementConfig;
  isTrusted: () => boolean;
  signal?: AbortSignal;
  onProgress?: (p: ExperimentProgress) => void;
  budget?: ExperimentBudget;
  /** Two-sided level of the target's test, one-sided level of each guardrail. Default 0.05. */
  alpha?: number;
  /** The folder's path inside the engine's root (posix, default ''): improvements are relative to the root. */
  folderInEngineRoot?: string;
  /** Unrecorded runs of each arm first. Default 0. */
  warmupRuns?: number;
  killGraceMs?: number;
}

export interface ExperimentOutcome {
  experiment: Experiment;
  evidence: ExperimentEvidence;
  /** Proposals made from a confirmed success (pending unless autoImprove applied an unflagged one). */
  improvements: CodeImprovement[];
  plan: ExperimentPlan;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The target's capability config, or a clear error when the experiment cannot be measured. */
export function targetOf(engine: SelfImprovementApi, experimentId: number, config: SelfImprovementConfig): CapabilityConfig {
  const exp = engine.getExperiment(experimentId);
  const name = engine.getWeakness(exp.weaknessId).capabilityName;
  if (!name) throw new InvalidInputError(`Experiment ${experimentId} targets a weakness without a capability; nothing to measure.`);
  const cap = config.capabilities.find((c) => c.name === name);
  if (!cap) throw new InvalidInputError(`${name} is not declared in ${CONFIG_FILE}; declare it with a probe to run experiments on it.`);
  if (!cap.probe) throw new InvalidInputError(`${name} has no probe in ${CONFIG_FILE}, so an experiment cannot measure it.`);
  return cap;
}

/** Downgrades a success the always-valid sequential rule did not back (optional stopping would inflate a plain test). */
function withSequential(v: VerdictResult, seq: SequentialResult | null): VerdictResult {
  if (v.verdict !== 'success' || seq === null || seq.decision === 'stop-success') return v;
  const why = seq.decision === 'budget-exhausted' ? 'the budget ran out before the sequential rule saw a clear answer' : 'the sequential rule did not show a clear success';
  return { ...v, verdict: 'inconclusive', reason: `${v.reason.replace(/\.$/, '')}, but ${why} (${seq.reason}) — inconclusive.` };
}

export async function runExperiment(engine: SelfImprovementApi, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  const started = performance.now();
  const target = targetOf(engine, options.experimentId, options.config);
  const probe = target.probe!;
  // Refuse before anything is marked or spawned.
  if (!options.isTrusted()) throw new UntrustedWorkspaceError(probe.command);
  const map = { folderInEngineRoot: options.folderInEngineRoot ?? '' };
  const candidate: Candidate = resolveCandidate(engine, options.candidate, map);
  const plan = planExperiment(engine, target, options.budget, { alpha: options.alpha, config: options.config });
  const alpha = options.alpha ?? 0.05;
  // The folder's improvementThreshold when its config sets one, else the engine's (the VS Code setting).
  const threshold = plan.threshold;
  const noiseSd = engine.getNoise(target.name)?.sd;
  const guardCaps = options.config.capabilities.filter((c) => c.name !== target.name && c.probe !== null);
  const progress = (p: ExperimentProgress): void => { try { options.onProgress?.(p); } catch { /* a faulty listener must not stop the run */ } };
  engine.startExperiment(options.experimentId);

  const log: string[] = [];
  const evidence: ExperimentEvidence = {
    candidate: { kind: options.candidate.kind, description: describeCandidate(options.candidate),
      ...(options.candidate.kind === 'improvement' ? { improvementId: options.candidate.improvementId } : {}) },
    target: target.name, verdict: 'inconclusive', reason: '', effect: null, firstEffect: null, confirmed: false,
    samples: { baseline: [], candidate: [] }, sequential: null, guardrails: [], multiplicity: null, flips: [], tamperFlags: [], changedFiles: [],
    plan: { samplesPerArm: plan.samplesPerArm, maxSamplesPerArm: plan.maxSamplesPerArm, maxMinutes: plan.maxMinutes, expectedSeconds: plan.expectedSeconds, basis: plan.basis, warning: plan.warning },
    stopped: 'fixed', durationMs: 0, alpha, threshold, improvementIds: [], notProposed: [], log,
  };

  /** The target's runs with the sequential rule as the stopping rule; returns the samples and the rule's last answer. */
  const runTarget = async (stage: 'target' | 'confirmation'): Promise<{ ab: AbExperimentResult; seq: SequentialResult | null }> => {
    let seq: SequentialResult | null = null;
    const t0 = performance.now();
    const ab = await runAbExperiment({
      folder: options.folder, candidate, probe, samplesPerArm: plan.minSamplesPerArm, maxSamplesPerArm: plan.maxSamplesPerArm,
      warmupRuns: options.warmupRuns, signal: options.signal, isTrusted: options.isTrusted, killGraceMs: options.killGraceMs,
      shouldStop: (s) => {
        seq = sequentialDecision({
          baseline: s.baseline, candidate: s.candidate, direction: target.direction, threshold, alpha, noiseSd,
          minSamples: plan.minSamplesPerArm,
          budget: { maxSamplesPerArm: plan.maxSamplesPerArm, ...(plan.maxMinutes !== null ? { maxSeconds: plan.maxMinutes * 60 } : {}) },
          elapsedSeconds: (performance.now() - t0) / 1000,
        });
        return seq.decision !== 'continue';
      },
      onProgress: (p) => progress({ stage, capability: target.name, message: p.message, ab: p }),
    });
    log.push(...ab.log.map((l) => `[${stage}] ${l}`));
    return { ab, seq };
  };
  const targetInput = (ab: AbExperimentResult) => ({ name: target.name, direction: target.direction, baseline: ab.baseline, candidate: ab.candidate, threshold, unit: target.unit });

  try {
    // 1. the target
    const first = await runTarget('target');
    evidence.samples = { baseline: first.ab.baseline, candidate: first.ab.candidate };
    evidence.stopped = first.ab.stopped;
    evidence.changedFiles = first.ab.changedFiles;
    const seq = first.seq as SequentialResult | null;
    if (seq) evidence.sequential = { decision: seq.decision, reason: seq.reason, pValue: seq.pValue, interval: seq.interval };
    evidence.tamperFlags = tamperFlags({
      changedFiles: first.ab.changedFiles, configPath: CONFIG_FILE,
      probeCommand: [probe.command, ...guardCaps.map((c) => c.probe!.command)],
      evaluatorFiles: [target, ...guardCaps].flatMap((c) => c.evaluatorFiles),
    });
    if (first.ab.baselineCases && first.ab.candidateCases) {
      const m = mcnemarExact(combineCases(first.ab.baselineCases), combineCases(first.ab.candidateCases));
      evidence.flips.push({ capability: target.name, pValue: m.pValue, toFail: m.flippedToFail, toPass: m.flippedToPass, matched: m.matched });
    }
    let verdict = withSequential(decideVerdict({ target: targetInput(first.ab), alpha }), seq);

    // 2. guardrails: measured only when the target alone would succeed (otherwise they cannot change the
    // verdict), each with its own A/B run of the same candidate, as many runs per arm as the target had.
    const guardInputs: (GuardrailInput | PairedGuardrailInput)[] = [];
    const guardErrors: EvidenceGuardrail[] = [];
    const unjudged: string[] = [];
    if (verdict.verdict === 'success' && guardCaps.length > 0) {
      const runs = Math.max(plan.minSamplesPerArm, Math.min(first.ab.durationsMs.baseline.length, first.ab.durationsMs.candidate.length));
      for (const g of guardCaps) {
        const margin = { fraction: g.guardrail?.margin ?? DEFAULT_GUARDRAIL_MARGIN };
        try {
          const ab = await runAbExperiment({
            folder: options.folder, candidate, probe: g.probe!, samplesPerArm: runs, warmupRuns: options.warmupRuns,
            signal: options.signal, isTrusted: options.isTrusted, killGraceMs: options.killGraceMs,
            onProgress: (p) => progress({ stage: 'guardrail', capability: g.name, message: p.message, ab: p }),
          });
          log.push(...ab.log.map((l) => `[guardrail ${g.name}] ${l}`));
          if (ab.baselineCases && ab.candidateCases) {
            guardInputs.push({ name: g.name, baselineCases: combineCases(ab.baselineCases), candidateCases: combineCases(ab.candidateCases), margin });
          } else {
            guardInputs.push({ name: g.name, direction: g.direction, baseline: ab.baseline, candidate: ab.candidate, margin, unit: g.unit });
          }
        } catch (error) {
          if (!(error instanceof AbRunError)) throw error;
          if (error.arm === 'baseline') {
            // Its probe fails at HEAD too: the candidate is not to blame, and the capability cannot guard anything.
            unjudged.push(`${g.name} was not judged as a guardrail: its probe fails at HEAD (${error.message})`);
            continue;
          }
          // The candidate broke the guardrail's own probe: it certainly did not hold.
          guardErrors.push({ capability: g.name, passed: false, reason: `${g.name} could not be measured with the candidate: ${error.message}`,
            pValue: null, adjustedPValue: null, marginUnits: null, worseBy: 0, baselineMean: 0, candidateMean: 0, error: error.message });
        }
      }
      verdict = withSequential(decideVerdict({ target: targetInput(first.ab), guardrails: guardInputs, alpha }), seq);
      if (verdict.verdict === 'success' && guardErrors.length) {
        verdict = { ...verdict, verdict: 'refused', reason: `${verdict.reason.replace(/\.$/, '')} but ${guardErrors.map((g) => g.reason).join('; ')} — refused.` };
      }
    }
    const pValues = verdict.guardrails.map((g) => g.pValue);
    const adjusted = verdict.guardrails.length >= 2 && pValues.every((p) => p !== null)
      ? benjaminiHochberg(pValues as number[], alpha).adjusted : null;
    evidence.guardrails = [...verdict.guardrails.map((g, i): EvidenceGuardrail => {
      const input = guardInputs.find((x) => x.name === g.name);
      return {
        capability: g.name, passed: g.passed, reason: g.reason, pValue: g.pValue, adjustedPValue: adjusted ? adjusted[i] ?? null : null,
        marginUnits: g.marginUnits, worseBy: g.worseBy, baselineMean: g.baselineMean, candidateMean: g.candidateMean,
        ...('flips' in g ? { flips: { toFail: (g as { flips: { flippedToFail: string[] } }).flips.flippedToFail, toPass: (g as { flips: { flippedToPass: string[] } }).flips.flippedToPass } } : {}),
        ...(input && 'baseline' in input ? { samples: { baseline: [...input.baseline], candidate: [...input.candidate] } } : {}),
      };
    }), ...guardErrors];
    for (const g of guardInputs) {
      if (!('baselineCases' in g)) continue;
      const m = mcnemarExact(g.baselineCases, g.candidateCases);
      evidence.flips.push({ capability: g.name, pValue: m.pValue, toFail: m.flippedToFail, toPass: m.flippedToPass, matched: m.matched });
    }
    if (evidence.guardrails.length >= 2) {
      evidence.multiplicity = `Every one of the ${evidence.guardrails.length} guardrails must hold (an intersection–union test keeps its level without adjustment); Benjamini–Hochberg adjusted p-values are shown for information.`;
    }
    evidence.firstEffect = effectOf(verdict.target, target.unit);

    // 3. confirmation: a success is re-run on fresh samples; the effect shown is the confirmation's.
    let confirmation: VerdictResult | null = null;
    if (verdict.verdict === 'success') {
      const again = await runTarget('confirmation');
      evidence.samples.confirmation = { baseline: again.ab.baseline, candidate: again.ab.candidate };
      confirmation = withSequential(decideVerdict({ target: targetInput(again.ab), guardrails: guardInputs, alpha }), again.seq);
    }
    const confirmed = confirmVerdict(verdict, confirmation);
    const final: Verdict = confirmed.verdict;
    evidence.verdict = final;
    evidence.confirmed = confirmation !== null && final === 'success';
    evidence.effect = effectOf(confirmed.effect, target.unit);
    const flagNote = evidence.tamperFlags.length
      ? ` Flagged: the candidate changes ${evidence.tamperFlags.map((f) => f.file).join(', ')}, which belong to what measures it; it will never be applied automatically.`
      : '';
    evidence.reason = confirmed.reason + flagNote + (unjudged.length ? ` Note: ${unjudged.join('; ')}.` : '');

    // 4. proposals from a confirmed success (a pending improvement is already its own proposal).
    const improvements: CodeImprovement[] = [];
    if (final === 'success' && (candidate.kind === 'patch' || candidate.kind === 'files') && options.candidate.kind !== 'improvement') {
      const exp = engine.getExperiment(options.experimentId);
      // Against the files as the engine reads (and will apply to) them: unsaved editor text included.
      const { files, skipped } = await proposedFiles(engineFileReader(engine, map), candidate, evidence.changedFiles);
      evidence.notProposed.push(...skipped);
      const flagged = new Set(evidence.tamperFlags.map((f) => f.file));
      for (const f of files) {
        progress({ stage: 'proposal', capability: target.name, message: `proposing ${f.path}` });
        const input = {
          name: `${exp.name}: ${f.path}`, filePath: toEnginePath(map, f.path), newCode: f.content, experimentId: exp.id, proposedBy: 'experiment',
          description: flagged.has(f.path) ? `${evidence.reason} This file is itself flagged.` : evidence.reason,
        };
        try {
          // A flagged candidate waits for a person, whatever autoImprove says.
          improvements.push(await (evidence.tamperFlags.length ? engine.proposeForReview(input) : engine.applyImprovement(input)));
        } catch (error) {
          evidence.notProposed.push(`${f.path}: ${errorText(error)}`);
        }
      }
      evidence.improvementIds = improvements.map((i) => i.id);
    } else if (final === 'success' && options.candidate.kind === 'improvement') {
      evidence.improvementIds = [options.candidate.improvementId];
    }
    evidence.durationMs = performance.now() - started;
    const experiment = engine.recordExperimentResult(options.experimentId, {
      verdict: final, reason: evidence.reason, actualImprovement: confirmed.effect.relativeGain, evidence,
      measurement: measurementOf(confirmed.effect, confirmation ? { baseline: evidence.samples.confirmation!.baseline, candidate: evidence.samples.confirmation!.candidate } : evidence.samples,
        final, evidence.reason, threshold, alpha),
    });
    return { experiment, evidence, improvements: improvements.map((i) => engine.getImprovement(i.id)), plan };
  } catch (error) {
    evidence.durationMs = performance.now() - started;
    evidence.reason = errorText(error);
    try { engine.failExperiment(options.experimentId, errorText(error), evidence); } catch { /* keep the original error */ }
    throw error;
  }
}
