// `self-improvement measure [NAME…]`: run probes; every sample goes through the engine (weaknesses open, update, resolve).
import type { Command } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { probedCapabilities } from '../context';
import { ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';

export function registerMeasure(program: Command, deps: CliDeps): void {
  program.command('measure')
    .argument('[names...]', 'capabilities to measure (default: every one with a probe)')
    .description('Sync the config, then run the probe of each named capability (default: all with a probe) and record the values; weaknesses open, update or resolve on their own.')
    .option('--json', 'print the result as JSON')
    .action(deps.action(async (ctx, opts, names) => deps.withEngine(ctx, 'write', async (engine) => {
      const { config } = await deps.syncConfig(ctx, engine);
      const caps = probedCapabilities(config, names);
      const results: { capability: string; unit: string; samples: number[]; current: number | null; weakness: { id: number; severity: string } | null; resolved: boolean }[] = [];
      const failed: { capability: string; error: string }[] = [];
      for (const [i, cap] of caps.entries()) {
        ctx.progress.step(i, caps.length, `${cap.name}: ${cap.probe!.command}`);
        try {
          const r = await engineChunk().measureCapabilityWithProbe(engine, cap, {
            folder: ctx.folder, isTrusted: () => true, signal: ctx.signal,
            onSample: (s, k, total) => ctx.progress.step(i, caps.length, `${cap.name}: sample ${k + 1}/${total} = ${s.values.join(', ')} ${cap.unit}`),
          });
          const w = r.last.weakness;
          results.push({ capability: cap.name, unit: cap.unit, samples: r.samples, current: r.last.capability.current, weakness: w ? { id: w.id, severity: w.severity } : null, resolved: r.last.resolved !== null });
          if (!opts.json) ctx.note(`${cap.name}: ${r.samples.join(', ')} ${cap.unit}${w ? ` — weakness #${w.id} (${w.severity})` : r.last.resolved ? ' — its weakness is resolved' : ''}`);
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          failed.push({ capability: cap.name, error: error instanceof Error ? error.message : String(error) });
          if (!opts.json) ctx.note(`${cap.name}: FAILED — ${failed[failed.length - 1]!.error}`);
        }
      }
      ctx.progress.step(caps.length, caps.length, 'done');
      // Continuous monitoring: did an approved change's gain fade? (Opens a weakness naming it, and alerts.)
      const decay = engineChunk().watchDecay(engine, { alerts: ctx.alerts }).filter((d) => d.faded);
      if (!opts.json) for (const d of decay) ctx.note(`Decay: ${d.reason}${d.weaknessId ? ` (weakness #${d.weaknessId})` : ''}`);
      if (opts.json) ctx.print(JSON.stringify({ measured: results, failed, decayed: decay }, null, 2));
      else ctx.print(`Measured ${results.length} of ${caps.length}${failed.length ? `; ${failed.length} failed: ${failed.map((f) => f.capability).join(', ')}` : ''}.`);
      return failed.length ? ExitCode.Setup : ExitCode.Success;
    })));
}
