// "Draft Candidate": ask a chat model for a patch, measure it with the A/B experiment, feed the verdict
// back into the next prompt, stop at the first confirmed success (its proposal waits for a person), at a
// model error (at once, with the model's message), or when the drafts or the budget run out. Every prompt
// and answer is kept with the experiment; each draft's experiment and proposals are named for what its
// patch does and recorded as proposed by the model (`lm:<vendor>/<id>`).
import { readConfigFile } from '../../engine/config/readConfigFile';
import { ErrorCode } from '../../engine/errorCodes';
import { isRunnable } from '../../engine/experiments/runnable';
import { verdictHeadline } from '../../engine/loop/evidenceFormat';
import type { AgentContext } from '../operations';
import { localMeasure, type MeasurePort } from '../improve/runner';
import { draftBrief } from './brief';
import { pendingDuplicates, type PendingDuplicate } from './duplicates';
import { readDraftFiles } from './files';
import { nameForDraft } from './naming';
import { buildDraftPrompt, extractPatch, type DraftPromptInput } from './prompt';
import { draftIdeaKey, draftOriginKey, draftsKey } from './transcript';

export { draftsKey } from './transcript';

/** A chat model, as the loop needs it (the VS Code adapter wraps vscode.lm; tests pass a fake). */
export interface ChatModelPort {
  /** "<vendor>/<id>": named in progress, the transcript, and as `lm:<name>` in proposedBy. */
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
  /** What the patch does (its rationale or the diff's functions and files): the name of its experiment and proposals. */
  name?: string;
  /** Where it was measured: "locally", or on which of the team's workers (and why locally when they were not used). */
  measuredOn?: string;
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
  /** "Draft 2 of 3 by copilot/gpt-x: measuring run 5 of 16". */
  onProgress?: (message: string) => void;
  /** How each draft is measured: locally by default; the team's workers through the CLI's or the window's port. */
  measure?: MeasurePort;
}

export interface DraftOutcome {
  records: DraftRecord[];
  /** Pending proposals from a confirmed success; empty when no draft succeeded. */
  offered: number[];
  /** `model-error`: the model failed to answer; the loop stopped at once (its message is in `error`). */
  stopped: 'success' | 'budget' | 'cancelled' | 'model-error';
  /** With stopped === 'model-error': the model's own message. */
  error?: string;
  /** Offered proposals whose file already had a pending proposal: the adapter says so and offers to replace it. */
  duplicates: PendingDuplicate[];
}

