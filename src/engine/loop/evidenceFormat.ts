// The number formatters and words every rendering of an experiment's evidence shares: the Markdown
// for people (evidenceMarkdown.ts) and the short text for models (evidenceText.ts). One place, so an
// interval's level, a p-value or a headline never reads two ways.
import type { EvidenceDistributed, EvidenceEffect, Experiment, ExperimentEvidence, Verdict } from '../types';

export const num = (x: number): string => (!Number.isFinite(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : String(Number(x.toPrecision(3))));
export const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
/** p-values as people read them: "< 0.001" below a thousandth. */
export const pValue = (x: number | null): string => (x === null ? '—' : x < 0.001 ? '< 0.001' : String(Number(x.toPrecision(2))));
/** The interval's level from the experiment's own α: α = 0.05 → "95 %", 0.01 → "99 %". */
export const level = (alpha: number): string => `${Number(((1 - alpha) * 100).toPrecision(3))} %`;
export const idList = (ids: readonly string[], max = 10): string =>
  (ids.length === 0 ? 'none' : ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', '));

/** The verdict as the headline everywhere: a flagged success never reads as a plain one. */
export function verdictHeadline(ev: Pick<ExperimentEvidence, 'verdict' | 'confirmed' | 'tamperFlags'> & { runMore?: unknown }): string {
  return headline(ev.verdict, { flagged: ev.tamperFlags.length > 0, confirmed: ev.confirmed, more: !!ev.runMore });
}

/**
 * An experiment's verdict wherever a list, tree, notification or agent names it: from its evidence when
 * it was measured (so a flagged success reads as one), else the bare verdict; null before a verdict.
 */
export function experimentHeadline(e: Pick<Experiment, 'verdict'>, ev: Pick<ExperimentEvidence, 'confirmed' | 'tamperFlags' | 'runMore'> | null | undefined): string | null {
  if (!e.verdict) return null;
  return ev ? verdictHeadline({ verdict: e.verdict, confirmed: ev.confirmed, tamperFlags: ev.tamperFlags ?? [], runMore: ev.runMore }) : headline(e.verdict);
}

export function headline(verdict: Verdict, o: { flagged?: boolean; confirmed?: boolean; more?: boolean } = {}): string {
  if (verdict === 'success' && o.flagged) return 'success — flagged: needs your review';
  if (verdict === 'success') return o.confirmed ? 'success (confirmed on fresh samples)' : 'success';
  if (verdict === 'inconclusive' && o.more) return 'inconclusive — more samples needed';
  return verdict.replace(/_/g, ' ');
}

/** Why sampling stopped, in words. */
export function stoppedText(stopped: string): string {
  switch (stopped) {
    case 'rule': return 'the sequential rule saw a clear answer';
    case 'futility': return 'futility: the target cannot reach its threshold';
    case 'guardrail': return 'a guardrail was shown broken';
    case 'budget': return 'the budget ran out';
    case 'cancel': return 'cancelled';
    case 'fixed': return 'a fixed number of runs';
    default: return stopped;
  }
}

export function effectText(e: EvidenceEffect, alpha: number): string {
  const unit = e.unit ? ` ${e.unit}` : '';
  const ci = e.relativeCi ? `[${pct(e.relativeCi[0])}, ${pct(e.relativeCi[1])}]` : e.ci ? `[${num(e.ci[0])}, ${num(e.ci[1])}]${unit}` : 'n/a';
  const kind = e.paired ? 'always-valid ' : '';
  return `${e.capability}: ${num(e.baselineMean)} → ${num(e.candidateMean)}${unit} — gain ${pct(e.relativeGain)} (${level(alpha)} ${kind}interval ${ci}), p ${pValue(e.pValue)}, `
    + (e.paired ? `${e.paired.pairs} pairs` : `n = ${e.n.baseline} + ${e.n.candidate}`);
}

/** How the interleaved runs were analysed, with the robust estimate beside the plain mean. */
export function pairedText(e: EvidenceEffect, alpha: number): string | null {
  const p = e.paired;
  if (!p) return null;
  const unit = e.unit ? ` ${e.unit}` : '';
  return `${p.method}: estimate ${num(p.estimate)}${unit} per pair (plain mean ${num(p.mean)}), fixed-sample ${level(alpha)} interval [${num(p.fixedCi[0])}, ${num(p.fixedCi[1])}]${unit}`
    + `${p.priorDf ? `, A/A calibration pooled in as a variance prior (${p.priorDf} df)` : ', no A/A calibration (run "Calibrate Noise" to add one as a variance prior)'}`
    + (p.cuped ? `; CUPED-adjusted for ${p.cuped.covariate} (θ ${num(p.cuped.theta)}, correlation ${num(p.cuped.correlation)}): the variance of a pair's gain fell by ${pct(p.cuped.varianceReduction)}` : '');
}

