// Unattended-search benchmark (issue 21 item 6; not a test): confirmed improvements per 100 model
// requests and per hour, on fixture tasks with real, noisy probes and a scripted model of known hit
// rate, against a one-evaluation keep-the-best loop like the evolvers' (score each candidate once, keep
// it when it beats the best so far). Each of the keep-best loop's "improvements" then gets a fresh
// confirmation through the same runExperimentWithEvidence path: how many fail it. Seeded throughout
// (the model's choices; the probes' noise is a function of the candidate's text and the run number).
//   node bench/improve.mjs [--requests 12] [--hit-rate 0.3] [--seed 1] [--write]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const REQUESTS = arg('requests', 12);
const HIT_RATE = arg('hit-rate', 0.3);
const SEED = arg('seed', 1);
const CV = 0.1;
const TRUE_GAIN = 0.3;

const outfile = path.join(root, 'out/bench/improve-modules.js');
fs.writeFileSync(path.join(root, 'out/bench-improve-entry.ts'), `export { SelfImprovementEngine } from '../src/engine/engine';
export { parseConfig } from '../src/engine/config';
export { syncCapabilitiesFromConfig } from '../src/engine/loop';
export { reviewQueue } from '../src/engine/improvements/reviewQueue';
export { improve } from '../src/agents/improve/search';
export { runExperimentWithEvidence } from '../src/agents/operations';
`);
await esbuild.build({ entryPoints: [path.join(root, 'out/bench-improve-entry.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error' });
const M = require(outfile);

// ── the fixture: two tasks, a noisy score each (higher is better, CV 10 %), a deterministic suite guardrail
const CONFIG = {
  improvementThreshold: 0.15,
  capabilities: ['alpha', 'beta'].map((n) => ({ name: `${n}-score`, type: 'output_quality', direction: 'higher', baseline: 100, target: 150, unit: 'points',
    probe: { command: `node ${n}.js`, parse: { format: 'regex', regex: 'score: ([\\d.]+)' }, timeoutSeconds: 20 } }))
    .concat([{ name: 'suite-pass-rate', type: 'reliability', baseline: 1, target: 1, probe: { command: 'node suite.js', parse: { format: 'tap' }, timeoutSeconds: 20 }, guardrail: { margin: 0.02 } }]),
};
// Noise: seeded by the config file's text and a per-folder run counter, so every run differs but the whole benchmark repeats.
const probe = (n) => `const fs = require('fs'); const text = fs.readFileSync('./${n}-config.js', 'utf8'); const { score } = require('./${n}-config');
let k = 0; try { k = Number(fs.readFileSync('.runs-${n}', 'utf8')); } catch {} fs.writeFileSync('.runs-${n}', String(k + 1));
let h = 2166136261; for (const c of text + ':' + k) { h ^= c.charCodeAt(0); h = Math.imul(h, 16777619) >>> 0; }
const u1 = ((h & 0xffff) + 1) / 65537, u2 = ((h >>> 16) + 1) / 65537;
const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
console.log('score: ' + (score * (1 + ${CV} * z)).toFixed(2));
`;
const SUITE = "console.log('TAP version 13\\n1..20\\n' + Array.from({ length: 20 }, (_, i) => 'ok ' + (i + 1)).join('\\n'));\n";
const base = (n) => 'module.exports = { score: 100 };\n';
function makeRepo() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'si-bench-improve-')));
  for (const n of ['alpha', 'beta']) { fs.writeFileSync(path.join(dir, `${n}.js`), probe(n)); fs.writeFileSync(path.join(dir, `${n}-config.js`), base(n)); }
  fs.writeFileSync(path.join(dir, 'suite.js'), SUITE);
  fs.writeFileSync(path.join(dir, '.gitignore'), '.runs-*\n');
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), JSON.stringify(CONFIG, null, 2));
  const g = (...a) => execFileSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...a], { cwd: dir, stdio: 'ignore' });
  g('init', '-q'); g('add', '.'); g('commit', '-q', '-m', 'fixture');
  return dir;
}
const patch = (n, to, note) => `diff --git a/${n}-config.js b/${n}-config.js\n--- a/${n}-config.js\n+++ b/${n}-config.js\n@@ -1 +1 @@\n-module.exports = { score: 100 };\n+module.exports = { score: ${to} }; // ${note}\n`;

/** The scripted model: a real +30 % with probability HIT_RATE (seeded LCG), otherwise a change with no effect. */
function model(seed) {
  let s = seed >>> 0;
  const next = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  const m = { name: `scripted(hit rate ${HIT_RATE})`, requests: 0, hits: 0,
    draft(cap) { m.requests++; const hit = next() < HIT_RATE; if (hit) m.hits++; return { hit, patch: patch(cap, hit ? 100 * (1 + TRUE_GAIN) : 100, `draft ${m.requests}`) }; },
    ask: async (prompt) => { const cap = /^Target: (\w+)-score/m.exec(prompt)[1]; const d = m.draft(cap); return { text: '```diff\n' + d.patch + '```\n', tokens: 500 }; } };
  return m;
}
const isHit = (content) => /score: 130\b/.test(content);

async function open(dir) {
  const engine = await M.SelfImprovementEngine.open({ rootDir: dir });
  M.syncCapabilitiesFromConfig(engine, M.parseConfig(JSON.stringify(CONFIG)), dir);
  for (const n of ['alpha', 'beta']) engine.measureCapability(`${n}-score`, 100);
  const ctx = { folder: dir, isTrusted: () => true, agent: 'bench', read: async (fn) => fn(engine), write: async (fn) => fn(engine) };
  return { engine, ctx };
}

