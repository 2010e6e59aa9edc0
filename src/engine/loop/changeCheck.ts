// "Is my change better?": the person's uncommitted working tree against HEAD, for one capability or
// every capability with a probe. The plan is shown first; each capability is its own experiment (the
// others are its guardrails), run through the one loop (runExperiment). The workspace's config file is
// never part of the change (the A/B arms pin it), so an edit to it alone is "no uncommitted changes".
import * as path from 'node:path';
import type { SelfImprovementApi } from '../api';
import { git, nulList, repositoryRoot } from '../ab/git';
import { CONFIG_FILE, type CapabilityConfig, type SelfImprovementConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import type { Experiment } from '../types';
import { guardCapabilities } from './guardrailSetup';
import { planExperiment, type ExperimentBudget, type ExperimentPlan } from './plan';
import { runExperiment, type ExperimentOutcome, type ExperimentProgress } from './runExperiment';

/**
 * Why a change check cannot start, with the step that fixes it (adapters offer it as a button). Its
 * code is InvalidInput; `next` is a plain property, so it survives the bundles' minification.
 */
export class ChangeCheckRefusal extends InvalidInputError {
  constructor(message: string, readonly next: 'commit' | 'add-probe' | 'set-up' | 'edit') {
    super(message);
    this.name = 'ChangeCheckRefusal';
  }
}

/** The capabilities the check measures: the one named (it must have a probe), else all with probes. */
export function changeCheckTargets(config: SelfImprovementConfig, capability?: string): CapabilityConfig[] {
  if (capability !== undefined) {
    const cap = config.capabilities.find((c) => c.name === capability);
    if (!cap) throw new ChangeCheckRefusal(`${capability} is not declared in ${CONFIG_FILE}, so its probe is unknown. Add it there (Add a Probe…) to compare your change on it.`, 'add-probe');
    if (!cap.probe) throw new ChangeCheckRefusal(`${capability} has no probe in ${CONFIG_FILE}, so nothing can measure your change on it. Add a probe first.`, 'add-probe');
    return [cap];
  }
  const probed = config.capabilities.filter((c) => c.probe);
  if (!probed.length) throw new ChangeCheckRefusal(`No capability in ${CONFIG_FILE} has a probe, so nothing can measure your change. Add a probe to a capability (or set up capabilities for this folder).`, 'add-probe');
  return probed;
}

/**
 * The uncommitted changes of `folder` against HEAD (tracked edits and untracked files, folder-relative,
 * posix), without the config file. Null when the folder is not in a git repository with a commit.
 */
export async function uncommittedChanges(folder: string): Promise<string[] | null> {
  const top = await repositoryRoot(folder);
  if (top === null) return null;
  const out = nulList((await git(['status', '--porcelain', '-z', '--untracked-files=all', '--no-renames', '--', '.'], folder)).stdout);
  const inRoot = out.map((e) => e.slice(3));
  // status names paths from the repository top; the folder may be below it.
  const rel = path.relative(top, folder).split(path.sep).join('/');
  const toFolder = (p: string): string => (rel === '' ? p : path.posix.relative(rel, p));
  return inRoot.map(toFolder).filter((p) => p !== CONFIG_FILE && !p.startsWith('../')).sort();
}

export interface ChangeCheckPlan {
  /** Folder-relative files the change holds (the config file is never among them). */
  changed: string[];
  items: { capability: CapabilityConfig; plan: ExperimentPlan; guardrails: string[] }[];
  /** Runs of the targets, both arms, as planned and at most (the budget). */
  plannedRuns: number;
  maxRuns: number;
  /** Expected seconds of the target runs, null when a probe's duration is still unknown. */
  expectedSeconds: number | null;
}

/** Refuses a tree equal to HEAD (or not a repository), then plans each capability's experiment. */
export async function planChangeCheck(engine: SelfImprovementApi, folder: string, config: SelfImprovementConfig,
  options: { capability?: string; budget?: ExperimentBudget } = {}): Promise<ChangeCheckPlan> {
  const targets = changeCheckTargets(config, options.capability);
  const changed = await uncommittedChanges(folder);
  if (changed === null) throw new ChangeCheckRefusal(`${folder} is not in a git repository with a commit, so there is no HEAD to compare your change with. Commit once (git init, git commit), then change something.`, 'commit');
  if (!changed.length) throw new ChangeCheckRefusal(`There are no uncommitted changes in ${path.basename(folder)} to compare with HEAD (${CONFIG_FILE} does not count: both sides use it as it is now). Edit a file, then ask again.`, 'edit');
  const items = targets.map((capability) => {
    const g = guardCapabilities(config, capability.name);
    return { capability, plan: planExperiment(engine, capability, options.budget, { config }), guardrails: [...g.suites, ...g.timed].map((c) => c.name) };
  });
  const seconds = items.map((i) => i.plan.expectedSeconds);
  return {
    changed, items,
    plannedRuns: items.reduce((n, i) => n + 2 * i.plan.samplesPerArm, 0),
    maxRuns: items.reduce((n, i) => n + 2 * i.plan.maxSamplesPerArm, 0),
    expectedSeconds: seconds.some((s) => s === null) ? null : seconds.reduce<number>((a, b) => a + (b as number), 0),
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The plan in words, shown before anything runs (one formatter for every adapter). */
export function changeCheckPlanText(p: ChangeCheckPlan): string {
  const files = p.changed.length > 5 ? `${p.changed.slice(0, 5).join(', ')} and ${p.changed.length - 5} more` : p.changed.join(', ');
  const each = p.items.map(({ capability, plan, guardrails }) =>
    `${capability.name}: ${plan.samplesPerArm} runs per arm (the rule may stop from ${plan.minSamplesPerArm}, at most ${plan.maxSamplesPerArm})`
    + `${guardrails.length ? `, guardrails ${guardrails.join(', ')}` : ', no guardrails'}${plan.warning ? ` — ${plan.warning}` : ''}`);
  const time = p.expectedSeconds === null ? 'time unknown until each probe has run once (Measure gives it)' : `about ${Math.max(1, Math.round(p.expectedSeconds))} s for the planned runs`;
  return `Is your change better? Your uncommitted changes (${files}) against HEAD, on ${plural(p.items.length, 'capability', 'capabilities')}. `
    + `${each.join('; ')}. ${p.plannedRuns} runs planned, ${p.maxRuns} at most; ${time}, plus a confirmation on fresh samples after a success. `
    + `${CONFIG_FILE} is used as it is now on both sides.`;
}

export interface ChangeCheckProgress {
  capability: string;
  /** Target runs so far (both arms) and the planned total; `run` can pass `of` when sampling goes on. */
  run: number;
  of: number;
  message: string;
  experiment: ExperimentProgress;
}

export interface RunChangeCheckOptions {
  folder: string;
  config: SelfImprovementConfig;
  isTrusted: () => boolean;
  signal?: AbortSignal;
  budget?: ExperimentBudget;
  folderInEngineRoot?: string;
  onProgress?: (p: ChangeCheckProgress) => void;
  /** Called with each experiment once it exists (the dashboard follows it live). */
  onExperiment?: (experiment: Experiment) => void;
}

/** Runs the planned experiments one after another; a cancel ends the whole check. */
export async function runChangeCheck(engine: SelfImprovementApi, plan: ChangeCheckPlan, options: RunChangeCheckOptions): Promise<ExperimentOutcome[]> {
  const outcomes: ExperimentOutcome[] = [];
  let run = 0;
  for (const { capability } of plan.items) {
    const exp = engine.createExperiment({ capabilityName: capability.name, name: `Is my change better? ${capability.name}: the working tree against HEAD` });
    options.onExperiment?.(exp);
    outcomes.push(await runExperiment(engine, {
      experimentId: exp.id, candidate: { kind: 'working-tree' }, folder: options.folder, config: options.config, isTrusted: options.isTrusted,
      signal: options.signal, budget: options.budget, folderInEngineRoot: options.folderInEngineRoot,
      onProgress: (p) => {
        const counted = (p.stage === 'target' || p.stage === 'confirmation') && p.ab?.phase === 'run';
        if (counted) run++;
        const of = Math.max(plan.plannedRuns, run);
        const where = p.stage === 'guardrail' ? `guardrail ${p.capability}` : p.stage === 'confirmation' ? `${capability.name} (confirmation)` : capability.name;
        options.onProgress?.({ capability: capability.name, run, of, message: `${where}: run ${run} of ${of}${p.ab?.phase === 'setup' ? ' — preparing both sides' : ''}`, experiment: p });
      },
    }));
  }
  return outcomes;
}
