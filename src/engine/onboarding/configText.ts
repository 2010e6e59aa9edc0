// The config file set-up writes: commented JSONC. A new file gets a header and a comment above each
// capability (why it was proposed); an existing file is edited with jsonc-parser, so its comments and
// layout stay, and capabilities it already declares are left alone (never clobbered).
import { applyEdits, modify, parseTree, findNodeAtLocation, type FormattingOptions } from 'jsonc-parser';
import { round } from './targets';
import type { ProposedCapability } from './types';

export interface MeasuredProposal {
  proposal: ProposedCapability;
  baseline: number;
  target: number;
}

export interface ConfigEdit {
  text: string;
  added: string[];
  /** Names the existing file already declares (kept as they are). */
  kept: string[];
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** The capability as the config file declares it. */
export function capabilityEntry(m: MeasuredProposal): Record<string, unknown> {
  const p = m.proposal;
  return {
    name: p.name, type: p.type, description: p.description, direction: p.direction, baseline: round(m.baseline), target: m.target, unit: p.unit,
    probe: p.probe, ...(p.unit === 'ratio' ? { guardrail: true } : {}),
  };
}

const comment = (m: MeasuredProposal): string => `// ${m.proposal.name}: ${m.proposal.why.replace(/\s+/g, ' ')}; baseline = first measurement.`;

function newFile(entries: MeasuredProposal[]): string {
  const body = entries.map((m) => `    ${comment(m)}\n    ${JSON.stringify(capabilityEntry(m), null, 2).replace(/\n/g, '\n    ')}`).join(',\n');
  return [
    '// Capabilities of this folder for the Self-Improvement Engine, written by set-up (Set Up Capabilities, or self-improvement init).',
    '// Each baseline is the first measurement on this machine; targets are suggestions, edit them freely.',
    '// Probes run only in a trusted workspace. Pass-rate capabilities guard the others (guardrail) in experiments.',
    '{',
    '  "capabilities": [',
    body,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** The text to write: a new commented file, or `existing` with the new capabilities appended (comments kept). */
export function configText(existing: string | null, entries: MeasuredProposal[]): ConfigEdit {
  if (existing === null || existing.trim() === '') return { text: newFile(entries), added: entries.map((m) => m.proposal.name), kept: [] };
  const tree = parseTree(existing);
  const list = tree ? findNodeAtLocation(tree, ['capabilities']) : undefined;
  const declared = new Set((list?.children ?? []).map((c) => findNodeAtLocation(c, ['name'])?.value).filter((n): n is string => typeof n === 'string'));
  let text = existing;
  const added: string[] = [];
  const kept: string[] = [];
  for (const m of entries) {
    if (declared.has(m.proposal.name)) { kept.push(m.proposal.name); continue; }
    const inList = parseTree(text) && findNodeAtLocation(parseTree(text)!, ['capabilities']);
    text = applyEdits(text, inList
      ? modify(text, ['capabilities', -1], capabilityEntry(m), { formattingOptions: FORMAT, isArrayInsertion: true })
      : modify(text, ['capabilities'], [capabilityEntry(m)], { formattingOptions: FORMAT }));
    // The comment goes on its own line right above the new element.
    const node = findNodeAtLocation(parseTree(text)!, ['capabilities'])?.children?.at(-1);
    if (node) {
      const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
      const lead = text.slice(lineStart, node.offset);
      const indent = /^[ \t]*/.exec(lead)?.[0] ?? '';
      // On its own line already: the comment goes above it; after other text: on a new line first.
      const insert = lead.trim() === '' ? `${comment(m)}\n${indent}` : `\n${indent}  ${comment(m)}\n${indent}  `;
      text = text.slice(0, node.offset) + insert + text.slice(node.offset);
    }
    declared.add(m.proposal.name);
    added.push(m.proposal.name);
  }
  return { text, added, kept };
}
