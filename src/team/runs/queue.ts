// The job queue: pg-boss on the team's PostgreSQL (its own schema, si_team_queue, made by pg-boss itself).
// One job per block. A job whose worker died is still "active" until its expiry (the run's block timeout);
// pg-boss's maintenance then fails it and, within the retry limit, hands it to the next worker.
import PgBoss from 'pg-boss';
import { teamErrorFrom } from '../errors';
import { describeTeamUrl } from '../url';

export const BLOCK_QUEUE = 'si-experiment-blocks';
export const QUEUE_SCHEMA = 'si_team_queue';

export interface BlockJob { runId: string; blockIndex: number }

export interface QueueOptions {
  /** How often this process looks for expired jobs (pg-boss maintenance, shared: at most once per interval across processes). Default 30 s. */
  maintenanceIntervalSeconds?: number;
  /** Poll interval of a worker (≥ 0.5 s). Default 2 s. */
  pollingIntervalSeconds?: number;
  applicationName?: string;
}

export class BlockQueue {
  private constructor(readonly boss: PgBoss, private readonly options: QueueOptions, private readonly where: string) {}

  static async open(url: string, options: QueueOptions = {}): Promise<BlockQueue> {
    const boss = new PgBoss({
      connectionString: url, schema: QUEUE_SCHEMA, application_name: options.applicationName ?? 'self-improvement-queue',
      supervise: true, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30, schedule: false, max: 3,
    });
    // pg-boss reports background errors (a dropped connection during maintenance) as events; the next call surfaces them.
    boss.on('error', () => undefined);
    try {
      await boss.start();
      await boss.createQueue(BLOCK_QUEUE, { name: BLOCK_QUEUE, policy: 'standard' }).catch((err: { message?: string }) => {
        if (!/already exists/i.test(err?.message ?? '')) throw err;
      });
    } catch (err) {
      await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
      throw teamErrorFrom(err, describeTeamUrl(url));
    }
    return new BlockQueue(boss, options, describeTeamUrl(url));
  }

  /** One job per block (a wave of the run's blocks, or its cascade pre-block); returns their ids (in block order). */
  async enqueue(runId: string, blockIndices: readonly number[], timing: { blockTimeoutSeconds: number; retryLimit?: number }): Promise<string[]> {
    const ids: string[] = [];
    try {
      for (const blockIndex of blockIndices) {
        const id = await this.boss.send(BLOCK_QUEUE, { runId, blockIndex } satisfies BlockJob, {
          expireInSeconds: timing.blockTimeoutSeconds, retryLimit: timing.retryLimit ?? 5, retryDelay: 0, retentionMinutes: 24 * 60,
        });
        if (id) ids.push(id);
      }
    } catch (err) {
      throw teamErrorFrom(err, this.where);
    }
    return ids;
  }

  /** States of jobs by id ('created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed'), for the coordinator. */
  async states(ids: readonly string[]): Promise<Map<string, { state: string; retryCount: number; output: unknown }>> {
    const out = new Map<string, { state: string; retryCount: number; output: unknown }>();
    try {
      for (const id of ids) {
        const job = await this.boss.getJobById(BLOCK_QUEUE, id);
        if (job) out.set(id, { state: job.state, retryCount: job.retryCount, output: job.output });
      }
    } catch (err) {
      throw teamErrorFrom(err, this.where);
    }
    return out;
  }

  async cancel(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.boss.cancel(BLOCK_QUEUE, [...ids]).catch(() => undefined);
  }

  /** Takes one block at a time (a machine measures one thing at a time) until offWork/stop. */
  async work(handler: (job: PgBoss.JobWithMetadata<BlockJob>) => Promise<void>): Promise<string> {
    return this.boss.work<BlockJob>(BLOCK_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
      async (jobs) => { for (const job of jobs) await handler(job); });
  }

  /** Stops taking jobs; with `graceful`, waits for the block in hand to finish (else it is retried elsewhere after its timeout). */
  async close(graceful = true): Promise<void> {
    await this.boss.stop({ graceful, wait: true, timeout: graceful ? 30 * 60_000 : 1_000 }).catch(() => undefined);
  }
}
