// A distributed experiment judged by the local loop's own rules. Each block ran both arms on one machine;
// before the rules see the pairs, each machine's values of a capability are rescaled by the common
// baseline mean over that machine's own baseline mean, so a machine twice as slow doubles neither arm
// (pairs never cross machines; only their scale is aligned). Then, as in runExperiment: the cascade's
// suites (once per arm, from a pre-block) judged by judgeSuites; target and timing guardrails under the
// one sequential rule (SequentialExperiment) after every wave of blocks; a success confirmed on fresh
// blocks by planConfirmation / judgeConfirmation / confirmVerdict. Pure: the team layer brings the blocks.
import type { ArmSeries } from '../ab/series';
import { emptySeries } from '../ab/series';
import type { CapabilityConfig } from '../config/types';
import type { EvidenceFlips, EvidenceGuardrail } from '../types';
import { type ConfirmationPlan, type ConfirmedVerdict, confirmVerdict, judgeConfirmation, planConfirmation } from '../verdicts/confirm';
import type { VerdictResult } from '../verdicts/decide';
import type { GuardrailResult } from '../verdicts/guardrail';
import { SequentialExperiment, type Look } from '../verdicts/sequentialExperiment';
import { failedProbe, guardCapabilities, guardrailsEvidence, judgeSuites, marginOf } from './guardrailSetup';

/** A guardrail of a distributed run, as the run's spec carries it to the workers (by name) and the judge (margin). */
export interface DistributedGuard {
  name: string;
  direction: 'higher' | 'lower';
  unit: string;
  /** The config's margin, a fraction of the baseline mean. */
  margin: number;
  /** A pass/fail suite of the cascade: run once per arm in the pre-block, before any timing block. */
  suite: boolean;
}

/** One stored block as the judge needs it: who ran it, the target's pairs, the timing guardrails' series. */
export interface JudgedBlock {
  machine: string;
  baseline: readonly number[];
  candidate: readonly number[];
  guards?: Record<string, ArmSeries> | null;
}

export interface DistributedJudgeOptions {
  target: { name: string; direction: 'higher' | 'lower'; unit: string };
  /** Smallest relative improvement that is a success. */
  threshold: number;
  alpha?: number;
  guards: readonly DistributedGuard[];
  /** The block budget in pairs per arm: blocks × pairs per block. */
  maxPairs: number;
  minPairs?: number;
}

/** Every other declared capability with a probe guards the run, as locally (guardCapabilities). */
export function distributedGuards(config: { capabilities: readonly CapabilityConfig[] }, target: string): DistributedGuard[] {
  const { suites, timed } = guardCapabilities(config, target);
  const of = (c: CapabilityConfig, suite: boolean): DistributedGuard => ({ name: c.name, direction: c.direction, unit: c.unit, margin: marginOf(c).fraction, suite });
  return [...suites.map((c) => of(c, true)), ...timed.map((c) => of(c, false))];
}

/**
 * What a distributed run of `target` checks besides it: its guardrails (distributedGuards) and, for the
 * tamper check, the probe commands and evaluator files of everything it measures.
 */
