// Decay watch: after an approved change is applied, later measurements of its capability are compared
// with the effect its experiment confirmed. When the capability has slid back — more than half of the
// confirmed gain lost, and shown beyond the noise (one-sided t-test of the later measurements against
// the level the change reached, with the calibrated spread as a floor) — a weakness opens that names
// the change, once, and an alert says so.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type { SelfImprovementApi } from '../api';
import type { Severity, Weakness } from '../types';
import { alertText, type AlertSink } from './alertWatch';

export interface DecayOptions {
  /** Later measurements needed before judging. Default 5. */
  minMeasurements?: number;
  /** At most this many latest measurements after the change. Default 50. */
  window?: number;
  /** One-sided level. Default 0.05. */
  alpha?: number;
  /** Share of the confirmed gain that may fade before it counts. Default 0.5. */
  tolerance?: number;
}

export interface DecayCheck {
  improvementId: number;
  experimentId: number;
  capability: string;
  /** Means of the confirmation run's arms: before the change, and the level the change reached. */
  baselineMean: number;
  confirmedMean: number;
  /** Mean of the measurements recorded after the change was applied (null when too few). */
  laterMean: number | null;
  laterCount: number;
  /** Share of the confirmed gain still there (1 = all of it, 0 = back at the baseline); null when too few. */
  retained: number | null;
  /** One-sided p of "no more than `tolerance` of the gain lost"; small = faded. */
  pValue: number | null;
  faded: boolean;
  reason: string;
  /** The weakness opened for it (now or earlier). */
  weaknessId: number | null;
}

/** Decay weaknesses are named so; the weakness alert watch leaves them to the decay alert (one message, not two). */
export const DECAY_WEAKNESS_NAME = /^Gain of improvement #\d+ /;

const KEY = (improvementId: number): string => `monitoring.decay.improvement:${improvementId}`;
const fmt = (x: number): string => String(Number(x.toPrecision(3)));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number => { const m = mean(xs); return xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)); };

/** The decay of every applied change that came from a confirmed, measured experiment. Reads only. */
export function checkDecay(engine: SelfImprovementApi, options: DecayOptions = {}): DecayCheck[] {
  const minN = options.minMeasurements ?? 5;
  const alpha = options.alpha ?? 0.05;
  const tolerance = options.tolerance ?? 0.5;
  const out: DecayCheck[] = [];
  const applied = engine.listImprovements().filter((i) => (i.status === 'applied' || i.status === 'partially_applied') && i.experimentId !== null && i.appliedAt);
  const seen = new Set<number>();
  for (const imp of applied) {
    // A change set (several files) is one change to watch.
    if (seen.has(imp.experimentId!)) continue;
    seen.add(imp.experimentId!);
    const ev = engine.getExperimentEvidence(imp.experimentId!);
    const e = ev?.effect;
    if (!ev || ev.verdict !== 'success' || !e || e.gain <= 0) continue;
    const later = engine.getMeasurements(e.capability, options.window ?? 50).filter((m) => m.recordedAt > imp.appliedAt! && m.experimentId === null).map((m) => m.value);
    const base = { improvementId: imp.id, experimentId: imp.experimentId!, capability: e.capability, baselineMean: e.baselineMean, confirmedMean: e.candidateMean, laterCount: later.length };
    const stored = engine.getMetadata<{ weaknessId: number }>(KEY(imp.id));
    if (later.length < minN) {
      out.push({ ...base, laterMean: null, retained: null, pValue: null, faded: false, weaknessId: stored?.weaknessId ?? null,
        reason: `${e.capability}: ${later.length} measurement${later.length === 1 ? '' : 's'} since improvement #${imp.id} was applied; ${minN} are needed to judge its gain.` });
      continue;
    }
    const sign = e.direction === 'higher' ? 1 : -1;
    const laterMean = mean(later);
    // Gains in the better direction: the confirmed one, and what is left of it now.
    const retained = (sign * (laterMean - e.baselineMean)) / e.gain;
    // H0: at most `tolerance` of the gain lost, i.e. the level is at least confirmed − tolerance·gain.
    const floorLevel = e.candidateMean - sign * tolerance * e.gain;
    const noise = engine.getNoise(e.capability)?.sd ?? 0;
    const spread = Math.max(sd(later), noise);
    const shortfall = sign * (floorLevel - laterMean);
    let pValue: number;
    if (spread === 0) pValue = shortfall > 0 ? 0 : 1;
    else pValue = 1 - tCdf(shortfall / (spread / Math.sqrt(later.length)), later.length - 1);
    const faded = pValue < alpha;
    const kept = `${Math.round(retained * 100)} % of the confirmed gain`;
    const reason = faded
      ? `${e.capability} slid back after improvement #${imp.id} (experiment #${imp.experimentId}) was applied: ${fmt(laterMean)} over ${later.length} later measurements against the ${fmt(e.candidateMean)} it reached (from ${fmt(e.baselineMean)}), ${kept} left (p ${fmt(pValue)}).`
      : `${e.capability} keeps ${kept} of improvement #${imp.id} (${fmt(laterMean)} over ${later.length} later measurements; confirmed ${fmt(e.baselineMean)} → ${fmt(e.candidateMean)}).`;
    out.push({ ...base, laterMean, retained, pValue, faded, reason, weaknessId: stored?.weaknessId ?? null });
  }
  return out;
}

