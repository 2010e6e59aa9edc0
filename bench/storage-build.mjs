// Bundles the engine and the storage layer for the storage benchmarks into out/bench/storage-bundle.js
// (CommonJS; packages stay external so sql.js finds its wasm in node_modules).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, 'out/bench/storage-bundle.js');

export async function loadBundle() {
  await esbuild.build({
    stdin: {
      contents: [
        "export * from './src/engine/index';",
        "export { Database, loadSqlJs } from './src/engine/storage/database';",
        "export * from './src/engine/storage/retention';",
        "export * from './src/engine/storage/series-stats';",
      ].join('\n'),
      resolveDir: root, loader: 'ts', sourcefile: 'storage-bench-entry.ts',
    },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
export const fmt = (x, d = 1) => Number(x).toFixed(d);
