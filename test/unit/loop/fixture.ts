// A tiny project in a temp git repository: bench.js waits config.js's delayMs and prints how long it
// took; suite.js prints TAP for the cases in cases.js. Its .vscode/self-improvement.json declares both.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const BENCH = `const { delayMs } = require('./config');
const t = Date.now();
setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);
`;

export const SUITE = `const { failing } = require('./cases');
const lines = [];
for (let i = 1; i <= 200; i++) lines.push((failing.includes('case' + i) ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..200\\n' + lines.join('\\n'));
`;

export const CONFIG = `{
  // the fixture's capabilities
  "improvementThreshold": 0.15,
  "capabilities": [
    { "name": "bench-ms", "type": "efficiency", "direction": "lower", "baseline": 40, "target": 10, "unit": "ms",
      "probe": { "command": "node bench.js", "parse": { "regex": "elapsed: (\\\\d+)" }, "samples": 3, "timeoutSeconds": 20 } },
    { "name": "suite-pass-rate", "type": "output_quality", "baseline": 1, "target": 1,
      "probe": { "command": "node suite.js", "parse": { "format": "tap" }, "timeoutSeconds": 20 }, "guardrail": { "margin": 0.02 } }
  ]
}
`;

export function makeLoopProject(options: { delayMs?: number; failing?: string[]; config?: string } = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-loopfix-')));
  writeFileSync(path.join(dir, 'bench.js'), BENCH);
  writeFileSync(path.join(dir, 'config.js'), `module.exports = { delayMs: ${options.delayMs ?? 100} };\n`);
  writeFileSync(path.join(dir, 'suite.js'), SUITE);
  writeFileSync(path.join(dir, 'cases.js'), `module.exports = { failing: ${JSON.stringify(options.failing ?? [])} };\n`);
  writeFileSync(path.join(dir, 'README.md'), '# fixture\n');
  mkdirSync(path.join(dir, '.vscode'));
  writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), options.config ?? CONFIG);
  const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' }); };
  g('init', '-q');
  g('add', '.');
  g('commit', '-q', '-m', 'fixture');
  return dir;
}

export function removeProject(dir: string): void { rmSync(dir, { recursive: true, force: true }); }

/** A unified diff replacing one whole-line `from` with `to` in `file` (line `line`, 1-based, of a file of `lines` lines). */
export function linePatch(file: string, from: string, to: string, line = 1): string {
  return `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -${line} +${line} @@\n-${from}\n+${to}\n`;
}

export const FASTER_PATCH = linePatch('config.js', 'module.exports = { delayMs: 100 };', 'module.exports = { delayMs: 5 };');
export const NOOP_PATCH = `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+Only documentation.\n`;
/** Faster, but breaks ten cases of the suite (a guardrail). */
export const FASTER_BUT_BREAKS_SUITE = FASTER_PATCH + linePatch('cases.js', 'module.exports = { failing: [] };',
  `module.exports = { failing: ${JSON.stringify(Array.from({ length: 10 }, (_, i) => `case${i + 1}`))} };`);
/** "Faster" by editing the benchmark itself to report a tenth of the time. */
export const TAMPER_PATCH = linePatch('bench.js', "setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);",
  "setTimeout(() => console.log('elapsed: ' + Math.round((Date.now() - t) / 10)), delayMs);", 3);