function severityOf(retained: number): Severity {
  return retained <= 0 ? 'high' : 'medium';
}

/**
 * Checks every watched change; a newly faded one opens a weakness naming the change (once: while that
 * weakness is open it is not opened again) and sends an alert. Returns the checks, with the weakness ids.
 */
export function watchDecay(engine: SelfImprovementApi, options: DecayOptions & { alerts?: AlertSink | null } = {}): DecayCheck[] {
  const checks = checkDecay(engine, options);
  if (engine.readOnly) return checks;
  for (const c of checks) {
    if (!c.faded) continue;
    if (c.weaknessId !== null) {
      let open: Weakness | null = null;
      try { open = engine.getWeakness(c.weaknessId); } catch { open = null; }
      if (open?.status === 'open') continue;
    }
    const imp = engine.getImprovement(c.improvementId);
    const severity = severityOf(c.retained ?? 0);
    const w = engine.identifyWeakness({
      name: `Gain of improvement #${imp.id} "${imp.name}" faded`, type: 'capability_gap', severity,
      impact: severity === 'high' ? 0.7 : 0.5, capabilityName: c.capability, description: c.reason,
      evidence: [`improvement #${imp.id} (${imp.filePath}) applied ${imp.appliedAt}`, `experiment #${c.experimentId} confirmed ${fmt(c.baselineMean)} → ${fmt(c.confirmedMean)}`,
        `later mean ${fmt(c.laterMean!)} over ${c.laterCount} measurements, p ${fmt(c.pValue!)}`],
    });
    engine.setMetadata(KEY(imp.id), { weaknessId: w.id });
    c.weaknessId = w.id;
    options.alerts?.send({ kind: 'gain-decayed', text: alertText(`${c.reason} Weakness #${w.id} opened.`) });
  }
  return checks;
}

/**
 * Continuous monitoring in a long-lived process (a VS Code window): after each burst of new measurements
 * (coalesced for `delayMs`), the decay watch runs, so a gain that fades opens its weakness without anyone
 * running the CLI. `sink()` is read at that moment: alerts go wherever they are configured now, or nowhere.
 */
export function followDecay(engine: SelfImprovementApi, sink: () => AlertSink | null, options: DecayOptions & { delayMs?: number; onError?: (err: unknown) => void } = {}): { dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    try { watchDecay(engine, { ...options, alerts: sink() }); } catch (err) { options.onError?.(err); }
  };
  const sub = engine.onDidChange((change) => {
    if (change.kind !== 'measurement' || engine.readOnly) return;
    if (timer === undefined) timer = setTimeout(run, options.delayMs ?? 1000);
  });
  return { dispose: () => { if (timer !== undefined) clearTimeout(timer); timer = undefined; sub.dispose(); } };
}
