// The configuration file `.vscode/self-improvement.json`, after validation and defaults.
import type { Direction } from '../types';
import type { ProbeSpec } from '../probes/types';

export const CONFIG_FILE = '.vscode/self-improvement.json';

export interface ProbeDefaults {
  timeoutSeconds: number;
  samples: number;
  maxOutputBytes: number;
  env: Record<string, string>;
}

/** A probe with every default filled in. */
export type ResolvedProbe = Required<Omit<ProbeSpec, 'cwd' | 'deterministic'>> & Pick<ProbeSpec, 'cwd' | 'deterministic'>;

/** Probe formats that list cases: pass/fail suites, which the cascade runs once per arm unless `deterministic: false`. */
export const SUITE_FORMATS: ReadonlySet<string> = new Set(['junit', 'tap', 'jest-json']);

export interface CapabilityConfig {
  name: string;
  type: string;
  description: string;
  baseline: number;
  target: number;
  unit: string;
  direction: Direction;
  /** Null for capabilities whose values arrive from elsewhere (API, CI). */
  probe: ResolvedProbe | null;
  /** Globs of the probe's own files (benchmark, tests), for tamper flags on candidates. */
  evaluatorFiles: string[];
  /** Non-inferiority margin (relative) when this capability guards others; null when it does not. */
  guardrail: { margin: number } | null;
}

export interface SelfImprovementConfig {
  /** Null when the file does not set it (the engine's default applies). */
  improvementThreshold: number | null;
  defaults: ProbeDefaults;
  capabilities: CapabilityConfig[];
}

export interface DiagnosticRange {
  /** 0-based, like VS Code's Position. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface ConfigDiagnostic {
  message: string;
  severity: 'error' | 'warning';
  range: DiagnosticRange;
  /** Where in the document, e.g. `capabilities[1].probe.parse.format` ('' for the whole file). */
  path: string;
}

export interface ConfigParseResult {
  /** Null when the file has any error: a broken file must never change what is stored. */
  config: SelfImprovementConfig | null;
  diagnostics: ConfigDiagnostic[];
}
