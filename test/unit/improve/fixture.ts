// Two weaknesses in a temp git repository with real, noiseless probes: alpha.js prints alpha-config.js's
// score, beta.js beta-config.js's; suite.js prints TAP for 200 cases, failing those cases.js names (a
// guardrail of both). Every experiment is a real A/B run in scratch clones; no timing in any assertion.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ChatModelPort } from '../../../src/agents/drafting/draftLoop';

export const IMPROVE_CONFIG = {
  improvementThreshold: 0.15,
  capabilities: [
    { name: 'alpha-score', type: 'output_quality', direction: 'higher', baseline: 10, target: 40, unit: 'points',
      probe: { command: 'node alpha.js', parse: { format: 'regex', regex: 'score: (\\d+)' }, timeoutSeconds: 20 } },
    { name: 'beta-score', type: 'output_quality', direction: 'higher', baseline: 10, target: 14, unit: 'points',
      probe: { command: 'node beta.js', parse: { format: 'regex', regex: 'score: (\\d+)' }, timeoutSeconds: 20 } },
    { name: 'suite-pass-rate', type: 'reliability', baseline: 1, target: 1,
      probe: { command: 'node suite.js', parse: { format: 'tap' }, timeoutSeconds: 20 }, guardrail: { margin: 0.02 } },
  ],
};

const scoreScript = (name: string): string => `const { score } = require('./${name}-config');\nconsole.log('score: ' + score);\n`;
const SUITE = `const { failing } = require('./cases');
const lines = [];
for (let i = 1; i <= 200; i++) lines.push((failing.includes('case' + i) ? 'not ok ' : 'ok ') + i + ' - case' + i);
console.log('TAP version 13\\n1..200\\n' + lines.join('\\n'));
`;

export function makeImproveProject(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-improve-')));
  for (const n of ['alpha', 'beta']) {
    writeFileSync(path.join(dir, `${n}.js`), scoreScript(n));
    writeFileSync(path.join(dir, `${n}-config.js`), 'module.exports = { score: 10 };\n');
  }
  writeFileSync(path.join(dir, 'suite.js'), SUITE);
  writeFileSync(path.join(dir, 'cases.js'), 'module.exports = { failing: [] };\n');
  writeFileSync(path.join(dir, 'README.md'), '# fixture\n');
  mkdirSync(path.join(dir, '.vscode'));
  writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), JSON.stringify(IMPROVE_CONFIG, null, 2));
  const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' }); };
  g('init', '-q');
  g('add', '.');
  g('commit', '-q', '-m', 'fixture');
  return dir;
}

export function removeImproveProject(dir: string): void { rmSync(dir, { recursive: true, force: true }); }

const line = (file: string, from: string, to: string): string => `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-${from}\n+${to}\n`;
/** Raises a capability's score (a real improvement). */
export const raise = (n: 'alpha' | 'beta', to: number): string => line(`${n}-config.js`, 'module.exports = { score: 10 };', `module.exports = { score: ${to} };`);
/** Raises the score but fails `k` suite cases: refused by the guardrail. */
export const raiseButBreak = (n: 'alpha' | 'beta', to: number, k = 20): string => raise(n, to) + line('cases.js', 'module.exports = { failing: [] };',
  `module.exports = { failing: ${JSON.stringify(Array.from({ length: k }, (_, i) => `case${i + 1}`))} };`);
/** Changes only the README: no effect. */
export const noop = (text = 'Only documentation.'): string => `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+${text}\n`;
/** "Improves" by editing the probe itself: flagged, never queued. */
export const tamper = (n: 'alpha' | 'beta'): string =>
  `diff --git a/${n}.js b/${n}.js\n--- a/${n}.js\n+++ b/${n}.js\n@@ -1,2 +1,2 @@\n-const { score } = require('./${n}-config');\n+const score = 99; require('./${n}-config');\n console.log('score: ' + score);\n`;

export const fenced = (patch: string): string => `\`\`\`diff\n${patch}\`\`\`\nRationale: scripted.`;

/** The capability a draft prompt is about (its "Target: alpha-score (…" line). */
export const promptCapability = (prompt: string): string => /^Target: (\S+)/m.exec(prompt)?.[1] ?? '';

/** A scripted chat model: per capability, answers in order; records every prompt. */
export function scriptedModel(script: Record<string, string[]>, name = 'scripted-model'): ChatModelPort & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    name, prompts,
    ask: async (prompt) => {
      prompts.push(prompt);
      const answer = script[promptCapability(prompt)]?.shift();
      if (answer === undefined) throw new Error(`the scripted model has no answer left for ${promptCapability(prompt) || 'this prompt'}`);
      return { text: fenced(answer), tokens: 100 };
    },
  };
}

/** A model with a known hit rate: a real improvement with probability `hitRate` (seeded), otherwise a no-op. */
export function hitRateModel(hitRate: number, seed: number): ChatModelPort & { prompts: string[]; hits: number } {
  let s = seed >>> 0;
  const next = (): number => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  const model = {
    name: `hit-rate-${hitRate}`, prompts: [] as string[], hits: 0,
    ask: async (prompt: string) => {
      model.prompts.push(prompt);
      const cap = promptCapability(prompt).replace(/-score$/, '') as 'alpha' | 'beta';
      const hit = next() < hitRate;
      if (hit) model.hits++;
      return { text: fenced(hit ? raise(cap, 30) : noop(`note ${model.prompts.length}`)), tokens: 100 };
    },
  };
  return model;
}
