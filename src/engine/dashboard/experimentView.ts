// An experiment for the chart: both arms' samples, the effect with its interval against the threshold,
// the sequential rule's interval at each look (the recorded pairs replayed through the loop's rule),
// guardrails with their margins, flipped cases, tamper flags and the confirmation run. Pure.
import type { Direction, Experiment, ExperimentEvidence } from '../types';
import { experimentHeadline } from '../loop/evidenceFormat';
import { evidencePath } from './sequentialPath';
import type { ArmSamples, EffectView, ExperimentView } from './types';

export interface ExperimentViewInput {
  experiment: Experiment;
  evidence: ExperimentEvidence | null;
  /** The target capability's name, unit and direction (null when the weakness has none). */
  capability: { name: string; unit: string; direction: Direction } | null;
  /** Units of the other capabilities, for the guardrails. */
  units?: Record<string, string>;
  /** The A/A calibration the run used as its variance prior (engine.getNoise), if calibrated. */
  noise?: { sd: number; n: number } | null;
  /** Samples of a run still in progress (liveSamples), shown while there is no evidence yet. */
  live?: { target: ArmSamples; confirmation: ArmSamples | null } | null;
}

function effectFromEvidence(ev: ExperimentEvidence): EffectView | null {
  const e = ev.effect;
  if (!e) return null;
  const level = 1 - ev.alpha;
  if (e.relativeGain !== null) {
    return { relative: true, estimate: e.relativeGain, low: e.relativeCi?.[0] ?? null, high: e.relativeCi?.[1] ?? null,
      threshold: ev.threshold, pValue: e.pValue, level, baselineMean: e.baselineMean, candidateMean: e.candidateMean };
  }
  return { relative: false, estimate: e.gain, low: e.ci?.[0] ?? null, high: e.ci?.[1] ?? null, threshold: ev.threshold * Math.abs(e.baselineMean),
    pValue: e.pValue, level, baselineMean: e.baselineMean, candidateMean: e.candidateMean };
}

/** testApproach records summary figures (means, Welch interval) but not the samples themselves. */
function effectFromResult(exp: Experiment): EffectView | null {
  const r = exp.result;
  if (!r) return null;
  const s = r.samples;
  const before = s?.meanBefore ?? r.before;
  const after = s?.meanAfter ?? r.after;
  const sign = r.direction === 'higher' ? 1 : -1;
  const ciGain: [number, number] | null = s ? (sign > 0 ? [s.ci[0], s.ci[1]] : [-s.ci[1], -s.ci[0]]) : null;
  if (before !== 0 && r.improvement !== null) {
    const scale = Math.abs(before);
    return { relative: true, estimate: r.improvement, low: ciGain ? ciGain[0] / scale : null, high: ciGain ? ciGain[1] / scale : null,
      threshold: r.threshold, pValue: s?.pValue ?? null, level: 1 - (s?.alpha ?? 0.05), baselineMean: before, candidateMean: after };
  }
  return { relative: false, estimate: sign * (after - before), low: ciGain?.[0] ?? null, high: ciGain?.[1] ?? null, threshold: 0,
    pValue: s?.pValue ?? null, level: 1 - (s?.alpha ?? 0.05), baselineMean: before, candidateMean: after };
}

/** Start to finish from the timestamps; null when unknown or zero (a test function recorded in one step). */
export function spanMs(e: Experiment): number | null {
  const ms = e.startedAt && e.completedAt ? Date.parse(e.completedAt) - Date.parse(e.startedAt) : NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

export function experimentView(input: ExperimentViewInput): ExperimentView {
  const { experiment: e, evidence: ev, capability } = input;
  const unit = capability?.unit ?? ev?.effect?.unit ?? '';
  const direction = capability?.direction ?? ev?.effect?.direction ?? e.result?.direction ?? 'higher';
  const live = !ev && input.live ? input.live : null;
  const samples = ev ? { baseline: [...ev.samples.baseline], candidate: [...ev.samples.candidate] } : live ? live.target : null;
  const confirmation = ev?.samples.confirmation ? { baseline: [...ev.samples.confirmation.baseline], candidate: [...ev.samples.confirmation.candidate] } : live?.confirmation ?? null;
  const threshold = ev?.threshold ?? e.result?.threshold ?? null;
  const path = ev ? evidencePath(ev, { name: capability?.name ?? ev.target, direction, noise: input.noise }) : { looks: [], note: null };
  const sequential = path.looks;
  let note: string | null = path.note;
  if (!ev && e.result && !live) note = 'Recorded with summary figures only (means and a Welch interval): its samples were not kept, so no dots or sequential path.';
  else if (!ev && !live) note = e.status === 'planned' ? 'Not run yet.' : e.status === 'running' ? 'Running: samples appear as they arrive.' : null;
  return {
    id: e.id, name: e.name, status: e.status, verdict: e.verdict, headline: experimentHeadline(e, ev), reason: e.reason ?? ev?.reason ?? e.error ?? null,
    capability: capability?.name ?? ev?.target ?? null, unit, direction,
    samples, confirmation,
    effect: ev ? effectFromEvidence(ev) : effectFromResult(e),
    sequential, sequentialDecision: ev?.sequential?.decision ?? null,
    guardrails: (ev?.guardrails ?? []).map((g) => ({
      capability: g.capability, passed: g.passed, reason: g.reason, pValue: g.pValue, marginUnits: g.marginUnits, worseBy: g.worseBy,
      baselineMean: g.baselineMean, candidateMean: g.candidateMean, unit: input.units?.[g.capability] ?? '', error: g.error ?? null,
    })),
    flips: (ev?.flips ?? []).map((f) => ({ ...f, toFail: [...f.toFail], toPass: [...f.toPass] })),
    tamperFlags: (ev?.tamperFlags ?? []).map((f) => ({ file: f.file, reasons: [...f.reasons] })),
    confirmed: ev?.confirmed ?? false,
    threshold,
    startedAt: e.startedAt, completedAt: e.completedAt,
    durationMs: ev?.durationMs ?? spanMs(e),
    live: live !== null,
    hasEvidence: ev !== null,
    note,
  };
}
