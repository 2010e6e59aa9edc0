// The team store bundles like the shipped code (esbuild, CJS, minified): pg's optional `pg-native` require
// (inside a try) and pg-boss must not break the bundle or its loading, with no native module present.
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
        minify: true, mainFields: ['module', 'main'], logLevel: 'silent', absWorkingDir: root,
      });
      assert.deepEqual(result.errors, []);
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
