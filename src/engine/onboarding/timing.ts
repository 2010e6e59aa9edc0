// Timing probes: a command's wall time with several samples, or hyperfine's own timings when hyperfine
// is on the machine (it warms up and runs the command several times in one probe run).
import type { DetectOptions, ProposedCapability } from './types';

/** Where hyperfine reports go: inside the folder (probes never write elsewhere), beside the CLI's database. */
export const HYPERFINE_DIR = '.self-improvement';
export const TIMING_SAMPLES = 5;
/** A first goal for a timing: 10 % below the first measurement (editable before anything is written). */
export const TIMING_TARGET = 0.9;

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function timingProposal(name: string, command: string, what: string, source: ProposedCapability['source'], options: DetectOptions): ProposedCapability {
  const base = { name, type: 'performance', unit: 'ms', direction: 'lower' as const, target: { relativeToBaseline: TIMING_TARGET }, source };
  if (options.hasTool?.('hyperfine')) {
    const report = `${HYPERFINE_DIR}/hyperfine-${name}.json`;
    return {
      ...base, description: `Time of ${what}, measured by hyperfine.`,
      probe: { command: `mkdir -p ${HYPERFINE_DIR} && hyperfine --warmup 1 --runs ${TIMING_SAMPLES} --export-json ${report} ${shellQuote(command)}`, parse: { format: 'hyperfine-json', file: report, use: 'times' }, timeoutSeconds: 900 },
      why: `${what} — timed by hyperfine (1 warm-up, ${TIMING_SAMPLES} runs, every timing a sample)`,
    };
  }
  return {
    ...base, description: `Wall time of ${what}.`,
    probe: { command, parse: { format: 'wall-time' }, samples: TIMING_SAMPLES, timeoutSeconds: 600 },
    why: `${what} — its wall time, ${TIMING_SAMPLES} samples`,
  };
}
