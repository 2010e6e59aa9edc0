// The team layer (src/team) sits beside the CLI, not on it: its commands take the exit codes from the engine
// (src/engine/exitCodes.ts) as the CLI does, so neither front end imports the other.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ExitCode, exitCodeForVerdict } from '../../../src/engine/exitCodes';

let top = __dirname;
while (!existsSync(path.join(top, 'package.json')) && path.dirname(top) !== top) top = path.dirname(top);

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('team layer: no dependency on the CLI', () => {
  it('no file of src/team imports from src/cli', () => {
    const files = sources(path.join(top, 'src/team'));
    assert.ok(files.length > 5, 'found the sources');
    const offenders = files.filter((f) => /from ['"](\.\.\/)+cli\/|require\(['"](\.\.\/)+cli\//.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(top, f)), []);
  });

  it('the exit codes by verdict are the ones CI scripts branch on', () => {
    assert.deepEqual(['success', 'refused', 'regression', 'no_improvement', 'inconclusive', 'failed'].map((v) => exitCodeForVerdict(v as never)), [0, 1, 1, 1, 2, 3]);
    assert.equal(ExitCode.Interrupted, 130);
  });

  it('src/engine/exitCodes.ts imports types only (the thin bundles hold it by value)', () => {
    const text = readFileSync(path.join(top, 'src/engine/exitCodes.ts'), 'utf8');
    assert.deepEqual(text.split('\n').filter((l) => /^import /.test(l) && !/^import type /.test(l)), []);
  });
});