/** A chat model that failed to answer (its message kept), as opposed to an answer without a usable diff. */
export class DraftModelError extends Error {
  readonly code = ErrorCode.DraftModel;
  constructor(model: string, message: string) {
    super(`The model ${model} failed: ${message}`);
    this.name = 'DraftModelError';
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Proposals made by the loop are the model's: `lm:<vendor>/<id>` (docs/agents.md). */
export const proposedByModel = (model: ChatModelPort): string => `lm:${model.name}`;

export async function draftCandidates(ctx: AgentContext, model: ChatModelPort, options: DraftOptions): Promise<DraftOutcome> {
  const budget = { ...DEFAULT_DRAFT_BUDGET, ...options.budget };
  const folder = ctx.folder;
  if (!folder) throw new Error('No workspace folder is open, so there is nothing to draft against.');
  // Checked before the first request: a missing file is refused, never sent as a placeholder.
  const files = await readDraftFiles(folder, options.files);
  const modelCtx: AgentContext = { ...ctx, agent: proposedByModel(model) };
  const started = Date.now();
  const records: DraftRecord[] = (await ctx.read((e) => e.getMetadata<DraftRecord[]>(draftsKey(options.experimentId)))) ?? [];
  const firstNew = records.length + 1;
  let tokens = 0;
  const save = (): Promise<void> => ctx.write((e) => e.setMetadata(draftsKey(options.experimentId), records));
  const done = (stopped: DraftOutcome['stopped'], extra: Partial<DraftOutcome> = {}): DraftOutcome => ({ records, offered: [], stopped, duplicates: [], ...extra });

  for (let n = firstNew; ; n++) {
    if (options.signal?.aborted) return done('cancelled');
    const requests = n - firstNew;
    if (requests >= budget.maxRequests || tokens >= budget.maxTokens || Date.now() - started >= budget.maxMinutes * 60_000) return done('budget');
    const say = (what: string): void => options.onProgress?.(`Draft ${requests + 1} of ${budget.maxRequests} by ${model.name}: ${what}`);
    say('writing the prompt');
    const input = await promptInput(ctx, folder, options, records, files);
    const prompt = buildDraftPrompt(input);
    const record: DraftRecord = { draft: n, at: new Date().toISOString(), model: model.name, prompt, answer: null, patch: null, experimentId: null, verdict: null, reason: '', tokens: 0, improvementIds: [] };
    records.push(record);
    say('waiting for the model');
    let answer: { text: string; tokens: number };
    try {
      answer = await model.ask(prompt, options.signal);
    } catch (error) {
      // A failing model fails the same way on the next request: stop now, with its own message.
      if (options.signal?.aborted) { record.reason = 'Cancelled while the model was answering.'; await save(); return done('cancelled'); }
      record.reason = new DraftModelError(model.name, errorText(error)).message;
      await save();
      options.onDraft?.(record);
      return done('model-error', { error: errorText(error) });
    }
    record.answer = answer.text;
    record.tokens = answer.tokens;
    tokens += answer.tokens;
    try {
      record.patch = extractPatch(answer.text);
      const fallback = await ctx.read((e) => e.getExperiment(options.experimentId).name);
      record.name = nameForDraft(answer.text, record.patch, fallback);
      record.experimentId = await experimentFor(ctx, options.experimentId, n === 1 ? null : n, record.name, proposedByModel(model));
      say('measuring');
      const run = await (options.measure ?? localMeasure)(modelCtx, { experimentId: record.experimentId, patch: record.patch, ...(options.maxSamplesPerArm ? { maxSamplesPerArm: options.maxSamplesPerArm } : {}) }, options.signal,
        (p) => say(p.run ? `measuring run ${p.run.index} of ${p.run.of}` : `measuring (${p.message})`));
      record.measuredOn = run.where;
      record.verdict = run.evidence.verdict;
      record.headline = verdictHeadline(run.evidence);
      record.reason = run.evidence.reason;
      record.improvementIds = [...run.evidence.improvementIds];
    } catch (error) {
      record.reason = errorText(error);
    }
    await save();
    options.onDraft?.(record);
    if (record.verdict === 'success' && record.improvementIds.length) {
      const duplicates = await ctx.read((e) => pendingDuplicates(e, record.improvementIds));
      return done('success', { offered: record.improvementIds, duplicates });
    }
  }
}

/**
 * The chosen experiment while it can still run (renamed for what this draft's patch does); otherwise a
 * sibling with the same plan, named for its patch, pointing back to the chosen one for the transcript.
 */
async function experimentFor(ctx: AgentContext, experimentId: number, draft: number | null, name: string, actor: string): Promise<number> {
  return ctx.write((e) => {
    const exp = e.getExperiment(experimentId);
    if (draft === null && isRunnable(exp)) {
      // The template's name still describes the idea the prompts start from; the experiment now names its patch.
      if (e.getMetadata<string>(draftIdeaKey(exp.id)) === null) e.setMetadata(draftIdeaKey(exp.id), exp.name);
      return e.renameExperiment(exp.id, name, actor).id;
    }
    const capabilityName = e.getWeakness(exp.weaknessId).capabilityName;
    if (!capabilityName) throw new Error(`Experiment ${exp.id} targets a weakness without a capability; nothing to measure.`);
    const created = e.createExperiment({ capabilityName, name, approach: exp.approach, hypothesis: exp.hypothesis, methodology: exp.methodology, expectedImprovement: exp.expectedImprovement });
    e.setMetadata(draftOriginKey(created.id), experimentId);
    return created.id;
  });
}

async function promptInput(ctx: AgentContext, folder: string, options: DraftOptions, records: DraftRecord[], files: DraftPromptInput['files']): Promise<DraftPromptInput> {
  const read = await readConfigFile(folder);
  return ctx.read((e) => {
    const exp = e.getExperiment(options.experimentId);
    const weakness = e.getWeakness(exp.weaknessId);
    const cap = e.getCapability(weakness.capabilityName ?? '');
    let brief = null;
    if (read.exists && read.config) {
      const drafted = records.map((r) => r.experimentId).filter((id): id is number => id !== null);
      try { brief = draftBrief(e, read.config, exp.id, drafted); } catch { /* the run reports it */ }
    }
    return {
      weakness: { name: weakness.name, description: weakness.description, severity: weakness.severity },
      experiment: { name: e.getMetadata<string>(draftIdeaKey(exp.id)) ?? exp.name, hypothesis: exp.hypothesis, methodology: exp.methodology, approach: exp.approach },
      capability: { name: cap.name, direction: cap.direction, unit: cap.unit, baseline: cap.baseline, target: cap.target, current: cap.current, probeCommand: brief?.target.probeCommand ?? null, ...(brief ? { measuredBy: brief.target.measuredBy } : {}) },
      files,
      previous: records.map((r) => ({ draft: r.draft, verdict: r.headline ?? r.verdict ?? 'not measured', reason: r.reason, patch: r.patch })),
      evaluatorFiles: brief?.evaluatorFiles ?? [],
      guardrails: brief?.guardrails ?? [],
      history: brief?.history ?? [],
      ...(options.parent ? { parent: options.parent } : {}),
    };
  });
}
