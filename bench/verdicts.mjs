// Decision-quality benchmark for verdicts (not a test): simulated error rates of guardrail decisions,
// McNemar on pass/fail suites, sequential vs fixed sampling, and the samples needed at CV 20 %.
// Runs the real modules (bundled from src/engine/verdicts with esbuild). Seeded: reruns give the same figures.
//   node bench/verdicts.mjs            print the markdown section
//   node bench/verdicts.mjs --write    also replace/append the "Verdicts" section of bench/RESULTS.md
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, 'out/bench/verdicts-bundle.js');
await esbuild.build({
  entryPoints: [path.join(root, 'src/engine/verdicts/index.ts')],
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error',
});
const V = createRequire(import.meta.url)(outfile);
const ttest2 = createRequire(import.meta.url)('@stdlib/stats-ttest2');

const rnd = V.seededNormal(2026);
const uni = V.seededUniform(7);
const draw = (n, mu, sd) => Array.from({ length: n }, () => rnd(mu, sd));
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const lines = [];
const out = (s = '') => { lines.push(s); console.log(s); };
const started = Date.now();

out('## Verdicts');
out();
out(`Measured by \`node bench/verdicts.mjs\` (seeded simulations over the real modules in \`src/engine/verdicts/\`), ${new Date().toISOString().slice(0, 10)}.`);
out('False success = a *success* verdict when the change is not good enough (no effect, or a guardrail broken beyond its margin); miss = no *success* when it should be one.');
out();

// 1. Guardrail decisions.
{
  const RUNS = 2000;
  out('### Guardrail decisions (aim: false success ≤ α = 5 %, miss small at adequate n)');
  out();
  out(`Target: CV 10 %, threshold 15 %, real gain as listed (lower is better, like startup-ms). Guardrail: a score of mean 0.95, sd 0.01, non-inferiority margin 0.01. ${RUNS} runs per cell, α = 0.05.`);
  out();
  out('| scenario | should be | n = 10/arm | n = 20/arm | n = 40/arm |');
  out('|---|---|---|---|---|');
  const scenarios = [
    ['target −25 %, guardrail unchanged', 'success', 0.25, 0, 'miss'],
    ['target −25 %, guardrail worse by 2× margin (0.02)', 'refused', 0.25, 0.02, 'false success'],
    ['target −25 %, guardrail worse by exactly the margin', 'refused', 0.25, 0.01, 'false success'],
    ['no target effect, guardrail unchanged', 'not success', 0, 0, 'false success'],
    ['target −10 % (below threshold), guardrail unchanged', 'not success', 0.10, 0, 'false success'],
    ['same, rule "lower-bound"', 'not success', 0.10, 0, 'false success', 'lower-bound'],
    ['target −25 %, guardrail unchanged, rule "lower-bound"', 'success', 0.25, 0, 'miss', 'lower-bound'],
    ['target −10 %, with a confirmation run (both must succeed)', 'not success', 0.10, 0, 'false success', 'estimate', true],
    ['target −25 %, with a confirmation run', 'success', 0.25, 0, 'miss', 'estimate', true],
  ];
  for (const [label, should, gain, worse, metric, rule = 'estimate', confirm = false] of scenarios) {
    const cells = [10, 20, 40].map((n) => {
      let success = 0;
      const once = () => V.decideVerdict({
          target: { name: 'startup-ms', direction: 'lower', baseline: draw(n, 100, 10), candidate: draw(n, 100 * (1 - gain), 10), threshold: 0.15 },
          guardrails: [{ name: 'score', baseline: draw(n, 0.95, 0.01), candidate: draw(n, 0.95 - worse, 0.01), margin: { absolute: 0.01 } }],
          alpha: 0.05,
          rule,
        }).verdict === 'success';
      for (let i = 0; i < RUNS; i++) if (once() && (!confirm || once())) success++;
      const rate = metric === 'miss' ? 1 - success / RUNS : success / RUNS;
      return `${metric} ${pct(rate)}`;
    });
    out(`| ${label} | ${should} | ${cells.join(' | ')} |`);
  }
  out();
  out('A guardrail must be *shown* to hold (one-sided Welch test against the margin), so small samples refuse more good candidates (the miss column) rather than let a broken guardrail through. The default threshold rule (significant and estimate ≥ threshold) lets a real but smaller gain through when its estimate happens to reach the bar; the "lower-bound" rule stops that at the price of many more misses; the confirmation run on fresh samples removes most of them at a smaller cost in misses (compare the last two rows: a lucky estimate rarely repeats).');
  out();
}

