// What set-up proposes for a folder: capabilities with probes that run, before anything is measured.
import type { ParseSpec } from '../probes/types';

/** One capability as it will be written to .vscode/self-improvement.json (its baseline comes from a first run). */
export interface ProposedCapability {
  name: string;
  type: string;
  description: string;
  unit: string;
  direction: 'higher' | 'lower';
  /** The target: absolute (a pass rate of 1), or relative to the first measured value (0.9 = 10 % lower). */
  target: { absolute: number } | { relativeToBaseline: number };
  probe: { command: string; parse: ParseSpec; samples?: number; timeoutSeconds?: number; env?: Record<string, string> };
  /** Why it was proposed and how it is read (shown in the quick pick and written as a comment). */
  why: string;
  /** Which detector found it (npm, pytest, go, cargo, make, hyperfine). */
  source: DetectorName;
  /** Tried when this probe's first run cannot be read (e.g. a per-case report a custom script hides). */
  fallback?: Omit<ProposedCapability, 'fallback'>;
}

export type DetectorName = 'npm' | 'pytest' | 'go' | 'cargo' | 'make';

export interface Detection {
  folder: string;
  proposals: ProposedCapability[];
  /** What was looked at and found nothing to propose (for a clear "nothing found" message). */
  looked: string[];
}

/** What detection may know about the machine: which tools are on PATH (injected, so fixtures decide). */
export interface DetectOptions {
  hasTool?: (name: string) => boolean;
}

/** The default: looks the tool up on PATH (no shell). */
export type ToolLookup = (name: string) => boolean;
