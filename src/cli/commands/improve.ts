// `self-improvement improve --model-command "<cmd>" [--budget requests=N,tokens=N,minutes=N,runs=N]`: the
// unattended search (src/agents/improve) over the open weaknesses by priority. The model is any command
// that reads the prompt on stdin and prints the answer. Only confirmed, guarded, unflagged successes
// reach the review queue, which is printed at the end (--json: the whole outcome). Nothing is applied:
// the CLI cannot approve; a person does, in VS Code.
import type { Command } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { teamRunner, type TeamRunner } from '../../team/runs/teamRunner';
import { TEAM_URL_ENV, checkTeamUrl } from '../../team/url';
import type { AgentContext } from '../../agents/operations';
import { CliError, ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';
import { positiveInt } from './parse';

export const MODEL_COMMAND_ENV = 'SELF_IMPROVEMENT_MODEL_COMMAND';

export function registerImprove(program: Command, deps: CliDeps): void {
  program.command('improve')
    .description('Search unattended for improvements to the open weaknesses, most urgent first, within a budget: the bandit picks the kind of experiment, the model drafts candidates told how earlier ones measured, each is measured with the full verdict (guardrails, cascade, confirmation). Confirmed, guarded, unflagged successes wait in the review queue; nothing is applied.')
    .option('--model-command <cmd>', `the model: a shell command that reads the prompt on stdin and prints its answer (also ${MODEL_COMMAND_ENV})`)
    .option('--model-name <name>', 'the model\'s name in progress, proposals and transcripts (default: command:<first word>)')
    .option('--budget <items>', 'limits, any of requests=N,tokens=N,minutes=N,runs=N (defaults: requests=20,tokens=400000,minutes=60,runs=20)')
    .option('--candidates <n>', 'drafts per experiment, each told how the earlier ones measured (default 3)', positiveInt('--candidates'))
    .option('--files <paths>', 'comma-separated files (relative to the folder) whose text goes into every prompt')
    .option('--weakness <ids>', 'only these weakness ids (comma-separated)')
    .option('--max-runs <n>', 'at most this many runs per arm in each experiment', positiveInt('--max-runs'))
    .option('--json', 'print the outcome and the review queue as JSON')
    .addHelpText('after', `\nExample: self-improvement improve --model-command "node ask-model.js" --budget requests=30,minutes=45\nExit codes: 0 something was queued, 1 nothing confirmed within the budget, 3 setup error or the model failed, 130 interrupted.`)
    .action(deps.action(async (ctx, opts) => {
      const agents = engineChunk().agents;
      // Arguments are checked before the database is opened: a typo changes nothing.
      const command = (opts.modelCommand as string | undefined) ?? process.env[MODEL_COMMAND_ENV];
      if (!command?.trim()) throw new CliError(`improve needs a model: --model-command "<cmd>" (or ${MODEL_COMMAND_ENV}), a command that reads the prompt on stdin and prints the answer.`);
      let budget;
      try { budget = agents.parseBudget(String(opts.budget ?? '')); } catch (error) { throw new CliError(`--budget: ${(error as Error).message}`); }
      const weaknessIds = opts.weakness === undefined ? undefined : String(opts.weakness).split(',').map((s) => Number(s.trim()));
      if (weaknessIds?.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new CliError(`--weakness must list weakness ids, e.g. 3,7 (got "${String(opts.weakness)}").`);
      const files = opts.files === undefined ? [] : String(opts.files).split(',').map((f) => f.trim()).filter(Boolean);
      const model = agents.commandModel({ command, cwd: ctx.folder, ...(opts.modelName ? { name: String(opts.modelName) } : {}) });
      // With a team store configured, each draft is measured through the team's workers when one is alive (else locally; the progress says which).
      const teamUrl = process.env[TEAM_URL_ENV]?.trim();
      let team: TeamRunner | null = null;
      if (teamUrl) {
        try { team = teamRunner({ url: checkTeamUrl(teamUrl) }); } catch (error) { throw new CliError(`${TEAM_URL_ENV}: ${(error as Error).message}`); }
      }
      return deps.withEngine(ctx, 'write', async (engine) => {
        await deps.syncConfig(ctx, engine);
        const agentCtx: AgentContext = {
          folder: ctx.folder, isTrusted: () => true, agent: model.name,
          read: async (fn) => fn(engine), write: async (fn) => fn(engine),
        };
        ctx.note(`Improving with ${model.name} (budget ${agents.spentText({ requests: 0, tokens: 0, runs: 0, minutes: 0 }, budget)})${team ? '; drafts are measured on the team\'s workers when one is alive' : ''}.`);
        const out = await agents.improve(agentCtx, model, {
          budget, files, signal: ctx.signal, ...(team ? { measure: team.measure } : {}),
          ...(weaknessIds ? { weaknessIds } : {}),
          ...(opts.candidates ? { candidatesPerExperiment: opts.candidates as number } : {}),
          ...(opts.maxRuns ? { maxSamplesPerArm: opts.maxRuns as number } : {}),
          onProgress: (p) => ctx.progress.step(p.spent.requests, p.budget.requests, `${p.message} (queued ${p.queued})`),
        }).finally(() => team?.close());
        ctx.progress.end();
        const queue = engineChunk().reviewQueue(engine);
        if (opts.json) {
          ctx.print(JSON.stringify({
            stopped: out.stopped, limit: out.limit, message: out.message, model: model.name, spent: out.spent, budget: out.budget,
            weaknesses: out.weaknesses, queued: out.queued,
            drafts: out.drafts.map((d) => ({ weaknessId: d.weaknessId, experimentId: d.experimentId, parent: d.parent, draft: d.record.draft, measuredBy: d.record.experimentId, measuredOn: d.record.measuredOn ?? null, verdict: d.record.verdict, reason: d.record.reason, tokens: d.record.tokens, improvementIds: d.record.improvementIds })),
            queue,
          }, null, 2));
        } else {
          ctx.print(`${out.message}`);
          for (const w of out.weaknesses) {
            ctx.print(`- weakness #${w.id} ${w.name} (priority ${w.priority}): ${w.skipped ? `skipped, ${w.skipped}` : `${w.experiments.length} experiment${w.experiments.length === 1 ? '' : 's'}, ${w.drafts} draft${w.drafts === 1 ? '' : 's'}, ${w.queued.length} queued`}`);
          }
          ctx.print(queue.length ? `Review queue (${queue.length}; approve or reject each in VS Code, Self-Improvement › Review Queue):` : 'Review queue: empty.');
          for (const q of queue) ctx.print(`  ${engineChunk().queueEntryLine(q)}`);
        }
        if (out.stopped === 'cancelled') return ExitCode.Interrupted;
        if (out.stopped === 'model-error') return ExitCode.Setup;
        return out.queued.length ? ExitCode.Success : ExitCode.Refused;
      });
    }));
}
