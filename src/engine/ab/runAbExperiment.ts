// Baseline (HEAD) against candidate (HEAD + change), each in its own scratch copy, runs interleaved
// A B A B so drift of the machine hits both arms alike. Returns samples; the engine's statistics
// decide the verdict. The scratch copies are always removed, and the user's files are never written.
import { performance } from 'node:perf_hooks';
import { ProbeCancelledError, UntrustedWorkspaceError } from '../probes/errors';
import { runProbeOnce } from '../probes/measureProbe';
import type { CaseResult, ProbeSpec } from '../probes/types';
import { prepareArms, type ArmName } from './arms';
import { applyCandidate, changedFiles, type Candidate } from './candidate';
import { AbRunError, AbSetupError } from './errors';

export type { Candidate } from './candidate';

export interface AbProgress {
  phase: 'setup' | 'warmup' | 'run' | 'cleanup';
  arm?: ArmName;
  /** 0-based run index within the arm, and runs per arm. */
  index?: number;
  of?: number;
  value?: number;
  message: string;
}

export interface AbExperimentOptions {
  folder: string;
  candidate: Candidate;
  probe: ProbeSpec;
  /** Runs per arm (each run may give several values with hyperfine `times`); the minimum when `shouldStop` is given. */
  samplesPerArm: number;
  /**
   * Sequential sampling: after each A/B pair from `samplesPerArm` on, the engine's stopping rule sees
   * the samples so far and says whether the answer is clear. Runs go on up to `maxSamplesPerArm`.
   */
  shouldStop?: (samples: { baseline: readonly number[]; candidate: readonly number[] }) => boolean;
  /** Budget for sequential sampling. Default `samplesPerArm` (fixed size). */
  maxSamplesPerArm?: number;
  /** Unrecorded runs of each arm first (caches, JIT, compilation). Default 0. */
  warmupRuns?: number;
  signal?: AbortSignal;
  isTrusted: () => boolean;
  onProgress?: (progress: AbProgress) => void;
  /** Environment under the probe's own (e.g. the config file's defaults.env). */
  env?: Record<string, string>;
  /** Ignored folders linked into the arms instead of being absent. Default ['node_modules']. */
  linkDirs?: string[];
  killGraceMs?: number;
}

export interface AbExperimentResult {
  baseline: number[];
  candidate: number[];
  baselineCases?: CaseResult[][];
  candidateCases?: CaseResult[][];
  durationsMs: { baseline: number[]; candidate: number[] };
  /** What the candidate changes, relative to the folder (for tamper checks against evaluator files). */
  changedFiles: string[];
  mode: 'git-clone' | 'copy';
  /** `fixed`: ran samplesPerArm; `rule`: shouldStop said the answer is clear; `budget`: maxSamplesPerArm reached first. */
  stopped: 'fixed' | 'rule' | 'budget';
  totalMs: number;
  log: string[];
}

export async function runAbExperiment(options: AbExperimentOptions): Promise<AbExperimentResult> {
  const started = performance.now();
  const lines: string[] = [];
  const log = (line: string): void => { lines.push(line); };
  const progress = (p: AbProgress): void => { log(p.message); options.onProgress?.(p); };
  // git itself can run repository-configured programs, so trust is checked before anything runs.
  if (!options.isTrusted()) throw new UntrustedWorkspaceError(options.probe.command);
  if (options.signal?.aborted) throw new ProbeCancelledError(options.probe.command);
  const n = Math.max(1, Math.floor(options.samplesPerArm));
  const max = options.shouldStop ? Math.max(n, Math.floor(options.maxSamplesPerArm ?? n)) : n;

  progress({ phase: 'setup', message: `preparing baseline and candidate for ${options.folder}` });
  let arms;
  try {
    arms = await prepareArms({ folder: options.folder, linkDirs: options.linkDirs ?? ['node_modules'], log });
  } catch (error) {
    if (error instanceof AbSetupError) throw error;
    throw new AbSetupError(`Could not prepare the experiment: ${(error as Error).message}`, lines);
  }
  const result: AbExperimentResult = {
    baseline: [], candidate: [], durationsMs: { baseline: [], candidate: [] }, changedFiles: [], mode: arms.mode, stopped: 'fixed', totalMs: 0, log: lines,
  };
  try {
    await applyCandidate(options.candidate, arms, log, lines);
    result.changedFiles = await changedFiles(options.candidate, arms);
    log(`candidate changes: ${result.changedFiles.length ? result.changedFiles.join(', ') : 'none (identical to the baseline)'}`);

    const runArm = async (arm: ArmName, index: number, warmup: boolean): Promise<void> => {
      try {
        const sample = await runProbeOnce(options.probe, {
          cwd: arms.folders[arm], isTrusted: options.isTrusted, signal: options.signal, killGraceMs: options.killGraceMs,
          env: { ...options.env, SELF_IMPROVEMENT_ARM: arm },
        });
        if (warmup) {
          progress({ phase: 'warmup', arm, message: `${arm} warm-up run: ${sample.values.join(', ')}` });
          return;
        }
        result[arm].push(...sample.values);
        result.durationsMs[arm].push(sample.durationMs);
        if (sample.cases) ((arm === 'baseline' ? (result.baselineCases ??= []) : (result.candidateCases ??= []))).push(sample.cases);
        progress({ phase: 'run', arm, index, of: max, value: sample.values[sample.values.length - 1], message: `${arm} run ${index + 1}/${max}: ${sample.values.join(', ')}` });
      } catch (error) {
        if (error instanceof ProbeCancelledError || error instanceof UntrustedWorkspaceError) throw error;
        throw new AbRunError(`The ${arm} ${warmup ? 'warm-up run' : `run ${index + 1}`} failed: ${(error as Error).message}`, arm, error,
          { baseline: [...result.baseline], candidate: [...result.candidate] }, lines);
      }
    };
    for (let w = 0; w < (options.warmupRuns ?? 0); w++) {
      await runArm('baseline', w, true);
      await runArm('candidate', w, true);
    }
    for (let i = 0; i < max; i++) {
      await runArm('baseline', i, false);
      await runArm('candidate', i, false);
      if (options.shouldStop && i + 1 >= n) {
        if (options.shouldStop({ baseline: result.baseline, candidate: result.candidate })) {
          result.stopped = 'rule';
          log(`stopping rule satisfied after ${i + 1} run(s) per arm`);
          break;
        }
        if (i + 1 === max) { result.stopped = 'budget'; log(`budget of ${max} run(s) per arm spent`); }
      }
    }
    return result;
  } finally {
    progress({ phase: 'cleanup', message: 'removing the experiment\'s scratch copies' });
    // A failure to clean up is logged, never allowed to hide the experiment's own outcome.
    try { await arms.dispose(); } catch (error) { log(`cleanup failed: ${(error as Error).message}`); }
    result.totalMs = performance.now() - started;
  }
}
