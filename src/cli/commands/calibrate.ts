// `self-improvement calibrate [NAME…]`: the baseline against itself (A/A), storing each capability's spread.
import type { Command } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { probedCapabilities } from '../context';
import { CliError, ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';
import { positiveInt } from './parse';

export function registerCalibrate(program: Command, deps: CliDeps): void {
  program.command('calibrate')
    .argument('[names...]', 'capabilities to calibrate (default: every one with a probe)')
    .description('Run each capability\'s probe on HEAD against itself (A/A, interleaved, in scratch worktrees) and store its spread; experiments then plan their runs from it.')
    .option('--runs <n>', 'runs per arm (at least 2)', positiveInt('--runs'), 10)
    .option('--json', 'print the result as JSON')
    .action(deps.action(async (ctx, opts, names) => deps.withEngine(ctx, 'write', async (engine) => {
      const { config } = await deps.syncConfig(ctx, engine);
      const caps = probedCapabilities(config, names);
      const runs = opts.runs as number;
      if (runs < 2) throw new CliError(`--runs must be at least 2 for an A/A run (got ${runs}).`);
      const out: unknown[] = [];
      for (const [i, cap] of caps.entries()) {
        const r = await engineChunk().calibrateNoise(engine, cap, {
          folder: ctx.folder, isTrusted: () => true, signal: ctx.signal, samplesPerArm: runs,
          onProgress: (p) => ctx.progress.step(i * 2 * runs + (p.index ?? 0) * 2 + (p.arm === 'candidate' ? 1 : 0), caps.length * 2 * runs, `${cap.name}: ${p.message}`),
        });
        out.push({ capability: cap.name, unit: cap.unit, noise: r.noise, warning: r.floor.warning, thresholdWarning: r.thresholdWarning });
        if (!opts.json) {
          ctx.note(`${cap.name}: spread ${r.noise.sd.toPrecision(3)} ${cap.unit}${r.noise.cv === null ? '' : ` (CV ${(r.noise.cv * 100).toFixed(1)} %)`} around ${r.noise.mean.toPrecision(4)}.${r.floor.warning ? ` ${r.floor.warning}` : ''}${r.thresholdWarning ? ` ${r.thresholdWarning}` : ''}`);
        }
      }
      if (opts.json) ctx.print(JSON.stringify({ calibrated: out }, null, 2));
      else ctx.print(`Calibrated ${caps.length} capabilit${caps.length === 1 ? 'y' : 'ies'} (${runs} runs per arm).`);
      return ExitCode.Success;
    })));
}
