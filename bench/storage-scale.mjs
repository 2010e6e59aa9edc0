// profileAllCapabilities and analyzeWeaknesses at many capabilities (default 10 000), each measured a
// few times so that every one has a value and most have an open automatic weakness.
// Usage: node bench/storage-scale.mjs [capabilities=10000] [measurementsEach=3] [runs=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBundle, median, fmt } from './storage-build.mjs';

const n = Number(process.argv[2] ?? 10_000);
const each = Number(process.argv[3] ?? 3);
const runs = Number(process.argv[4] ?? 5);
const { SelfImprovementEngine } = await loadBundle();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sie-bench-scale-'));
let t0 = performance.now();
const engine = await SelfImprovementEngine.open({ dbPath: path.join(tmp, 'scale.db'), rootDir: tmp });
for (let i = 0; i < n; i++) engine.registerCapability({ name: `cap-${String(i).padStart(5, '0')}`, type: 'efficiency', baseline: 10, target: 100, unit: 'x' });
for (let k = 0; k < each; k++) for (let i = 0; i < n; i++) engine.measureCapability(`cap-${String(i).padStart(5, '0')}`, 20 + ((i * 37 + k * 11) % 90));
await engine.flush();
const setupMs = performance.now() - t0;
const profile = [], analyze = [];
let profiles = 0, weaknesses = 0;
for (let r = 0; r < runs; r++) {
  t0 = performance.now(); profiles = engine.profileAllCapabilities().length; profile.push(performance.now() - t0);
  t0 = performance.now(); weaknesses = engine.analyzeWeaknesses().length; analyze.push(performance.now() - t0);
}
const size = fs.statSync(path.join(tmp, 'scale.db')).size;
await engine.close();
console.log(`${n} capabilities × ${each} measurements: setup ${fmt(setupMs / 1000)} s, file ${fmt(size / 1048576)} MB`);
console.log(`profileAllCapabilities: median ${fmt(median(profile))} ms (min ${fmt(Math.min(...profile))}, max ${fmt(Math.max(...profile))}) → ${profiles} profiles`);
console.log(`analyzeWeaknesses:      median ${fmt(median(analyze))} ms (min ${fmt(Math.min(...analyze))}, max ${fmt(Math.max(...analyze))}) → ${weaknesses} weaknesses`);
fs.rmSync(tmp, { recursive: true, force: true });
