// Runner overhead (issue 4 item 5; not a test): the probe runner (runCommand: trust check, own
// process group, timeout timer, capped capture, group cleanup) against spawning the same command
// directly with child_process. Runs interleaved; reports the ratio of medians. Aim ≤ 1.05×.
//   node bench/runner-overhead.mjs           print the markdown section
//   node bench/runner-overhead.mjs --write   also replace/append "## Runner overhead" in bench/RESULTS.md
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, 'out/bench/runner-overhead-probes.js');
await esbuild.build({
  entryPoints: [path.join(root, 'src/engine/probes/index.ts')],
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error',
});
const { runCommand } = createRequire(import.meta.url)(outfile);

const RUNS = Number(process.env.RUNS ?? 30);
const cwd = os.tmpdir();

function direct(command) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - t0));
  });
}
async function viaRunner(command) {
  const t0 = performance.now();
  await runCommand({ command, cwd, timeoutMs: 60000, isTrusted: () => true });
  return performance.now() - t0;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const lines = [];
const out = (s = '') => { lines.push(s); console.log(s); };
out('## Runner overhead');
out();
out(`Measured by \`node bench/runner-overhead.mjs\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)} at start (other work was running on the machine).`);
out(`Each command ${RUNS} times through \`runCommand\` and ${RUNS} times through a bare \`child_process.spawn(command, { shell: true })\` with captured output, interleaved after 3 warm-up runs of each; wall time from spawn to close as seen by the caller. Aim ≤ 1.05×.`);
out();
out('| command | direct median | runner median | ratio of medians | median paired difference (runner − direct) |');
out('|---|---|---|---|---|');
const ratios = [];
const pairedRatios = [];
for (const command of ['true', 'node -e 0', 'node -e "setTimeout(()=>{},200)"']) {
  for (let i = 0; i < 3; i++) { await direct(command); await viaRunner(command); }
  const d = [];
  const r = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first so drift and caching hit both alike.
    if (i % 2) { d.push(await direct(command)); r.push(await viaRunner(command)); } else { r.push(await viaRunner(command)); d.push(await direct(command)); }
  }
  ratios.push(median(r) / median(d));
  const diffs = r.map((x, i) => x - d[i]);
  pairedRatios.push(1 + median(diffs) / median(d));
  out(`| \`${command}\` | ${median(d).toFixed(1)} ms | ${median(r).toFixed(1)} ms | ${(median(r) / median(d)).toFixed(3)}× | ${median(diffs) >= 0 ? '+' : ''}${median(diffs).toFixed(1)} ms |`);
}
out();
const worst = Math.max(...ratios);
const worstPaired = Math.max(...pairedRatios);
out(`Largest ratio of medians ${worst.toFixed(3)}× (${worst <= 1.05 ? 'within' : 'outside'} the 1.05× aim); largest 1 + median paired difference / direct median ${worstPaired.toFixed(3)}× (${worstPaired <= 1.05 ? 'within' : 'outside'}). ` +
  'The paired figure compares runs made back to back, so it is less sensitive to the load drifting during the benchmark. ' +
  'The runner\'s own work per run is a trust check, a stat of the folder, a timer and, after exit, one signal to the command\'s process group to make sure nothing it started is left running — microseconds next to starting a shell. ' +
  'Ratios below 1 are noise (the runner does strictly more work): read them as "no measurable overhead". On a loaded machine the ratios move by ±10 % between runs; rerun on an idle one for tighter figures.');

if (process.argv.includes('--write')) {
  const file = path.join(root, 'bench/RESULTS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = `${lines.join('\n')}\n`;
  const re = /^## Runner overhead\n[\s\S]*?(?=^## |(?![\s\S]))/m;
  const next = re.test(current) ? current.replace(re, `${section}\n`) : `${current.trimEnd()}\n\n${section}`;
  fs.writeFileSync(file, next);
  console.error(`wrote the "Runner overhead" section of ${path.relative(root, file)}`);
}
