// The coordinator of a distributed experiment: creates the run, puts one job per block on the queue, waits
// until every block is stored (or a block has failed past its retries), then analyses by machine and builds the
// evidence, which shows which machine ran which block (and which attempts were lost with their worker).
import type { EvidenceDistributed, EvidenceEffect, ExperimentEvidence, Verdict } from '../../engine/types';
import type { VerdictResult } from '../../engine/verdicts/decide';
import { engineChunk } from '../../chunkLoader';
import { analyzeBlocked, type BlockedAnalysis } from '../blockedAnalysis';
import { TeamError } from '../errors';
import type { TeamStore } from '../teamStore';
import type { BlockQueue } from './queue';
import { blockAttempts, blockResults, createRun, setRunStatus, type BlockAttempt, type BlockResult, type RunSpec, type TeamRun } from './runStore';

export interface DistributedOutcome {
  run: TeamRun;
  blocks: BlockResult[];
  attempts: BlockAttempt[];
  /** The first set of blocks' analysis (its verdict is not the final one when a confirmation ran). */
  analysis: BlockedAnalysis;
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
  onProgress?: (done: number, of: number, stage: 'blocks' | 'confirmation') => void;
  /** Re-run a success on fresh blocks, as the local loop does (default true). */
  confirm?: boolean;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** One set of blocks: a run on the server, one job per block, collected when all are stored. */
async function collectRun(options: RunOptions, stage: 'blocks' | 'confirmation'): Promise<{ run: TeamRun; blocks: BlockResult[]; attempts: BlockAttempt[] }> {
  const { store, queue, spec } = options;
  const run = await createRun(store, spec, { originId: options.originId, experimentId: options.experimentId });
  const jobIds = await queue.enqueue(run.runId, spec.blocks, { blockTimeoutSeconds: spec.blockTimeoutSeconds });
  try {
    for (let polls = 0; ; polls++) {
      if (options.signal?.aborted) throw new TeamError('TEAM_RUN_INVALID', `Run ${run.runId} was cancelled; the blocks stored so far are kept on the server.`);
      const done = (await blockResults(store, run.runId)).length;
      options.onProgress?.(done, spec.blocks, stage);
      if (done >= spec.blocks) break;
      // Every few polls: a block whose job ran out of retries will never arrive.
      if (polls % 5 === 4) {
        const states = await queue.states(jobIds);
        const failed = [...states.entries()].filter(([, s]) => s.state === 'failed');
        if (failed.length && (await blockResults(store, run.runId)).length < spec.blocks) {
          const attempts = await blockAttempts(store, run.runId);
          const why = attempts.filter((a) => a.outcome === 'failed').map((a) => `block ${a.blockIndex} on ${a.machine}: ${a.detail}`).slice(-3).join('; ');
          throw new TeamError('TEAM_RUN_INVALID', `Run ${run.runId}: ${failed.length} block(s) failed on every attempt (${why || 'no worker reported why'}). Fix the cause and start the run again.`);
        }
      }
      await sleep(options.pollMs ?? 1000, options.signal);
    }
  } catch (err) {
    await queue.cancel(jobIds);
    await setRunStatus(store, run.runId, 'cancelled').catch(() => undefined);
    throw err;
  }
  await setRunStatus(store, run.runId, 'done');
  return { run: { ...run, status: 'done' }, blocks: await blockResults(store, run.runId), attempts: await blockAttempts(store, run.runId) };
}

export async function runDistributed(options: RunOptions): Promise<DistributedOutcome> {
  const started = Date.now();
  const { spec } = options;
  const unit = options.unit ?? '';
  const analyse = (blocks: BlockResult[]) => analyzeBlocked(blocks, { direction: spec.direction, threshold: spec.threshold, alpha: spec.alpha });
  const first = await collectRun(options, 'blocks');
  const analysis = analyse(first.blocks);
  // As the local loop (loop/runExperiment.ts): a success is re-run on fresh samples — here fresh blocks, possibly
  // on other machines — and the engine's confirmVerdict decides; the effect shown is the confirmation's.
  let confirmation: DistributedOutcome['confirmation'] = null;
  if (analysis.verdict === 'success' && options.confirm !== false) {
    const again = await collectRun(options, 'confirmation');
    confirmation = { ...again, analysis: analyse(again.blocks) };
  }
  const confirmed = confirmation
    ? engineChunk().confirmVerdict(asVerdictResult(analysis, first.blocks, spec, unit), asVerdictResult(confirmation.analysis, confirmation.blocks, spec, unit))
    : { verdict: analysis.verdict as Verdict, reason: analysis.reason };
  const evidence = distributedEvidence(first.run, first.blocks, first.attempts, analysis, unit, Date.now() - started);
  evidence.verdict = confirmed.verdict;
  evidence.reason = confirmed.reason;
  if (confirmation) {
    const c = distributedEvidence(confirmation.run, confirmation.blocks, confirmation.attempts, confirmation.analysis, unit, 0);
    evidence.firstEffect = evidence.effect;
    evidence.effect = c.effect;
    evidence.confirmed = confirmed.verdict === 'success';
    evidence.samples.confirmation = c.samples;
    evidence.distributed.confirmation = c.distributed;
    evidence.log.push(...c.log.map((l) => `[confirmation] ${l}`));
  }
  return { ...first, analysis, verdict: confirmed.verdict, reason: confirmed.reason, confirmation, evidence, durationMs: Date.now() - started };
}

/** The effect of one set of blocks in the engine's terms (units and relative, in the better direction). */
function effectOf(a: BlockedAnalysis, blocks: readonly BlockResult[], spec: RunSpec, unit: string): EvidenceEffect | null {
  if (!Number.isFinite(a.relativeChange)) return null;
  const baseline = blocks.flatMap((b) => b.baseline);
  const candidate = blocks.flatMap((b) => b.candidate);
  const bm = mean(baseline);
  const sign = spec.direction === 'higher' ? 1 : -1;
  return {
    capability: spec.capabilityName, unit, direction: spec.direction, baselineMean: bm, candidateMean: bm * (1 + a.relativeChange),
    gain: sign * bm * a.relativeChange, relativeGain: a.improvement,
    ci: [Math.min(sign * bm * a.interval[0], sign * bm * a.interval[1]), Math.max(sign * bm * a.interval[0], sign * bm * a.interval[1])],
    relativeCi: sign > 0 ? [a.interval[0], a.interval[1]] : [-a.interval[1], -a.interval[0]],
    pValue: a.pValue, n: { baseline: baseline.length, candidate: candidate.length },
  };
}

/** A blocked analysis as the engine's VerdictResult, so the engine's own rules (confirmVerdict) judge it. */
function asVerdictResult(a: BlockedAnalysis, blocks: readonly BlockResult[], spec: RunSpec, unit: string): VerdictResult {
  const e = effectOf(a, blocks, spec, unit);
  const alpha = spec.alpha ?? 0.05;
  const bm = e?.baselineMean ?? NaN;
  return {
    verdict: a.verdict, reason: a.reason, guardrails: [], rule: 'estimate', alpha,
    target: {
      name: spec.capabilityName, direction: spec.direction, baselineMean: bm, candidateMean: e?.candidateMean ?? NaN, n: e?.n ?? { baseline: 0, candidate: 0 },
      gain: e?.gain ?? 0, relativeGain: e?.relativeGain ?? null, ci: e?.ci ?? null, relativeCi: e?.relativeCi ?? null, pValue: e ? a.pValue : null, adjustedPValue: null,
      thresholdUnits: Number.isFinite(bm) ? spec.threshold * Math.abs(bm) : null, significant: a.pValue < alpha, meetsThreshold: a.improvement >= spec.threshold,
    },
  };
}

export function distributedEvidence(run: TeamRun, blocks: BlockResult[], attempts: BlockAttempt[], a: BlockedAnalysis, unit: string, durationMs: number): DistributedEvidence {
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
    effect: effectOf(a, blocks, spec, unit),
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
