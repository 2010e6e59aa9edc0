// `self-improvement export --format openmetrics`: the database's state for Prometheus (read-only).
import { rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';

export function registerExport(program: Command, deps: CliDeps): void {
  program.command('export')
    .description('Print capabilities, noise, open weaknesses by severity, experiment outcomes and improvements as metrics: OpenMetrics text (a Prometheus scrape, e.g. node_exporter\'s textfile collector) or the Prometheus text format 0.0.4 (a pushgateway).')
    .addOption(new Option('--format <format>', 'metrics format').choices(['openmetrics', 'prometheus']).default('openmetrics'))
    .option('--output <file>', 'write to this file (atomically) instead of stdout')
    .addHelpText('after', '\nPush to a pushgateway:  self-improvement export --format prometheus | curl --data-binary @- http://pushgateway:9091/metrics/job/self-improvement')
    .action(deps.action(async (ctx, opts) => deps.withEngine(ctx, 'read', async (engine) => {
      const text = engineChunk().metricsText(engine, opts.format as 'openmetrics' | 'prometheus');
      if (typeof opts.output === 'string') {
        // Temp file + rename, so a collector never reads half a file.
        const target = path.resolve(opts.output);
        const temp = `${target}.${process.pid}.tmp`;
        await writeFile(temp, text);
        await rename(temp, target);
        ctx.note(`Wrote ${target}.`);
      } else ctx.print(text.replace(/\n$/, ''));
      return ExitCode.Success;
    })));
}
