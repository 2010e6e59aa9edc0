// The budget of an unattended search: model requests, tokens, wall-clock minutes and measured runs
// (one run = one candidate measured with the full verdict). Whichever runs out first ends the search.
import { InvalidInputError } from '../../engine/errors';

export interface ImproveBudget { requests: number; tokens: number; minutes: number; runs: number }
export type BudgetKind = keyof ImproveBudget;

export const DEFAULT_IMPROVE_BUDGET: ImproveBudget = { requests: 20, tokens: 400_000, minutes: 60, runs: 20 };
const KINDS: readonly BudgetKind[] = ['requests', 'tokens', 'minutes', 'runs'];

/** "requests=10,tokens=200000,minutes=30,runs=10" (any subset; the rest keep their defaults). */
export function parseBudget(text: string, base: ImproveBudget = DEFAULT_IMPROVE_BUDGET): ImproveBudget {
  const budget = { ...base };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)$/i.exec(part);
    const kind = m?.[1]!.toLowerCase() as BudgetKind | undefined;
    if (!m || !kind || !KINDS.includes(kind)) {
      throw new InvalidInputError(`"${part}" is not a budget item; write ${KINDS.map((k) => `${k}=N`).join(',')} (any of them).`);
    }
    const value = Number(m[2]);
    if (!(value > 0) || (kind !== 'minutes' && !Number.isInteger(value))) {
      throw new InvalidInputError(`${kind} must be a positive ${kind === 'minutes' ? 'number' : 'whole number'} (got ${m[2]}).`);
    }
    budget[kind] = value;
  }
  return budget;
}

export interface Spent { requests: number; tokens: number; minutes: number; runs: number }

/** What has been spent against a budget; `exhausted()` names the first limit reached. */
export class BudgetMeter {
  private requests = 0;
  private tokens = 0;
  private runs = 0;
  private readonly started: number;

  constructor(readonly budget: ImproveBudget, private readonly now: () => number = Date.now) {
    this.started = now();
  }

  charge(use: { requests?: number; tokens?: number; runs?: number }): void {
    this.requests += use.requests ?? 0;
    this.tokens += use.tokens ?? 0;
    this.runs += use.runs ?? 0;
  }

  spent(): Spent {
    return { requests: this.requests, tokens: this.tokens, runs: this.runs, minutes: (this.now() - this.started) / 60_000 };
  }

  remaining(): ImproveBudget {
    const s = this.spent();
    return { requests: this.budget.requests - s.requests, tokens: this.budget.tokens - s.tokens, runs: this.budget.runs - s.runs, minutes: this.budget.minutes - s.minutes };
  }

  exhausted(): BudgetKind | null {
    const r = this.remaining();
    return KINDS.find((k) => r[k] <= 0) ?? null;
  }
}

export function spentText(s: Spent, b: ImproveBudget): string {
  return `${s.requests}/${b.requests} requests, ${s.tokens}/${b.tokens} tokens, ${s.runs}/${b.runs} runs, ${s.minutes.toFixed(1)}/${b.minutes} min`;
}
