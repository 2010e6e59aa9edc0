// "Improve": an unattended search over the open weaknesses, by priority, within a budget. For each
// weakness in turn the bandit picks the kind of experiment (engine.generateExperiments ranks the
// templates by Thompson sampling), the model drafts several candidates for it with execution feedback
// (draftCandidates: every draft measured by runExperimentWithEvidence, i.e. guardrails, cascade and
// confirmation), and distinct successes and near misses are kept so that later experiments start from
// different parents. Only what passes the engine's review-queue rule is reported as queued; nothing is
// ever approved or applied here (the proposals stay pending for a person).
import { readConfigFile } from '../../engine/config/readConfigFile';
import { queueEntry, reviewQueue, type ReviewQueueEntry } from '../../engine/improvements/reviewQueue';
import type { SelfImprovementApi } from '../../engine/api';
import type { Verdict, Weakness } from '../../engine/types';
import { draftCandidates, type ChatModelPort, type DraftOptions, type DraftOutcome, type DraftRecord } from '../drafting/draftLoop';
import type { AgentContext } from '../operations';
import { CandidateArchive } from './archive';
import type { MeasurePort } from './runner';
import { BudgetMeter, spentText, type BudgetKind, type ImproveBudget, type Spent } from './budget';

export interface ImproveProgress {
  message: string;
  spent: Spent;
  budget: ImproveBudget;
  /** Candidates queued so far in this run. */
  queued: number;
  weakness?: { id: number; name: string };
}

export interface ImproveOptions {
  budget: ImproveBudget;
  /** Drafts per experiment, each told how the earlier ones measured (default 3). */
  candidatesPerExperiment?: number;
  /** Files whose text goes into every prompt (relative to the folder); parents' changed files are added. */
  files?: string[];
  /** Only these weaknesses (default: every open weakness whose capability has a probe). */
  weaknessIds?: number[];
  maxSamplesPerArm?: number;
  signal?: AbortSignal;
  onProgress?: (p: ImproveProgress) => void;
  /** How each draft is measured (runner.ts): locally by default, or through the team's workers. */
  measure?: MeasurePort;
}

export interface WeaknessOutcome {
  id: number;
  name: string;
  priority: number;
  experiments: number[];
  drafts: number;
  /** Improvement ids this run queued for the weakness. */
  queued: number[];
  /** Why the search passed it by, when it did (no probe, already queued). */
  skipped?: string;
}

export type ImproveStop = 'done' | 'budget' | 'cancelled' | 'model-error' | 'nothing-to-do';

export interface ImproveOutcome {
  stopped: ImproveStop;
  /** Which limit ended it (stopped === 'budget'). */
  limit: BudgetKind | null;
  message: string;
  spent: Spent;
  budget: ImproveBudget;
  weaknesses: WeaknessOutcome[];
  /** Entries this run added to the review queue. */
  queued: ReviewQueueEntry[];
  drafts: { weaknessId: number; experimentId: number; record: DraftRecord; parent: number | null }[];
}

export interface ImproveDeps {
  draft: (ctx: AgentContext, model: ChatModelPort, options: DraftOptions) => Promise<DraftOutcome>;
  now: () => number;
}

const DEFAULT_DEPS: ImproveDeps = { draft: draftCandidates, now: Date.now };

/** Paths a unified diff changes ("+++ b/<path>"). */
export function patchFiles(patch: string): string[] {
  return [...new Set([...patch.matchAll(/^\+\+\+ (?:b\/)?(\S+)/gm)].map((m) => m[1]!).filter((f) => f !== '/dev/null'))];
}

