import type { AuditEvent, HistoryEntry, SelfAssessment } from '../../engine/types';

// Plain functions (data in, Markdown out) so the reports read the same in a preview, a file or a test.

const pct = (r: number | null): string => (r === null ? 'no data yet' : `${(r * 100).toFixed(1)} %`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function assessmentMarkdown(a: SelfAssessment, generatedAt: Date): string {
  const c = a.capabilities, w = a.weaknesses, e = a.experiments, i = a.improvements;
  return [
    `# Self-Assessment — grade ${a.grade}`,
    '',
    `> ${cell(a.summary)}`,
    '',
    `**Learning quality:** ${a.noData ? 'no data yet' : a.learningQuality.toFixed(2)} (grade ${a.grade}) = 0.6 × experiments that met their expectation (${pct(a.exceededExpectationsRate)}) + 0.4 × weakness resolution rate (${pct(a.weaknessResolutionRate)})`,
    '',
    '| Area | Figures |',
    '|---|---|',
    `| Capabilities | ${c.total} total, ${c.measured} measured, ${c.meetingTarget} on target, average improvement from baseline ${pct(c.averageImprovement)} |`,
    `| Weaknesses | ${w.total} total, ${w.open} open, ${w.resolved} resolved — critical ${w.bySeverity.critical}, high ${w.bySeverity.high}, medium ${w.bySeverity.medium}, low ${w.bySeverity.low} |`,
    `| Experiments | ${e.total} total, ${e.completed} completed, ${e.succeeded} succeeded, ${e.failed} failed — success rate ${pct(e.successRate)}, average improvement ${pct(e.averageImprovement)} |`,
    `| Improvements | ${i.total} total, ${i.pending} pending, ${i.applied} applied, ${i.rejected} rejected, ${i.rolledBack} rolled back, ${i.failed} failed |`,
    `| Meta-learnings | ${a.metaLearnings} |`,
    '',
    `*Generated ${generatedAt.toLocaleString()}.*`,
    '',
  ].join('\n');
}

/** `units`: each capability's unit, so a version's delta reads "top-words-ms: −4 ms". */
export function historyMarkdown(history: HistoryEntry[], audit: AuditEvent[], generatedAt: Date, units: Record<string, string> = {}): string {
  const lines = ['# Improvement History', ''];
  if (!history.length) lines.push('No versions recorded yet.', '');
  for (const h of history) {
    lines.push(`## ${cell(h.version)} — ${new Date(h.recordedAt).toLocaleString()}`, '', cell(h.summary), '');
    const delta = Object.entries(h.delta);
    if (delta.length) lines.push(delta.map(([k, v]) => `- \`${k}\`: ${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}${units[k] ? ` ${units[k]}` : ''}`).join('\n'), '');
    if (h.changes.length) lines.push(h.changes.map((c) => `- ${cell(c)}`).join('\n'), '');
    if (h.improvements.length) lines.push(`Improvements: ${h.improvements.map((id) => `#${id}`).join(', ')}`, '');
  }
  lines.push('## Audit trail', '');
  if (!audit.length) lines.push('No events yet.', '');
  else {
    lines.push('| Time | Actor | Item | Action | SHA-256 before → after |', '|---|---|---|---|---|');
    for (const ev of [...audit].sort((a, b) => b.id - a.id).slice(0, 200)) {
      const hashes = ev.hashBefore || ev.hashAfter ? `\`${(ev.hashBefore ?? '—').slice(0, 10)}\` → \`${(ev.hashAfter ?? '—').slice(0, 10)}\`` : '';
      lines.push(`| ${new Date(ev.at).toLocaleString()} | ${cell(ev.actor)} | ${ev.entity} #${ev.entityId} | ${cell(ev.action)} | ${hashes} |`);
    }
    lines.push('');
  }
  lines.push(`*Generated ${generatedAt.toLocaleString()}.*`, '');
  return lines.join('\n');
}
