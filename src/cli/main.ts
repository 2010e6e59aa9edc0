// `self-improvement` (dist/cli.js, package.json `bin`): the engine from the command line, for CI and
// terminals. Results go to stdout, progress and messages to stderr; the exit code says how it went.
import { runCli } from './program';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  // First Ctrl-C: stop the probes and clean up the worktrees; a second one leaves at once.
  if (++interrupts > 1) process.exit(130);
  controller.abort();
});

runCli(process.argv.slice(2), controller).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`self-improvement: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
});
