// "Draft Candidate": ask a chat model for a patch, measure it with the A/B experiment, feed the verdict
// back into the next prompt, stop at the first confirmed success (its proposal waits for a person) or
// when the drafts or the budget run out. Every prompt and answer is kept with the experiment.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readConfigFile } from '../../engine/config/readConfigFile';
import { isRunnable } from '../../engine/experiments/runnable';
import { verdictHeadline } from '../../engine/loop/evidenceFormat';
import { targetOf } from '../../engine/loop/runExperiment';
import type { AgentContext } from '../operations';
import { runExperimentWithEvidence } from '../operations';
import { buildDraftPrompt, extractPatch, type DraftPromptInput } from './prompt';

/** A chat model, as the loop needs it (the VS Code adapter wraps vscode.lm; tests pass a fake). */
export interface ChatModelPort {
  readonly name: string;
  /** Sends one prompt; returns the whole answer and the tokens it cost (prompt + answer). */
  ask(prompt: string, signal?: AbortSignal): Promise<{ text: string; tokens: number }>;
}

export interface DraftBudget { maxRequests: number; maxTokens: number; maxMinutes: number }
export const DEFAULT_DRAFT_BUDGET: DraftBudget = { maxRequests: 3, maxTokens: 60_000, maxMinutes: 20 };

export interface DraftRecord {
  draft: number;
  at: string;
  model: string;
  prompt: string;
  answer: string | null;
  patch: string | null;
  /** The experiment that measured this draft (the first draft uses the chosen experiment). */
  experimentId: number | null;
  verdict: string | null;
  /** The verdict as the engine's headline words it (a flagged success reads as one); null before a verdict. */
  headline?: string | null;
  reason: string;
  tokens: number;
  improvementIds: number[];
}

export interface DraftOptions {
  experimentId: number;
  /** Files (relative to the folder) whose text goes into the prompt. */
  files: string[];
  budget?: Partial<DraftBudget>;
  maxSamplesPerArm?: number;
  signal?: AbortSignal;
  onDraft?: (record: DraftRecord) => void;
  /** An earlier candidate for the same weakness to start from (the unattended search picks different parents). */
  parent?: DraftPromptInput['parent'];
}

export interface DraftOutcome {
  records: DraftRecord[];
  /** Pending proposals from a confirmed success; empty when no draft succeeded. */
  offered: number[];
  stopped: 'success' | 'budget' | 'cancelled';
}

/** Where the drafts of an experiment are kept (engine metadata), so a person can see why a change was proposed. */
export const draftsKey = (experimentId: number): string => `drafts:experiment:${experimentId}`;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function draftCandidates(ctx: AgentContext, model: ChatModelPort, options: DraftOptions): Promise<DraftOutcome> {
  const budget = { ...DEFAULT_DRAFT_BUDGET, ...options.budget };
  const folder = ctx.folder;
  if (!folder) throw new Error('No workspace folder is open, so there is nothing to draft against.');
  const started = Date.now();
  const records: DraftRecord[] = (await ctx.read((e) => e.getMetadata<DraftRecord[]>(draftsKey(options.experimentId)))) ?? [];
  const firstNew = records.length + 1;
  let tokens = 0;
  const save = (): Promise<void> => ctx.write((e) => e.setMetadata(draftsKey(options.experimentId), records));

  for (let n = firstNew; ; n++) {
    if (options.signal?.aborted) return { records, offered: [], stopped: 'cancelled' };
    const requests = n - firstNew;
    if (requests >= budget.maxRequests || tokens >= budget.maxTokens || Date.now() - started >= budget.maxMinutes * 60_000) {
      return { records, offered: [], stopped: 'budget' };
    }
    const input = await promptInput(ctx, folder, options, records);
    const prompt = buildDraftPrompt(input);
    const record: DraftRecord = { draft: n, at: new Date().toISOString(), model: model.name, prompt, answer: null, patch: null, experimentId: null, verdict: null, reason: '', tokens: 0, improvementIds: [] };
    records.push(record);
    try {
      const answer = await model.ask(prompt, options.signal);
      record.answer = answer.text;
      record.tokens = answer.tokens;
      tokens += answer.tokens;
      record.patch = extractPatch(answer.text);
      record.experimentId = await experimentFor(ctx, options.experimentId, n === 1 ? null : n);
      const run = await runExperimentWithEvidence(ctx, { experimentId: record.experimentId, patch: record.patch, ...(options.maxSamplesPerArm ? { maxSamplesPerArm: options.maxSamplesPerArm } : {}) }, options.signal);
      record.verdict = run.evidence.verdict;
      record.headline = verdictHeadline(run.evidence);
      record.reason = run.evidence.reason;
      record.improvementIds = [...run.evidence.improvementIds];
    } catch (error) {
      record.reason = errorText(error);
    }
    await save();
    options.onDraft?.(record);
    if (record.verdict === 'success' && record.improvementIds.length) return { records, offered: record.improvementIds, stopped: 'success' };
  }
}

/** The chosen experiment while it can still run; otherwise a sibling with the same plan for this draft. */
async function experimentFor(ctx: AgentContext, experimentId: number, draft: number | null): Promise<number> {
  return ctx.write((e) => {
    const exp = e.getExperiment(experimentId);
    if (draft === null && isRunnable(exp)) return exp.id;
    const capabilityName = e.getWeakness(exp.weaknessId).capabilityName;
    if (!capabilityName) throw new Error(`Experiment ${exp.id} targets a weakness without a capability; nothing to measure.`);
    return e.createExperiment({ capabilityName, name: `${exp.name} (draft ${draft ?? 1})`, approach: exp.approach, hypothesis: exp.hypothesis, methodology: exp.methodology, expectedImprovement: exp.expectedImprovement }).id;
  });
}

async function promptInput(ctx: AgentContext, folder: string, options: DraftOptions, records: DraftRecord[]): Promise<DraftPromptInput> {
  const read = await readConfigFile(folder);
  const files = await Promise.all(options.files.map(async (f) => ({ path: f, content: await readFile(path.join(folder, f), 'utf8').catch(() => '(missing)') })));
  return ctx.read((e) => {
    const exp = e.getExperiment(options.experimentId);
    const weakness = e.getWeakness(exp.weaknessId);
    const cap = e.getCapability(weakness.capabilityName ?? '');
    let probeCommand: string | null = null;
    let evaluatorFiles: string[] = [];
    if (read.exists && read.config) {
      try {
        const target = targetOf(e, exp.id, read.config);
        probeCommand = target.probe?.command ?? null;
        evaluatorFiles = read.config.capabilities.flatMap((c) => c.evaluatorFiles);
      } catch { /* the run reports it */ }
    }
    return {
      weakness: { name: weakness.name, description: weakness.description, severity: weakness.severity },
      experiment: { name: exp.name, hypothesis: exp.hypothesis, methodology: exp.methodology, approach: exp.approach },
      capability: { name: cap.name, direction: cap.direction, unit: cap.unit, baseline: cap.baseline, target: cap.target, current: cap.current, probeCommand },
      files,
      previous: records.map((r) => ({ draft: r.draft, verdict: r.headline ?? r.verdict ?? 'not measured', reason: r.reason, patch: r.patch })),
      evaluatorFiles,
      ...(options.parent ? { parent: options.parent } : {}),
    };
  });
}
