// The block runner of a real worker: the run's patch against this machine's checkout, the capability's probe
// from this machine's own .vscode/self-improvement.json (a probe command never comes from the server),
// `pairsPerBlock` interleaved A/B runs in scratch worktrees (engine/ab). Refuses a block when the checkout is
// not at the run's base commit, so every machine compares the same two versions.
import { engineChunk } from '../../chunkLoader';
import type { ProbeSpec } from '../../engine/probes';
import { gitOrigin } from '../origin';
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
  return async ({ run, signal, log }) => {
    if (run.spec.baseCommit) {
      const head = (await gitOrigin(options.folder)).commit ?? '(no commit)';
      if (head !== run.spec.baseCommit) throw new Error(`This worker's checkout is at ${head.slice(0, 12)}, the run needs ${run.spec.baseCommit.slice(0, 12)}: check it out (or start the worker in a clone at that commit).`);
    }
    const probe = await resolve(run.spec.capabilityName);
    const result = await engineChunk().runAbExperiment({
      folder: options.folder, candidate: run.spec.candidate, probe, samplesPerArm: run.spec.pairsPerBlock, warmupRuns: run.spec.warmupRuns ?? 0,
      isTrusted: options.isTrusted, signal, onProgress: (p) => log(p.message),
    });
    return { baseline: result.baseline, candidate: result.candidate, durationsMs: result.durationsMs };
  };
}
