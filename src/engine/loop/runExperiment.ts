// One experiment end to end: plan, A/B runs with sequential stopping, guardrails, paired pass/fail
// comparison, tamper flags, the verdict, a confirmation run on fresh samples, the record on the
// experiment, and proposals for a confirmed success. Adapters call this and render what it returns.
import { performance } from 'node:perf_hooks';
import type { SelfImprovementApi } from '../api';
import type { AbExperimentResult, AbProgress, Candidate } from '../ab/runAbExperiment';
import { CONFIG_FILE, type CapabilityConfig, type SelfImprovementConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import { ProbeCancelledError, UntrustedWorkspaceError } from '../probes/errors';
import { combineCases } from '../probes/combineCases';
import type { CodeImprovement, Experiment, ExperimentEvidence, RunMoreSamples, Verdict } from '../types';
import type { VerdictResult } from '../verdicts/decide';
import { mcnemarExact } from '../verdicts/mcnemar';
import { confirmVerdict } from '../verdicts/confirm';
import { noiseChecks } from '../verdicts/noiseChecks';
import { lookDecision, type Look } from '../verdicts/sequentialExperiment';
import { tamperFlags } from '../verdicts/tamper';
import { describeCandidate, engineFileReader, proposedFiles, resolveCandidate, toEnginePath, type LoopCandidate } from './candidates';
import { effectOf, measurementOf } from './evidence';
import { guardCapabilities, guardrailsEvidence } from './guardrailSetup';
import { planExperiment, type ExperimentBudget, type ExperimentPlan } from './plan';
import { confirmPhase, confirmationPlanFor, samplePhase } from './sampling';

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

/** Runs per arm each capability took in a phase. */
function runsOf(ab: AbExperimentResult): { target: number; guardrails: Record<string, number> } {
  const per = (s: { durationsMs: { baseline: number[]; candidate: number[] } }): number => Math.min(s.durationsMs.baseline.length, s.durationsMs.candidate.length);
  return { target: per(ab.target), guardrails: Object.fromEntries([...Object.entries(ab.gates), ...Object.entries(ab.guards)].map(([n, s]) => [n, per(s)])) };
}

/** A verdict's reason with what the approver must also know: tamper flags, guardrails that could not be judged. */
export function withNotes(reason: string, flags: readonly { file: string }[], unjudged: readonly string[]): string {
  const flagNote = flags.length
    ? ` Flagged: the candidate changes ${flags.map((f) => f.file).join(', ')}, which belong to what measures it; it will never be applied automatically.`
    : '';
  return reason + flagNote + (unjudged.length ? ` Note: ${unjudged.join('; ')}.` : '');
}

/** The target's always-valid look as stored on the experiment (a distributed run stores its own the same way). */
export function sequentialOf(look: Look): ExperimentEvidence['sequential'] {
  const t = look.target;
  const decision = lookDecision(look);
  const reason = t.estimate
    ? `${t.pairs} pairs; gain ${t.estimate.estimate.toPrecision(3)}, always-valid interval [${t.interval[0].toPrecision(3)}, ${t.interval[1].toPrecision(3)}], threshold ${t.thresholdUnits.toPrecision(3)}: ${t.state}.`
    : `${t.pairs} pairs: too few for a look.`;
  return { decision, reason, pValue: t.pValue, interval: t.interval };
}

/** The candidate as a later run can measure it again: a working-tree candidate is what the tree holds then. */
function storedCandidate(asGiven: LoopCandidate, resolved: Candidate): RunMoreSamples['candidate'] {
  if (asGiven.kind === 'improvement') return asGiven;
  return resolved;
}

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
  const { suites, timed } = guardCapabilities(options.config, target.name);
  const guardCaps = [...suites, ...timed];
  const progress = (p: ExperimentProgress): void => { try { options.onProgress?.(p); } catch { /* a faulty listener must not stop the run */ } };
  engine.startExperiment(options.experimentId);

  const log: string[] = [];
  const evidence: ExperimentEvidence = {
    candidate: { kind: options.candidate.kind, description: describeCandidate(options.candidate),
      ...(options.candidate.kind === 'improvement' ? { improvementId: options.candidate.improvementId } : {}) },
    target: target.name, verdict: 'inconclusive', reason: '', effect: null, firstEffect: null, confirmed: false,
    samples: { baseline: [], candidate: [] }, sequential: null, guardrails: [], multiplicity: null, flips: [], tamperFlags: [], changedFiles: [],
    plan: { samplesPerArm: plan.samplesPerArm, maxSamplesPerArm: plan.maxSamplesPerArm, maxMinutes: plan.maxMinutes, expectedSeconds: plan.expectedSeconds, basis: plan.basis, warning: plan.warning },
    stopped: 'rule', runs: { target: 0, guardrails: {} }, noise: [], runMore: null, durationMs: 0, alpha, threshold, improvementIds: [], notProposed: [], log,
  };
  const phaseBase = (stage: 'target' | 'confirmation') => ({
    engine, folder: options.folder, candidate, target, threshold, alpha, plan,
    isTrusted: options.isTrusted, signal: options.signal, warmupRuns: options.warmupRuns, killGraceMs: options.killGraceMs,
    onProgress: (p: AbProgress) => {
      const g = guardCaps.find((c) => p.message.startsWith(`${c.name}: `));
      progress({ stage: g ? 'guardrail' : stage, capability: g?.name ?? target.name, message: p.message, ab: p });
    },
  });

  try {
    // 1. the cascade (suites once per arm), then target and timing guardrails interleaved, one rule, one budget.
    const first = await samplePhase({ ...phaseBase('target'), suites, timed });
    log.push(...first.ab.log.map((l) => `[target] ${l}`));
    evidence.samples = { baseline: first.ab.baseline, candidate: first.ab.candidate };
    evidence.stopped = first.look.stopped ?? 'budget';
    evidence.changedFiles = first.ab.changedFiles;
    evidence.runs = runsOf(first.ab);
    evidence.sequential = sequentialOf(first.look);
    evidence.noise = [target, ...timed].flatMap((c) => {
      const s = c.name === target.name ? first.ab.target : first.ab.guards[c.name];
      return s ? noiseChecks({ name: c.name, baseline: s.perRun.baseline, candidate: s.perRun.candidate, unit: c.unit }) : [];
    });
    evidence.tamperFlags = tamperFlags({
      changedFiles: first.ab.changedFiles, configPath: CONFIG_FILE,
      probeCommand: [probe.command, ...guardCaps.map((c) => c.probe!.command)],
      evaluatorFiles: [target, ...guardCaps].flatMap((c) => c.evaluatorFiles),
    });
    if (first.ab.baselineCases && first.ab.candidateCases) {
      const m = mcnemarExact(combineCases(first.ab.baselineCases), combineCases(first.ab.candidateCases));
      evidence.flips.push({ capability: target.name, pValue: m.pValue, toFail: m.flippedToFail, toPass: m.flippedToPass, matched: m.matched });
    }
    const verdict = first.look.verdict!;
    const judged = guardrailsEvidence(verdict.guardrails, (name) => first.ab.guards[name] ?? first.ab.gates[name], alpha);
    evidence.guardrails = judged.guardrails;
    evidence.flips.push(...judged.flips);
    evidence.multiplicity = judged.multiplicity;
    evidence.firstEffect = effectOf(verdict.target, target.unit);

    // 2. confirmation (the winner's-curse guard): a short fixed run of fresh target pairs that must agree.
    let confirmation: VerdictResult | null = null;
    if (verdict.verdict === 'success') {
      const needs = confirmationPlanFor({ engine, target, threshold, alpha, plan }, first.ab.target.perRun.baseline.length);
      progress({ stage: 'confirmation', capability: target.name, message: `confirming: ${needs.reason}` });
      const again = await confirmPhase(phaseBase('confirmation'), needs);
      log.push(`[confirmation] ${needs.reason}`, ...again.ab.log.map((l) => `[confirmation] ${l}`));
      evidence.samples.confirmation = { baseline: again.ab.baseline, candidate: again.ab.candidate };
      evidence.runs.target += again.ab.target.perRun.baseline.length;
      confirmation = { ...again.verdict, guardrails: verdict.guardrails };
    }
    const confirmed = confirmVerdict(verdict, confirmation);
    const final: Verdict = confirmed.verdict;
    evidence.verdict = final;
    evidence.confirmed = confirmation !== null && final === 'success';
    evidence.effect = effectOf(confirmed.effect, target.unit);
    const open = (confirmation ?? verdict).more;
    if (final === 'inconclusive' && open) {
      evidence.runMore = { candidate: storedCandidate(options.candidate, candidate), capability: target.name, maxSamplesPerArm: plan.maxSamplesPerArm * 2, open, reason: confirmed.reason };
    }
    evidence.reason = withNotes(confirmed.reason, evidence.tamperFlags, first.unjudged);

    // 4. proposals from a confirmed success (a pending improvement is already its own proposal).
    const improvements = final === 'success'
      ? await proposeFromSuccess(engine, { experimentId: options.experimentId, asGiven: options.candidate, candidate, evidence, map, onProposing: (file) => progress({ stage: 'proposal', capability: target.name, message: `proposing ${file}` }) })
      : [];
    evidence.durationMs = performance.now() - started;
    const experiment = engine.recordExperimentResult(options.experimentId, {
      verdict: final, reason: evidence.reason, actualImprovement: confirmed.effect.relativeGain, evidence,
      measurement: measurementOf(confirmed.effect, evidence.samples.confirmation ?? evidence.samples, final, evidence.reason, threshold, alpha),
    });
    return { experiment, evidence, improvements: improvements.map((i) => engine.getImprovement(i.id)), plan };
  } catch (error) {
    evidence.durationMs = performance.now() - started;
    if (error instanceof ProbeCancelledError) evidence.stopped = 'cancel';
    evidence.reason = errorText(error);
    try { engine.failExperiment(options.experimentId, errorText(error), evidence); } catch { /* keep the original error */ }
    throw error;
  }
}

