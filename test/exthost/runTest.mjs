// The standard @vscode/test-electron entry point, pointed at our code-server launcher instead of a downloaded VS Code.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
try {
  await runTests({
    vscodeExecutablePath: path.join(root, 'test/exthost/run-exthost-tests.mjs'), // no download when this is set
    // Ours first; the test-only fake chat model provider (Draft Candidate tests) loads alongside.
    extensionDevelopmentPath: [root, path.join(root, 'test/fixtures/fake-lm')],
    extensionTestsPath: path.join(root, 'dist/test/suite/index.js'),
    launchArgs: [path.join(root, 'test/fixtures/exthost-workspace'), '--disable-extensions'],
  });
} catch (e) {
  console.error('Failed to run tests:', e.message);
  process.exit(1);
}
