// An experiment's evidence as Markdown for the approver (pure, so the extension, MCP and a CLI can share it).
import type { ExperimentEvidence } from '../types';
import { DISTRIBUTED_RULES, DISTRIBUTED_TARGET_ONLY, distributedBlockLines, distributedMachineLines, distributedSummary, effectText, guardrailStatus, guardrailText, idList, num, pairedText, pct, pValue, stoppedText, verdictHeadline } from './evidenceFormat';

export function evidenceMarkdown(title: string, ev: ExperimentEvidence): string {
  const out: string[] = [`# ${title}`, '', `**Verdict: ${verdictHeadline(ev)}**`, '', ev.reason, ''];
  if (ev.tamperFlags.length) {
    out.push('## ⚠ Tamper flags', '', 'The candidate changes files that belong to what measures it; it is never applied automatically.', '');
    for (const f of ev.tamperFlags) out.push(`- \`${f.file}\`: ${f.reasons.join('; ')}`);
    out.push('');
  }
  if (ev.runMore) {
    out.push('## More samples needed', '', `Not refused: ${ev.runMore.open.target ? 'the target' : ''}${ev.runMore.open.target && ev.runMore.open.guardrails.length ? ' and ' : ''}${ev.runMore.open.guardrails.length ? `the guardrail${ev.runMore.open.guardrails.length > 1 ? 's' : ''} ${ev.runMore.open.guardrails.join(', ')}` : ''} could not be judged within the budget. "Run More Samples" measures the same candidate again with up to ${ev.runMore.maxSamplesPerArm} runs per arm.`, '');
  }
  out.push('## Effect', '');
  if (ev.effect) out.push(`- shown (${ev.confirmed ? 'confirmation run' : 'this run'}): ${effectText(ev.effect, ev.alpha)}`);
  if (ev.firstEffect && ev.confirmed) out.push(`- first run (inflated by selection): ${effectText(ev.firstEffect, ev.alpha)}`);
  const paired = ev.effect ? pairedText(ev.effect, ev.alpha) : null;
  if (paired) out.push(`- analysis: ${paired}`);
  if (ev.sequential) out.push(`- sequential rule: ${ev.sequential.decision} — ${ev.sequential.reason}`);
  for (const w of ev.noise ?? []) out.push(`- ⚠ noise: ${w}`);
  out.push('', '## Guardrails', '');
  if (ev.guardrails.length === 0) out.push(ev.distributed && !ev.distributed.waves ? `- ${DISTRIBUTED_TARGET_ONLY}` : '- none measured (no other capability has a probe)');
  for (const g of ev.guardrails) {
    const status = guardrailStatus(g);
    out.push(`- ${status === 'held' ? '✓' : status === 'unknown' ? '?' : '✗'} ${guardrailText(g)} — **${status}**`);
  }
  if (ev.multiplicity) out.push('', ev.multiplicity);
  if (ev.flips.length) {
    out.push('', '## Pass/fail cases (paired, McNemar exact test)', '');
    for (const f of ev.flips) out.push(`- ${f.capability}: ${f.matched} paired cases, McNemar p ${pValue(f.pValue)}; to fail: ${idList(f.toFail)}; to pass: ${idList(f.toPass)}`);
  }
  if (ev.distributed) {
    out.push('', '## Distributed run', '', `${distributedSummary(ev.distributed)}${ev.distributed.waves ? `; judged by ${DISTRIBUTED_RULES}` : ''}.`, '', '### By machine', '');
    for (const line of distributedMachineLines(ev.distributed)) out.push(`- ${line}`);
    out.push('', '### Blocks', '');
    for (const line of distributedBlockLines(ev.distributed)) out.push(`- ${line}`);
    const c = ev.distributed.confirmation;
    if (c) {
      out.push('', '### Confirmation run', '', distributedSummary(c), '');
      for (const line of [...distributedMachineLines(c), ...distributedBlockLines(c)]) out.push(`- ${line}`);
    }
  }
  const runs = ev.runs ? `; runs per arm: target ${ev.runs.target}${Object.entries(ev.runs.guardrails).map(([n, k]) => `, ${n} ${k}`).join('')}` : '';
  out.push('', '## Run', '',
    `- candidate: ${ev.candidate.description}; changed files: ${ev.changedFiles.join(', ') || 'none'}`,
    `- plan: ${ev.plan.samplesPerArm} per arm (${ev.plan.basis}), budget ${ev.plan.maxSamplesPerArm} per arm${ev.plan.maxMinutes ? ` / ${ev.plan.maxMinutes} min` : ''}`,
    `- samples: baseline ${ev.samples.baseline.map(num).join(', ') || 'none'}; candidate ${ev.samples.candidate.map(num).join(', ') || 'none'}`,
    ...(ev.samples.confirmation ? [`- confirmation: baseline ${ev.samples.confirmation.baseline.map(num).join(', ')}; candidate ${ev.samples.confirmation.candidate.map(num).join(', ')}`] : []),
    `- stopped: ${stoppedText(ev.stopped)}${runs}; took ${(ev.durationMs / 1000).toFixed(1)} s; α = ${ev.alpha}, threshold ${pct(ev.threshold)}`);
  if (ev.plan.warning) out.push(`- plan warning: ${ev.plan.warning}`);
  if (ev.notProposed.length) out.push(`- not proposed: ${ev.notProposed.join(' ')}`);
  return out.join('\n') + '\n';
}
