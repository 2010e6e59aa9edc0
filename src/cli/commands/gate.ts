// `self-improvement gate --base REV`: for a pull request, every declared capability with a probe is a
// guardrail of HEAD against REV. Exit 1 when one is shown worse beyond its margin, 0 when all hold,
// 2 when any is still unknown at the budget (1 with --strict).
import type { Command } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';
import { positiveInt } from './parse';

export function registerGate(program: Command, deps: CliDeps): void {
  program.command('gate')
    .description('Compare HEAD with a base revision on every capability that has a probe (each one a guardrail: HEAD must not be worse beyond its margin). Both trees are checked out in scratch worktrees; your working tree is not used or changed.')
    .requiredOption('--base <rev>', 'the revision to compare with (e.g. origin/main, the pull request\'s base)')
    .option('--capability <name...>', 'only these capabilities (default: every one with a probe)')
    .option('--max-runs <n>', 'runs per arm for each capability (at least 2)', positiveInt('--max-runs'))
    .option('--strict', 'fail (exit 1) when a capability is still unknown at the budget, instead of exit 2')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit codes: 0 every capability held, 1 one is shown worse beyond its margin (or unknown with --strict), 2 some are unknown at the budget, 3 setup error.')
    .action(deps.action(async (ctx, opts) => deps.withEngine(ctx, 'write', async (engine) => {
      const { config } = await deps.syncConfig(ctx, engine);
      const result = await engineChunk().runGate(engine, {
        folder: ctx.folder, base: String(opts.base), config, isTrusted: () => true, signal: ctx.signal,
        capabilities: opts.capability as string[] | undefined, ...(opts.maxRuns ? { runsPerArm: opts.maxRuns as number } : {}),
        onProgress: (p) => {
          const runs = (opts.maxRuns as number | undefined) ?? engineChunk().DEFAULT_GATE_RUNS;
          const done = p.index * runs * 2 + (p.ab?.phase === 'run' && p.ab.index !== undefined ? p.ab.index * 2 + (p.ab.arm === 'candidate' ? 2 : 1) : 0);
          ctx.progress.step(done, p.of * runs * 2, `${p.capability}: ${p.message}`);
        },
      });
      ctx.progress.end();
      if (result.outcome === 'fail') {
        const worse = result.capabilities.filter((c) => c.status === 'broken').map((c) => c.reason).join(' ');
        ctx.alerts?.send({ kind: 'gate-failed', text: engineChunk().alertText(`Gate failed in ${ctx.folder}: HEAD ${result.headCommit.slice(0, 10)} against ${result.base}. ${worse}`) });
      }
      if (opts.json) ctx.print(JSON.stringify(result, null, 2));
      else {
        ctx.print(`Gate ${result.outcome === 'pass' ? 'passed' : result.outcome === 'fail' ? 'FAILED' : 'inconclusive'}: ${result.summary}`);
        for (const c of result.capabilities) ctx.print(`  ${c.status === 'held' ? '✓' : c.status === 'broken' ? '✗' : '?'} ${c.reason}`);
      }
      if (result.outcome === 'fail') return ExitCode.Refused;
      if (result.outcome === 'unknown') return opts.strict ? ExitCode.Refused : ExitCode.Inconclusive;
      return ExitCode.Success;
    })));
}
