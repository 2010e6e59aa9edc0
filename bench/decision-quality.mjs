// Decision-quality benchmark (issue 4 item 5; not a test): how often the verdict says *success* when
// the true effect is 0, 5 % (real but under the 15 % threshold) and 25 %, at CV 5 % and 20 %, for
// 6/10/20/30 samples per arm, next to the bare "improved ≥ 15 % on one sample" rule. Seeded.
//   node bench/decision-quality.mjs           print the markdown section
//   node bench/decision-quality.mjs --write   also replace/append "## Decision quality" in bench/RESULTS.md
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const outfile = path.join(root, 'out/bench/decision-quality-verdicts.js');
await esbuild.build({
  entryPoints: [path.join(root, 'src/engine/verdicts/index.ts')],
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error',
});
const V = require(outfile);
const ttest2 = require('@stdlib/stats-ttest2');

const RUNS = 4000;
const THRESHOLD = 0.15;
const ALPHA = 0.05;
const EFFECTS = [0, 0.05, 0.25];
const CVS = [0.05, 0.2];
const NS = [6, 10, 20, 30];
const BASE = 100; // a lower-is-better metric such as startup-ms

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x) => `${(100 * x).toFixed(1)} %`;

/** The issue's rule, straight from @stdlib: Welch p < 0.05 and the mean improved by ≥ 15 %, ≥ 6 samples per arm. */
function welchRule(baseline, candidate) {
  if (baseline.length < 6 || candidate.length < 6) return false;
  const { pValue } = ttest2(candidate, baseline, { alpha: ALPHA });
  const improvement = (mean(baseline) - mean(candidate)) / mean(baseline);
  return pValue < ALPHA && improvement >= THRESHOLD;
}
/** The engine's verdict module (src/engine/verdicts decideVerdict), default rule "estimate" or "lower-bound". */
const engineRule = (rule) => (baseline, candidate) => V.decideVerdict({
  target: { name: 'startup-ms', direction: 'lower', baseline, candidate, threshold: THRESHOLD }, alpha: ALPHA, rule,
}).verdict === 'success';
/** The bare rule: one run each, success when the candidate is ≥ 15 % better. */
const bareRule = (baseline, candidate) => (baseline[0] - candidate[0]) / baseline[0] >= THRESHOLD;

/** Success rate of each rule on the same simulated experiments (common random numbers per cell). */
function successRates(rules, n, effect, cv, runs = RUNS) {
  const normal = V.seededNormal(1000003 * n + Math.round(effect * 1000) * 31 + Math.round(cv * 1000));
  const wins = rules.map(() => 0);
  for (let r = 0; r < runs; r++) {
    const baseline = Array.from({ length: n }, () => normal(BASE, cv * BASE));
    const mu = BASE * (1 - effect);
    const candidate = Array.from({ length: n }, () => normal(mu, cv * mu));
    rules.forEach((rule, i) => { if (rule(baseline, candidate)) wins[i]++; });
  }
  return wins.map((w) => w / runs);
}

const lines = [];
const out = (s = '') => { lines.push(s); console.log(s); };
const started = Date.now();
out('## Decision quality');
out();
out(`Measured by \`node bench/decision-quality.mjs\` (seeded; ${RUNS} simulated experiments per cell), ${new Date().toISOString().slice(0, 10)}.`);
out(`A lower-is-better metric (baseline mean ${BASE}, normal noise with the same coefficient of variation in both arms); the candidate's true mean is lower by the effect. Threshold ${THRESHOLD * 100} %, α = ${ALPHA}. Each cell: how often the verdict is *success*.`);
out('Aims (issue 4): ≤ 1 % at effect 0, ≤ 5 % at 5 % (real, below the threshold), ≥ 95 % at 25 % within 10 samples per arm at CV 5 %.');
out();
out('- **bare**: one run per arm, success when the candidate is ≥ 15 % better — a single before/after comparison.');
out('- **Welch**: `@stdlib/stats-ttest2` two-sided p < 0.05 AND mean improvement ≥ 15 %, at least 6 samples per arm (the spec\'s rule made precise).');
out('- **lower-bound**: the engine\'s `decideVerdict` with rule "lower-bound": the 95 % interval\'s lower end must reach 15 %.');
out();