// ── ours: the unattended search (bandit, several drafts per experiment, full verdict, review-queue rule)
async function ours() {
  const dir = makeRepo();
  const { engine, ctx } = await open(dir);
  const m = model(SEED);
  const t = performance.now();
  const out = await M.improve(ctx, m, { budget: { requests: REQUESTS, tokens: 1e9, minutes: 120, runs: REQUESTS }, candidatesPerExperiment: 2, maxSamplesPerArm: 20 });
  const hours = (performance.now() - t) / 3.6e6;
  const queue = M.reviewQueue(engine);
  const real = queue.filter((q) => isHit(engine.getImprovement(q.improvementId).proposedContent)).length;
  await engine.close(); fs.rmSync(dir, { recursive: true, force: true });
  return { requests: m.requests, hits: m.hits, kept: queue.length, real, falseKept: queue.length - real, hours, stopped: out.stopped };
}

// ── the evolvers' loop: one evaluation per candidate (one probe run in a scratch copy), keep it if it beats the best
function scoreOnce(dir, cap, candidatePatch) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'si-bench-once-'));
  execFileSync('git', ['clone', '-q', '--shared', dir, work], { stdio: 'ignore' });
  if (candidatePatch) { fs.writeFileSync(path.join(work, 'c.patch'), candidatePatch); execFileSync('git', ['apply', 'c.patch'], { cwd: work, stdio: 'ignore' }); }
  // A fresh counter per evaluation, offset so the candidate's one run is not the baseline's run 0.
  fs.writeFileSync(path.join(work, `.runs-${cap}`), String(candidatePatch ? 1 : 0));
  const out = execFileSync('node', [`${cap}.js`], { cwd: work, encoding: 'utf8' });
  fs.rmSync(work, { recursive: true, force: true });
  return Number(/score: ([\d.]+)/.exec(out)[1]);
}
async function keepBest() {
  const dir = makeRepo();
  const m = model(SEED);
  const t = performance.now();
  const best = { alpha: { score: scoreOnce(dir, 'alpha', null), patch: null }, beta: { score: scoreOnce(dir, 'beta', null), patch: null } };
  const kept = [];
  for (let i = 0; i < REQUESTS; i++) {
    const cap = i % 2 === 0 ? 'alpha' : 'beta';
    const d = m.draft(cap);
    const s = scoreOnce(dir, cap, d.patch);
    if (s > best[cap].score) { best[cap] = { score: s, patch: d.patch }; kept.push({ cap, patch: d.patch, hit: d.hit }); }
  }
  const hours = (performance.now() - t) / 3.6e6;
  // Every "improvement" it kept, measured afresh with the full verdict (A/B, guardrails, confirmation).
  const { engine, ctx } = await open(dir);
  let confirmed = 0;
  for (const k of kept) {
    const exp = engine.createExperiment({ capabilityName: `${k.cap}-score`, name: `keep-best check ${k.cap}` });
    const run = await M.runExperimentWithEvidence(ctx, { experimentId: exp.id, patch: k.patch, maxSamplesPerArm: 20 });
    if (run.evidence.verdict === 'success') confirmed++;
  }
  await engine.close(); fs.rmSync(dir, { recursive: true, force: true });
  return { requests: m.requests, hits: m.hits, kept: kept.length, real: kept.filter((k) => k.hit).length, falseKept: kept.filter((k) => !k.hit).length, failedFresh: kept.length - confirmed, hours };
}

const a = await ours();
const b = await keepBest();
const per100 = (x, r) => (100 * x / r).toFixed(1);
const perHour = (x, h) => (x / h).toFixed(0);
const section = `## Unattended search (improve)

\`node bench/improve.mjs --requests ${REQUESTS} --hit-rate ${HIT_RATE} --seed ${SEED}\` on ${os.cpus().length} cores (shared). Two fixture tasks (alpha, beta: a noisy score, CV ${CV * 100} %, higher is better, 15 % threshold) with a suite guardrail; a scripted model whose draft is a real +${TRUE_GAIN * 100} % with probability ${HIT_RATE} and otherwise changes nothing. Both loops get the same ${REQUESTS} requests and the same seeded answers.

| loop | requests | real hits drafted | kept | of which real | kept but no real effect | kept per 100 requests | real kept per hour | kept that fail a fresh confirmation |
|---|---|---|---|---|---|---|---|---|
| improve (bandit, 2 drafts per experiment, full verdict + confirmation, review-queue rule) | ${a.requests} | ${a.hits} | ${a.kept} | ${a.real} | ${a.falseKept} | ${per100(a.kept, a.requests)} | ${perHour(a.real, a.hours)} | — (each was confirmed) |
| keep-the-best, one evaluation per candidate (evolver-style) | ${b.requests} | ${b.hits} | ${b.kept} | ${b.real} | ${b.falseKept} | ${per100(b.kept, b.requests)} | ${perHour(b.real, b.hours)} | ${b.failedFresh} of ${b.kept} |

Reading: "kept" is what each loop would hand a person. The search stops drafting for a task once it has a queued candidate, so its kept count is at most one per task; the keep-the-best loop keeps every candidate that beats the best single score so far, so a no-op that drew lucky noise counts as an "improvement". Wall-clock per hour figures include every A/B run (the search measures ~20–40 probe runs per candidate; the one-evaluation loop one) and are from a machine shared with other jobs.
`;
console.log(section);
if (process.argv.includes('--write')) {
  const file = path.join(root, 'bench/RESULTS.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf('## Unattended search (improve)');
  const next = start < 0 ? -1 : text.indexOf('\n## ', start + 5);
  fs.writeFileSync(file, start < 0 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next)}`);
}
