// An experiment's evidence as Markdown for the approver (pure, so the extension, MCP and a CLI can share it).
import type { EvidenceEffect, ExperimentEvidence } from '../types';

const num = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : String(Number(x.toPrecision(3))));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const p = (x: number | null): string => (x === null ? '—' : x < 0.001 ? '< 0.001' : String(Number(x.toPrecision(2))));
const list = (ids: string[]): string => (ids.length === 0 ? 'none' : ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', '));

function effectLine(e: EvidenceEffect): string {
  const ci = e.relativeCi ? `[${pct(e.relativeCi[0])}, ${pct(e.relativeCi[1])}]` : e.ci ? `[${num(e.ci[0])}, ${num(e.ci[1])}] ${e.unit}` : 'n/a';
  return `${e.capability}: ${num(e.baselineMean)} → ${num(e.candidateMean)} ${e.unit} — gain ${pct(e.relativeGain)} (95 % interval ${ci}), p ${p(e.pValue)}, n = ${e.n.baseline} + ${e.n.candidate}`;
}

export function evidenceMarkdown(title: string, ev: ExperimentEvidence): string {
  const out: string[] = [`# ${title}`, '', `**Verdict: ${ev.verdict}**${ev.confirmed ? ' (confirmed by a fresh run)' : ''}`, '', ev.reason, ''];
  if (ev.tamperFlags.length) {
    out.push('## ⚠ Tamper flags', '', 'The candidate changes files that belong to what measures it; it is never applied automatically.', '');
    for (const f of ev.tamperFlags) out.push(`- \`${f.file}\`: ${f.reasons.join('; ')}`);
    out.push('');
  }
  out.push('## Effect', '');
  if (ev.effect) out.push(`- shown (${ev.confirmed ? 'confirmation run' : 'this run'}): ${effectLine(ev.effect)}`);
  if (ev.firstEffect && ev.confirmed) out.push(`- first run (inflated by selection): ${effectLine(ev.firstEffect)}`);
  if (ev.sequential) out.push(`- sequential rule: ${ev.sequential.decision} — ${ev.sequential.reason}`);
  out.push('', '## Guardrails', '');
  if (ev.guardrails.length === 0) out.push('- none measured (no other capability has a probe, or the target did not improve)');
  for (const g of ev.guardrails) {
    out.push(`- ${g.passed ? '✓' : '✗'} ${g.reason} (p ${p(g.pValue)}${g.adjustedPValue !== null ? `, BH-adjusted ${p(g.adjustedPValue)}` : ''})`);
  }
  if (ev.multiplicity) out.push('', ev.multiplicity);
  if (ev.flips.length) {
    out.push('', '## Pass/fail cases (paired, McNemar exact test)', '');
    for (const f of ev.flips) out.push(`- ${f.capability}: ${f.matched} paired cases, p ${p(f.pValue)}; to fail: ${list(f.toFail)}; to pass: ${list(f.toPass)}`);
  }
  out.push('', '## Run', '',
    `- candidate: ${ev.candidate.description}; changed files: ${ev.changedFiles.join(', ') || 'none'}`,
    `- plan: ${ev.plan.samplesPerArm} per arm (${ev.plan.basis}), budget ${ev.plan.maxSamplesPerArm} per arm${ev.plan.maxMinutes ? ` / ${ev.plan.maxMinutes} min` : ''}`,
    `- samples: baseline ${ev.samples.baseline.map(num).join(', ')}; candidate ${ev.samples.candidate.map(num).join(', ')}`,
    ...(ev.samples.confirmation ? [`- confirmation: baseline ${ev.samples.confirmation.baseline.map(num).join(', ')}; candidate ${ev.samples.confirmation.candidate.map(num).join(', ')}`] : []),
    `- stopped: ${ev.stopped}; took ${(ev.durationMs / 1000).toFixed(1)} s; α = ${ev.alpha}, threshold ${pct(ev.threshold)}`);
  if (ev.plan.warning) out.push(`- plan warning: ${ev.plan.warning}`);
  if (ev.notProposed.length) out.push(`- not proposed: ${ev.notProposed.join(' ')}`);
  return out.join('\n') + '\n';
}
