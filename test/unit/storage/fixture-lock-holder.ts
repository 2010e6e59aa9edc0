// Child process for lock tests: opens the database given as argv[2] as writer, prints "locked", then
// on a line "write <name>" inserts and writes through (printing "written"), and on "exit" exits
// WITHOUT closing the database (the exit hook must release the lock).
import readline from 'node:readline';
import { Database } from '../../../src/engine/storage/database';

async function main(): Promise<void> {
  const db = await Database.open({ path: process.argv[2] });
  process.stdout.write('locked\n');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, arg] = line.split(' ');
    if (cmd === 'write') {
      db.run("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t', ?, 1, 'now')", [arg]);
      await db.writeThrough();
      process.stdout.write('written\n');
    } else if (cmd === 'exit') {
      process.exit(0);
    }
  }
}

main().catch((err) => { process.stderr.write(String(err?.stack ?? err) + '\n'); process.exit(1); });
