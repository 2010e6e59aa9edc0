// The sequential rule of an experiment: after every interleaved pair, look at the target and every
// guardrail still unknown, under one always-valid rule and one budget. Settled answers are kept (a
// confidence sequence holds at every look at once, so stopping a series once it is clear is valid).
// Pure: the loop feeds it real runs, the benchmarks feed it seeded simulations.
import { InvalidInputError } from '../errors';
import { assertPositiveInt } from '../validate';
import type { Direction } from '../types';
import { type Amount, checkAlpha, checkDirection } from './common';
import type { GuardedVerdict, VerdictResult } from './decide';
import type { GuardrailResult } from './guardrail';
import { type GuardLook, type Samples, type SeriesSpec, type TargetLook, lookAtGuardrail, lookAtTarget } from './seriesLook';
import { guardResult, targetResult, verdictReason } from './sequentialText';

/** Why sampling ended: the rule saw a clear answer, the target cannot reach its threshold, a guardrail broke, the budget ran out, the user cancelled. */
export type StopReason = 'rule' | 'futility' | 'guardrail' | 'budget' | 'cancel';

export interface SequentialExperimentOptions {
  target: Omit<SeriesSpec, 'direction'> & { direction?: Direction; threshold: Amount | number };
  /** Timing (sample) guardrails, sampled interleaved with the target while unknown. */
  guardrails?: (Omit<SeriesSpec, 'direction'> & { direction?: Direction; margin: Amount })[];
  /** Guardrails judged before sampling began (pass/fail suites of the cascade, probes that failed). */
  settled?: GuardrailResult[];
  alpha?: number;
  minSamples?: number;
  maxSamplesPerArm: number;
  maxSeconds?: number;
}

export interface Look {
  stop: boolean;
  stopped: StopReason | null;
  /** What to run in the next pair: the target, and which guardrails. */
  next: { target: boolean; guardrails: string[] };
  target: TargetLook;
  guardrails: GuardLook[];
  /** The verdict once stopped (null while sampling goes on). */
  verdict: VerdictResult | null;
}

/** A look's decision as the evidence records it (one wording for the evidence and the dashboard's path). */
export function lookDecision(look: Pick<Look, 'stopped'>): string {
  return look.stopped === 'rule' ? 'stop-success' : look.stopped === 'futility' ? 'stop-futile' : look.stopped === 'budget' ? 'budget-exhausted' : look.stopped ?? 'continue';
}

export class SequentialExperiment {
  private readonly alpha: number;
  private readonly minSamples: number;
  private readonly target: SeriesSpec & { threshold: Amount };
  private readonly guards: (SeriesSpec & { margin: Amount })[];
  private targetSettled: TargetLook | null = null;
  private readonly guardSettled = new Map<string, GuardLook>();
  private last: Look | null = null;

  constructor(private readonly options: SequentialExperimentOptions) {
    if (!options || typeof options !== 'object' || !options.target) throw new InvalidInputError('A sequential experiment needs a target.');
    this.alpha = checkAlpha(options.alpha ?? 0.05);
    this.minSamples = options.minSamples ?? 6;
    assertPositiveInt(this.minSamples, 'minSamples');
    assertPositiveInt(options.maxSamplesPerArm, 'maxSamplesPerArm');
    const t = options.target;
    this.target = { ...t, direction: checkDirection(t.direction, `target "${t.name}" direction`), threshold: typeof t.threshold === 'number' ? { fraction: t.threshold } : t.threshold };
    this.guards = (options.guardrails ?? []).map((g) => ({ ...g, direction: checkDirection(g.direction, `guardrail "${g.name}" direction`) }));
  }

  /**
   * A sampled guardrail that cannot be sampled further: judged outside the rule (its probe broke in the
   * candidate: `broken`), or dropped when `result` is null (its probe fails at HEAD: it guards nothing).
   */
  settleGuardrail(name: string, result: GuardrailResult | null): void {
    const i = this.guards.findIndex((g) => g.name === name);
    if (i < 0) return;
    this.guards.splice(i, 1);
    this.guardSettled.delete(name);
    if (result) (this.options.settled ??= []).push(result);
  }

