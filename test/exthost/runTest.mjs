// The standard @vscode/test-electron entry point, pointed at our code-server launcher instead of a downloaded VS Code.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const options = {
  vscodeExecutablePath: path.join(root, 'test/exthost/run-exthost-tests.mjs'), // no download when this is set
  // Ours first; the test-only fake chat model provider (Draft Candidate tests) loads alongside.
  extensionDevelopmentPath: [root, path.join(root, 'test/fixtures/fake-lm')],
  extensionTestsPath: path.join(root, 'dist/test/suite/index.js'),
  launchArgs: [path.join(root, 'test/fixtures/exthost-workspace'), '--disable-extensions'],
};
// Two runs: every suite in a trusted workspace, then the untrusted suite in a really untrusted one
// (Restricted Mode: workspace trust on, the folder not trusted). SI_EXTHOST_RUNS=trusted|untrusted picks one;
// with SI_TEST_GREP, the run whose suites it names (a grep for "untrusted" or "Restricted" → that run).
const grep = process.env.SI_TEST_GREP;
const runs = (process.env.SI_EXTHOST_RUNS || (grep ? (/untrusted|restricted/i.test(grep) ? 'untrusted' : 'trusted') : 'trusted,untrusted')).split(',');
let failed = false;
for (const kind of runs) {
  console.log(`extension host: ${kind} workspace`);
  try {
    await runTests({ ...options, extensionTestsEnv: kind === 'untrusted' ? { SI_EXTHOST_UNTRUSTED: '1' } : {} });
  } catch (e) {
    console.error(`Failed to run the ${kind} tests:`, e.message);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
