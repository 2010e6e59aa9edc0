// One sampling phase of an experiment: the suites of the cascade once per arm, then target and
// guardrail pairs interleaved under the sequential paired rule until it stops (or the budget ends).
import { performance } from 'node:perf_hooks';
import type { SelfImprovementApi } from '../api';
import { runAbExperiment, type AbExperimentResult, type AbProgress, type Candidate } from '../ab/runAbExperiment';
import type { CapabilityConfig } from '../config/types';
import { type ConfirmationPlan, judgeConfirmation, planConfirmation } from '../verdicts/confirm';
import type { VerdictResult } from '../verdicts/decide';
import type { GuardrailResult } from '../verdicts/guardrail';
import { priorFromNoise } from '../verdicts/paired';
import { SequentialExperiment, type Look } from '../verdicts/sequentialExperiment';
import type { ExperimentPlan } from './plan';
import { extraProbe, failedProbe, judgeSuites, timedGuardSpecs } from './guardrailSetup';

export interface PhaseOptions {
  engine: SelfImprovementApi;
  folder: string;
  candidate: Candidate;
  target: CapabilityConfig;
  threshold: number;
  alpha: number;
  plan: ExperimentPlan;
  /** Pass/fail suites run once per arm first; a broken one ends the phase before any timing run. */
  suites: readonly CapabilityConfig[];
  /** Guardrails sampled interleaved with the target. */
  timed: readonly CapabilityConfig[];
  isTrusted: () => boolean;
  signal?: AbortSignal;
  warmupRuns?: number;
  killGraceMs?: number;
  onProgress: (p: AbProgress) => void;
}

export interface PhaseResult {
  ab: AbExperimentResult;
  look: Look;
  /** Guardrails judged outside the rule: suites of the cascade, probes that broke with the candidate. */
  settled: GuardrailResult[];
  /** Guardrails that could not be judged (their probe fails at HEAD), in words. */
  unjudged: string[];
}

/** The target as the verdict modules see it: direction, threshold, and the A/A calibration as a variance prior. */
function targetSpec(o: Pick<PhaseOptions, 'engine' | 'target' | 'threshold'>) {
  const prior = priorFromNoise(o.engine.getNoise(o.target.name));
  return { name: o.target.name, direction: o.target.direction, threshold: { fraction: o.threshold }, unit: o.target.unit, ...(prior ? { prior } : {}) };
}

/** After a first-run success of `firstPairs` pairs: how many fresh pairs confirm it. */
export function confirmationPlanFor(o: Pick<PhaseOptions, 'engine' | 'target' | 'threshold' | 'alpha' | 'plan'>, firstPairs: number): ConfirmationPlan {
  return planConfirmation(targetSpec(o), firstPairs, o.alpha, o.plan.maxSamplesPerArm);
}

/** The confirmation: the plan's fixed number of fresh target pairs (no guardrails, no early stop), judged by judgeConfirmation. */
export async function confirmPhase(o: Omit<PhaseOptions, 'suites' | 'timed'>, confirmation: ConfirmationPlan): Promise<{ ab: AbExperimentResult; verdict: VerdictResult }> {
  const ab = await runAbExperiment({
    folder: o.folder, candidate: o.candidate, probe: o.target.probe!, samplesPerArm: confirmation.pairs,
    warmupRuns: o.warmupRuns, signal: o.signal, isTrusted: o.isTrusted, killGraceMs: o.killGraceMs, onProgress: o.onProgress,
  });
  return { ab, verdict: judgeConfirmation(targetSpec(o), ab.target.perRun, confirmation, o.alpha) };
}

export async function samplePhase(o: PhaseOptions): Promise<PhaseResult> {
  const settled: GuardrailResult[] = [];
  const unjudged: string[] = [];
  const seq = new SequentialExperiment({
    target: targetSpec(o),
    guardrails: timedGuardSpecs(o.engine, o.timed), settled, alpha: o.alpha, minSamples: o.plan.minSamplesPerArm, maxSamplesPerArm: o.plan.maxSamplesPerArm,
    ...(o.plan.maxMinutes !== null ? { maxSeconds: o.plan.maxMinutes * 60 } : {}),
  });
  const handled = new Set<string>();
  let t0 = performance.now();
  const ab = await runAbExperiment({
    folder: o.folder, candidate: o.candidate, probe: o.target.probe!, samplesPerArm: o.plan.minSamplesPerArm, maxSamplesPerArm: o.plan.maxSamplesPerArm,
    warmupRuns: o.warmupRuns, signal: o.signal, isTrusted: o.isTrusted, killGraceMs: o.killGraceMs, onProgress: o.onProgress,
    gates: o.suites.map(extraProbe),
    afterGates: (runs) => {
      const judged = judgeSuites(o.suites, runs);
      settled.push(...judged.results);
      unjudged.push(...judged.unjudged);
      t0 = performance.now(); // the time budget is for the timing runs
      return judged.results.some((g) => g.status === 'broken');
    },
    guards: o.timed.map(extraProbe),
    shouldStop: (s) => {
      for (const [name, series] of Object.entries(s.guards)) {
        if (!series.error || handled.has(name)) continue;
        handled.add(name);
        const f = failedProbe(name, series.error);
        if ('unjudged' in f) { unjudged.push(f.unjudged); seq.settleGuardrail(name, null); } else seq.settleGuardrail(name, f.result);
      }
      const look = seq.look({
        target: s.target.perRun,
        guardrails: Object.fromEntries(Object.entries(s.guards).map(([name, series]) => [name, series.perRun])),
      }, (performance.now() - t0) / 1000);
      return { stop: look.stop, target: look.next.target, guards: look.next.guardrails };
    },
  });
  // Stopped by the cascade (or without a look): one look at what there is gives the verdict.
  const look = seq.latest?.stop ? seq.latest : seq.look({ target: ab.target.perRun }, Infinity);
  return { ab, look, settled, unjudged };
}
