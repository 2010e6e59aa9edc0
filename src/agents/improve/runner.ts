// The runner port of the drafting loop and the unattended search: how one draft's patch is measured on its
// experiment. By default here, with the full local verdict (runExperimentWithEvidence). The CLI and the
// window pass one that measures through the team's workers when a team store is configured and a worker is
// alive (src/team/runs/teamRunner.ts); the loop itself never knows about PostgreSQL. `where` says where it ran,
// for the progress and the transcript.
import type { CapabilityConfig, SelfImprovementConfig } from '../../engine/config/types';
import { experimentThreshold } from '../../engine/loop/plan';
import { proposeFromSuccess, targetOf } from '../../engine/loop/runExperiment';
import type { ExperimentEvidence } from '../../engine/types';
import * as I from '../inputs';
import { measurableExperiment, measurableRun, proposingAs, runExperimentWithEvidence, type AgentContext, type ToolProgress } from '../operations';
import { withoutAutoApply } from '../noAutoApply';

export interface MeasureInput { experimentId: number; patch: string; maxSamplesPerArm?: number }
export interface MeasureResult { evidence: ExperimentEvidence; where: string }
export type MeasurePort = (ctx: AgentContext, input: MeasureInput, signal?: AbortSignal, onProgress?: ToolProgress) => Promise<MeasureResult>;

export const LOCALLY = 'locally';

export const localMeasure: MeasurePort = async (ctx, input, signal, onProgress) =>
  ({ evidence: (await runExperimentWithEvidence(ctx, input, signal, onProgress)).evidence, where: LOCALLY });

/** What a run elsewhere needs to know from this folder: its config, the target's capability, the threshold. */
export interface ElsewhereSetup { folder: string; config: SelfImprovementConfig; target: CapabilityConfig; threshold: number }

/**
 * Measures a patch on an experiment somewhere else (`run` returns the evidence, judged by the engine's
 * rules) and does here what runExperimentWithEvidence does with a local run: the same refusals first, the
 * experiment marked running, a confirmed success proposed (pending, as proposed by the agent), the verdict
 * and evidence recorded — or the experiment failed with the error, which is thrown on.
 */
export async function measureElsewhere(ctx: AgentContext, raw: MeasureInput, run: (setup: ElsewhereSetup) => Promise<ExperimentEvidence>): Promise<ExperimentEvidence> {
  // The same refusals as a local run (measurableRun, measurableExperiment), and stricter on trust: the workers run probes for this folder.
  if (!ctx.isTrusted()) throw new I.ToolInputError(ctx.untrustedMessage ?? 'This folder is not trusted, so no probe runs for it.');
  const { input, folder, config } = await measurableRun(ctx, raw);
  return ctx.write(async (engine) => {
    const exp = measurableExperiment(engine, input.experimentId);
    const target = targetOf(engine, exp.id, config);
    engine.startExperiment(exp.id);
    try {
      const evidence = await run({ folder, config, target, threshold: experimentThreshold(engine, config) });
      if (evidence.verdict === 'success') {
        const candidate = { kind: 'patch' as const, patch: input.patch };
        await proposeFromSuccess(proposingAs(withoutAutoApply(engine), ctx.agent), { experimentId: exp.id, asGiven: candidate, candidate, evidence, map: { folderInEngineRoot: '' } });
      }
      engine.recordExperimentResult(exp.id, { verdict: evidence.verdict, reason: evidence.reason, actualImprovement: evidence.effect?.relativeGain ?? null, evidence });
      return evidence;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      try { engine.failExperiment(exp.id, message); } catch { /* keep the original error */ }
      throw error;
    }
  });
}