/**
 * The proposals a confirmed success makes, one per changed file (against the files as the engine reads
 * them: unsaved editor text included), recorded on the evidence; a flagged candidate waits for a person
 * whatever autoImprove says. A distributed run (src/team) makes its proposals through this too.
 */
export async function proposeFromSuccess(engine: SelfImprovementApi, o: {
  experimentId: number; asGiven: LoopCandidate; candidate: Candidate; evidence: ExperimentEvidence; map: { folderInEngineRoot: string }; onProposing?: (file: string) => void;
}): Promise<CodeImprovement[]> {
  const { evidence, candidate } = o;
  if (o.asGiven.kind === 'improvement') {
    evidence.improvementIds = [o.asGiven.improvementId];
    return [];
  }
  if (candidate.kind !== 'patch' && candidate.kind !== 'files') return [];
  const exp = engine.getExperiment(o.experimentId);
  const { files, skipped } = await proposedFiles(engineFileReader(engine, o.map), candidate, evidence.changedFiles);
  evidence.notProposed.push(...skipped);
  const flagged = new Set(evidence.tamperFlags.map((f) => f.file));
  const improvements: CodeImprovement[] = [];
  for (const f of files) {
    o.onProposing?.(f.path);
    const input = {
      name: `${exp.name}: ${f.path}`, filePath: toEnginePath(o.map, f.path), newCode: f.content, experimentId: exp.id, proposedBy: 'experiment',
      description: flagged.has(f.path) ? `${evidence.reason} This file is itself flagged.` : evidence.reason,
    };
    try {
      improvements.push(await (evidence.tamperFlags.length ? engine.proposeForReview(input) : engine.applyImprovement(input)));
    } catch (error) {
      evidence.notProposed.push(`${f.path}: ${errorText(error)}`);
    }
  }
  evidence.improvementIds = improvements.map((i) => i.id);
  return improvements;
}
