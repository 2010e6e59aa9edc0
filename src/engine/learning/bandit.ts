// Thompson-sampling bandit over named actions (rl_action_stats, rl_outcomes; plus team_outcomes pulled from the team store).
// Each arm has Beta(1 + successes, 1 + failures). Optional decay γ in (0, 1]: before an outcome is
// added, every arm of that action type is pulled toward the Beta(1,1) prior (α ← 1 + γ(α − 1), same
// for β), so old evidence fades and the bandit follows approaches whose effect changes. γ = 1: no decay.
// Pulled team outcomes fade by the same rule on one timeline of the whole team (outcomes of the action type
// ordered by recorded_at across origins; an outcome followed by k later ones weighs γ^k): teamPool.ts teamDecayedArms.
import type { ActionChoice, ChooseActionInput, OutcomeInput } from '../types';
import { InvalidInputError } from '../errors';
import { assertFinite, assertNonEmpty } from '../validate';
import { toJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import type { BetaSampler } from './betaSampler';
import { teamDecayedArms, teamOutcomeCounts } from './teamPool';

interface ArmRow { action_name: string; alpha: number; beta: number; trials: number }

export class ThompsonBandit {
  constructor(private readonly ctx: StoreContext, private readonly sample: BetaSampler, private readonly decay = 1) {
    assertFinite(decay, 'banditDecay');
    if (decay <= 0 || decay > 1) throw new InvalidInputError(`banditDecay must be in (0, 1] (got ${decay}).`);
  }

  recordOutcome(input: OutcomeInput): void {
    assertNonEmpty(input?.actionType, 'actionType');
    assertNonEmpty(input.actionName, 'actionName');
    if (typeof input.success !== 'boolean') throw new InvalidInputError('success must be true or false.');
    if (input.outcomeValue !== undefined) assertFinite(input.outcomeValue, 'outcomeValue');
    const now = nowIso(this.ctx);
    const db = this.ctx.db;
    db.transaction(() => {
      if (this.decay < 1) {
        db.run('UPDATE rl_action_stats SET alpha = 1 + ? * (alpha - 1), beta = 1 + ? * (beta - 1) WHERE action_type = ?',
          [this.decay, this.decay, input.actionType]);
      }
      db.run(
        `INSERT INTO rl_action_stats (action_type, action_name, alpha, beta, trials, total_outcome, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (action_type, action_name) DO UPDATE SET alpha = alpha + excluded.alpha - 1, beta = beta + excluded.beta - 1,
           trials = trials + 1, total_outcome = total_outcome + excluded.total_outcome, updated_at = excluded.updated_at`,
        [input.actionType, input.actionName, input.success ? 2 : 1, input.success ? 1 : 2, input.outcomeValue ?? 0, now]);
      db.insert('INSERT INTO rl_outcomes (action_type, action_name, success, outcome_value, context, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
        [input.actionType, input.actionName, input.success ? 1 : 0, input.outcomeValue ?? null, toJson(input.context), now]);
    });
  }

  /** Samples each arm's posterior once and picks the highest draw (ties: the first listed). */
  chooseAction(input: ChooseActionInput): ActionChoice {
    assertNonEmpty(input?.actionType, 'actionType');
    if (!Array.isArray(input.availableActions) || input.availableActions.length === 0) {
      throw new InvalidInputError('availableActions must be a non-empty array of names.');
    }
    input.availableActions.forEach((a, i) => assertNonEmpty(a, `availableActions[${i}]`));
    const arms = this.arms(input.actionType);
    const estimates: ActionChoice['estimates'] = {};
    let best = { action: input.availableActions[0], sampled: -1 };
    for (const action of input.availableActions) {
      const arm = arms.get(action) ?? { alpha: 1, beta: 1, trials: 0 };
      estimates[action] = { alpha: arm.alpha, beta: arm.beta, mean: arm.alpha / (arm.alpha + arm.beta), trials: arm.trials };
      const draw = this.sample(arm.alpha, arm.beta);
      if (draw > best.sampled) best = { action, sampled: draw };
    }
    return { action: best.action, sampled: best.sampled, estimates };
  }

  /** Orders actions by repeated Thompson choice without replacement. */
  rank(actionType: string, actions: string[]): string[] {
    const remaining = [...actions];
    const ranked: string[] = [];
    while (remaining.length) {
      const { action } = this.chooseAction({ actionType, availableActions: remaining });
      ranked.push(action);
      remaining.splice(remaining.indexOf(action), 1);
    }
    return ranked;
  }

  /**
   * This database's arms plus the other origins' outcomes pulled from the team store (teamPool.ts): one bandit for
   * the team. Without decay the pulled counts add to the local arms; with decay (γ < 1) the whole team's outcomes
   * are weighed on one timeline, so an old team success counts less than a recent one, as a local one would.
   * chooseAction's estimates show the pooled posterior.
   */
  private arms(actionType: string): Map<string, ArmRow> {
    const rows = this.ctx.db.all<ArmRow>('SELECT action_name, alpha, beta, trials FROM rl_action_stats WHERE action_type = ?', [actionType]);
    const arms = new Map(rows.map((r) => [r.action_name, r]));
    if (this.decay < 1) {
      const decayed = teamDecayedArms(this.ctx.db, actionType, this.decay);
      if (decayed) return new Map([...decayed].map(([name, a]) => [name, { action_name: name, ...a }]));
      return arms;
    }
    for (const t of teamOutcomeCounts(this.ctx.db, actionType)) {
      const arm = arms.get(t.actionName) ?? { action_name: t.actionName, alpha: 1, beta: 1, trials: 0 };
      arms.set(t.actionName, { ...arm, alpha: arm.alpha + t.successes, beta: arm.beta + (t.trials - t.successes), trials: arm.trials + t.trials });
    }
    return arms;
  }
}
