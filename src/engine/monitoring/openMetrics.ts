// The engine's state as OpenMetrics text (what a Prometheus scrape accepts), or as the Prometheus text
// format 0.0.4 a pushgateway accepts: the same families without the closing `# EOF`. Only gauges:
// every figure is a current state (a count can go down when a row is deleted), never a running total.
import type { SelfImprovementApi } from '../api';
import type { Severity } from '../types';
import { lastGate } from '../ci/gate';
import { forecastTarget } from './forecast';

export type MetricsFormat = 'openmetrics' | 'prometheus';

/** Content types to send with each format (a scrape endpoint or a pushgateway). */
export const METRICS_CONTENT_TYPE: Record<MetricsFormat, string> = {
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
};

type Labels = Record<string, string>;
interface Family { name: string; help: string; samples: { labels: Labels; value: number }[] }

const PREFIX = 'self_improvement_';
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Label values escape backslash, double quote and newline (both formats). */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function value(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function render(families: readonly Family[], format: MetricsFormat): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} gauge`, `# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
      lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${value(s.value)}`);
    }
  }
  if (format === 'openmetrics') lines.push('# EOF');
  return lines.join('\n') + '\n';
}

/** Capabilities (value, baseline, target, gap, noise), open weaknesses by severity, experiments by status and verdict, improvements by status, the last gate. */
export function metricsText(engine: SelfImprovementApi, format: MetricsFormat = 'openmetrics'): string {
  const caps = engine.profileAllCapabilities();
  const fam = (name: string, help: string): Family => ({ name: PREFIX + name, help, samples: [] });
  const current = fam('capability_value', 'Latest measured value of the capability (in its unit).');
  const baseline = fam('capability_baseline', 'Declared baseline of the capability.');
  const target = fam('capability_target', 'Declared target of the capability.');
  const gap = fam('capability_gap_ratio', 'Shortfall to target divided by |target|, in the better direction (0 or less: on target).');
  const meets = fam('capability_meets_target', '1 when the latest value reaches the target, else 0.');
  const count = fam('capability_measurements', 'Measurements recorded for the capability.');
  const noiseSd = fam('capability_noise_sd', 'Spread (standard deviation) of one sample from the latest A/A calibration.');
  const noiseCv = fam('capability_noise_cv_ratio', 'Coefficient of variation from the latest A/A calibration.');
  const forecast = fam('capability_forecast_target_timestamp_seconds', 'When the trend reaches the target (Unix time); only from at least 7 days of history with a trend beyond noise.');
  for (const c of caps) {
    const labels = { capability: c.name, unit: c.unit, direction: c.direction };
    if (c.current !== null) current.samples.push({ labels, value: c.current });
    baseline.samples.push({ labels, value: c.baseline });
    target.samples.push({ labels, value: c.target });
    if (c.gap !== null) gap.samples.push({ labels, value: c.gap });
    if (c.current !== null) meets.samples.push({ labels, value: c.meetsTarget ? 1 : 0 });
    count.samples.push({ labels, value: c.measurementCount });
    if (c.noise) {
      noiseSd.samples.push({ labels, value: c.noise.sd });
      if (c.noise.cv !== null) noiseCv.samples.push({ labels, value: c.noise.cv });
    }
    const f = forecastTarget(engine, c.name);
    if (f.crossesAt) forecast.samples.push({ labels, value: Math.round(Date.parse(f.crossesAt) / 1000) });
  }
  const weaknesses = fam('open_weaknesses', 'Open weaknesses by severity.');
  const open = engine.listWeaknesses({ status: 'open' });
  for (const s of SEVERITIES) weaknesses.samples.push({ labels: { severity: s }, value: open.filter((w) => w.severity === s).length });
  const experiments = fam('experiments', 'Experiments by status and verdict (verdict "none" until measured).');
  const byOutcome = new Map<string, { status: string; verdict: string; n: number }>();
  for (const e of engine.listExperiments()) {
    const key = `${e.status}\0${e.verdict ?? 'none'}`;
    const row = byOutcome.get(key) ?? { status: e.status, verdict: e.verdict ?? 'none', n: 0 };
    row.n++;
    byOutcome.set(key, row);
  }
  for (const r of [...byOutcome.values()].sort((a, b) => `${a.status}${a.verdict}`.localeCompare(`${b.status}${b.verdict}`))) {
    experiments.samples.push({ labels: { status: r.status, verdict: r.verdict }, value: r.n });
  }
  const improvements = fam('improvements', 'Proposed code improvements by status.');
  const byStatus = new Map<string, number>();
  for (const i of engine.listImprovements()) byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
  for (const [status, n] of [...byStatus].sort()) improvements.samples.push({ labels: { status }, value: n });
  const families = [current, baseline, target, gap, meets, count, noiseSd, noiseCv, forecast, weaknesses, experiments, improvements];
  const gate = lastGate(engine);
  if (gate) {
    const g = fam('gate_passed', '1 when the last gate passed, 0 when it failed or was inconclusive.');
    g.samples.push({ labels: { base: gate.base, outcome: gate.outcome }, value: gate.outcome === 'pass' ? 1 : 0 });
    const t = fam('gate_timestamp_seconds', 'When the last gate ran (Unix time).');
    t.samples.push({ labels: {}, value: Math.round(Date.parse(gate.at) / 1000) });
    families.push(g, t);
  }
  return render(families, format);
}
