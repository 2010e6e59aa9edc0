// Runs a probe `samples` times and reads one value per run (or several, for hyperfine `times`).
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ProbeCancelledError, ProbeCommandError, ProbeParseError, ProbeTimeoutError } from './errors';
import { isTestReport, parseProbeOutput, readsOutput, selectText } from './parsers';
import { DEFAULT_MAX_OUTPUT_BYTES, runCommand, type RunResult } from './runCommand';
import { outputHead, reportProbeRun } from './runLog';
import type { CaseResult, ParseResult, ProbeSpec } from './types';

export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface ProbeRunOptions {
  /** The capability's folder (workspace folder); `probe.cwd`, if set, is relative to it. */
  cwd: string;
  isTrusted: () => boolean;
  signal?: AbortSignal;
  /** Environment under the probe's own `env` (e.g. the config file's defaults.env). */
  env?: Record<string, string>;
  killGraceMs?: number;
}

export interface ProbeSample {
  /** One value, or several when the parser yields many (hyperfine with `use: "times"`). */
  values: number[];
  cases?: CaseResult[];
  durationMs: number;
  exitCode: number | null;
}

export interface ProbeMeasurement {
  samples: number[];
  /** Per run, the per-test results (formats that list tests). */
  cases?: CaseResult[][];
  durationsMs: number[];
}

export interface MeasureProbeOptions extends ProbeRunOptions {
  onSample?: (sample: ProbeSample, index: number, total: number) => void;
}

function tail(text: string, lines = 10): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

function mtime(file: string): number | undefined {
  try { return statSync(file).mtimeMs; } catch { return undefined; }
}

/** Runs the probe's command once and reads its value; every run (and why it failed) goes to the probe-run log. */
export async function runProbeOnce(probe: ProbeSpec, options: ProbeRunOptions): Promise<ProbeSample> {
  const cwd = path.resolve(options.cwd, probe.cwd ?? '.');
  const seen: { run?: RunResult } = {};
  try {
    const sample = await runAndRead(probe, options, cwd, seen);
    const failed = sample.cases?.filter((c) => !c.pass).length;
    reportProbeRun({ command: probe.command, folder: cwd, exitCode: sample.exitCode, signal: null, durationMs: sample.durationMs, values: sample.values,
      ...(sample.cases ? { cases: { total: sample.cases.length, failed: failed ?? 0 } } : {}) });
    return sample;
  } catch (error) {
    const run = seen.run;
    reportProbeRun({ command: probe.command, folder: cwd, exitCode: run?.exitCode ?? null, signal: run?.signal ?? null, durationMs: run?.durationMs ?? 0,
      error: error instanceof Error ? error.message : String(error), ...(run ? { outputHead: outputHead(run.stdout, run.stderr) } : {}) });
    throw error;
  }
}

async function runAndRead(probe: ProbeSpec, options: ProbeRunOptions, cwd: string, seen: { run?: RunResult }): Promise<ProbeSample> {
  const spec = probe.parse;
  const timeoutMs = (probe.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const reportFile = spec.file === undefined ? undefined : path.resolve(cwd, spec.file);
  const before = reportFile === undefined ? undefined : mtime(reportFile);
  const run = await runCommand({
    command: probe.command, cwd, timeoutMs, signal: options.signal, isTrusted: options.isTrusted,
    env: { ...options.env, ...probe.env }, maxOutputBytes: probe.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    killGraceMs: options.killGraceMs,
  });
  seen.run = run;
  if (run.cancelled) throw new ProbeCancelledError(probe.command);
  if (run.timedOut) throw new ProbeTimeoutError(probe.command, timeoutMs);
  if (run.signal !== null) throw new ProbeCommandError(`"${probe.command}" was killed by ${run.signal}.`, null, tail(run.stderr));
  const failed = run.exitCode !== 0;
  if (failed && !isTestReport(spec)) {
    throw new ProbeCommandError(`"${probe.command}" exited with code ${run.exitCode}; a ${spec.format} probe needs it to succeed.`, run.exitCode, tail(run.stderr));
  }
  let text = '';
  if (readsOutput(spec)) {
    if (reportFile !== undefined) {
      const after = mtime(reportFile);
      if (after === undefined || after === before) {
        throw new ProbeParseError(spec.format, `the command to write ${spec.file}`, after === undefined ? '' : '(the file was left unchanged by this run)');
      }
      text = readFileSync(reportFile, 'utf8');
    } else {
      if (run.truncated) {
        throw new ProbeCommandError(`"${probe.command}" printed more than ${probe.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES} bytes, so its output was cut and cannot be read reliably. ` +
          'Raise the probe\'s maxOutputBytes, make the command quieter, or have it write a report file (parse.file).', run.exitCode, '');
      }
      text = selectText(spec, run);
    }
  }
  let parsed: ParseResult;
  try {
    parsed = parseProbeOutput(spec, text, run, { cwd });
  } catch (error) {
    if (failed && error instanceof ProbeParseError) {
      throw new ProbeCommandError(`"${probe.command}" exited with code ${run.exitCode} and ${error.message.replace(/^Could not/, 'its result could not')}`, run.exitCode, tail(run.stderr));
    }
    throw error;
  }
  const values = spec.format === 'hyperfine-json' && spec.use === 'times' && parsed.samples ? parsed.samples : [parsed.value];
  return { values, ...(parsed.cases ? { cases: parsed.cases } : {}), durationMs: run.durationMs, exitCode: run.exitCode };
}

/** Runs the probe `probe.samples` times (default 1), one after another. */
export async function measureProbe(probe: ProbeSpec, options: MeasureProbeOptions): Promise<ProbeMeasurement> {
  const total = Math.max(1, Math.floor(probe.samples ?? 1));
  const result: ProbeMeasurement = { samples: [], durationsMs: [] };
  for (let i = 0; i < total; i++) {
    const sample = await runProbeOnce(probe, options);
    result.samples.push(...sample.values);
    result.durationsMs.push(sample.durationMs);
    if (sample.cases) (result.cases ??= []).push(sample.cases);
    options.onSample?.(sample, i, total);
  }
  return result;
}
