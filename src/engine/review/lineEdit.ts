// What a character-range change does to whole lines: old lines [start, end) become `count` new lines.
// Boundary lines the change only touches at their edge (Enter at the end of a line, a whole-line
// replacement ending at column 0) are trimmed off, so hunk tracking sees exactly which lines changed.
import { splitLines } from './text';
import type { DocumentChange } from './types';

export interface LineEdit {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

export interface ChangeResult {
  readonly lines: string[];
  readonly edit: LineEdit | null;
}

/** Applies `change` to `lines` (refusing positions outside them) and describes its line-level effect. */
export function applyChangeToLines(lines: readonly string[], change: DocumentChange): ChangeResult {
  const { startLine: sl, startCharacter: sc, endLine: el, endCharacter: ec, text } = change;
  const first = lines[sl];
  const last = lines[el];
  const before = sl < el || (sl === el && sc <= ec);
  if (first === undefined || last === undefined || !before || sc < 0 || ec < 0 || sc > first.length || ec > last.length) {
    throw new RangeError(`Change ${sl}:${sc}–${el}:${ec} does not fit the tracked document (${lines.length} lines); resynchronise.`);
  }
  if (text === '' && sl === el && sc === ec) return { lines: [...lines], edit: null };
  const segs = splitLines(text);
  const m = segs.length - 1;
  const replaced = m === 0
    ? [first.slice(0, sc) + segs[0] + last.slice(ec)]
    : [first.slice(0, sc) + segs[0], ...segs.slice(1, m), segs[m] + last.slice(ec)];
  const next = [...lines.slice(0, sl), ...replaced, ...lines.slice(el + 1)];

  let oldStart = sl;
  let oldEnd = el + 1;
  let newStart = sl;
  let newEnd = sl + m + 1;
  // Line sl keeps its content when the change starts at its end and adds nothing before a line break.
  const keepsFirst = sc === first.length && segs[0] === '' && (m > 0 || ec === last.length);
  // Line el keeps its content when the change ends at its column 0 and the inserted text ends with a break.
  const keepsLast = ec === 0 && segs[m] === '' && (m > 0 || sc === 0);
  const both = el > sl && m > 0;
  if (keepsLast) {
    oldEnd--;
    newEnd--;
  }
  if (keepsFirst && (!keepsLast || both)) {
    oldStart++;
    newStart++;
  }
  return { lines: next, edit: { start: oldStart, end: oldEnd, count: newEnd - newStart } };
}