// 1b. A pass/fail suite as a guardrail (paired non-inferiority on per-case flips).
{
  const RUNS = 2000;
  out('#### A pass/fail suite as a guardrail (aim: false pass ≤ 5 % at a drop of exactly the margin)');
  out();
  out(`Suite pass rate 90 %, margin 2 points, cases flip at random with the probabilities listed (judgePairedGuardrail, α = 0.05). ${RUNS} suites per cell.`);
  out();
  out('| true change of the pass rate | flips pass→fail / fail→pass | should | 50 cases | 200 cases | 1000 cases |');
  out('|---|---|---|---|---|---|');
  const rows = [
    ['none', 0.02, 0.18, 'hold', 'miss'],
    ['none, no flips at all', 0, 0, 'hold', 'miss'],
    ['−2 points (= margin)', (0.02 + 0.1 * 0.2) / 0.9, 0.2, 'fail', 'false pass'],
    ['−2 points, no fail→pass', 0.02 / 0.9, 0, 'fail', 'false pass'],
    ['−4 points (2× margin)', (0.04 + 0.1 * 0.2) / 0.9, 0.2, 'fail', 'false pass'],
  ];
  for (const [label, toFail, toPass, should, metric] of rows) {
    const cells = [50, 200, 1000].map((n) => {
      let held = 0;
      for (let k = 0; k < RUNS; k++) {
        const before = Array.from({ length: n }, (_, i) => ({ id: i, pass: uni() < 0.9 }));
        const after = before.map((c) => ({ id: c.id, pass: c.pass ? uni() >= toFail : uni() < toPass }));
        if (V.judgePairedGuardrail({ name: 'suite', baselineCases: before, candidateCases: after, margin: { absolute: 0.02 } }).passed) held++;
      }
      return `${metric} ${pct(metric === 'miss' ? 1 - held / RUNS : held / RUNS)}`;
    });
    out(`| ${label} | ${pct(toFail)} / ${pct(toPass)} | ${should} | ${cells.join(' | ')} |`);
  }
  out();
  out('Flips are treated as random unless the suite is declared `deterministic` (then the observed drop is exact), so a small suite without flips does not prove a 2-point margin: 50 cases cannot tell a 0 % from a 2 % flip rate.');
  out();
}

// 2. McNemar on synthetic suites.
{
  const RUNS = 2000;
  out('### Paired pass/fail (McNemar exact) on synthetic suites (aim: false positives ≤ 5 %, more power than unpaired)');
  out();
  out(`Baseline pass rate 80 %. Flip probabilities per case as listed. ${RUNS} suites per cell; "unpaired" = Welch t-test on the two 0/1 vectors as if the runs were independent (what eval tools do).`);
  out();
  out('| flips (pass→fail / fail→pass) | true change | suite | McNemar p<0.05 | unpaired p<0.05 | mean flips named |');
  out('|---|---|---|---|---|---|');
  const cases = [
    [0.02, 0.08, 'none (flips balance)'],
    [0.01, 0.30, '+5.2 points'],
    [0.05, 0.00, '−4 points'],
    [0.02, 0.20, '+2.4 points'],
  ];
  for (const [toFail, toPass, change] of cases) {
    for (const size of [50, 200]) {
      let mc = 0; let unp = 0; let named = 0;
      for (let k = 0; k < RUNS; k++) {
        const before = Array.from({ length: size }, (_, i) => ({ id: `c${i}`, pass: uni() < 0.8 }));
        const after = before.map((c) => ({ id: c.id, pass: c.pass ? uni() >= toFail : uni() < toPass }));
        const r = V.mcnemarExact(before, after);
        if (r.pValue < 0.05) mc++;
        named += r.flippedToFail.length + r.flippedToPass.length;
        const a = before.map((c) => (c.pass ? 1 : 0)); const b = after.map((c) => (c.pass ? 1 : 0));
        const t = ttest2(b, a);
        if (Number.isFinite(t.pValue) && t.pValue < 0.05) unp++;
      }
      out(`| ${pct(toFail)} / ${pct(toPass)} | ${change} | ${size} | ${pct(mc / RUNS)} | ${pct(unp / RUNS)} | ${(named / RUNS).toFixed(1)} |`);
    }
  }
  out();
}