  /** The latest look (null before the first). */
  get latest(): Look | null { return this.last; }

  look(samples: { target: Samples; guardrails?: Record<string, Samples> }, elapsedSeconds = 0): Look {
    const empty: Samples = { baseline: [], candidate: [] };
    const target = this.targetSettled ?? lookAtTarget(this.target, samples.target, this.alpha, this.minSamples);
    if (target.state !== 'open') this.targetSettled = target;
    const guardrails = this.guards.map((g) => {
      const settled = this.guardSettled.get(g.name);
      if (settled) return settled;
      const l = lookAtGuardrail(g, samples.guardrails?.[g.name] ?? empty, this.alpha, this.minSamples);
      if (l.status !== 'unknown') this.guardSettled.set(g.name, l);
      return l;
    });
    const settled = this.options.settled ?? [];
    const sampledUnknown = guardrails.filter((g) => g.status === 'unknown').map((g) => g.name);
    const active = [...(target.state === 'open' ? [target.pairs] : []), ...guardrails.filter((g) => g.status === 'unknown').map((g) => g.pairs)];
    const spent = (active.length > 0 && Math.min(...active) >= this.options.maxSamplesPerArm)
      || (this.options.maxSeconds !== undefined && elapsedSeconds >= this.options.maxSeconds);

    let stopped: StopReason | null = null;
    let verdict: GuardedVerdict | null = null;
    if (guardrails.some((g) => g.status === 'broken') || settled.some((g) => g.status === 'broken')) { stopped = 'guardrail'; verdict = 'refused'; }
    else if (target.state === 'futile') { stopped = 'futility'; verdict = target.interval[1] < 0 ? 'regression' : 'no_improvement'; }
    else if (target.state === 'clear' && sampledUnknown.length === 0) { stopped = 'rule'; verdict = settled.every((g) => g.status === 'held') ? 'success' : 'inconclusive'; }
    else if (spent) { stopped = 'budget'; verdict = 'inconclusive'; }
    const look: Look = {
      stop: stopped !== null, stopped,
      next: stopped ? { target: false, guardrails: [] } : { target: target.state === 'open', guardrails: sampledUnknown },
      target, guardrails, verdict: null,
    };
    if (verdict) look.verdict = this.verdictOf(look, verdict);
    this.last = look;
    return look;
  }

  /**
   * The verdict as it stands when the run ends early (cancelled, or the caller stops): never a success.
   * `budget`: the caller's budget ended with the rule still open (a distributed run whose blocks came back short).
   */
  cancel(stopped: 'cancel' | 'budget' = 'cancel'): Look {
    const base = this.last ?? this.look({ target: { baseline: [], candidate: [] } });
    const look: Look = { ...base, stop: true, stopped, next: { target: false, guardrails: [] } };
    look.verdict = this.verdictOf(look, base.verdict?.verdict === 'refused' ? 'refused' : 'inconclusive');
    return look;
  }

  private verdictOf(look: Look, verdict: GuardedVerdict): VerdictResult {
    const guardrails: GuardrailResult[] = [...(this.options.settled ?? []), ...look.guardrails.map(guardResult)];
    const unknown = guardrails.filter((g) => g.status === 'unknown').map((g) => g.name);
    const result: VerdictResult = {
      verdict, target: targetResult(look.target), guardrails, rule: 'estimate', alpha: this.alpha,
      reason: verdictReason({ verdict, stopped: look.stopped!, target: look.target, guardrails, maxSamplesPerArm: this.options.maxSamplesPerArm }),
    };
    // A spent budget (or a cancel) with something still open: what "Run More Samples" should sample.
    if (verdict === 'inconclusive' && (look.target.state === 'open' || unknown.length)) {
      result.more = { target: look.target.state === 'open', guardrails: look.guardrails.filter((g) => g.status === 'unknown').map((g) => g.name) };
    }
    return result;
  }
}
