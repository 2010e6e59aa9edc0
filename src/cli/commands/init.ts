// `self-improvement init [--yes]`: propose capabilities for the folder (set-up detection), take each
// baseline from a first run, write .vscode/self-improvement.json, sync and record those measurements.
import { writeFile, mkdir } from 'node:fs/promises';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import { engineChunk } from '../../chunkLoader';
import { CliError, ExitCode } from '../exitCodes';
import type { CliDeps } from '../program';

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try { return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim()); } finally { rl.close(); }
}

export function registerInit(program: Command, deps: CliDeps): void {
  program.command('init')
    .description('Look at the folder (npm test / bench scripts), run each proposed probe once for its baseline, and write .vscode/self-improvement.json; then sync it. Refuses to overwrite an existing file.')
    .option('-y, --yes', 'write without asking (needed when stdin is not a terminal)')
    .option('--json', 'print the result as JSON')
    .action(deps.action(async (ctx, opts) => {
      const { CONFIG_FILE, planInit } = engineChunk();
      const file = path.join(ctx.folder, CONFIG_FILE);
      if (fs.existsSync(file)) throw new CliError(`${file} already exists; nothing was changed. Edit it, or run \`self-improvement sync\` to load it.`);
      if (!opts.yes && !process.stdin.isTTY) throw new CliError('init writes .vscode/self-improvement.json and runs the proposed probes; pass --yes to do so without a terminal to ask on.');
      const plan = await planInit(ctx.folder, { isTrusted: () => true, signal: ctx.signal, onProgress: (m) => ctx.note(m) });
      for (const f of plan.failed) ctx.note(`Not proposed: ${f.name} — its first run failed: ${f.message}`);
      if (!plan.text) {
        throw new CliError(`Nothing to propose in ${ctx.folder} (looked at: ${plan.looked.join('; ') || 'package.json'}). Declare capabilities by hand in ${CONFIG_FILE} (see the README).`);
      }
      if (!opts.json) for (const c of plan.capabilities) ctx.note(`Proposed ${c.name}: baseline ${c.baseline} ${c.unit}, target ${c.target} — ${c.why}`);
      if (!opts.yes && !(await confirm(`Write ${file} with ${plan.capabilities.length} capabilit${plan.capabilities.length === 1 ? 'y' : 'ies'}?`))) {
        ctx.print('Nothing written.');
        return ExitCode.Success;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, plan.text, { flag: 'wx' });
      return deps.withEngine(ctx, 'write', async (engine) => {
        const { sync } = await deps.syncConfig(ctx, engine);
        // The baseline run is the first measurement too.
        for (const c of plan.capabilities) engine.measureCapability(c.name, c.baseline, { source: 'init', command: c.command });
        if (opts.json) ctx.print(JSON.stringify({ file, capabilities: plan.capabilities, failed: plan.failed, added: sync.added, db: ctx.dbPath }, null, 2));
        else ctx.print(`Wrote ${file} with ${plan.capabilities.map((c) => c.name).join(', ')} and synced it into ${ctx.dbPath}.`);
        return ExitCode.Success;
      });
    }));
}
