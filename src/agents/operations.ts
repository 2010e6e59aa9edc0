// The agent operations behind the language-model tools and the MCP server: the same inputs, the same
// rules, the same short structured text. Pure TypeScript (no `vscode`): each adapter only supplies an
// AgentContext (how to reach the engine, the folder, trust).
import * as path from 'node:path';
import type { SelfImprovementApi } from '../engine/api';
import { readConfigFile } from '../engine/config/readConfigFile';
import { CONFIG_FILE, type SelfImprovementConfig } from '../engine/config/types';
import { experimentHeadline } from '../engine/loop/evidenceFormat';
import { evidenceText } from '../engine/loop/evidenceText';
import { expectationLabel } from '../engine/experiments/expectation';
import { runExperiment, targetOf } from '../engine/loop/runExperiment';
import type { AbProgress } from '../engine/ab/runAbExperiment';
import type { Experiment, ExperimentEvidence, ImprovementInput, Weakness } from '../engine/types';
import * as I from './inputs';
import { withoutAutoApply } from './noAutoApply';
import { calibrateNoiseTool, measureCapabilities, showEvidence, syncConfig } from './loopOperations';

export interface AgentContext {
  /** Runs `fn` on an engine that may be read-only. */
  read<T>(fn: (engine: SelfImprovementApi) => T | Promise<T>): Promise<T>;
  /** Runs `fn` on a writable engine, or throws a clear error saying why writing is not possible now. */
  write<T>(fn: (engine: SelfImprovementApi) => T | Promise<T>): Promise<T>;
  /** Absolute path of the workspace folder (holds .vscode/self-improvement.json); null when there is none. */
  folder: string | null;
  /** Probes run commands: only in a trusted folder. */
  isTrusted(): boolean;
  /**
   * When set, run_experiment in an untrusted context is refused up front with this text (it says how
   * this adapter grants trust, e.g. the MCP server's --trusted flag); otherwise the runner's own refusal applies.
   */
  untrustedMessage?: string;
  /** Recorded as `proposedBy` on proposals (also those an experiment makes for this agent). */
  agent: string;
  /** How to grant trust in this adapter (e.g. the MCP server's --trusted), for refusals of tools that run probes. */
  trustHint?: string;
}

/** Progress of a long tool call (the MCP server turns it into notifications/progress). */
/** `run`: which run of the target's A/B series this is (1-based) and how many there are at most, when known. */
export type ToolProgress = (p: { message: string; stage?: string; run?: { index: number; of: number } }) => void;

