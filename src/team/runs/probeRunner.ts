// The block runner of a real worker: the run's patch against this machine's checkout, the capability's probe
// from this machine's own .vscode/self-improvement.json (a probe command never comes from the server),
// `pairsPerBlock` interleaved A/B runs in scratch worktrees (engine/ab), each pair followed by a pair of every
// timing guardrail the run names (their probes also from this machine's config); the cascade pre-block runs
// the run's pass/fail suites once per arm and no timing run. Refuses a block when the checkout is not at the
// run's base commit, so every machine compares the same two versions.
import { engineChunk } from '../../chunkLoader';
import type { ProbeSpec } from '../../engine/probes';
import { gitOrigin } from '../origin';
import { CASCADE_BLOCK } from './runStore';
import type { BlockRunner } from './worker';

export interface ProbeRunnerOptions {
  /** This machine's checkout of the repository. */
  folder: string;
  /** The probe of a capability; default: from the folder's config file. */
  resolveProbe?: (capabilityName: string) => Promise<ProbeSpec>;
  /** The person who started the worker trusts the folder; say so explicitly. */
  isTrusted: () => boolean;
}

export async function probeFromConfig(folder: string, capabilityName: string): Promise<ProbeSpec> {
  const read = await engineChunk().readConfigFile(folder);
  if (!read.exists) throw new Error(`${read.file} does not exist: this worker cannot measure "${capabilityName}".`);
  if (!read.config) throw new Error(`${read.file} has errors (${read.diagnostics.map((d) => d.message).join('; ')}).`);
  const cap = read.config.capabilities.find((c) => c.name === capabilityName);
  if (!cap?.probe) throw new Error(`${read.file} declares no probe for "${capabilityName}".`);
  return cap.probe;
}

export function probeBlockRunner(options: ProbeRunnerOptions): BlockRunner {
  const resolve = options.resolveProbe ?? ((name: string) => probeFromConfig(options.folder, name));
  return async ({ run, blockIndex, signal, log }) => {
    if (run.spec.baseCommit) {
      const head = (await gitOrigin(options.folder)).commit ?? '(no commit)';
      if (head !== run.spec.baseCommit) throw new Error(`This worker's checkout is at ${head.slice(0, 12)}, the run needs ${run.spec.baseCommit.slice(0, 12)}: check it out (or start the worker in a clone at that commit).`);
    }
    const probe = await resolve(run.spec.capabilityName);
    const guards = run.spec.guardrails ?? [];
    const extra = async (names: string[]) => Promise.all(names.map(async (name) => ({ name, probe: await resolve(name) })));
    const common = { folder: options.folder, candidate: run.spec.candidate, probe, isTrusted: options.isTrusted, signal, onProgress: (p: { message: string }) => log(p.message) };
    if (blockIndex === CASCADE_BLOCK) {
      // The suites once per arm; afterGates ends the run before any timing run (the coordinator judges them).
      const result = await engineChunk().runAbExperiment({ ...common, samplesPerArm: 1, gates: await extra(guards.filter((g) => g.suite).map((g) => g.name)), afterGates: () => true });
      return { baseline: [], candidate: [], extras: { gates: result.gates } };
    }
    const result = await engineChunk().runAbExperiment({
      ...common, samplesPerArm: run.spec.pairsPerBlock, warmupRuns: run.spec.warmupRuns ?? 0, guards: await extra(guards.filter((g) => !g.suite).map((g) => g.name)),
    });
    return { baseline: result.target.perRun.baseline, candidate: result.target.perRun.candidate, durationsMs: result.durationsMs, ...(guards.length ? { extras: { guards: result.guards } } : {}) };
  };
}
