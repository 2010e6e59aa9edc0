// Measure a declared capability by running its probe; every sample goes through the engine, so the
// series, the current value and the automatic weakness follow the real command's output.
import type { SelfImprovementApi } from '../api';
import type { CapabilityConfig } from '../config/types';
import { InvalidInputError } from '../errors';
import { combineCases } from '../probes/combineCases';
import { measureProbe, type ProbeSample } from '../probes/measureProbe';
import type { CaseResult } from '../probes/types';
import type { MeasureResult } from '../types';

export interface MeasureWithProbeOptions {
  /** The workspace folder the probe runs in. */
  folder: string;
  isTrusted: () => boolean;
  signal?: AbortSignal;
  /** Environment under the probe's own (the config file's defaults.env is already merged into the probe). */
  env?: Record<string, string>;
  onSample?: (sample: ProbeSample, index: number, total: number, recorded: MeasureResult) => void;
  killGraceMs?: number;
}

export interface ProbeMeasureResult {
  capability: string;
  samples: number[];
  durationsMs: number[];
  /** Per run, the per-case results (test-report formats). */
  cases?: CaseResult[][];
  /** One result per case across the runs (majority), for a quick look at what fails. */
  combinedCases?: CaseResult[];
  /** The engine's answer after the last sample (capability, weakness created/updated/resolved). */
  last: MeasureResult;
}

const MAX_CASE_IDS_IN_CONTEXT = 20;

export async function measureCapabilityWithProbe(engine: SelfImprovementApi, cap: CapabilityConfig, options: MeasureWithProbeOptions): Promise<ProbeMeasureResult> {
  if (!cap.probe) throw new InvalidInputError(`${cap.name} has no probe in the config file; its values arrive from elsewhere (API, CI).`);
  const probe = cap.probe;
  engine.getCapability(cap.name); // unknown (not synced yet) fails before anything runs
  let last: MeasureResult | undefined;
  const measured = await measureProbe(probe, {
    cwd: options.folder, isTrusted: options.isTrusted, signal: options.signal, env: options.env, killGraceMs: options.killGraceMs,
    onSample: (sample, index, total) => {
      for (const value of sample.values) {
        const failing = sample.cases?.filter((c) => !c.pass).map((c) => c.id);
        last = engine.measureCapability(cap.name, value, {
          source: 'probe', command: probe.command, durationMs: Math.round(sample.durationMs), sample: index + 1, of: total,
          ...(sample.exitCode !== null ? { exitCode: sample.exitCode } : {}),
          ...(sample.cases ? { cases: { total: sample.cases.length, failed: failing?.length ?? 0, failing: failing?.slice(0, MAX_CASE_IDS_IN_CONTEXT) } } : {}),
        });
      }
      if (last) options.onSample?.(sample, index, total, last);
    },
  });
  if (!last) throw new InvalidInputError(`${cap.name}: the probe gave no value.`);
  return {
    capability: cap.name, samples: measured.samples, durationsMs: measured.durationsMs,
    ...(measured.cases ? { cases: measured.cases, combinedCases: combineCases(measured.cases) } : {}),
    last,
  };
}