export async function improve(ctx: AgentContext, model: ChatModelPort, options: ImproveOptions, deps: ImproveDeps = DEFAULT_DEPS): Promise<ImproveOutcome> {
  const folder = ctx.folder;
  if (!folder) throw new Error('No workspace folder is open, so there is nothing to improve.');
  const meter = new BudgetMeter(options.budget, deps.now);
  const perExperiment = Math.max(1, options.candidatesPerExperiment ?? 3);
  const archive = new CandidateArchive();
  const read = await readConfigFile(folder);
  const probed = new Set((read.exists && read.config ? read.config.capabilities : []).filter((c) => c.probe).map((c) => c.name));

  const { weaknesses, alreadyQueued } = await ctx.read((e) => ({
    weaknesses: e.listWeaknesses({ status: 'open' }).filter((w) => !options.weaknessIds || options.weaknessIds.includes(w.id)),
    alreadyQueued: new Set(queuedCapabilities(e)),
  }));
  const results: WeaknessOutcome[] = weaknesses.map((w) => ({
    id: w.id, name: w.name, priority: w.priority, experiments: [], drafts: 0, queued: [],
    ...(!w.capabilityName || !probed.has(w.capabilityName) ? { skipped: 'its capability has no probe, so nothing can measure a candidate' }
      : alreadyQueued.has(w.capabilityName) ? { skipped: 'a confirmed candidate for its capability already waits in the review queue' } : {}),
  }));
  const byId = new Map(weaknesses.map((w) => [w.id, w]));
  const queued: ReviewQueueEntry[] = [];
  const drafts: ImproveOutcome['drafts'] = [];
  const end = (stopped: ImproveStop, message: string, limit: BudgetKind | null = null): ImproveOutcome =>
    ({ stopped, limit, message, spent: meter.spent(), budget: options.budget, weaknesses: results, queued, drafts });
  const report = (message: string, w?: Weakness): void =>
    options.onProgress?.({ message, spent: meter.spent(), budget: options.budget, queued: queued.length, ...(w ? { weakness: { id: w.id, name: w.name } } : {}) });

  if (!results.some((r) => !r.skipped)) {
    return end('nothing-to-do', weaknesses.length ? 'No open weakness can be searched: each lacks a probed capability or already has a queued candidate.' : 'No open weaknesses: measure the capabilities first.');
  }
  // Rounds over the weaknesses in priority order (the store lists them so), one experiment per weakness
  // per round, until each has a queued candidate or the budget ends: the most urgent goes first, none starves.
  for (;;) {
    const open = results.filter((r) => !r.skipped && !r.queued.length);
    if (!open.length) return end('done', `Every searched weakness has a confirmed candidate in the review queue (${spentText(meter.spent(), options.budget)}).`);
    for (const result of open) {
      if (options.signal?.aborted) return end('cancelled', `Cancelled (${spentText(meter.spent(), options.budget)}); what was measured is kept.`);
      const limit = meter.exhausted();
      if (limit) return end('budget', `The ${limit} budget is spent (${spentText(meter.spent(), options.budget)}).`, limit);
      const weakness = byId.get(result.id)!;
      const left = meter.remaining();
      // The bandit picks the kind of experiment: generateExperiments ranks the templates by Thompson sampling.
      const experiment = await ctx.write((e) => e.generateExperiments(weakness.id, 1)[0]!);
      result.experiments.push(experiment.id);
      const parent = archive.nextParent(weakness.id);
      const files = [...new Set([...(options.files ?? []), ...(parent ? patchFiles(parent.patch) : [])])];
      report(`${weakness.name}: experiment #${experiment.id} (${experiment.approach})${parent ? `, from the candidate of experiment #${parent.experimentId}` : ''}; ${model.name} drafts`, weakness);
      const outcome = await deps.draft(ctx, model, {
        experimentId: experiment.id, files,
        budget: { maxRequests: Math.min(perExperiment, left.requests, left.runs), maxTokens: left.tokens, maxMinutes: left.minutes },
        ...(options.maxSamplesPerArm ? { maxSamplesPerArm: options.maxSamplesPerArm } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.measure ? { measure: options.measure } : {}),
        ...(parent ? { parent: { experimentId: parent.experimentId, verdict: parent.verdict, reason: parent.reason, patch: parent.patch } } : {}),
        onDraft: (r) => report(`${weakness.name}: ${model.name} draft ${r.draft} — ${r.verdict ?? 'not measured'}${r.measuredOn ? ` (measured ${r.measuredOn})` : ''}`, weakness),
      });
      // A new experiment: every record the loop returns is one of this call's drafts.
      for (const record of outcome.records) {
        drafts.push({ weaknessId: weakness.id, experimentId: experiment.id, record, parent: parent?.experimentId ?? null });
        result.drafts++;
        meter.charge({ requests: 1, tokens: record.tokens, runs: record.experimentId !== null ? 1 : 0 });
        if (options.signal?.aborted) return end('cancelled', `Cancelled (${spentText(meter.spent(), options.budget)}); what was measured is kept.`);
        if (record.answer === null) {
          // The model itself failed: stop at once with its message rather than spend the budget retrying.
          return end('model-error', `${model.name} failed: ${record.reason}`);
        }
        const measured = record.experimentId !== null && record.patch !== null
          ? await ctx.read((e) => ({ evidence: e.getExperimentEvidence(record.experimentId!), imps: record.improvementIds.map((id) => e.getImprovement(id)) }))
          : null;
        if (!measured) continue;
        const gain = measured.evidence?.firstEffect?.relativeGain ?? null;
        if (record.verdict) archive.add(weakness.id, { patch: record.patch!, verdict: record.verdict as Verdict, reason: record.reason, relativeGain: gain, experimentId: record.experimentId! });
        for (const imp of measured.imps) {
          const entry = queueEntry(imp, measured.evidence);
          if (entry) { queued.push(entry); result.queued.push(imp.id); }
        }
      }
      if (outcome.stopped === 'cancelled') return end('cancelled', `Cancelled (${spentText(meter.spent(), options.budget)}); what was measured is kept.`);
    }
  }
}

function queuedCapabilities(e: SelfImprovementApi): string[] {
  return reviewQueue(e).map((q) => q.capability);
}
