// What a drafted patch does, in a few words: the name its experiment and proposals carry (not the name of
// the template the experiment was generated from). From the model's rationale line when it wrote one,
// otherwise from the diff: the functions and files it changes.
import { parsePatch } from 'diff';

const MAX_NAME = 80;
/** Lines that introduce the diff rather than say what it does. */
const FILLER = /^(here('s| is)|below is|the (following|patch|diff|change)\b[^.]*:$|sure\b|ok\b|okay\b|certainly\b)/i;

const clip = (s: string): string => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1).trimEnd()}…` : s);

/** The model's one-sentence rationale: a "Rationale:" line, else the first sentence after the diff block. */
export function rationaleOf(answer: string): string | null {
  const text = answer.replace(/\r\n/g, '\n');
  const labelled = /^\s*(?:\*\*)?(?:rationale|summary|change)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+)$/im.exec(text);
  const after = text.lastIndexOf('```') >= 0 ? text.slice(text.lastIndexOf('```') + 3) : '';
  const line = labelled?.[1] ?? after.split('\n').map((l) => l.trim()).find((l) => l && !FILLER.test(l)) ?? null;
  if (!line) return null;
  const sentence = line.replace(/[*_`]/g, '').split(/(?<=[.!?])\s/)[0]!.replace(/[.!?]+$/, '').trim();
  return sentence.length >= 8 ? sentence : null;
}

const FUNCTION_PATTERNS = [
  /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)/,
  /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/,
  /^\s*(?:export\s+)?(?:async\s+)?def\s+([A-Za-z_]\w*)/,
  /^\s*(?:pub\s+)?fn\s+([A-Za-z_]\w*)/,
  /^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/,
];

function functionIn(line: string): string | null {
  for (const re of FUNCTION_PATTERNS) { const m = re.exec(line); if (m) return m[1]!; }
  return null;
}

/** "Change levenshtein in index.js" / "Edit config.js, cases.js": the functions and files a diff touches. */
export function describeDiff(patch: string): string | null {
  let parsed;
  try { parsed = parsePatch(patch); } catch { return null; }
  const files = [...new Set(parsed.map((p) => (p.newFileName && p.newFileName !== '/dev/null' ? p.newFileName : p.oldFileName ?? '').replace(/^[ab]\//, '')).filter(Boolean))];
  if (!files.length) return null;
  const functions = new Set<string>();
  // The hunk header's section (git's "@@ -3,7 +3,7 @@ function foo(") names the enclosing function; changed lines may define one.
  for (const m of patch.matchAll(/^@@[^@\n]*@@[ \t]*(.*)$/gm)) { const f = m[1] ? functionIn(m[1]) : null; if (f) functions.add(f); }
  for (const p of parsed) {
    for (const h of p.hunks) for (const l of h.lines) if (l.startsWith('+') || l.startsWith('-')) { const f = functionIn(l.slice(1)); if (f) functions.add(f); }
  }
  const fileText = files.length <= 2 ? files.join(', ') : `${files.slice(0, 2).join(', ')} and ${files.length - 2} more`;
  const fns = [...functions].slice(0, 2);
  return clip(fns.length ? `Change ${fns.join(', ')}${functions.size > 2 ? ' …' : ''} in ${fileText}` : `Edit ${fileText}`);
}

/** The name for a drafted patch: its rationale, else what the diff touches, else the fallback. */
export function nameForDraft(answer: string, patch: string | null, fallback: string): string {
  const rationale = rationaleOf(answer);
  if (rationale) return clip(rationale.charAt(0).toUpperCase() + rationale.slice(1));
  return (patch ? describeDiff(patch) : null) ?? fallback;
}
