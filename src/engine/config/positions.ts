// Offsets (what jsonc-parser gives) to 0-based line/character ranges (what editors show).
import type { DiagnosticRange } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - (this.starts[lo] as number) };
  }
  range(offset: number, length: number): DiagnosticRange {
    const a = this.position(offset);
    const b = this.position(offset + Math.max(0, length));
    return { startLine: a.line, startCharacter: a.character, endLine: b.line, endCharacter: b.character };
  }
}

export function formatPath(segments: (string | number)[]): string {
  return segments.map((s, i) => typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`).join('');
}
