// A summary fit for a pull-request comment: the last gate, the latest experiments (verdicts, effects
// with intervals, guardrails, flipped cases, tamper flags), capabilities against target and the open
// weaknesses. Plain data first (JSON), Markdown rendered from it: one formatter for both.
import type { SelfImprovementApi } from '../api';
import type { EvidenceEffect, EvidenceFlips, EvidenceGuardrail, Severity, Verdict } from '../types';
import { checkDecay, type DecayCheck } from '../monitoring/decay';
import { forecastTarget } from '../monitoring/forecast';
import { lastGate, type GateResult } from './gate';
import { experimentHeadline } from '../loop/evidenceFormat';

export interface ReportExperiment {
  id: number;
  name: string;
  capability: string | null;
  status: string;
  verdict: Verdict | null;
  /** The verdict as every headline words it (loop/evidenceFormat.ts): a flagged success reads as one. */
  headline: string | null;
  reason: string | null;
  confirmed: boolean;
  effect: EvidenceEffect | null;
  guardrails: Pick<EvidenceGuardrail, 'capability' | 'passed' | 'reason' | 'pValue'>[];
  flips: Pick<EvidenceFlips, 'capability' | 'toFail' | 'toPass' | 'pValue'>[];
  tamperFlags: string[];
  improvementIds: number[];
  completedAt: string | null;
}

export interface ReportCapability {
  name: string;
  unit: string;
  direction: string;
  baseline: number;
  target: number;
  current: number | null;
  gap: number | null;
  meetsTarget: boolean;
  severity: Severity | null;
  noiseCv: number | null;
  /** When the target will be reached, only from a real span of time (else null, with why in forecastReason). */
  forecastAt: string | null;
  forecastReason: string;
}

export interface CiReport {
  generatedAt: string;
  gate: GateResult | null;
  experiments: ReportExperiment[];
  capabilities: ReportCapability[];
  openWeaknesses: { id: number; name: string; severity: Severity; capability: string | null; description: string }[];
  /** Applied changes whose gain is watched: kept or faded. */
  decay: DecayCheck[];
}

export function buildReport(engine: SelfImprovementApi, options: { experiments?: number; now?: Date } = {}): CiReport {
  const limit = options.experiments ?? 10;
  const measured = engine.listExperiments()
    .filter((e) => e.status === 'completed' || e.status === 'failed')
    .sort((a, b) => (b.completedAt ?? b.createdAt).localeCompare(a.completedAt ?? a.createdAt) || b.id - a.id)
    .slice(0, limit);
  const experiments = measured.map((e): ReportExperiment => {
    const ev = engine.getExperimentEvidence(e.id);
    let capability: string | null = ev?.target ?? null;
    if (!capability) { try { capability = engine.getWeakness(e.weaknessId).capabilityName; } catch { capability = null; } }
    return {
      id: e.id, name: e.name, capability, status: e.status, verdict: e.verdict, headline: experimentHeadline(e, ev), reason: e.reason ?? e.error, confirmed: ev?.confirmed ?? false,
      effect: ev?.effect ?? null,
      guardrails: (ev?.guardrails ?? []).map((g) => ({ capability: g.capability, passed: g.passed, reason: g.reason, pValue: g.pValue })),
      flips: (ev?.flips ?? []).filter((f) => f.toFail.length || f.toPass.length).map((f) => ({ capability: f.capability, toFail: f.toFail, toPass: f.toPass, pValue: f.pValue })),
      tamperFlags: (ev?.tamperFlags ?? []).map((f) => f.file), improvementIds: ev?.improvementIds ?? [], completedAt: e.completedAt,
    };
  });
  const capabilities = engine.profileAllCapabilities().map((c): ReportCapability => ({
    name: c.name, unit: c.unit, direction: c.direction, baseline: c.baseline, target: c.target, current: c.current, gap: c.gap,
    meetsTarget: c.meetsTarget, severity: c.severity, noiseCv: c.noise?.cv ?? null,
    ...((f) => ({ forecastAt: f.crossesAt, forecastReason: f.reason }))(forecastTarget(engine, c.name, { now: options.now })),
  }));
  const openWeaknesses = engine.analyzeWeaknesses().map((w) => ({ id: w.id, name: w.name, severity: w.severity, capability: w.capabilityName, description: w.description }));
  return { generatedAt: (options.now ?? new Date()).toISOString(), gate: lastGate(engine), experiments, capabilities, openWeaknesses, decay: checkDecay(engine) };
}

const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : String(Number(x.toPrecision(3))));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const pv = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x < 0.001 ? '< 0.001' : String(Number(x.toPrecision(2))));
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ids = (xs: readonly string[]): string => (xs.length > 8 ? `${xs.slice(0, 8).join(', ')} and ${xs.length - 8} more` : xs.join(', '));
const GATE_ICON = { held: '✅ held', broken: '❌ worse', unknown: '❔ unknown' } as const;

