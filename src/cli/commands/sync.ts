// `self-improvement sync`: the folder's config into the database (add, update, archive with history).
import type { Command } from 'commander';
import { ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';

export function registerSync(program: Command, deps: CliDeps): void {
  program.command('sync')
    .description('Bring the database in line with .vscode/self-improvement.json: new capabilities are added, changed ones updated, removed ones archived with their history. A broken file changes nothing.')
    .option('--json', 'print the result as JSON')
    .action(deps.action(async (ctx, opts) => deps.withEngine(ctx, 'write', async (engine) => {
      const { sync } = await deps.syncConfig(ctx, engine);
      const caps = engine.listCapabilities();
      if (opts.json) ctx.print(JSON.stringify({ added: sync.added, updated: sync.updated, archived: sync.archived, errors: sync.errors, capabilities: caps.map((c) => c.name), db: ctx.dbPath }, null, 2));
      else {
        ctx.print(`Synced ${caps.length} capabilit${caps.length === 1 ? 'y' : 'ies'} into ${ctx.dbPath}: ${sync.added.length} added, ${sync.updated.length} updated, ${sync.archived.length} archived.`);
        for (const e of sync.errors) ctx.print(`  ${e.name}: ${e.message}`);
      }
      return sync.errors.length ? ExitCode.Setup : ExitCode.Success;
    })));
}
