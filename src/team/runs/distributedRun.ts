// The coordinator of a distributed experiment, judged by the local loop's own rules (the engine's
// DistributedJudge): when the run has pass/fail suites, a cascade pre-block runs them once per arm on one
// worker and a broken suite refuses before any timing block; then blocks go on the queue in waves, each
// block measuring the target and every timing guardrail (both arms on one machine), and after each wave the
// engine's sequential rule looks at the pairs so far (each machine's values scaled to the common baseline,
// so a slow machine cancels) and stops early for success, futility or a broken guardrail within the block
// budget; a success is re-run on fresh blocks and the engine's confirmVerdict decides. The evidence is the
// engine's shape (guardrails, sequential look, stop reason, tamper flags) plus which machine ran what.
import type { EvidenceDistributed, ExperimentEvidence, Verdict } from '../../engine/types';
import type { DistributedJudge, JudgedBlock } from '../../engine/loop/distributedJudge';
import type { Look } from '../../engine/verdicts/sequentialExperiment';
import { engineChunk } from '../../chunkLoader';
import { analyzeBlocked, type BlockedAnalysis } from '../blockedAnalysis';
import { TeamError } from '../errors';
import type { TeamStore } from '../teamStore';
import type { BlockQueue } from './queue';
import {
  CASCADE_BLOCK, blockAttempts, blockResults, createRun, liveWorkers, setRunStatus, type BlockAttempt, type BlockResult, type RunSpec, type TeamRun,
} from './runStore';

export interface DistributedOutcome {
  run: TeamRun;
  /** The timing blocks of the first run (the cascade pre-block is `cascade`). */
  blocks: BlockResult[];
  attempts: BlockAttempt[];
  cascade: BlockResult | null;
  /** The first run's blocked-by-machine estimate (the machines table of the evidence). */
  analysis: BlockedAnalysis;
  /** The sequential rule's last look at the first run (why it stopped, its verdict). */
  look: Look;
  /** The final verdict: a first success stands only when fresh blocks confirm it (the engine's confirmVerdict). */
  verdict: Verdict;
  reason: string;
  /** The confirmation run on fresh blocks, after a first success (null otherwise, or with `confirm: false`). */
  confirmation: { run: TeamRun; blocks: BlockResult[]; attempts: BlockAttempt[]; analysis: BlockedAnalysis } | null;
  evidence: DistributedEvidence;
  durationMs: number;
}

/** The engine's evidence with, per block, who ran it (rendered by the engine's evidence formatter). */
export interface DistributedEvidence extends ExperimentEvidence {
  distributed: EvidenceDistributed;
}

export type RunStage = 'cascade' | 'blocks' | 'confirmation';

export interface RunOptions {
  store: TeamStore;
  queue: BlockQueue;
  spec: RunSpec;
  originId?: string;
  experimentId?: number;
  unit?: string;
  /** How often to look at the stored blocks; default 1 s. */
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, of: number, stage: RunStage) => void;
  /** Re-run a success on fresh blocks, as the local loop does (default true). */
  confirm?: boolean;
  /** Blocks per wave (the sequential rule looks after each); default: enough for a first look, at least one per live worker. */
  waveBlocks?: number;
  /** The coordinator's probe commands and evaluator files of the target and guardrails, for the engine's tamper check. */
  tamper?: { probeCommands: string[]; evaluatorFiles: string[] };
}

/** The first look needs this many pairs (the engine's minimum per arm). */
const FIRST_LOOK_PAIRS = 6;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
const judged = (b: BlockResult): JudgedBlock => ({ machine: b.machine, baseline: b.baseline, candidate: b.candidate, guards: b.extras?.guards ?? null });

/** Puts these blocks of a run on the queue and waits until each is stored (or one failed past its retries). */
async function collect(options: RunOptions, run: TeamRun, indices: readonly number[], stage: RunStage, count: () => number): Promise<void> {
  const { store, queue } = options;
  const wanted = new Set(indices);
  const jobIds = await queue.enqueue(run.runId, indices, { blockTimeoutSeconds: run.spec.blockTimeoutSeconds });
  const stored = async () => (await blockResults(store, run.runId)).filter((b) => wanted.has(b.blockIndex)).length;
  try {
    for (let polls = 0; ; polls++) {
      if (options.signal?.aborted) throw new TeamError('TEAM_RUN_INVALID', `Run ${run.runId} was cancelled; the blocks stored so far are kept on the server.`);
      const done = await stored();
      options.onProgress?.(count() + done, stage === 'cascade' ? 1 : run.spec.blocks, stage);
      if (done >= wanted.size) return;
      // Every few polls: a block whose job ran out of retries will never arrive.
      if (polls % 5 === 4) {
        const states = await queue.states(jobIds);
        const failed = [...states.values()].filter((s) => s.state === 'failed');
        if (failed.length && (await stored()) < wanted.size) {
          const attempts = await blockAttempts(store, run.runId);
          const why = attempts.filter((a) => a.outcome === 'failed').map((a) => `block ${a.blockIndex} on ${a.machine}: ${a.detail}`).slice(-3).join('; ');
          throw new TeamError('TEAM_RUN_INVALID', `Run ${run.runId}: ${failed.length} block(s) failed on every attempt (${why || 'no worker reported why'}). Fix the cause and start the run again.`);
        }
      }
      await sleep(options.pollMs ?? 1000, options.signal);
    }
  } catch (err) {
    await queue.cancel(jobIds);
    throw err;
  }
}

