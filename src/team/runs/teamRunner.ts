// The runner port of `improve` (src/agents/improve/runner.ts) through the team's workers: when the team
// store answers and at least one worker is alive, each draft is a distributed run (runDistributed: cascade,
// waves under the sequential rule, guardrails, confirmation on fresh blocks) of the patch against this
// folder's HEAD, recorded on the draft's experiment by the agent layer (measureElsewhere); otherwise it is
// measured locally, and `where` says why. The CLI builds it from SELF_IMPROVEMENT_TEAM_URL, the window from
// its SecretStorage URL.
import { engineChunk } from '../../chunkLoader';
import type { MeasurePort, MeasureResult } from '../../agents/improve/runner';
import { gitOrigin } from '../origin';
import { TeamStore } from '../teamStore';
import { describeTeamUrl } from '../url';
import { runDistributed } from './distributedRun';
import { BlockQueue } from './queue';
import { liveWorkers } from './runStore';

export interface TeamRunnerOptions {
  url: string;
  /** A/B pairs per block (default 3) and the block budget (default: the draft's maxSamplesPerArm in blocks, else 8). */
  pairsPerBlock?: number;
  blocks?: number;
  blockTimeoutSeconds?: number;
  waveBlocks?: number;
  pollMs?: number;
  /** A worker is alive when its last heartbeat is this recent (default 45 s). */
  liveWithinSeconds?: number;
  queue?: { maintenanceIntervalSeconds?: number };
}

export interface TeamRunner { measure: MeasurePort; close(): Promise<void> }

export function teamRunner(o: TeamRunnerOptions): TeamRunner {
  let conn: Promise<{ store: TeamStore; queue: BlockQueue }> | null = null;
  const open = () => (conn ??= (async () => {
    const store = await TeamStore.connect(o.url, { applicationName: 'self-improvement improve' });
    try {
      return { store, queue: await BlockQueue.open(o.url, o.queue ?? {}) };
    } catch (err) { await store.close(); throw err; }
  })().catch((err) => { conn = null; throw err; }));
  const pairsPerBlock = o.pairsPerBlock ?? 3;

  const measure: MeasurePort = async (ctx, input, signal, onProgress): Promise<MeasureResult> => {
    const { agents, distributedChecks } = engineChunk();
    const locally = async (why: string): Promise<MeasureResult> => {
      const where = `locally (${why})`;
      onProgress?.({ message: `measuring ${where}` });
      return { ...(await agents.localMeasure(ctx, input, signal, onProgress)), where };
    };
    let c: { store: TeamStore; queue: BlockQueue };
    try { c = await open(); } catch (err) {
      return locally(`the team store at ${describeTeamUrl(o.url)} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    const live = await liveWorkers(c.store, o.liveWithinSeconds ?? 45);
    if (!live.length) return locally('no team worker is alive');
    const folder = ctx.folder;
    const dirty = folder ? await engineChunk().uncommittedChanges(folder) : null;
    const touched = new Set(agents.patchFiles(input.patch));
    const clash = (dirty ?? []).filter((f) => touched.has(f));
    if (clash.length) return locally(`${clash.join(', ')} ha${clash.length === 1 ? 's' : 've'} uncommitted changes the workers' checkouts do not hold`);
    const machines = [...new Set(live.map((w) => w.machine))];
    const where = `on the team's workers (${live.length} alive: ${machines.join(', ')})`;
    onProgress?.({ message: `measuring ${where}` });
    const evidence = await agents.measureElsewhere(ctx, input, async ({ folder: dir, config, target, threshold }) => {
      const { commit } = await gitOrigin(dir);
      if (!commit) throw new Error(`${dir} is not a git work tree with a commit: the workers need a commit to check out.`);
      const { guardrails, tamper } = distributedChecks(config, target.name);
      const blocks = o.blocks ?? Math.max(2, Math.ceil((input.maxSamplesPerArm ?? 8 * pairsPerBlock) / pairsPerBlock));
      const outcome = await runDistributed({
        store: c.store, queue: c.queue, unit: target.unit, experimentId: input.experimentId, ...(signal ? { signal } : {}),
        ...(o.waveBlocks ? { waveBlocks: o.waveBlocks } : {}), ...(o.pollMs ? { pollMs: o.pollMs } : {}),
        spec: {
          capabilityName: target.name, direction: target.direction, threshold, candidate: { kind: 'patch', patch: input.patch }, baseCommit: commit,
          pairsPerBlock, blocks, blockTimeoutSeconds: o.blockTimeoutSeconds ?? 900, guardrails,
        },
        tamper,
        onProgress: (done, of, stage) => onProgress?.({ message: `${stage === 'cascade' ? 'cascade pre-block' : stage === 'confirmation' ? 'confirmation blocks' : 'blocks'} stored ${done}/${of} ${where}`, stage }),
      });
      outcome.evidence.log.unshift(`measured ${where}, HEAD ${commit.slice(0, 12)} + the patch`);
      return outcome.evidence;
    });
    return { evidence, where };
  };

  return {
    measure,
    async close() {
      const c = await conn?.catch(() => null);
      await c?.queue.close(false);
      await c?.store.close();
    },
  };
}
