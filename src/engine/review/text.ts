// Line arithmetic over plain text in VS Code's line model, keeping every byte outside an edit as it was.
import type { DocumentChange, Eol, HunkEdit } from './types';

const LINE_BREAK = /\r\n|\r|\n/;

/** Lines without their terminators; "" → [""], "a\n" → ["a", ""]. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** The file's line ending: its first one, else the fallback's, else "\n". */
export function detectEol(text: string, fallback = ''): Eol {
  const m = LINE_BREAK.exec(text) ?? LINE_BREAK.exec(fallback);
  return (m ? m[0] : '\n') as Eol;
}

interface LineSpan { start: number; contentEnd: number; end: number }

/** Offsets of each line: where it starts, where its content ends, where its terminator ends. */
function lineSpans(text: string): LineSpan[] {
  const spans: LineSpan[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    spans.push({ start, contentEnd: m.index, end: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  spans.push({ start, contentEnd: text.length, end: text.length });
  return spans;
}

function offsetOf(spans: readonly LineSpan[], line: number, character: number): number {
  const span = spans[line];
  if (!span || character < 0 || character > span.contentEnd - span.start) {
    throw new RangeError(`Position ${line}:${character} is outside the text (${spans.length} lines).`);
  }
  return span.start + character;
}

/** Applies one change (VS Code range semantics) to text. */
export function applyTextChange(text: string, change: DocumentChange): string {
  const spans = lineSpans(text);
  const from = offsetOf(spans, change.startLine, change.startCharacter);
  const to = offsetOf(spans, change.endLine, change.endCharacter);
  if (to < from) throw new RangeError('Change range ends before it starts.');
  return text.slice(0, from) + change.text + text.slice(to);
}

/**
 * The single edit that replaces whole lines [start, end) of a document with `newLines`. Whole-line
 * ranges cannot express "through the last line" (it has no terminator), so those edits start at the end
 * of the line above and carry the separating line break themselves.
 */
export function regionEdit(lines: readonly string[], eol: Eol, start: number, end: number, newLines: readonly string[]): HunkEdit {
  const n = lines.length;
  if (start < 0 || end < start || end > n) throw new RangeError(`Lines ${start}..${end} are outside the document (${n} lines).`);
  const lineEnd = (i: number): number => (lines[i] ?? '').length;
  const base = { lineStart: start, lineEnd: end };
  if (end < n) {
    return { ...base, startLine: start, startCharacter: 0, endLine: end, endCharacter: 0, text: newLines.map((l) => l + eol).join('') };
  }
  if (start === 0) {
    return { ...base, startLine: 0, startCharacter: 0, endLine: n - 1, endCharacter: lineEnd(n - 1), text: newLines.join(eol) };
  }
  return {
    ...base, startLine: start - 1, startCharacter: lineEnd(start - 1), endLine: n - 1, endCharacter: lineEnd(n - 1),
    text: newLines.map((l) => eol + l).join(''),
  };
}

/** Replaces whole lines [start, end) of text; the rest, line endings included, stays byte for byte. */
export function replaceLines(text: string, start: number, end: number, newLines: readonly string[], eol: Eol): string {
  const spans = lineSpans(text);
  const n = spans.length;
  if (start < 0 || end < start || end > n) throw new RangeError(`Lines ${start}..${end} are outside the text (${n} lines).`);
  if (end < n) {
    const from = spans[start]!.start;
    const to = spans[end]!.start;
    return text.slice(0, from) + newLines.map((l) => l + eol).join('') + text.slice(to);
  }
  if (start === 0) return newLines.join(eol);
  const above = spans[start - 1]!;
  // Keep the original break after the line above when there is one (mixed-EOL files stay as they were).
  const firstBreak = start < n ? text.slice(above.contentEnd, above.end) : eol;
  const added = newLines.length === 0 ? '' : firstBreak + newLines.join(eol);
  return text.slice(0, above.contentEnd) + added;
}
