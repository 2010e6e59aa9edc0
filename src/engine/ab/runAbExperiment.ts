// Baseline (HEAD) against candidate (HEAD + change), each in its own scratch copy, runs interleaved
// A B A B so drift of the machine hits both arms alike. Returns samples; the engine's statistics
// decide the verdict. The scratch copies are always removed, and the user's files are never written.
import { performance } from 'node:perf_hooks';
import { ProbeCancelledError, UntrustedWorkspaceError } from '../probes/errors';
import { runProbeOnce } from '../probes/measureProbe';
import type { CaseResult, ProbeSpec } from '../probes/types';
import { prepareArms, type ArmName } from './arms';
import { applyCandidate, changedFiles, pinFiles, type Candidate } from './candidate';
import { CONFIG_FILE } from '../config/types';
import { AbRunError, AbSetupError } from './errors';
import { emptySeries, record, type ArmSeries } from './series';

export type { Candidate } from './candidate';
export type { ArmSeries } from './series';

/** Another capability measured in the same arms: a guardrail. */
export interface ExtraProbe {
  name: string;
  probe: ProbeSpec;
}

/** What a sequential rule sees after each pair, and what it answers. */
export interface AbLook {
  baseline: readonly number[];
  candidate: readonly number[];
  /** Per-run values of the target (one per run: the pairs) and of each guardrail. */
  target: ArmSeries;
  guards: Record<string, ArmSeries>;
}
export interface AbNext {
  stop: boolean;
  /** Run the target in the next pair (default true). */
  target?: boolean;
  /** Guardrails to run in the next pair (default: all still running). */
  guards?: readonly string[];
}

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
  shouldStop?: (samples: AbLook) => boolean | AbNext;
  /** Guardrails sampled interleaved with the target (target pair, then each guardrail's pair), as `shouldStop` asks. */
  guards?: readonly ExtraProbe[];
  /**
   * Cheap deterministic checks (pass/fail suites) run once per arm before any target run; when
   * `afterGates` answers true, no target run happens at all (`stopped: 'gate'`).
   */
  gates?: readonly ExtraProbe[];
  afterGates?: (gates: Record<string, ArmSeries>) => boolean;
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
  /**
   * Folder-relative files both arms hold as the user's folder has them now, never part of the
   * candidate. Default: the workspace's config file (CONFIG_FILE).
   */
  pinned?: readonly string[];
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
  /** Per-run target values (the pairs), cases and durations, as for the guardrails. */
  target: ArmSeries;
  guards: Record<string, ArmSeries>;
  gates: Record<string, ArmSeries>;
  /** `fixed`: ran samplesPerArm; `rule`: shouldStop said stop; `budget`: maxSamplesPerArm reached first; `gate`: afterGates stopped it before any target run. */
  stopped: 'fixed' | 'rule' | 'budget' | 'gate';
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
  const target = emptySeries();
  const result: AbExperimentResult = {
    baseline: target.baseline, candidate: target.candidate, durationsMs: target.durationsMs, target, guards: {}, gates: {},
    changedFiles: [], mode: arms.mode, stopped: 'fixed', totalMs: 0, log: lines,
  };
  for (const g of options.guards ?? []) result.guards[g.name] = emptySeries();
  for (const g of options.gates ?? []) result.gates[g.name] = emptySeries();
  try {
    await applyCandidate(options.candidate, arms, log, lines);
    const pinned = options.pinned ?? [CONFIG_FILE];
    await pinFiles(arms, pinned, log);
    result.changedFiles = await changedFiles(options.candidate, arms, pinned);
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
        record(target, arm, sample);
        if (sample.cases) result[arm === 'baseline' ? 'baselineCases' : 'candidateCases'] = target[arm === 'baseline' ? 'baselineCases' : 'candidateCases'];
        progress({ phase: 'run', arm, index, of: max, value: sample.values[sample.values.length - 1], message: `${arm} run ${index + 1}/${max}: ${sample.values.join(', ')}` });
      } catch (error) {
        if (error instanceof ProbeCancelledError || error instanceof UntrustedWorkspaceError) throw error;
        throw new AbRunError(`The ${arm} ${warmup ? 'warm-up run' : `run ${index + 1}`} failed: ${(error as Error).message}`, arm, error,
          { baseline: [...result.baseline], candidate: [...result.candidate] }, lines);
      }
    };
    /** A guardrail's or gate's pair: a failure ends that series (recorded), never the experiment. */
    const runExtra = async (extra: ExtraProbe, series: ArmSeries, index: number): Promise<void> => {
      for (const arm of ['baseline', 'candidate'] as const) {
        try {
          const sample = await runProbeOnce(extra.probe, {
            cwd: arms.folders[arm], isTrusted: options.isTrusted, signal: options.signal, killGraceMs: options.killGraceMs,
            env: { ...options.env, SELF_IMPROVEMENT_ARM: arm },
          });
          record(series, arm, sample);
          progress({ phase: 'run', arm, index, value: sample.values[sample.values.length - 1], message: `${extra.name}: ${arm} run ${index + 1}: ${sample.values.join(', ')}` });
        } catch (error) {
          if (error instanceof ProbeCancelledError || error instanceof UntrustedWorkspaceError) throw error;
          series.error = { arm, message: `The ${arm} run ${index + 1} of ${extra.name} failed: ${(error as Error).message}` };
          log(series.error.message);
          return;
        }
      }
    };
    for (const gate of options.gates ?? []) await runExtra(gate, result.gates[gate.name]!, 0);
    if (options.gates?.length && options.afterGates?.(result.gates)) {
      result.stopped = 'gate';
      log('a gate (pass/fail suite) decided the experiment before any timing run');
      return result;
    }
    for (let w = 0; w < (options.warmupRuns ?? 0); w++) {
      await runArm('baseline', w, true);
      await runArm('candidate', w, true);
    }
    let next: AbNext = { stop: false };
    const guardCounts = new Map<string, number>();
    for (let i = 0; i < max; i++) {
      if (next.target !== false) {
        await runArm('baseline', target.perRun.baseline.length, false);
        await runArm('candidate', target.perRun.candidate.length, false);
      }
      for (const g of options.guards ?? []) {
        const series = result.guards[g.name]!;
        if (series.error || (next.guards && !next.guards.includes(g.name))) continue;
        const k = guardCounts.get(g.name) ?? 0;
        await runExtra(g, series, k);
        guardCounts.set(g.name, k + 1);
      }
      if (options.shouldStop && i + 1 >= n) {
        const answer = options.shouldStop({ baseline: result.baseline, candidate: result.candidate, target, guards: result.guards });
        next = typeof answer === 'boolean' ? { stop: answer } : answer;
        if (next.stop) {
          result.stopped = 'rule';
          log(`stopping rule satisfied after ${i + 1} step(s)`);
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
