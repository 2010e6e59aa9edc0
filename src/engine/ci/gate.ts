// The pull-request gate: every declared capability with a probe is a guardrail of HEAD against a base
// revision. Each is measured in both trees (interleaved A B A B, scratch worktrees) and judged with the
// engine's non-inferiority tests: `held` (shown within its margin), `broken` (shown worse beyond it) or
// `unknown` (not enough evidence either way at the budget). A fixed number of runs per arm, judged once:
// no optional stopping, so each test keeps its level.
import { performance } from 'node:perf_hooks';
import type { SelfImprovementApi } from '../api';
import { AbRunError } from '../ab/errors';
import { runAbExperiment, type AbProgress } from '../ab/runAbExperiment';
import { DEFAULT_GUARDRAIL_MARGIN } from '../config/parseConfig';
import type { CapabilityConfig, SelfImprovementConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import { combineCases } from '../probes/combineCases';
import type { Direction } from '../types';
import { judgeGuardrail } from '../verdicts/guardrail';
import { judgePairedGuardrail } from '../verdicts/pairedGuardrail';
import { headCommit, patchFromHeadTo, resolveRevision } from './revisions';

/** Runs per arm when neither the caller nor a calibration says otherwise. */
export const DEFAULT_GATE_RUNS = 8;
/** Engine metadata key of the last gate result (the report shows it). */
export const GATE_METADATA_KEY = 'ci.gate.last';

export type GateStatus = 'held' | 'broken' | 'unknown';

export interface GateCapabilityResult {
  capability: string;
  unit: string;
  direction: Direction;
  status: GateStatus;
  reason: string;
  /** Mean at the base revision and at HEAD. */
  baseMean: number | null;
  headMean: number | null;
  marginUnits: number | null;
  /** One-sided p of "HEAD worse by at least the margin" (small: held), and its mirror (small: broken). */
  pValue: number | null;
  brokenPValue: number | null;
  samples: { base: number[]; head: number[] };
  /** Pass/fail suites: the cases that flipped from the base to HEAD. */
  flips?: { toFail: string[]; toPass: string[] };
  error?: string;
}

export interface GateResult {
  base: string;
  baseCommit: string;
  headCommit: string;
  /** `fail`: a capability is shown worse beyond its margin; `unknown`: none is, but some are not shown to hold; `pass`: all held. */
  outcome: 'pass' | 'fail' | 'unknown';
  summary: string;
  capabilities: GateCapabilityResult[];
  runsPerArm: number;
  alpha: number;
  durationMs: number;
  at: string;
}

export interface GateProgress {
  capability: string;
  /** 0-based index of the capability and how many there are. */
  index: number;
  of: number;
  message: string;
  ab?: AbProgress;
}

export interface GateOptions {
  folder: string;
  /** The base revision (branch, tag, commit) HEAD is compared with. */
  base: string;
  config: SelfImprovementConfig;
  isTrusted: () => boolean;
  /** Runs per arm for every capability. Default DEFAULT_GATE_RUNS. */
  runsPerArm?: number;
  /** One-sided level of each test. Default 0.05. */
  alpha?: number;
  /** Only these capabilities (default: every one with a probe). */
  capabilities?: string[];
  signal?: AbortSignal;
  onProgress?: (p: GateProgress) => void;
  now?: () => Date;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The guardrails to gate on: every declared capability with a probe (or the named ones, each checked). */
export function gateCapabilities(config: SelfImprovementConfig, names?: readonly string[]): CapabilityConfig[] {
  const probed = config.capabilities.filter((c) => c.probe !== null);
  if (!names?.length) {
    if (!probed.length) throw new InvalidInputError('No capability in the config file has a probe, so the gate has nothing to measure. Declare one with a "probe" first.');
    return probed;
  }
  return names.map((n) => {
    const cap = config.capabilities.find((c) => c.name === n);
    if (!cap) throw new InvalidInputError(`${n} is not declared in the config file. Declared: ${config.capabilities.map((c) => c.name).join(', ') || 'none'}.`);
    if (!cap.probe) throw new InvalidInputError(`${n} has no probe, so the gate cannot measure it.`);
    return cap;
  });
}

function overall(caps: readonly GateCapabilityResult[]): GateResult['outcome'] {
  if (caps.some((c) => c.status === 'broken')) return 'fail';
  return caps.every((c) => c.status === 'held') ? 'pass' : 'unknown';
}

function summaryOf(outcome: GateResult['outcome'], caps: readonly GateCapabilityResult[], base: string): string {
  const names = (s: GateStatus): string => caps.filter((c) => c.status === s).map((c) => c.capability).join(', ');
  if (outcome === 'fail') return `HEAD is worse than ${base} beyond the margin on ${names('broken')}.`;
  if (outcome === 'unknown') return `No capability is shown worse than ${base}, but ${names('unknown')} ${caps.filter((c) => c.status === 'unknown').length === 1 ? 'is' : 'are'} not shown to hold at this budget (more runs, or calibrate the noise).`;
  return `Every capability held against ${base} (${caps.map((c) => c.capability).join(', ')}).`;
}

async function gateOne(cap: CapabilityConfig, patch: string, options: GateOptions, runs: number, alpha: number,
  progress: (message: string, ab?: AbProgress) => void): Promise<GateCapabilityResult> {
  const probe = cap.probe!;
  const margin = { fraction: cap.guardrail?.margin ?? DEFAULT_GUARDRAIL_MARGIN };
  const empty = { capability: cap.name, unit: cap.unit, direction: cap.direction, baseMean: null, headMean: null, marginUnits: null, pValue: null, brokenPValue: null, samples: { base: [], head: [] } };
  let ab;
  try {
    // The runner's baseline arm is HEAD, its candidate arm HEAD + (HEAD → base) = the base revision.
    ab = await runAbExperiment({
      folder: options.folder, candidate: { kind: 'patch', patch }, probe, samplesPerArm: runs, isTrusted: options.isTrusted, signal: options.signal,
      onProgress: (p) => progress(p.message.replace(/\bbaseline\b/g, 'HEAD').replace(/\bcandidate\b/g, 'base'), p),
    });
  } catch (error) {
    if (!(error instanceof AbRunError)) throw error;
    if (error.arm === 'baseline') {
      return { ...empty, status: 'broken', reason: `${cap.name}: its probe fails at HEAD but not at ${options.base}: ${error.message}`, error: error.message };
    }
    return { ...empty, status: 'unknown', reason: `${cap.name}: its probe fails at ${options.base} (new in this change?), so nothing can be compared: ${error.message}`, error: error.message };
  }
  const base = ab.candidate;
  const head = ab.baseline;
  const samples = { base: [...base], head: [...head] };
  if (ab.baselineCases && ab.candidateCases) {
    const r = judgePairedGuardrail({ name: cap.name, baselineCases: combineCases(ab.candidateCases), candidateCases: combineCases(ab.baselineCases), margin, alpha });
    return { ...empty, status: r.status, reason: r.reason, baseMean: r.baselineMean, headMean: r.candidateMean, marginUnits: r.marginUnits, pValue: r.pValue,
      brokenPValue: r.brokenPValue, samples, flips: { toFail: r.flips.flippedToFail, toPass: r.flips.flippedToPass } };
  }
  const r = judgeGuardrail({ name: cap.name, direction: cap.direction, baseline: base, candidate: head, margin, alpha, unit: cap.unit });
  return { ...empty, status: r.status, reason: r.reason, baseMean: mean(base), headMean: mean(head), marginUnits: r.marginUnits, pValue: r.pValue, brokenPValue: r.brokenPValue, samples };
}

/** Measures HEAD against `options.base` on every guardrail. With an engine, the result is kept for the report. */
export async function runGate(engine: SelfImprovementApi | null, options: GateOptions): Promise<GateResult> {
  const started = performance.now();
  const alpha = options.alpha ?? 0.05;
  const runs = options.runsPerArm ?? DEFAULT_GATE_RUNS;
  if (!Number.isInteger(runs) || runs < 2) throw new InvalidInputError(`The gate needs at least 2 runs per arm to judge anything (got ${runs}).`);
  const caps = gateCapabilities(options.config, options.capabilities);
  const baseCommit = await resolveRevision(options.folder, options.base);
  const head = await headCommit(options.folder);
  const patch = await patchFromHeadTo(options.folder, options.base);
  const results: GateCapabilityResult[] = [];
  for (const [index, cap] of caps.entries()) {
    const progress = (message: string, ab?: AbProgress): void => {
      try { options.onProgress?.({ capability: cap.name, index, of: caps.length, message, ab }); } catch { /* a faulty listener must not stop the gate */ }
    };
    if (patch.trim() === '') {
      results.push({ capability: cap.name, unit: cap.unit, direction: cap.direction, status: 'held', reason: `${cap.name}: HEAD has the same files as ${options.base}; nothing to compare.`,
        baseMean: null, headMean: null, marginUnits: null, pValue: null, brokenPValue: null, samples: { base: [], head: [] } });
      continue;
    }
    progress(`measuring ${cap.name} at HEAD and at ${options.base}, ${runs} runs each`);
    results.push(await gateOne(cap, patch, options, runs, alpha, progress));
  }
  const outcome = overall(results);
  const result: GateResult = {
    base: options.base, baseCommit, headCommit: head, outcome, summary: summaryOf(outcome, results, options.base), capabilities: results,
    runsPerArm: runs, alpha, durationMs: performance.now() - started, at: (options.now?.() ?? new Date()).toISOString(),
  };
  if (engine && !engine.readOnly) {
    try { engine.setMetadata(GATE_METADATA_KEY, result); } catch (error) { result.summary += ` (Not stored: ${errorText(error)})`; }
  }
  return result;
}

/** The last gate result stored in the database, if any. */
export function lastGate(engine: SelfImprovementApi): GateResult | null {
  return engine.getMetadata<GateResult>(GATE_METADATA_KEY);
}
