// What a probe is: a command, how to read a number out of what it printed, how often to run it.

export const PARSE_FORMATS = ['number', 'regex', 'json', 'exit-code', 'wall-time', 'junit', 'tap', 'jest-json', 'hyperfine-json'] as const;
export type ParseFormat = typeof PARSE_FORMATS[number];

export interface ParseSpec {
  format: ParseFormat;
  /** `regex`: the pattern; its `group` (index or name, default 1) holds the number. */
  regex?: string;
  group?: number | string;
  /** `json`: dotted/indexed path to the number, e.g. `results[0].mean`. */
  path?: string;
  /** Which stream to read. Default stdout. */
  stream?: 'stdout' | 'stderr' | 'both';
  /** Read this file (relative to the probe's folder) after the command instead of a stream. */
  file?: string;
  /** `hyperfine-json`: one value per run (`mean`, default) or every timing as a sample (`times`). */
  use?: 'mean' | 'times';
}

export interface ProbeSpec {
  command: string;
  /** Relative to the capability's folder. */
  cwd?: string;
  parse: ParseSpec;
  /** Times to run the command; each run gives one sample. Default 1. */
  samples?: number;
  timeoutSeconds?: number;
  env?: Record<string, string>;
  maxOutputBytes?: number;
  /**
   * Whether one run per arm settles a pass/fail suite (junit, tap, jest-json) as a guardrail: the cascade
   * runs such suites once per arm before any timing. `false` marks a flaky suite: its pass rate is
   * sampled interleaved with the target, like a timing, under the same always-valid rule. Default true.
   */
  deterministic?: boolean;
}

export interface CaseResult {
  id: string;
  pass: boolean;
}

export interface ParseResult {
  value: number;
  /** Per-test results, for formats that list tests (paired comparison across arms). */
  cases?: CaseResult[];
  /** Several measurements from one run (hyperfine `times`). */
  samples?: number[];
}