const welch = welchRule;
const engine = engineRule('estimate');
const lower = engineRule('lower-bound');
let cells = 0;
let disagreements = 0;
const table = {};
for (const cv of CVS) {
  out(`### CV ${cv * 100} %`);
  out();
  out(`| true effect | bare, 1 run | ${NS.map((n) => `Welch n=${n}`).join(' | ')} | ${NS.map((n) => `lower-bound n=${n}`).join(' | ')} |`);
  out(`|---|---|${NS.map(() => '---').join('|')}|${NS.map(() => '---').join('|')}|`);
  for (const effect of EFFECTS) {
    const [bare] = successRates([bareRule], 1, effect, cv);
    const w = [];
    const l = [];
    for (const n of NS) {
      const [rw, re, rl] = successRates([welch, engine, lower], n, effect, cv);
      cells++;
      if (rw !== re) disagreements++;
      w.push(rw); l.push(rl);
      table[`${cv}/${effect}/${n}`] = rw;
    }
    table[`${cv}/${effect}/bare`] = bare;
    out(`| ${effect * 100} % | ${pct(bare)} | ${w.map(pct).join(' | ')} | ${l.map(pct).join(' | ')} |`);
  }
  out();
}
out(`The engine's \`decideVerdict\` (default rule "estimate") was run on the same samples as the Welch column: it agreed in rate in ${cells - disagreements} of ${cells} cells${disagreements ? ' (the others differ by boundary cases)' : ''}.`);
out();

// Samples needed: smallest n per arm from which the aims hold (checked at n, n+2, n+4 to avoid a lucky n).
out('### Samples per arm needed to meet all three aims (the aims must also hold at n + 2 and n + 4; ± 1–2 from simulation noise)');
out();
out('| rule | CV 5 % | CV 20 % |');
out('|---|---|---|');
const meets = (rule, n, cv) => {
  const [a] = successRates([rule], n, 0, cv);
  const [b] = successRates([rule], n, 0.05, cv);
  const [c] = successRates([rule], n, 0.25, cv);
  return a <= 0.01 && b <= 0.05 && c >= 0.95;
};
const needed = {};
for (const [name, rule] of [['Welch', welch], ['lower-bound', lower]]) {
  const cols = CVS.map((cv) => {
    const stable = (n) => meets(rule, n, cv) && meets(rule, n + 2, cv) && meets(rule, n + 4, cv);
    // Coarse steps of 4, then back to the first n that holds.
    for (let n = 6; n <= 90; n += 4) {
      if (!stable(n)) continue;
      for (let m = Math.max(6, n - 3); m < n; m++) if (stable(m)) return m;
      return n;
    }
    return '> 90';
  });
  needed[name] = cols;
  out(`| ${name} | ${cols.join(' | ')} |`);
}
out();
const t = (cv, e, n) => pct(table[`${cv}/${e}/${n}`]);
out(`Reading: at CV 5 % the Welch rule meets every aim from 6 samples per arm (0 % → ${t(0.05, 0, 6)}, 5 % → ${t(0.05, 0.05, 6)}, 25 % → ${t(0.05, 0.25, 6)}), while the bare one-run rule is already at ${t(0.05, 0, 'bare')} / ${t(0.05, 0.05, 'bare')} / ${t(0.05, 0.25, 'bare')}. ` +
  `At CV 20 % the bare rule calls a change that does nothing a success ${t(0.2, 0, 'bare')} of the time. The Welch rule misses the aims there at 6 and 10 samples per arm (effect 0 → ${t(0.2, 0, 6)} / ${t(0.2, 0, 10)}, 5 % → ${t(0.2, 0.05, 6)} / ${t(0.2, 0.05, 10)}, 25 % → ${t(0.2, 0.25, 6)} / ${t(0.2, 0.25, 10)}): ` +
  'a real 5 % effect passes whenever its noisy estimate happens to land ≥ 15 % (the winner\'s curse). "p < 0.05 and ≥ 15 %" rarely passes a true 5 % effect only when the noise is small or the samples many: ' +
  `CV 20 % needs about ${needed.Welch[1]} samples per arm with this rule. The lower-bound rule never passes a 5 % effect but needs about ${needed['lower-bound'][1]} samples per arm for 95 % power at 25 %. ` +
  'At high noise the sequential (mSPRT) rule and the confirmation run in the "Verdicts" section are the better tools: they add samples only while the answer is unclear. A/B probes should therefore default to ≥ 10 samples per arm and warn (noise floor) when the measured CV is high.');
out();
out(`_Run time ${Math.round((Date.now() - started) / 1000)} s._`);

if (process.argv.includes('--write')) {
  const file = path.join(root, 'bench/RESULTS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${lines.join('\n')}\n`;
  const re = /^## Decision quality\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = re.test(current) ? current.replace(re, `${section}\n`) : `${current.trimEnd()}\n\n${section}`;
  fs.writeFileSync(file, next);
  console.error(`wrote the "Decision quality" section of ${path.relative(root, file)}`);
}
