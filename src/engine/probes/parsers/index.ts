// One entry point from a parse spec and a finished run to a value.
import type { RunResult } from '../runCommand';
import type { ParseResult, ParseSpec } from '../types';
import { parseHyperfineJson } from './hyperfine';
import { parseJestJson } from './jestJson';
import { parseJsonAtPath } from './jsonPath';
import { parseJunit } from './junit';
import { parseLastNumber } from './number';
import { parseExitCode, parseWallTime } from './processOutcome';
import { parseRegex } from './regex';
import { parseTap } from './tap';
import { InvalidInputError } from '../../errors';

export { parseHyperfineJson, parseJestJson, parseJsonAtPath, parseJunit, parseLastNumber, parseExitCode, parseWallTime, parseRegex, parseTap };
export { parseJsonPath } from './jsonPath';
export { compileProbeRegex } from './regex';
export { extractJson } from './extractJson';

/** Formats whose value does not come from the text, so a missing or cut output does not matter. */
export function readsOutput(spec: ParseSpec): boolean {
  return spec.format !== 'exit-code' && spec.format !== 'wall-time';
}

/** Test-report formats: a non-zero exit usually means "some tests failed", which is the measurement. */
export function isTestReport(spec: ParseSpec): boolean {
  return spec.format === 'junit' || spec.format === 'tap' || spec.format === 'jest-json' || spec.format === 'exit-code';
}

export function selectText(spec: ParseSpec, run: Pick<RunResult, 'stdout' | 'stderr'>): string {
  switch (spec.stream ?? 'stdout') {
    case 'stderr': return run.stderr;
    case 'both': return `${run.stdout}\n${run.stderr}`;
    default: return run.stdout;
  }
}

/**
 * Reads the value. `text` is what to parse (the stream, or the file named by `spec.file`);
 * `cwd` is stripped from test ids so both arms of an A/B run name cases alike.
 */
export function parseProbeOutput(spec: ParseSpec, text: string, run: Pick<RunResult, 'exitCode' | 'durationMs'>, context: { cwd?: string } = {}): ParseResult {
  switch (spec.format) {
    case 'number': return parseLastNumber(text);
    case 'regex':
      if (!spec.regex) throw new InvalidInputError('The "regex" format needs parse.regex, a pattern with a capture group.');
      return parseRegex(text, spec.regex, spec.group ?? 1);
    case 'json':
      if (!spec.path) throw new InvalidInputError('The "json" format needs parse.path, e.g. "results[0].mean".');
      return parseJsonAtPath(text, spec.path);
    case 'exit-code': return parseExitCode(run);
    case 'wall-time': return parseWallTime(run);
    case 'junit': return parseJunit(text, context);
    case 'tap': return parseTap(text);
    case 'jest-json': return parseJestJson(text, context);
    case 'hyperfine-json': return parseHyperfineJson(text);
    default: {
      const never: never = spec.format;
      throw new InvalidInputError(`Unknown parse format "${String(never)}".`);
    }
  }
}
