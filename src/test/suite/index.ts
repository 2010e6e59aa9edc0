// Runs inside the VS Code (node) extension host; loaded via extensionTestsPath, which calls run().
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Mocha from 'mocha';

declare const require: NodeJS.Require;

export function run(): Promise<void> {
  const out = process.env.SI_TEST_RESULTS || path.join(os.tmpdir(), 'si-exthost-results.json');
  // SI_TEST_GREP runs only the matching tests (while working on one suite); CI runs everything.
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'base', grep: process.env.SI_TEST_GREP || undefined });
  // Register the bdd globals, then load the (bundled) suites.
  mocha.suite.emit('pre-require', globalThis, 'suites', mocha);
  // SI_TEST_SUITES=untrusted (set by the runner for its Restricted Mode run): only the untrusted suite.
  if (process.env.SI_TEST_SUITES === 'untrusted') require('./untrusted.test');
  else require('./suites');
  const results: { title: string; state: string; error?: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === 'passed').length;
      fs.writeFileSync(out, JSON.stringify({ passed, failed: failures, results, at: new Date().toISOString() }, null, 2));
      failures > 0 || passed === 0 ? reject(new Error(`${failures} tests failed, ${passed} passed`)) : resolve();
    });
    // console output of the extension host reaches the browser console, where the runner picks it up
    runner.on('pass', (t) => { results.push({ title: t.fullTitle(), state: 'passed' }); console.log(`✔ ${t.fullTitle()} (${t.duration}ms)`); });
    runner.on('fail', (t, err: unknown) => {
      const e = err as Error | undefined;
      results.push({ title: t.fullTitle(), state: 'failed', error: String(e?.stack ?? e) });
      console.log(`✘ ${t.fullTitle()}: ${e?.message}`);
    });
  });
}
