// `self-improvement report`: a summary fit for a pull-request comment (read-only: works beside a VS Code window).
import type { Command } from 'commander';
import { Option } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';
import { positiveInt } from './parse';

export function registerReport(program: Command, deps: CliDeps): void {
  program.command('report')
    .description('Print a summary fit for a pull-request comment: the last gate, the latest experiments (verdicts, effects with intervals, guardrails, flipped cases, flags), capabilities against target, open weaknesses.')
    .addOption(new Option('--format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .option('--experiments <n>', 'how many of the latest experiments', positiveInt('--experiments'), 10)
    .action(deps.action(async (ctx, opts) => deps.withEngine(ctx, 'read', async (engine) => {
      const { buildReport, reportMarkdown } = engineChunk();
      const report = buildReport(engine, { experiments: opts.experiments as number });
      ctx.print(opts.format === 'json' ? JSON.stringify(report, null, 2) : reportMarkdown(report));
      return ExitCode.Success;
    })));
}
