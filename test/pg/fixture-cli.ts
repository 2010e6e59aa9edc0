// Stand-in for the `self-improvement` CLI until src/cli exists: a commander program with the team commands
// registered exactly as the CLI will (`registerTeamCommands(program, deps)`). Databases live in SI_TEST_DB_DIR.
import path from 'node:path';
import { Command } from 'commander';
import { SelfImprovementEngine } from '../../src/engine/engine';
import { registerTeamCommands } from '../../src/team/cliCommands';

const program = new Command('self-improvement');
registerTeamCommands(program, {
  openEngine: (folder) => SelfImprovementEngine.open({ dbPath: path.join(process.env.SI_TEST_DB_DIR!, `${path.basename(folder)}.sqlite`), rootDir: folder }),
});
program.parseAsync(process.argv).then(() => process.exit(process.exitCode ?? 0), (err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(3);
});