/** Runs `body` on a new run of the server, marking it done (or cancelled when body throws). */
async function withRun<T>(options: RunOptions, spec: RunSpec, body: (run: TeamRun) => Promise<T>): Promise<{ run: TeamRun; value: T }> {
  const run = await createRun(options.store, spec, { originId: options.originId, experimentId: options.experimentId });
  let value: T;
  try {
    value = await body(run);
  } catch (err) {
    await setRunStatus(options.store, run.runId, 'cancelled').catch(() => undefined);
    throw err;
  }
  await setRunStatus(options.store, run.runId, 'done');
  return { run: { ...run, status: 'done' }, value };
}

async function waveSize(options: RunOptions): Promise<number> {
  if (options.waveBlocks !== undefined) return Math.max(1, Math.floor(options.waveBlocks));
  const alive = (await liveWorkers(options.store).catch(() => [])).length;
  return Math.max(Math.ceil(FIRST_LOOK_PAIRS / options.spec.pairsPerBlock), alive, 1);
}

/** The cascade (when the run has suites) and the waves of timing blocks under the sequential rule. */
async function firstRun(options: RunOptions, judge: DistributedJudge, wave: number): Promise<{ run: TeamRun; look: Look; cascade: BlockResult | null; waves: number[] }> {
  const { spec, store } = options;
  const waves: number[] = [];
  const { run, value } = await withRun(options, spec, async (run) => {
    let cascade: BlockResult | null = null;
    if (judge.suites.length) {
      await collect(options, run, [CASCADE_BLOCK], 'cascade', () => 0);
      cascade = (await blockResults(store, run.runId)).find((b) => b.blockIndex === CASCADE_BLOCK) ?? null;
      if (judge.cascade(cascade?.extras?.gates ?? {})) return { run, cascade, look: judge.refusedByCascade() };
    }
    let look: Look | null = null;
    let timing: BlockResult[] = [];
    for (let next = 0; next < spec.blocks && !look?.stop;) {
      const indices = range(next, Math.min(spec.blocks, next + wave));
      await collect(options, run, indices, 'blocks', () => next);
      next += indices.length;
      waves.push(indices.length);
      timing = (await blockResults(store, run.runId)).filter((b) => b.blockIndex >= 0);
      look = judge.look(timing.map(judged));
    }
    // Blocks shorter than planned can leave the rule open when the budget is spent: an end without a success.
    return { run, cascade, look: look?.stop ? look : judge.ended() };
  });
  return { run, look: value.look, cascade: value.cascade, waves };
}

