import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

describe('review/purity', () => {
  it('never imports vscode in the engine-side hunk model', () => {
    const dir = path.resolve('src/engine/review');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      assert.doesNotMatch(fs.readFileSync(path.join(dir, f), 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, f);
    }
  });
});
