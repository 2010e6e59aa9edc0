// An experiment's evidence as short plain text for a model (agents' tools, MCP): the same formatters
// and headline as the Markdown for people, fewer lines.
import type { ExperimentEvidence } from '../types';
import { DISTRIBUTED_RULES, distributedMachineLines, distributedSummary, effectText, guardrailStatus, guardrailText, stoppedText, verdictHeadline } from './evidenceFormat';

const oneLine = (s: string, max: number): string => { const t = s.replace(/\s+/g, ' ').trim(); return t.length > max ? `${t.slice(0, max - 1)}…` : t; };

/** `filesOf` names the file of a proposed improvement. */
export function evidenceText(exp: { id: number; name: string }, ev: ExperimentEvidence, filesOf: (improvementId: number) => string): string {
  const lines = [`Experiment #${exp.id} "${exp.name}": verdict ${verdictHeadline(ev)}; stopped: ${stoppedText(ev.stopped)}.`, `Reason: ${oneLine(ev.reason, 600)}`];
  if (ev.effect) lines.push(`Effect on ${effectText(ev.effect, ev.alpha)}.`);
  if (ev.guardrails.length) lines.push(`Guardrails: ${ev.guardrails.map((g) => `${guardrailStatus(g).toUpperCase()} ${oneLine(guardrailText(g, 5), 240)}`).join('; ')}.`);
  for (const w of ev.noise ?? []) lines.push(`Noise: ${oneLine(w, 240)}`);
  if (ev.distributed) lines.push(`Distributed: ${distributedSummary(ev.distributed)}. Machines: ${distributedMachineLines(ev.distributed).join('; ')}.${ev.distributed.waves ? ` Judged by ${DISTRIBUTED_RULES}.` : ''}`);
  if (ev.tamperFlags.length) lines.push(`Flagged: the patch changes ${ev.tamperFlags.map((f) => f.file).join(', ')}, part of what measures it; never applied automatically.`);
  if (ev.runMore) lines.push(`More samples needed: measuring again with up to ${ev.runMore.maxSamplesPerArm} runs per arm could decide it (not refused).`);
  if (ev.improvementIds.length) lines.push(`Proposed, pending a person's approval in VS Code: ${ev.improvementIds.map((id) => `improvement #${id} (${filesOf(id)})`).join(', ')}.`);
  else lines.push('Nothing was proposed.');
  if (ev.notProposed.length) lines.push(`Not proposed: ${ev.notProposed.map((n) => oneLine(n, 160)).join('; ')}.`);
  return lines.join('\n');
}