export async function runDistributed(options: RunOptions): Promise<DistributedOutcome> {
  const started = Date.now();
  const { spec, store } = options;
  const unit = options.unit ?? '';
  const chunk = engineChunk();
  const alpha = spec.alpha ?? 0.05;
  const judge = new chunk.DistributedJudge({
    target: { name: spec.capabilityName, direction: spec.direction, unit }, threshold: spec.threshold, alpha,
    guards: spec.guardrails ?? [], maxPairs: spec.blocks * spec.pairsPerBlock,
  });
  const wave = await waveSize(options);
  const first = await firstRun(options, judge, wave);
  const stored = await blockResults(store, first.run.runId);
  const blocks = stored.filter((b) => b.blockIndex >= 0);
  const attempts = await blockAttempts(store, first.run.runId);
  const analyse = (bs: BlockResult[]) => analyzeBlocked(bs, { direction: spec.direction, threshold: spec.threshold, alpha });
  const analysis = analyse(blocks);
  const verdict = first.look.verdict!;

  // As the local loop: a success is re-run on fresh pairs — here fresh blocks (target only), possibly on
  // other machines — in one fixed wave, and the engine's confirmVerdict decides; the effect shown is the confirmation's.
  let confirmation: DistributedOutcome['confirmation'] = null;
  let plan: ReturnType<DistributedJudge['confirmationPlan']> | null = null;
  if (verdict.verdict === 'success' && options.confirm !== false) {
    const needed = judge.confirmationPlan(blocks.reduce((a, b) => a + b.baseline.length, 0));
    const confirmBlocks = Math.ceil(needed.pairs / spec.pairsPerBlock);
    // Whole blocks: the fixed size is the blocks' pairs, decided before any fresh pair is seen.
    plan = { ...needed, pairs: confirmBlocks * spec.pairsPerBlock };
    const again = await withRun(options, { ...spec, blocks: confirmBlocks, guardrails: [] }, async (run) => {
      await collect(options, run, range(0, confirmBlocks), 'confirmation', () => 0);
      return run;
    });
    const cBlocks = await blockResults(store, again.run.runId);
    confirmation = { run: again.run, blocks: cBlocks, attempts: await blockAttempts(store, again.run.runId), analysis: analyse(cBlocks) };
  }
  const confirmed = judge.confirm(verdict, confirmation ? confirmation.blocks.map(judged) : null, plan);
  const evidence = distributedEvidence(first.run, blocks, attempts, analysis, 0);
  const guarded = judge.evidence(verdict, blocks.map(judged));
  const changedFiles = chunk.agents.patchFiles(spec.candidate.patch);
  const tamperFlags = options.tamper ? chunk.tamperFlags({ changedFiles, configPath: chunk.CONFIG_FILE, probeCommand: options.tamper.probeCommands, evaluatorFiles: options.tamper.evaluatorFiles }) : [];
  Object.assign(evidence, {
    verdict: confirmed.verdict, reason: chunk.withNotes(confirmed.reason, tamperFlags, judge.unjudged), confirmed: confirmation !== null && confirmed.verdict === 'success',
    effect: chunk.effectOf(confirmed.effect, unit), firstEffect: chunk.effectOf(verdict.target, unit),
    sequential: chunk.sequentialOf(first.look), stopped: first.look.stopped ?? 'budget',
    guardrails: guarded.guardrails, flips: guarded.flips, multiplicity: guarded.multiplicity, tamperFlags, changedFiles,
    plan: { ...evidence.plan, samplesPerArm: Math.min(spec.blocks, wave) * spec.pairsPerBlock,
      basis: `${spec.blocks} blocks × ${spec.pairsPerBlock} pairs, distributed in waves of ${wave} block${wave === 1 ? '' : 's'}, the sequential rule looking after each` },
  } satisfies Partial<DistributedEvidence>);
  evidence.distributed.waves = first.waves;
  if (first.cascade) {
    evidence.distributed.cascade = { machine: first.cascade.machine, workerId: first.cascade.workerId, attempt: first.cascade.attempt };
    evidence.log.unshift(`[cascade] ${judge.suites.map((g) => g.name).join(', ')} once per arm on ${first.cascade.machine}`);
  }
  if (confirmation) {
    const c = distributedEvidence(confirmation.run, confirmation.blocks, confirmation.attempts, confirmation.analysis, 0);
    evidence.samples.confirmation = c.samples;
    evidence.distributed.confirmation = c.distributed;
    evidence.log.push(`[confirmation] ${plan!.reason}; ${confirmation.blocks.length} fresh block(s), ${plan!.pairs} pairs`, ...c.log.map((l) => `[confirmation] ${l}`));
  }
  evidence.durationMs = Date.now() - started;
  return { run: first.run, blocks, attempts, cascade: first.cascade, analysis, look: first.look, verdict: confirmed.verdict, reason: evidence.reason, confirmation, evidence, durationMs: evidence.durationMs };
}

export function distributedEvidence(run: TeamRun, blocks: BlockResult[], attempts: BlockAttempt[], a: BlockedAnalysis, durationMs: number): DistributedEvidence {
  const spec = run.spec;
  const baseline = blocks.flatMap((b) => b.baseline);
  const candidate = blocks.flatMap((b) => b.candidate);
  const lost = attempts.filter((t) => t.outcome !== 'stored');
  const distributed: EvidenceDistributed = {
    runId: run.runId,
    blocks: blocks.map((b) => ({ index: b.blockIndex, machine: b.machine, workerId: b.workerId, attempt: b.attempt, pairs: b.baseline.length, baselineMean: mean(b.baseline), candidateMean: mean(b.candidate) })),
    lostAttempts: lost.map((t) => ({ index: t.blockIndex, machine: t.machine, workerId: t.workerId, attempt: t.attempt, outcome: t.outcome === null ? 'lost' : `${t.outcome}${t.detail ? `: ${t.detail}` : ''}` })),
    machines: a.machines,
    scale: a.scale,
  };
  // The log in the engine's words (evidenceFormat.ts), the same lines the evidence Markdown shows.
  const { distributedSummary, distributedMachineLines, distributedBlockLines } = engineChunk();
  const lines = [`distributed run ${run.runId}: ${distributedSummary(distributed)}`, ...distributedMachineLines(distributed), ...distributedBlockLines(distributed)];
  return {
    candidate: { kind: 'patch', description: `patch run on ${new Set(blocks.map((b) => b.machine)).size} machine(s)` },
    target: spec.capabilityName,
    verdict: a.verdict,
    reason: a.reason,
    effect: null,
    firstEffect: null,
    confirmed: false,
    samples: { baseline, candidate },
    sequential: null,
    guardrails: [],
    multiplicity: null,
    flips: [],
    tamperFlags: [],
    changedFiles: [],
    plan: { samplesPerArm: spec.pairsPerBlock * spec.blocks, maxSamplesPerArm: spec.pairsPerBlock * spec.blocks, maxMinutes: null, expectedSeconds: null,
      basis: `${spec.blocks} blocks × ${spec.pairsPerBlock} pairs, distributed`, warning: null },
    stopped: 'fixed',
    durationMs,
    alpha: spec.alpha ?? 0.05,
    threshold: spec.threshold,
    improvementIds: [],
    notProposed: [],
    log: lines,
    distributed,
  };
}
