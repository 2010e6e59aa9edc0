// The drafting transcript: every prompt, answer and verdict of the drafts behind an experiment or a
// proposal, as one Markdown report (the VS Code adapter only renders it). Drafts are kept under the
// experiment the person chose; each later draft's own experiment points back to it.
import type { SelfImprovementApi } from '../../engine/api';
import type { DraftRecord } from './draftLoop';

/** Where the drafts of an experiment are kept (engine metadata), so a person can see why a change was proposed. */
export const draftsKey = (experimentId: number): string => `drafts:experiment:${experimentId}`;
/** On an experiment made for a later draft: the experiment whose drafts hold it. */
export const draftOriginKey = (experimentId: number): string => `drafts:origin:${experimentId}`;
/** The experiment's name before its first draft renamed it for its patch (the idea the prompts start from). */
export const draftIdeaKey = (experimentId: number): string => `drafts:idea:${experimentId}`;

export interface Transcript {
  /** The experiment the drafts were started from. */
  originId: number;
  title: string;
  records: DraftRecord[];
}

/** The drafts behind an experiment (its own, or those of the experiment it was drafted for); null when none. */
export function transcriptFor(engine: SelfImprovementApi, experimentId: number): Transcript | null {
  const originId = engine.getMetadata<number>(draftOriginKey(experimentId)) ?? experimentId;
  const records = engine.getMetadata<DraftRecord[]>(draftsKey(originId));
  if (!records?.length) return null;
  let title = `experiment #${originId}`;
  try { title = `#${originId} ${engine.getExperiment(originId).name}`; } catch { /* deleted since: the drafts remain */ }
  return { originId, title, records };
}

/** A fence longer than any run of backticks inside, so prompts and answers holding ``` blocks stay intact. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n*$/, '')}\n${fence}`;
}

const outcomeOf = (r: DraftRecord): string => (r.verdict ?? (r.answer === null ? 'model error' : 'not measured'));

export function transcriptMarkdown(t: Transcript): string {
  const out: string[] = [`# Drafting transcript: ${t.title}`, ''];
  const models = [...new Set(t.records.map((r) => r.model))];
  out.push(`${t.records.length} draft${t.records.length === 1 ? '' : 's'} by ${models.join(', ')}. Nothing here was applied: a confirmed success waits for a person as a pending proposal.`, '');
  out.push('| Draft | Model | Experiment | Outcome | Tokens | Proposals |', '| --- | --- | --- | --- | --- | --- |');
  for (const r of t.records) {
    out.push(`| ${r.draft} | ${r.model} | ${r.experimentId === null ? '—' : `#${r.experimentId}${r.name ? ` ${r.name.replace(/\|/g, '\\|')}` : ''}`} | ${outcomeOf(r)} | ${r.tokens} | ${r.improvementIds.length ? r.improvementIds.map((i) => `#${i}`).join(', ') : '—'} |`);
  }
  for (const r of t.records) {
    out.push('', `## Draft ${r.draft} by ${r.model}: ${outcomeOf(r)}`, '', `Asked ${r.at}.${r.experimentId === null ? '' : ` Measured as experiment #${r.experimentId}${r.measuredOn ? `, ${r.measuredOn}` : ''}.`}`, '');
    if (r.reason) out.push(`**${r.verdict ? 'Verdict' : 'Why it stopped'}:** ${r.reason}`, '');
    out.push('### Prompt', '', fenced(r.prompt, 'text'), '', '### Answer', '', r.answer === null ? '_No answer._' : fenced(r.answer, 'markdown'));
  }
  return `${out.join('\n')}\n`;
}