// 3. Sequential vs fixed sample size.
function sequentialRun(gain, { alpha, maxN, threshold = 0.15 }) {
  const b = []; const c = [];
  for (;;) {
    b.push(rnd(100, 20)); c.push(rnd(100 * (1 + gain), 20));
    const d = V.sequentialDecision({ baseline: b, candidate: c, threshold, alpha, budget: { maxSamplesPerArm: maxN } });
    if (d.decision !== 'continue') return { success: d.decision === 'stop-success', n: b.length };
  }
}
function fixedRate(gain, n, alpha, runs, threshold = 0.15) {
  let s = 0;
  for (let i = 0; i < runs; i++) {
    const v = V.decideVerdict({ target: { name: 't', baseline: draw(n, 100, 20), candidate: draw(n, 100 * (1 + gain), 20), threshold }, alpha });
    if (v.verdict === 'success') s++;
  }
  return s / runs;
}
{
  const RUNS = 2000;
  const effects = [0, 0.15, 0.25, 0.35];
  out('### Sequential (always-valid mSPRT) vs fixed sample size (aim: same error rates with fewer samples on average)');
  out();
  let fixedN = 6;
  while (fixedN < 200 && fixedRate(0.25, fixedN, 0.05, 2000) < 0.9) fixedN++;
  out(`CV 20 %, threshold 15 %, α = 0.05 (both rules keep false success ≤ 2.5 %, the improvement side of α). Fixed n = ${fixedN} per arm, the smallest n whose verdict detects a 25 % gain ≥ 90 % of the time (simulated). Sequential: a look after every pair from 6 per arm, with the budget shown; a spent budget is inconclusive. ${RUNS} runs per cell; each cell: success rate (mean samples per arm).`);
  out();
  out('| rule | 0 % (false success) | 15 % | 25 % | 35 % |');
  out('|---|---|---|---|---|');
  out(`| fixed n = ${fixedN} | ${effects.map((g) => `${pct(fixedRate(g, fixedN, 0.05, RUNS))} (${fixedN})`).join(' | ')} |`);
  for (const budget of [fixedN, 2 * fixedN, 200]) {
    const cells = effects.map((g) => {
      let s2 = 0; let n = 0;
      for (let i = 0; i < RUNS; i++) { const r = sequentialRun(g, { alpha: 0.05, maxN: budget }); if (r.success) s2++; n += r.n; }
      return `${pct(s2 / RUNS)} (${(n / RUNS).toFixed(1)})`;
    });
    out(`| sequential, budget ${budget}/arm | ${cells.join(' | ')} |`);
  }
  out();
  out('A true effect exactly at the threshold (15 %) passes the "estimate ≥ threshold" rule about half the time by design. The always-valid rule pays for looking at every pair with a wider interval: it stops early when the effect is clearly large, and spends longer on no-effect candidates unless its budget is capped.');
  out();
}

// 4. Samples needed at CV 20 %: ≤ 1 % false success at no effect, ≥ 95 % detection at 25 %.
{
  const RUNS = 4000;
  out('### Samples needed at CV 20 % (aim: ≤ 1 % false success at no effect, ≥ 95 % detection of a 25 % gain)');
  out();
  const plan = V.samplesPerArm({ sd: 20, mean: 100, threshold: { absolute: 25 }, alpha: 0.02, power: 0.95, minSamples: 2 });
  const find = (threshold) => {
    let n = Math.max(6, plan.perArm - 4);
    let det = 0;
    for (; n <= 120; n++) {
      det = fixedRate(0.25, n, 0.02, RUNS, threshold);
      if (det >= 0.95) break;
    }
    return { n, fs: fixedRate(0, n, 0.02, RUNS, threshold), det };
  };
  const sig = find({ absolute: 0 });
  const t15 = find(0.15);
  let seqS0 = 0; let seqN0 = 0; let seqS25 = 0; let seqN25 = 0;
  for (let i = 0; i < 2000; i++) {
    const a = sequentialRun(0, { alpha: 0.01, maxN: 200 }); if (a.success) seqS0++; seqN0 += a.n;
    const b = sequentialRun(0.25, { alpha: 0.01, maxN: 200 }); if (b.success) seqS25++; seqN25 += b.n;
  }
  out('| rule | samples per arm | false success at 0 % | detection at 25 % |');
  out('|---|---|---|---|');
  out(`| planning formula (samplesPerArm, α 0.02 two-sided, power 0.95, effect 25 %) | ${plan.perArm} | — | — |`);
  out(`| fixed n, Welch p < 0.02 only (threshold 0) | ${sig.n} | ${pct(sig.fs)} | ${pct(sig.det)} |`);
  out(`| fixed n, p < 0.02 and estimate ≥ 15 % threshold (the verdict rule) | ${t15.n} | ${pct(t15.fs)} | ${pct(t15.det)} |`);
  out(`| sequential mSPRT, α 0.01, threshold 15 %, budget 200 | mean ${(seqN0 / 2000).toFixed(1)} at 0 %, ${(seqN25 / 2000).toFixed(1)} at 25 % | ${pct(seqS0 / 2000)} | ${pct(seqS25 / 2000)} |`);
  out();
  out('A two-sided α of 0.02 puts 1 % in the direction of improvement, which is the false-success side.');
  out();
}
out(`_Run time ${((Date.now() - started) / 1000).toFixed(0)} s._`);

if (process.argv.includes('--write')) {
  const file = path.join(root, 'bench/RESULTS.md');
  const section = lines.join('\n').trimEnd() + '\n';
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = current.search(/^## Verdicts\s*$/m);
  let next;
  if (start < 0) next = current.trimEnd() + '\n\n' + section;
  else {
    const rest = current.slice(start + 1);
    const end = rest.search(/^## /m);
    next = current.slice(0, start) + section + (end < 0 ? '' : '\n' + rest.slice(end));
  }
  fs.writeFileSync(file, next);
  console.error(`Wrote the Verdicts section of ${path.relative(root, file)}.`);
}
