// The team store bundles like the shipped thin bundles (esbuild, CJS, minified, the CLI's settings): pg's
// optional `pg-native` require (inside a try) and pg-boss must not break the bundle or its loading, with no
// native module present; and it holds no engine code (engine values come from the one chunk at run time).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

describe('team: the bundle (pg + pg-boss, no native module)', function () {
  this.timeout(60_000);
  it('bundles src/team with esbuild as the extension/CLI are bundled, loads, and keeps pg-native optional', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'si-team-bundle-'));
    try {
      const outfile = path.join(dir, 'team.js');
      const result = await esbuild.build({
        entryPoints: [path.join(root, 'src/team/index.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
        minify: true, keepNames: true, mainFields: ['module', 'main'], logLevel: 'silent', absWorkingDir: root, metafile: true,
        define: { ENGINE_CHUNK_INLINE: 'false' },
      });
      assert.deepEqual(result.errors, []);
      const engineInside = Object.keys(result.metafile.inputs).filter((f) => /^src\/(engine|agents)\//.test(f) && !['src/engine/errorCodes.ts', 'src/engine/exitCodes.ts'].includes(f) && !f.endsWith('.d.ts'));
      assert.deepEqual(engineInside, [], 'a thin bundle: no engine module inside');
      const text = fs.readFileSync(outfile, 'utf8');
      assert.ok(!/require\("pg"\)|require\("pg-boss"\)/.test(text), 'pg and pg-boss are inside the bundle, not left as requires');
      assert.ok(fs.existsSync(path.join(root, 'node_modules/pg-native')) === false, 'no pg-native installed (pure JS)');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const team = require(outfile) as Record<string, unknown>;
      for (const name of ['TeamStore', 'syncTeam', 'BlockQueue', 'registerTeamCommands', 'analyzeBlocked']) assert.equal(typeof team[name], 'function', name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