export function distributedChecks(config: { capabilities: readonly CapabilityConfig[] }, target: string):
  { guardrails: DistributedGuard[]; tamper: { probeCommands: string[]; evaluatorFiles: string[] } } {
  const guardrails = distributedGuards(config, target);
  const measured = config.capabilities.filter((c) => c.probe && (c.name === target || guardrails.some((g) => g.name === c.name)));
  return { guardrails, tamper: { probeCommands: measured.map((c) => c.probe!.command), evaluatorFiles: measured.flatMap((c) => c.evaluatorFiles) } };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Pairs of one capability from blocks of several machines, each machine's values multiplied by
 * (common baseline mean / its own baseline mean). Values that are not all positive are left as they are
 * (a score around 0 has no speed to cancel); so is a machine without a baseline value.
 */
export function machineScaled(parts: readonly { machine: string; baseline: readonly number[]; candidate: readonly number[] }[]): { baseline: number[]; candidate: number[] } {
  const all = parts.flatMap((p) => [...p.baseline, ...p.candidate]);
  const positive = all.length > 0 && all.every((v) => v > 0);
  const common = parts.flatMap((p) => p.baseline);
  const reference = common.length ? mean(common) : 1;
  const own = new Map<string, number[]>();
  for (const p of parts) own.set(p.machine, [...(own.get(p.machine) ?? []), ...p.baseline]);
  const baseline: number[] = [];
  const candidate: number[] = [];
  for (const p of parts) {
    const n = Math.min(p.baseline.length, p.candidate.length);
    const m = own.get(p.machine)!;
    const factor = positive && m.length ? reference / mean(m) : 1;
    for (let i = 0; i < n; i++) { baseline.push(p.baseline[i]! * factor); candidate.push(p.candidate[i]! * factor); }
  }
  return { baseline, candidate };
}

export class DistributedJudge {
  private readonly seq: SequentialExperiment;
  private readonly settled: GuardrailResult[] = [];
  /** Guardrails that could not be judged (their probe fails at HEAD on a worker), in words. */
  readonly unjudged: string[] = [];
  private readonly handled = new Set<string>();
  private gates: Record<string, ArmSeries> = {};
  private readonly alpha: number;

  constructor(private readonly o: DistributedJudgeOptions) {
    this.alpha = o.alpha ?? 0.05;
    this.seq = new SequentialExperiment({
      target: this.targetSpec(), settled: this.settled, alpha: this.alpha, minSamples: o.minPairs ?? 6, maxSamplesPerArm: o.maxPairs,
      guardrails: o.guards.filter((g) => !g.suite).map((g) => ({ name: g.name, direction: g.direction, unit: g.unit, margin: { fraction: g.margin } })),
    });
  }

  get suites(): DistributedGuard[] { return this.o.guards.filter((g) => g.suite); }
  get timed(): DistributedGuard[] { return this.o.guards.filter((g) => !g.suite); }

  private targetSpec() {
    return { name: this.o.target.name, direction: this.o.target.direction, unit: this.o.target.unit, threshold: { fraction: this.o.threshold } };
  }

  /** The cascade's pre-block (suites once per arm): true when a suite broke, so no timing block should run. */
  cascade(gates: Record<string, ArmSeries>): boolean {
    this.gates = gates;
    const judged = judgeSuites(this.suites.map((g) => ({ name: g.name, guardrail: { margin: g.margin } })), gates);
    this.settled.push(...judged.results);
    this.unjudged.push(...judged.unjudged);
    return judged.results.some((g) => g.status === 'broken');
  }

  /** The timing guardrails' series over the blocks, machine-scaled like the target. */
  guardSeries(blocks: readonly JudgedBlock[]): Record<string, ArmSeries> {
    const out: Record<string, ArmSeries> = {};
    for (const g of this.timed) {
      const parts = blocks.flatMap((b) => (b.guards?.[g.name] ? [{ machine: b.machine, s: b.guards[g.name]! }] : []));
      const scaled = machineScaled(parts.map((p) => ({ machine: p.machine, baseline: p.s.perRun.baseline, candidate: p.s.perRun.candidate })));
      const series = emptySeries();
      series.perRun = scaled;
      series.baseline = [...scaled.baseline];
      series.candidate = [...scaled.candidate];
      for (const p of parts) { series.durationsMs.baseline.push(...p.s.durationsMs.baseline); series.durationsMs.candidate.push(...p.s.durationsMs.candidate); }
      const error = parts.find((p) => p.s.error)?.s.error;
      if (error) series.error = error;
      out[g.name] = series;
    }
    return out;
  }

  /** One look of the sequential rule at every block so far (after a wave); `final` when the block budget is spent. */
  look(blocks: readonly JudgedBlock[]): Look {
    const guards = this.guardSeries(blocks);
    for (const [name, s] of Object.entries(guards)) {
      if (!s.error || this.handled.has(name)) continue;
      this.handled.add(name);
      const f = failedProbe(name, s.error);
      if ('unjudged' in f) { this.unjudged.push(f.unjudged); this.seq.settleGuardrail(name, null); } else this.seq.settleGuardrail(name, f.result);
    }
    return this.seq.look({ target: machineScaled(blocks), guardrails: Object.fromEntries(Object.entries(guards).map(([n, s]) => [n, s.perRun])) });
  }

  /** The verdict when the cascade refused before any timing block (one look at no pairs: refused). */
  refusedByCascade(): Look {
    return this.seq.look({ target: { baseline: [], candidate: [] } });
  }

  /** The rule still open when every block is in (blocks came back shorter than planned): the verdict as it stands, never a success. */
  ended(): Look {
    return this.seq.cancel('budget');
  }

  /** Fresh pairs a confirmation needs after a first success of `firstPairs` pairs. */
  confirmationPlan(firstPairs: number): ConfirmationPlan {
    return planConfirmation(this.targetSpec(), firstPairs, this.alpha, this.o.maxPairs);
  }

  /** The first verdict against the confirmation blocks (null: none ran), by the engine's confirmVerdict. */
  confirm(first: VerdictResult, blocks: readonly JudgedBlock[] | null, plan: ConfirmationPlan | null): ConfirmedVerdict {
    if (!blocks || !plan) return confirmVerdict(first, null);
    const again = judgeConfirmation(this.targetSpec(), machineScaled(blocks), plan, this.alpha);
    return confirmVerdict(first, { ...again, guardrails: first.guardrails });
  }

  /** The guardrails' evidence (samples machine-scaled; a suite's flips), as runExperiment stores it. */
  evidence(verdict: VerdictResult, blocks: readonly JudgedBlock[]): { guardrails: EvidenceGuardrail[]; flips: EvidenceFlips[]; multiplicity: string | null } {
    const series = this.guardSeries(blocks);
    return guardrailsEvidence(verdict.guardrails, (name) => series[name] ?? this.gates[name], this.alpha);
  }
}