type GuardrailEvidence = ExperimentEvidence['guardrails'][number];

/** held / broken / unknown; records from before three outcomes only know held or not. */
export const guardrailStatus = (g: GuardrailEvidence): string => g.status ?? (g.passed ? 'held' : 'not held');

/** One guardrail: the reason (which carries the margin test's p), then McNemar's p and the flips for suites. */
export function guardrailText(g: GuardrailEvidence, max = 10): string {
  const bh = g.adjustedPValue !== null ? `; BH-adjusted p ${pValue(g.adjustedPValue)}` : '';
  const mcnemar = g.flips?.mcnemarPValue !== undefined ? `McNemar p ${pValue(g.flips.mcnemarPValue)}, ` : '';
  const flips = g.flips ? `; ${mcnemar}flipped to fail: ${idList(g.flips.toFail, max)}; to pass: ${idList(g.flips.toPass, max)}` : '';
  return `${g.reason.replace(/\.$/, '')}${bh}${flips}`;
}

/** How a distributed run is judged (the local loop's rules on blocked pairs): said wherever its evidence is shown. */
export const DISTRIBUTED_RULES = 'the local loop\'s rules: pass/fail suites once per arm in a cascade pre-block, the target and timing guardrails under the sequential rule after each wave of blocks (each machine\'s values scaled to the common baseline), a success confirmed on fresh blocks';

/** Evidence of a distributed run from before guardrails were measured on the workers (it has no `waves`). */
export const DISTRIBUTED_TARGET_ONLY = 'not measured: this distributed run predates guardrails on the workers (it measured the target only)';

/** One line for a distributed run: how many blocks on how many machines, analysed how. */
export function distributedSummary(d: Omit<EvidenceDistributed, 'confirmation'>): string {
  const machines = new Set(d.blocks.map((b) => b.machine)).size;
  const pairs = d.blocks.reduce((a, b) => a + b.pairs, 0);
  const lost = d.lostAttempts.length ? `; ${d.lostAttempts.length} attempt${d.lostAttempts.length === 1 ? '' : 's'} lost and retried elsewhere, never counted` : '';
  const waves = d.waves && d.waves.length ? `; in ${d.waves.length} wave${d.waves.length === 1 ? '' : 's'} (${d.waves.join(' + ')} blocks)` : '';
  const cascade = d.cascade ? `; the suites once per arm first, on ${d.cascade.machine}` : '';
  return `${d.blocks.length} block${d.blocks.length === 1 ? '' : 's'} (${pairs} pairs) on ${machines} machine${machines === 1 ? '' : 's'}, each block both arms on one machine; `
    + `analysed blocked by machine (${d.scale === 'log-ratio' ? 'per-pair log ratio, so a machine\'s speed cancels' : 'differences relative to each machine\'s baseline'})${waves}${cascade}${lost}`;
}

/** Per machine: its blocks, pairs, mean effect and weight in the combined estimate. */
export function distributedMachineLines(d: Omit<EvidenceDistributed, 'confirmation'>): string[] {
  const effect = (m: EvidenceDistributed['machines'][number]) => (d.scale === 'log-ratio' ? Math.exp(m.mean) - 1 : m.mean);
  return d.machines.map((m) => `${m.machine}: ${m.blocks} block${m.blocks === 1 ? '' : 's'}, ${m.pairs} pairs, baseline ${num(m.baselineMean)} → candidate ${num(m.candidateMean)}, `
    + `change ${pct(effect(m))}, weight ${(m.weight * 100).toFixed(0)} %${m.variance === null ? ' (fewer than 2 pairs: left out)' : ''}`);
}

/** Which machine ran which block (and which attempts did not count). */
export function distributedBlockLines(d: Omit<EvidenceDistributed, 'confirmation'>): string[] {
  return [
    ...d.blocks.map((b) => `block ${b.index}: ${b.machine} (worker ${b.workerId.slice(0, 8)}, attempt ${b.attempt}), ${b.pairs} pairs, baseline ${num(b.baselineMean)}, candidate ${num(b.candidateMean)}`),
    ...d.lostAttempts.map((t) => `block ${t.index}: attempt ${t.attempt} on ${t.machine} (worker ${t.workerId.slice(0, 8)}) ${t.outcome === 'lost' ? 'lost: the worker stopped mid-block; retried elsewhere' : t.outcome}`),
  ];
}
