// Set-up after detection: each kept proposal's probe is run once (its baseline: nothing guessed), then
// the config text is built. Nothing is written here: the adapter writes the file after the person
// agreed (the extension's Set Up command, or the CLI's `init --yes`).
import { InvalidInputError } from '../errors';
import { measureProbe } from '../probes/measureProbe';
import { parseConfig } from '../config/parseConfig';
import { CONFIG_FILE, type ResolvedProbe } from '../config/types';
import { configText, type MeasuredProposal } from './configText';
import { detectCapabilities } from './detect';
import { suggestTarget, round } from './targets';
import type { DetectOptions, ProposedCapability } from './types';

export interface BaselineProgress {
  /** 1-based: "probe 2 of 4". */
  index: number;
  total: number;
  name: string;
  command: string;
}

export interface MeasuredBaseline extends MeasuredProposal {
  /** Every value of the first run (several for timings), recorded as the first measurements. */
  samples: number[];
  /** The per-case report was unreadable and the exit code is used instead (with why). */
  fellBack?: string;
}

export interface BaselineResult {
  measured: MeasuredBaseline[];
  /** Proposals dropped because their first run failed (with why). */
  failed: { name: string; message: string }[];
}

export interface BaselineOptions {
  isTrusted: () => boolean;
  signal?: AbortSignal;
  onProgress?: (p: BaselineProgress) => void;
}

const message = (error: unknown): string => error instanceof Error ? error.message : String(error);

/** The probe with every default resolved, exactly as the written file will give it (or why it is invalid). */
function resolvedProbe(p: Omit<ProposedCapability, 'fallback'>): ResolvedProbe | string {
  const parsed = parseConfig(JSON.stringify({ capabilities: [{ name: p.name, type: p.type, baseline: 0, target: 1, unit: p.unit, direction: p.direction, probe: p.probe }] }));
  return parsed.config?.capabilities[0]?.probe ?? parsed.diagnostics.map((d) => d.message).join('; ');
}

async function firstRun(p: Omit<ProposedCapability, 'fallback'>, folder: string, options: BaselineOptions): Promise<number[]> {
  const probe = resolvedProbe(p);
  if (typeof probe === 'string') throw new InvalidInputError(`${p.name}: the proposed probe is not valid: ${probe}`);
  const m = await measureProbe(probe, { cwd: folder, isTrusted: options.isTrusted, signal: options.signal });
  return m.samples;
}

/** Runs each proposal's probe once, in order; its mean is the baseline and a target is suggested from it. */
export async function measureBaselines(folder: string, proposals: ProposedCapability[], options: BaselineOptions): Promise<BaselineResult> {
  const measured: MeasuredBaseline[] = [];
  const failed: BaselineResult['failed'] = [];
  for (const [i, p] of proposals.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.({ index: i + 1, total: proposals.length, name: p.name, command: p.probe.command });
    let chosen: ProposedCapability = p;
    let samples: number[] | undefined;
    let fellBack: string | undefined;
    try {
      samples = await firstRun(p, folder, options);
    } catch (error) {
      if (options.signal?.aborted) break;
      if (p.fallback) {
        try {
          samples = await firstRun(p.fallback, folder, options);
          chosen = p.fallback;
          fellBack = message(error);
        } catch (again) {
          failed.push({ name: p.name, message: `${message(error)} (and ${p.fallback.probe.command}: ${message(again)})` });
        }
      } else failed.push({ name: p.name, message: message(error) });
    }
    if (!samples?.length) { if (samples) failed.push({ name: p.name, message: 'the probe gave no value' }); continue; }
    const baseline = samples.reduce((a, b) => a + b, 0) / samples.length;
    measured.push({ proposal: chosen, baseline, target: suggestTarget(chosen, baseline), samples, ...(fellBack ? { fellBack } : {}) });
  }
  return { measured, failed };
}

export interface InitPlan {
  folder: string;
  /** The config file's text; null when nothing could be proposed. */
  text: string | null;
  capabilities: { name: string; baseline: number; target: number; unit: string; command: string; why: string; samples: number[] }[];
  /** Proposals dropped because their first run failed (with why). */
  failed: { name: string; message: string }[];
  /** What was looked at without finding anything. */
  looked: string[];
}

/** The CLI's `init`: detects, runs each proposed probe once (its baseline), and returns the config text to write. */
export async function planInit(folder: string, options: { isTrusted: () => boolean; signal?: AbortSignal; onProgress?: (message: string) => void; detect?: DetectOptions }): Promise<InitPlan> {
  const detection = await detectCapabilities(folder, options.detect);
  const { measured, failed } = await measureBaselines(folder, detection.proposals, {
    isTrusted: options.isTrusted, signal: options.signal,
    onProgress: (p) => options.onProgress?.(`probe ${p.index} of ${p.total}: ${p.name} — running ${p.command} for its baseline`),
  });
  return {
    folder, text: measured.length ? configText(null, measured).text : null, failed, looked: detection.looked,
    capabilities: measured.map((m) => ({ name: m.proposal.name, baseline: round(m.baseline), target: m.target, unit: m.proposal.unit, command: m.proposal.probe.command, why: m.proposal.why, samples: m.samples })),
  };
}

export { CONFIG_FILE };
