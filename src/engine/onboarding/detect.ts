// What a folder tells us to measure: capabilities (with probes that run) proposed from what is there.
// Deliberately small: npm's "test" and "bench" scripts. The onboarding work extends the detectors
// (pytest, go test, cargo, Makefile, hyperfine, per-case test formats) behind this same interface.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** One capability as it would be written to .vscode/self-improvement.json (baseline filled in by a first measurement). */
export interface ProposedCapability {
  name: string;
  type: string;
  description: string;
  unit: string;
  direction: 'higher' | 'lower';
  /** The target: absolute, or relative to the first measured value (e.g. 0.8 = 20 % lower). */
  target: { absolute: number } | { relativeToBaseline: number };
  probe: { command: string; parse: { format: string }; samples?: number; timeoutSeconds?: number };
  /** Why it was proposed (shown to the person before anything is written). */
  why: string;
}

export interface Detection {
  folder: string;
  proposals: ProposedCapability[];
  /** What was looked at and found nothing to propose (for a clear "nothing found" message). */
  looked: string[];
}

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

/** The npm placeholder test script ("Error: no test specified") fails on purpose: not a test suite. */
const PLACEHOLDER_TEST = /no test specified/i;

export async function detectCapabilities(folder: string): Promise<Detection> {
  const proposals: ProposedCapability[] = [];
  const looked: string[] = [];
  const pkg = await readJson(path.join(folder, 'package.json'));
  if (!pkg) looked.push('package.json (none, or not valid JSON)');
  const scripts = (pkg?.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {}) as Record<string, unknown>;
  const test = typeof scripts.test === 'string' ? scripts.test : null;
  if (test && !PLACEHOLDER_TEST.test(test)) {
    proposals.push({
      name: 'tests-pass', type: 'reliability', unit: 'ratio', direction: 'higher', target: { absolute: 1 },
      description: 'The npm test script succeeds (1) or fails (0).',
      probe: { command: 'npm test --silent', parse: { format: 'exit-code' }, timeoutSeconds: 600 },
      why: `package.json has a "test" script (${test}); its exit code says whether the suite passes.`,
    });
  } else if (pkg) looked.push(test ? 'package.json "test" (the npm placeholder)' : 'package.json "test" (none)');
  const bench = typeof scripts.bench === 'string' ? 'bench' : typeof scripts.benchmark === 'string' ? 'benchmark' : null;
  if (bench) {
    proposals.push({
      name: `${bench}-ms`, type: 'efficiency', unit: 'ms', direction: 'lower', target: { relativeToBaseline: 0.8 },
      description: `Wall time of npm run ${bench}.`,
      probe: { command: `npm run ${bench} --silent`, parse: { format: 'wall-time' }, samples: 5, timeoutSeconds: 600 },
      why: `package.json has a "${bench}" script; its wall time is measured (5 samples), with a target 20 % below the first measurement.`,
    });
  } else if (pkg) looked.push('package.json "bench"/"benchmark" (none)');
  return { folder, proposals, looked };
}
