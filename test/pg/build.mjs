// Bundles the PostgreSQL test suites (test/pg/**/*.test.ts and fixture-*.ts) to out/test/pg, like the unit tests.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const here = path.join(root, 'test/pg');
const entries = fs.readdirSync(here).filter((f) => /\.test\.ts$|^fixture-.*\.ts$/.test(f)).map((f) => path.join(here, f));
fs.rmSync(path.join(root, 'out/test/pg'), { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries, outdir: path.join(root, 'out/test/pg'), outbase: here,
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', packages: 'external',
  // Like the unit tests: the engine chunk is bundled in (there is no dist/engine.js beside out/test/pg).
  mainFields: ['module', 'main'], keepNames: true, define: { ENGINE_CHUNK_INLINE: 'true' },
});
