import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

describe('config, probes and A/B modules stay pure', () => {
  it('never import vscode (they run in unit tests, a CLI and the extension host alike)', () => {
    let top = __dirname; // the bundle's folder under out/; the repository is the first parent with package.json
    while (!existsSync(path.join(top, 'package.json')) && path.dirname(top) !== top) top = path.dirname(top);
    const root = path.join(top, 'src/engine');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const area of ['config', 'probes', 'ab']) walk(path.join(root, area));
    assert.ok(readdirSync(path.join(root, 'probes')).length > 0, 'found the sources');
    assert.deepEqual(offenders, []);
  });
});
