// Issue 19 item 11: inputs that slipped past the config parser. Each gets a diagnostic at its position
// (never an exception), and both paths (the extension's text, the MCP/CLI's file read) agree.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig, readConfigFile } from '../../../src/engine/config';

const CAP = (name: string, extra = ''): string => `{ "name": ${name}, "type": "efficiency", "baseline": 1, "target": 2${extra} }`;

describe('config parser gaps (issue 19 item 11)', () => {
  it('nesting thousands of levels deep is a diagnostic with a position, not a RangeError', () => {
    const text = `{ "capabilities": [], "x": ${'['.repeat(5000)}${']'.repeat(5000)} }`;
    const r = parseConfig(text);
    assert.equal(r.config, null);
    const d = r.diagnostics.find((x) => /nested/i.test(x.message));
    assert.ok(d, JSON.stringify(r.diagnostics.slice(0, 3)));
    assert.equal(d.range.startLine, 0);
    assert.ok(d.range.startCharacter > 20, 'points into the runaway brackets');
  });

  it('a UTF-8 byte order mark is accepted on both paths, with positions unchanged', async () => {
    const body = `{\n  "capabilities": [${CAP('"a"')}, ${CAP('"a"')}]\n}\n`;
    const fromText = parseConfig(`\uFEFF${body}`);
    const plain = parseConfig(body);
    assert.deepEqual(fromText.diagnostics.map((d) => [d.message, d.range]), plain.diagnostics.map((d) => [d.message, d.range]));
    const dir = mkdtempSync(path.join(tmpdir(), 'si-bom-'));
    try {
      mkdirSync(path.join(dir, '.vscode'));
      writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{ "capabilities": [${CAP('"a"')}] }`)]));
      const r = await readConfigFile(dir);
      assert.ok(r.exists);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.config?.capabilities[0]?.name, 'a');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('1e999 (Infinity after parsing) is refused at its position', () => {
    const text = `{ "capabilities": [\n  ${CAP('"a"').replace('"target": 2', '"target": 1e999')}\n] }`;
    const r = parseConfig(text);
    assert.equal(r.config, null);
    const d = r.diagnostics.find((x) => /1e999/.test(x.message));
    assert.ok(d, JSON.stringify(r.diagnostics));
    assert.equal(d.range.startLine, 1);
    assert.equal(d.range.startCharacter, text.split('\n')[1]!.indexOf('1e999'));
  });

  it('a lone surrogate in a string is refused at its position (it could never match again)', () => {
    const text = `{ "capabilities": [\n  ${CAP('"bad\\ud800name"')}\n] }`;
    const r = parseConfig(text);
    assert.equal(r.config, null);
    const d = r.diagnostics.find((x) => /surrogate/i.test(x.message));
    assert.ok(d, JSON.stringify(r.diagnostics));
    assert.equal(d.range.startLine, 1);
    assert.equal(d.range.startCharacter, text.split('\n')[1]!.indexOf('"bad'));
    // A proper pair (an emoji) is fine.
    assert.deepEqual(parseConfig(`{ "capabilities": [${CAP('"ok \\ud83d\\ude00"')}] }`).diagnostics, []);
  });
});