/** Every proposal made through `engine` is recorded as proposed by `agent`. */
export function proposingAs(engine: SelfImprovementApi, agent: string): SelfImprovementApi {
  return new Proxy(engine, {
    get(target, key, receiver) {
      if (key === 'proposeForReview' || key === 'applyImprovement') {
        return (input: ImprovementInput) => target[key]({ ...input, proposedBy: agent });
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const fmt = (n: number | null | undefined, digits = 3): string => (n === null || n === undefined ? '—' : Number(n.toPrecision(digits)).toString());
const pct = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)} %`);
const oneLine = (s: string, max = 200): string => { const t = s.replace(/\s+/g, ' ').trim(); return t.length > max ? `${t.slice(0, max - 1)}…` : t; };

function weaknessLine(w: Weakness): string {
  return `- weakness #${w.id} [${w.severity}, impact ${fmt(w.impact, 2)}${w.capabilityName ? `, capability ${w.capabilityName}` : ''}${w.status === 'resolved' ? ', resolved' : ''}] ${w.name}: ${oneLine(w.description)}`;
}

/** `ev`: the experiment's evidence, so a flagged success reads as the engine's headline words it. */
function experimentLine(e: Experiment, ev: ExperimentEvidence | null = null): string {
  const outcome = e.verdict ? `, verdict ${experimentHeadline(e, ev)}${e.actualImprovement !== null ? ` (${pct(e.actualImprovement)})` : ''}` : '';
  return `- experiment #${e.id} [${e.status}${outcome}, approach ${e.approach}, ${expectationLabel(e.expectedImprovement)}] ${e.name}`;
}

export async function listWeaknesses(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseListWeaknesses(raw);
  return ctx.read((engine) => {
    const all = input.status === 'open' ? engine.analyzeWeaknesses(input.minImpact) : engine.listWeaknesses({ status: input.status }).filter((w) => w.impact >= input.minImpact);
    if (all.length === 0) return `No ${input.status === 'all' ? '' : `${input.status} `}weaknesses${input.minImpact > 0 ? ` with impact ≥ ${input.minImpact}` : ''}.`;
    const shown = all.slice(0, 50);
    return [`${all.length} ${input.status === 'all' ? '' : `${input.status} `}weakness${all.length === 1 ? '' : 'es'}${input.status === 'open' ? ', most urgent first' : ''}:`,
      ...shown.map(weaknessLine), ...(all.length > shown.length ? [`(${all.length - shown.length} more not shown)`] : []),
      'Next: generate experiments for a weakness (weaknessId), or show its capability\'s history.'].join('\n');
  });
}

export async function capabilityHistory(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseCapabilityHistory(raw);
  return ctx.read((engine) => {
    const profile = engine.profileAllCapabilities().find((p) => p.name === input.name);
    if (!profile) {
      const names = engine.listCapabilities().map((c) => c.name);
      throw new I.ToolInputError(`Unknown capability "${input.name}". Known: ${names.length ? names.join(', ') : 'none yet'}.`);
    }
    const unit = profile.unit ? ` ${profile.unit}` : '';
    const measurements = engine.getMeasurements(input.name, input.limit);
    const weaknesses = engine.listWeaknesses({ status: 'all' }).filter((w) => w.capabilityName === input.name);
    const experiments = engine.listExperiments().filter((e) => weaknesses.some((w) => w.id === e.weaknessId));
    const trend = profile.trend;
    return [
      `Capability ${profile.name} (${profile.type}, ${profile.direction} is better): baseline ${fmt(profile.baseline)}${unit}, target ${fmt(profile.target)}${unit}, current ${fmt(profile.current)}${unit}, ${profile.meetsTarget ? 'meets the target' : `gap ${pct(profile.gap)}${profile.severity ? ` (${profile.severity})` : ''}`}.`,
      trend ? `Trend: ${trend.direction}, ${fmt(trend.slopePerDay)}${unit} per day over ${trend.points} points${trend.predictedTargetAt ? `, target predicted ${trend.predictedTargetAt}` : ''}.` : 'Trend: none yet (it needs measurements spread over at least two days, on three dates).',
      `Measurements (${measurements.length} latest of ${profile.measurementCount}, newest first): ${measurements.map((m) => `${fmt(m.value)} @ ${m.recordedAt}`).join('; ') || 'none'}.`,
      `Weaknesses: ${weaknesses.map((w) => `#${w.id} ${w.status} ${w.severity}`).join(', ') || 'none'}.`,
      `Experiments: ${experiments.length ? '' : 'none.'}`, ...experiments.slice(-20).map((e) => experimentLine(e, engine.getExperimentEvidence(e.id))),
    ].join('\n');
  });
}

export async function generateExperiments(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseGenerateExperiments(raw);
  return ctx.write((engine) => {
    const weakness = engine.getWeakness(input.weaknessId);
    if (weakness.status !== 'open') throw new I.ToolInputError(`Weakness #${weakness.id} is resolved; generate experiments for an open weakness.`);
    const made = engine.generateExperiments(input.weaknessId, input.count);
    return [`${made.length} experiment${made.length === 1 ? '' : 's'} planned for weakness #${weakness.id} (${weakness.name}):`,
      ...made.map((e) => `${experimentLine(e)}\n  hypothesis: ${oneLine(e.hypothesis, 300)}\n  methodology: ${oneLine(e.methodology, 300)}`),
      'Next: write a patch that tests a hypothesis and run the experiment on it (experimentId, patch).'].join('\n');
  });
}

/** A confirmation shows at most this much of a patch: enough to judge it, short enough to read. */
export const PATCH_PREVIEW_LINES = 80;
export const PATCH_PREVIEW_CHARS = 6000;

/**
 * The patch as a fenced ```diff block (a longer fence when the patch itself holds backticks), cut at
 * whole lines when long, saying how much was left out.
 */
export function patchPreview(patch: string, maxLines = PATCH_PREVIEW_LINES, maxChars = PATCH_PREVIEW_CHARS): string {
  const all = patch.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const shown: string[] = [];
  let chars = 0;
  for (const line of all) {
    if (shown.length >= maxLines || (shown.length > 0 && chars + line.length + 1 > maxChars)) break;
    const cut = line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
    shown.push(cut);
    chars += cut.length + 1;
  }
  const longestTicks = Math.max(0, ...[...patch.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestTicks + 1));
  const left = all.length - shown.length;
  return [`${fence}diff`, ...shown, fence,
    ...(left > 0 ? [`(${left} more line${left === 1 ? '' : 's'} of the patch not shown; the whole patch (${all.length} lines) is what runs.)`] : [])].join('\n');
}

/** What a run will do, in plain words and with the patch itself, for the confirmation before it starts. */
export async function describeRun(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseRunExperiment(raw);
  const files = [...input.patch.matchAll(/^\+\+\+ (?:b\/)?(.+)$/gm)].map((m) => m[1]!.trim()).filter((f) => f !== '/dev/null');
  const { exp, command } = await ctx.read(async (engine) => {
    const exp = engine.getExperiment(input.experimentId);
    const config = ctx.folder ? await readConfigFile(ctx.folder) : null;
    let command: string | null = null;
    try { if (config?.exists && config.config) command = targetOf(engine, exp.id, config.config).probe!.command; } catch { /* reported when it runs */ }
    return { exp, command };
  });
  const rerun = exp.status === 'failed' ? ` This re-runs it (the last run failed: ${oneLine(exp.error ?? 'no error recorded', 200)}).` : '';
  return [
    `Run experiment #${exp.id} "${exp.name}": apply the patch (${files.join(', ') || 'no files named'}) in a temporary copy of the folder and run ${command ? `\`${command}\`` : 'the capability\'s probe command'} for the baseline and the candidate, alternating, up to ${input.maxSamplesPerArm ?? 'the planned number of'} times each${input.maxMinutes ? `, at most ${input.maxMinutes} minutes` : ''}. Your files are not changed; a confirmed success becomes a proposal that waits for your approval.${rerun}`,
    '',
    `**The candidate's code will be executed with your user's rights** (your files, credentials and network access), in a temporary copy of the folder, not a sandbox. Only continue if you have read the patch and trust it.`,
    '',
    patchPreview(input.patch),
  ].join('\n');
}

export interface AgentRunResult { experiment: Experiment; evidence: ExperimentEvidence; summary: string }

/** Measures a patch on an experiment (A/B, verdict, confirmation); a confirmed success is proposed, pending. */
/**
 * What every measurement of a patch on an experiment checks first, wherever it then runs (here, or on the
 * team's workers: agents/improve/runner.ts): the input, the workspace trust, the folder and its config.
 */
export async function measurableRun(ctx: AgentContext, raw: unknown): Promise<{ input: I.RunExperimentInput; folder: string; config: SelfImprovementConfig }> {
  const input = I.parseRunExperiment(raw);
  if (!ctx.isTrusted() && ctx.untrustedMessage) throw new I.ToolInputError(ctx.untrustedMessage);
  const folder = ctx.folder;
  if (!folder) throw new I.ToolInputError('No workspace folder is open, so there is nothing to measure.');
  const read = await readConfigFile(folder);
  if (!read.exists) throw new I.ToolInputError(`${CONFIG_FILE} does not exist in ${folder}; declare the capability with a probe there first.`);
  if (!read.config) throw new I.ToolInputError(`${CONFIG_FILE} has errors: ${read.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
  return { input, folder, config: read.config };
}

/** An experiment measures one patch: a running or completed one is refused, saying what it holds. */
export function measurableExperiment(engine: SelfImprovementApi, id: number): Experiment {
  const exp = engine.getExperiment(id);
  if (exp.status === 'running') throw new I.ToolInputError(`Experiment #${exp.id} is already running.`);
  if (exp.status === 'completed') throw new I.ToolInputError(`Experiment #${exp.id} is already completed (verdict ${experimentHeadline(exp, engine.getExperimentEvidence(exp.id))}); generate a new experiment to measure another patch.`);
  return exp;
}

export async function runExperimentWithEvidence(ctx: AgentContext, raw: unknown, signal?: AbortSignal, onProgress?: ToolProgress): Promise<AgentRunResult> {
  const { input, folder, config } = await measurableRun(ctx, raw);
  return ctx.write(async (engine) => {
    const exp = measurableExperiment(engine, input.experimentId);
    // Whatever autoImprove says, a success measured for an agent becomes a pending proposal, proposed by that agent.
    const out = await runExperiment(proposingAs(withoutAutoApply(engine), ctx.agent), {
      experimentId: exp.id, candidate: { kind: 'patch', patch: input.patch }, folder, config, isTrusted: () => ctx.isTrusted(), signal,
      onProgress: onProgress ? (p) => onProgress({ message: `${p.stage} ${p.capability}: ${p.message}`, stage: p.stage, run: runOf(p.ab) }) : undefined,
      budget: { ...(input.maxSamplesPerArm ? { maxSamplesPerArm: input.maxSamplesPerArm } : {}), ...(input.maxMinutes ? { maxMinutes: input.maxMinutes } : {}) },
    });
    const summary = evidenceText(out.experiment, out.evidence, (id) => engine.getImprovement(id).filePath);
    return { experiment: out.experiment, evidence: out.evidence, summary };
  });
}

/** A/B runs alternate baseline and candidate: the k-th run of all 2 × perArm, for "measuring run 5 of 16". */
function runOf(ab: AbProgress | undefined): { index: number; of: number } | undefined {
  if (!ab || ab.phase !== 'run' || ab.index === undefined || ab.of === undefined) return undefined;
  return { index: ab.index * 2 + (ab.arm === 'candidate' ? 2 : 1), of: ab.of * 2 };
}

export async function runExperimentOnPatch(ctx: AgentContext, raw: unknown, signal?: AbortSignal, onProgress?: ToolProgress): Promise<string> {
  return (await runExperimentWithEvidence(ctx, raw, signal, onProgress)).summary;
}

/** What a proposal will do, in plain words, for the confirmation before it is made. */
export function describeProposal(raw: unknown): string {
  const input = I.parseProposeImprovement(raw);
  const lines = (s: string): number => (s === '' ? 0 : s.split('\n').length);
  const what = input.oldCode !== undefined
    ? `replace ${lines(input.oldCode)} line${lines(input.oldCode) === 1 ? '' : 's'} with ${lines(input.newCode)}`
    : `replace the whole file with ${lines(input.newCode)} line${lines(input.newCode) === 1 ? '' : 's'}`;
  return `Propose "${input.name}" for ${input.filePath}: ${what}${input.experimentId ? `, linked to experiment #${input.experimentId}` : ''}. Nothing is written now; the change waits for your approval in the diff editor.`;
}

export async function proposeImprovement(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseProposeImprovement(raw);
  return ctx.write(async (engine) => {
    const imp = await engine.proposeForReview({ ...input, proposedBy: ctx.agent });
    const ev = imp.experimentId ? engine.getExperiment(imp.experimentId) : null;
    return [`Proposed improvement #${imp.id} "${imp.name}" for ${imp.filePath}: ${imp.status}, waiting for a person to approve it in VS Code (nothing was written to the file).`,
      ev ? `Linked to experiment #${ev.id} (${ev.status}${ev.verdict ? `, verdict ${experimentHeadline(ev, engine.getExperimentEvidence(ev.id))}` : ''}).` : 'Not linked to a measured experiment: consider running one on it first.',
      `File: ${path.posix.normalize(imp.filePath)}, SHA-256 before ${imp.hashBefore.slice(0, 12)}….`].join('\n');
  });
}

/** The tools every adapter offers, by MCP name; LM tool classes map onto these. */
export const OPERATIONS = {
  list_weaknesses: listWeaknesses,
  capability_history: capabilityHistory,
  generate_experiments: generateExperiments,
  run_experiment: runExperimentOnPatch,
  propose_improvement: proposeImprovement,
  sync_config: syncConfig,
  measure_capability: measureCapabilities,
  calibrate_noise: calibrateNoiseTool,
  show_evidence: showEvidence,
} as const;
export type OperationName = keyof typeof OPERATIONS;
