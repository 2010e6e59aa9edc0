// What must be refused before the file is parsed into a tree (issue 19 item 11), found in one pass of
// jsonc-parser's scanner (iterative, so any depth is safe): nesting so deep that the recursive parser
// and validator would overflow the stack; numbers that only parse to Infinity (1e999); strings with a
// lone UTF-16 surrogate, which are not Unicode text and could never name the same thing again.
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Far beyond any real config (it needs about six levels), far below a stack overflow. */
export const MAX_NESTING = 64;

export interface LexicalProblem {
  message: string; offset: number; length: number;
  /** The text cannot be parsed safely at all (too deep): report this alone. */
  fatal?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function lexicalProblems(text: string): LexicalProblem[] {
  const problems: LexicalProblem[] = [];
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) {
        // Nothing after this can be read safely: one diagnostic, and stop.
        problems.push({ message: `Nested more than ${MAX_NESTING} levels deep here; a config file needs only a few. Check for runaway brackets.`, offset, length, fatal: true });
        return problems;
      }
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    } else if (kind === SyntaxKind.NumericLiteral) {
      const raw = text.slice(offset, offset + length);
      if (!Number.isFinite(Number(raw))) problems.push({ message: `The number ${raw} is too large to be represented (it would become Infinity).`, offset, length });
    } else if (kind === SyntaxKind.StringLiteral && LONE_SURROGATE.test(scanner.getTokenValue())) {
      problems.push({ message: 'This string contains a lone UTF-16 surrogate (such as \\ud800 without its pair), which is not valid Unicode text; remove or complete it.', offset, length });
    }
  }
  return problems;
}