function effectText(e: EvidenceEffect | null): string {
  if (!e) return '—';
  const ci = e.relativeCi ? ` [${pct(e.relativeCi[0])}, ${pct(e.relativeCi[1])}]` : e.ci ? ` [${num(e.ci[0])}, ${num(e.ci[1])}] ${e.unit}` : '';
  return `${num(e.baselineMean)} → ${num(e.candidateMean)} ${e.unit}, ${pct(e.relativeGain)}${ci}, p ${pv(e.pValue)}`;
}

export function reportMarkdown(r: CiReport): string {
  const out: string[] = ['## Self-Improvement report', ''];
  const g = r.gate;
  if (g) {
    const head = { pass: '✅ **Gate passed**', fail: '❌ **Gate failed**', unknown: '❔ **Gate inconclusive**' }[g.outcome];
    out.push(`${head}: HEAD \`${g.headCommit.slice(0, 10)}\` against \`${g.base}\` (\`${g.baseCommit.slice(0, 10)}\`), ${g.runsPerArm} runs per arm, α = ${g.alpha}. ${g.summary}`, '',
      '| capability | result | base → HEAD | margin | p (held / worse) |', '|---|---|---|---|---|');
    for (const c of g.capabilities) {
      out.push(`| ${cell(c.capability)} | ${GATE_ICON[c.status]} | ${num(c.baseMean)} → ${num(c.headMean)} ${cell(c.unit)} | ${num(c.marginUnits)} | ${pv(c.pValue)} / ${pv(c.brokenPValue)} |`);
    }
    const flipped = g.capabilities.filter((c) => c.flips && (c.flips.toFail.length || c.flips.toPass.length));
    for (const c of flipped) out.push('', `- ${c.capability}: flipped to fail: ${ids(c.flips!.toFail) || 'none'}; to pass: ${ids(c.flips!.toPass) || 'none'}`);
    out.push('', ...g.capabilities.map((c) => `- ${cell(c.reason)}`), '');
  } else {
    out.push('No gate has run on this database yet (`self-improvement gate --base <rev>`).', '');
  }
  out.push('### Experiments', '');
  if (!r.experiments.length) out.push('None measured yet.', '');
  else {
    out.push('| # | experiment | verdict | effect (95 % interval) | guardrails | flags |', '|---|---|---|---|---|---|');
    for (const e of r.experiments) {
      const guards = e.guardrails.length ? e.guardrails.map((x) => `${x.passed ? '✓' : '✗'} ${x.capability}`).join(', ') : '—';
      out.push(`| ${e.id} | ${cell(e.name)} | ${e.headline ?? e.status} | ${cell(effectText(e.effect))} | ${cell(guards)} | ${e.tamperFlags.length ? `⚠ changes ${cell(e.tamperFlags.join(', '))}` : '—'} |`);
    }
    for (const e of r.experiments) {
      for (const f of e.flips) out.push('', `- #${e.id} ${f.capability}: flipped to fail: ${ids(f.toFail) || 'none'}; to pass: ${ids(f.toPass) || 'none'} (McNemar p ${pv(f.pValue)})`);
    }
    out.push('');
  }
  out.push('### Capabilities', '');
  if (!r.capabilities.length) out.push('None registered (`self-improvement sync`).', '');
  else {
    out.push('| capability | current | target | gap | noise (CV) |', '|---|---|---|---|---|');
    for (const c of r.capabilities) {
      out.push(`| ${cell(c.name)} | ${num(c.current)} ${cell(c.unit)} | ${num(c.target)} (${c.direction} is better) | ${c.meetsTarget ? 'on target' : pct(c.gap)}${c.severity ? ` (${c.severity})` : ''} | ${c.noiseCv === null ? 'not calibrated' : pct(c.noiseCv)} |`);
    }
    out.push('');
  }
  const forecasts = r.capabilities.filter((c) => c.forecastAt);
  if (forecasts.length) out.push(...forecasts.map((c) => `- Forecast: ${c.forecastReason}`), '');
  if (r.decay.length) out.push('### Approved changes, watched', '', ...r.decay.map((d) => `- ${d.faded ? '⚠ ' : ''}${d.reason}${d.weaknessId ? ` (weakness #${d.weaknessId})` : ''}`), '');
  out.push(`Open weaknesses: ${r.openWeaknesses.length ? r.openWeaknesses.map((w) => `#${w.id} ${w.name} (${w.severity})`).join('; ') : 'none'}.`);
  return out.join('\n') + '\n';
}
