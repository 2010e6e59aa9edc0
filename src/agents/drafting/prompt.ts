// The prompt for a drafted candidate, and the patch in the model's answer. Pure functions: the loop
// (draftLoop.ts) and its tests call them; the VS Code adapter only sends the text to a chat model.
import { parsePatch } from 'diff';
import { ErrorCode } from '../../engine/errorCodes';
import type { BriefGuardrail, BriefHistoryItem } from './brief';

export interface DraftPromptInput {
  weakness: { name: string; description: string; severity: string };
  experiment: { name: string; hypothesis: string; methodology: string; approach: string };
  capability: { name: string; direction: 'higher' | 'lower'; unit: string; baseline: number; target: number; current: number | null; probeCommand: string | null; measuredBy?: string[] };
  /** What must not get worse: every other declared capability with a probe, with its margin. */
  guardrails?: BriefGuardrail[];
  /** What earlier experiments on this capability found (not the drafts in `previous`). */
  history?: BriefHistoryItem[];
  /** Files the change may touch, relative to the folder, with their current text. */
  files: { path: string; content: string }[];
  /** Execution feedback: what the earlier drafts did and what the measurement said. */
  previous: { draft: number; verdict: string; reason: string; patch: string | null }[];
  /** Files that measure the capability; a change to them is flagged and never applied automatically. */
  evaluatorFiles: string[];
  /** An earlier candidate for this weakness to build on (not applied to the files below). */
  parent?: { experimentId: number; verdict: string; reason: string; patch: string };
}

const MAX_FILE_CHARS = 12_000;

const unitOf = (u: string): string => (u ? ` ${u}` : '');
const pct = (f: number): string => `${Number((f * 100).toPrecision(3))} %`;
const filesText = (files: readonly string[] | undefined): string => (files?.length ? files.join(', ') : 'no file named by the command');

function guardrailLine(g: BriefGuardrail): string {
  const how = g.kind === 'suite'
    ? `a pass/fail suite, run once per arm and compared case by case; its pass rate may drop by at most ${pct(g.margin)}`
    : `measured alongside the target; it may get at most ${pct(g.margin)} worse (${g.direction} is better, baseline ${g.baseline}${unitOf(g.unit)})`;
  return `- ${g.name}: \`${g.probeCommand}\` — ${how}. Measured by: ${filesText(g.measuredBy)}.`;
}

function historyLine(h: BriefHistoryItem): string {
  const effect = h.actualImprovement === null ? '' : ` (${h.actualImprovement >= 0 ? '+' : ''}${pct(h.actualImprovement)})`;
  return `- Experiment #${h.experimentId} "${h.name}": ${h.status === 'failed' ? 'failed' : `verdict ${h.verdict ?? 'none'}`}${effect}. ${h.reason}`;
}

export function buildDraftPrompt(p: DraftPromptInput): string {
  const cap = p.capability;
  const files = p.files.map((f) => `--- ${f.path}\n${f.content.length > MAX_FILE_CHARS ? `${f.content.slice(0, MAX_FILE_CHARS)}\n[… truncated]` : f.content}`).join('\n\n');
  const previous = p.previous.length
    ? p.previous.map((d) => `Draft ${d.draft}: verdict ${d.verdict}. ${d.reason}${d.patch ? `\nIts patch:\n${d.patch}` : ''}`).join('\n\n')
    : 'None yet.';
  const guardrails = p.guardrails ?? [];
  const history = p.history ?? [];
  return [
    'You improve a code base against a measured capability. Propose ONE change as a unified diff.',
    '',
    `Target: ${cap.name} (${cap.direction} is better, unit ${cap.unit || 'none'}): baseline ${cap.baseline}, target ${cap.target}, current ${cap.current ?? 'unmeasured'}.`,
    `Measured by: ${cap.probeCommand ? `\`${cap.probeCommand}\`` : 'an external probe'}${cap.measuredBy ? ` (files: ${filesText(cap.measuredBy)})` : ''}. The change is measured in isolated copies, baseline against candidate, and must be a clear, confirmed gain.`,
    `Weakness (${p.weakness.severity}): ${p.weakness.name} — ${p.weakness.description}`,
    `Experiment (${p.experiment.approach}): ${p.experiment.name}`,
    `Hypothesis: ${p.experiment.hypothesis}`,
    `Methodology: ${p.experiment.methodology}`,
    '',
    guardrails.length
      ? `Guardrails — the change is refused if any of these gets worse than its margin:\n${guardrails.map(guardrailLine).join('\n')}`
      : 'Guardrails: none declared besides the target.',
    '',
    `Do not change what measures the capabilities${p.evaluatorFiles.length ? ` (${p.evaluatorFiles.join(', ')})` : ''}: such a change is flagged and never accepted automatically.`,
    '',
    'Earlier experiments on this capability:',
    history.length ? history.map(historyLine).join('\n') : 'None.',
    '',
    'Earlier drafts and their measured outcome (do not repeat what failed):',
    previous,
    '',
    ...(p.parent ? [
      `Start from this earlier candidate for the same weakness (experiment #${p.parent.experimentId}, verdict ${p.parent.verdict}: ${p.parent.reason}). Improve on it or fix what held it back; it is NOT applied to the files below, so your diff must apply to them as they are:`,
      p.parent.patch,
      '',
    ] : []),
    'Relevant files (current text):',
    files || '(none given)',
    '',
    'Answer with exactly one fenced ```diff block: a unified diff with "--- a/<path>" and "+++ b/<path>" headers relative to the folder, and complete @@ hunks. After the block, one line "Rationale: <what the change does, in a few words>" (it names the proposal).',
  ].join('\n');
}

export class DraftAnswerError extends Error {
  readonly code = ErrorCode.DraftAnswer;
  constructor(message: string) {
    super(message);
    this.name = 'DraftAnswerError';
  }
}

/** The unified diff in a model's answer (a ```diff/```patch block, or the answer itself); throws when there is none. */
export function extractPatch(answer: string): string {
  const fenced = [...answer.matchAll(/```(?:diff|patch)?[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => /^(---|\+\+\+|@@)/m.test(b));
  const text = (fenced ?? answer).replace(/\r\n/g, '\n');
  const start = text.search(/^(diff --git |--- )/m);
  if (start < 0) throw new DraftAnswerError('The answer holds no unified diff (no "--- a/…" / "+++ b/…" headers).');
  const patch = text.slice(start).replace(/\n*$/, '\n');
  let parsed;
  try { parsed = parsePatch(patch); } catch (error) { throw new DraftAnswerError(`The diff in the answer does not parse: ${(error as Error).message}`); }
  if (!parsed.length || parsed.every((p) => p.hunks.length === 0)) throw new DraftAnswerError('The diff in the answer has no hunks.');
  return patch;
}
