// The probe-run log port: every probe run (measure, A/B arms, calibration, set-up) is reported here, so
// an adapter can write it where people debug (the extension's output channel, the CLI's stderr with
// --verbose). One port set by the adapter, because probe runs start deep inside the loop.
export interface ProbeRunRecord {
  command: string;
  /** The folder the command ran in. */
  folder: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The values read from the run (none when it failed). */
  values?: number[];
  cases?: { total: number; failed: number };
  /** Why the run gave no value (timeout, parse failure, exit code, …). */
  error?: string;
  /** The first lines of what it printed, kept only when it failed. */
  outputHead?: string;
}

export type ProbeRunLogger = (record: ProbeRunRecord) => void;

let logger: ProbeRunLogger | undefined;

/** Sets the port (one per process); returns a function that restores the previous one. */
export function setProbeRunLogger(next: ProbeRunLogger | undefined): () => void {
  const previous = logger;
  logger = next;
  return () => { logger = previous; };
}

export function reportProbeRun(record: ProbeRunRecord): void {
  try { logger?.(record); } catch { /* a broken log must never fail a measurement */ }
}

export const OUTPUT_HEAD_LINES = 15;

/** The first lines of a run's output (stderr first: that is where failures usually speak). */
export function outputHead(stdout: string, stderr: string, lines = OUTPUT_HEAD_LINES): string {
  const parts = [stderr.trim() ? `stderr:\n${stderr.trimEnd().split(/\r?\n/).slice(0, lines).join('\n')}` : '',
    stdout.trim() ? `stdout:\n${stdout.trimEnd().split(/\r?\n/).slice(0, lines).join('\n')}` : ''].filter(Boolean);
  return parts.join('\n');
}

/** The one formatter of a probe run's log line (and, on failure, the output's first lines below it). */
export function formatProbeRun(r: ProbeRunRecord): string {
  const exit = r.signal ? `killed by ${r.signal}` : r.exitCode === null ? 'no exit code' : `exit ${r.exitCode}`;
  const value = r.values?.length ? ` → ${r.values.map((v) => Number(v.toPrecision(6))).join(', ')}` : '';
  const cases = r.cases ? ` (${r.cases.total - r.cases.failed}/${r.cases.total} cases pass)` : '';
  const head = `probe "${r.command}" in ${r.folder}: ${exit}, ${Math.round(r.durationMs)} ms${value}${cases}`;
  if (!r.error) return head;
  return `${head} — failed: ${r.error}${r.outputHead ? `\n${r.outputHead.split('\n').map((l) => `    ${l}`).join('\n')}` : ''}`;
}
