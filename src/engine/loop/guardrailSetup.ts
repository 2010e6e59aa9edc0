// Which declared capabilities guard an experiment, and how: pass/fail suites run first, once per arm
// (the cascade); the others are sampled interleaved with the target. Plus how a guardrail whose probe
// failed is judged.
import type { SelfImprovementApi } from '../api';
import type { ArmSeries, ExtraProbe } from '../ab/runAbExperiment';
import { type CapabilityConfig, SUITE_FORMATS } from '../config/types';
import { DEFAULT_GUARDRAIL_MARGIN } from '../config/parseConfig';
import { combineCases } from '../probes/combineCases';
import type { EvidenceFlips, EvidenceGuardrail } from '../types';
import { benjaminiHochberg } from '../verdicts/fdr';
import type { GuardrailResult } from '../verdicts/guardrail';
import { judgePairedGuardrail, type PairedGuardrailResult } from '../verdicts/pairedGuardrail';
import { priorFromNoise } from '../verdicts/paired';
import type { SequentialExperimentOptions } from '../verdicts/sequentialExperiment';

/**
 * A pass/fail suite deterministic enough to judge from one run per arm (the cascade). A suite marked
 * `"deterministic": false` (flaky) is not: it is sampled interleaved with the target, like a timing.
 */
export const isSuite = (c: CapabilityConfig): boolean => c.probe !== null && SUITE_FORMATS.has(c.probe.parse.format) && c.probe.deterministic !== false;

export const marginOf = (c: Pick<CapabilityConfig, 'guardrail'>): { fraction: number } => ({ fraction: c.guardrail?.margin ?? DEFAULT_GUARDRAIL_MARGIN });

export const extraProbe = (c: CapabilityConfig): ExtraProbe => ({ name: c.name, probe: c.probe! });

/** Every other declared capability with a probe guards the experiment. */
export function guardCapabilities(config: { capabilities: readonly CapabilityConfig[] }, target: string): { suites: CapabilityConfig[]; timed: CapabilityConfig[] } {
  const all = config.capabilities.filter((c) => c.name !== target && c.probe !== null);
  return { suites: all.filter(isSuite), timed: all.filter((c) => !isSuite(c)) };
}

export function timedGuardSpecs(engine: SelfImprovementApi, timed: readonly CapabilityConfig[]): NonNullable<SequentialExperimentOptions['guardrails']> {
  return timed.map((c) => ({ name: c.name, direction: c.direction, margin: marginOf(c), unit: c.unit, prior: priorFromNoise(engine.getNoise(c.name)) }));
}

/** A probe that failed in one arm: at HEAD it guards nothing (noted); with the candidate it certainly did not hold. */
export function failedProbe(name: string, error: { arm: 'baseline' | 'candidate'; message: string }): { unjudged: string } | { result: GuardrailResult } {
  if (error.arm === 'baseline') return { unjudged: `${name} was not judged as a guardrail: its probe fails at HEAD (${error.message})` };
  return { result: { name, status: 'broken', passed: false, worseBy: 0, worseByRelative: null, pValue: null, brokenPValue: null, baselineMean: 0, candidateMean: 0,
    marginUnits: null, reason: `${name} could not be measured with the candidate: ${error.message}` } };
}

/** The suites of the cascade, judged paired by case (McNemar's flips beside the margin test). */
export function judgeSuites(suites: readonly Pick<CapabilityConfig, 'name' | 'guardrail'>[], runs: Record<string, ArmSeries>): { results: GuardrailResult[]; unjudged: string[] } {
  const results: GuardrailResult[] = [];
  const unjudged: string[] = [];
  for (const c of suites) {
    const s = runs[c.name];
    if (!s) continue;
    if (s.error) {
      const f = failedProbe(c.name, s.error);
      if ('unjudged' in f) unjudged.push(f.unjudged); else results.push(f.result);
      continue;
    }
    if (!s.baselineCases || !s.candidateCases) { unjudged.push(`${c.name} was not judged as a guardrail: its probe listed no cases`); continue; }
    // Run once per arm, a suite is judged as deterministic: the observed drop is the drop. Otherwise a
    // small suite could never be shown to hold, and a fix that breaks no case would wait for samples
    // that cannot come (more runs of a deterministic suite repeat the same answer).
    results.push(judgePairedGuardrail({ name: c.name, baselineCases: combineCases(s.baselineCases), candidateCases: combineCases(s.candidateCases), margin: marginOf(c), deterministic: true }));
  }
  return { results, unjudged };
}

/** A guardrail's result as stored on the experiment (samples and flips when there are some). */
export function guardEvidence(g: GuardrailResult, series: ArmSeries | undefined, adjusted: number | null, error?: string): EvidenceGuardrail {
  const flips = 'flips' in g ? (g as { flips: { flippedToFail: string[]; flippedToPass: string[]; pValue: number } }).flips : null;
  return {
    capability: g.name, status: g.status, passed: g.passed, reason: g.reason, pValue: g.pValue, adjustedPValue: adjusted,
    marginUnits: g.marginUnits, worseBy: g.worseBy, baselineMean: g.baselineMean, candidateMean: g.candidateMean,
    ...(flips ? { flips: { toFail: flips.flippedToFail, toPass: flips.flippedToPass, mcnemarPValue: flips.pValue } } : {}),
    ...(series && !flips && series.perRun.baseline.length ? { samples: { baseline: [...series.perRun.baseline], candidate: [...series.perRun.candidate] } } : {}),
    ...(series ? { runsPerArm: Math.min(series.durationsMs.baseline.length, series.durationsMs.candidate.length) } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * The guardrails' answers as stored on the experiment: each with its samples or flips, Benjamini–Hochberg
 * adjusted p-values for information when there are several, a suite's McNemar flips, and the multiplicity note.
 */
export function guardrailsEvidence(results: readonly GuardrailResult[], seriesOf: (name: string) => ArmSeries | undefined, alpha: number):
  { guardrails: EvidenceGuardrail[]; flips: EvidenceFlips[]; multiplicity: string | null } {
  const pValues = results.map((g) => g.pValue);
  const adjusted = results.length >= 2 && pValues.every((p) => p !== null) ? benjaminiHochberg(pValues as number[], alpha).adjusted : null;
  const guardrails = results.map((g, i) => guardEvidence(g, seriesOf(g.name), adjusted ? adjusted[i] ?? null : null, seriesOf(g.name)?.error?.message));
  const flips: EvidenceFlips[] = [];
  for (const g of results) {
    if (!('flips' in g)) continue;
    const f = (g as PairedGuardrailResult).flips;
    flips.push({ capability: g.name, pValue: f.pValue, toFail: f.flippedToFail, toPass: f.flippedToPass, matched: f.matched });
  }
  const multiplicity = guardrails.length >= 2
    ? `Every one of the ${guardrails.length} guardrails must hold (an intersection–union test keeps its level without adjustment); Benjamini–Hochberg adjusted p-values are shown for information.`
    : null;
  return { guardrails, flips, multiplicity };
}
