import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig, readConfigFile, type ConfigDiagnostic } from '../../../src/engine/config';
import schema from '../../../schemas/self-improvement.schema.json';

/** 0-based line and column of the n-th occurrence of `needle`. */
function where(text: string, needle: string, nth = 1): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" in the fixture`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] as string).length };
}

function only(diagnostics: ConfigDiagnostic[], re: RegExp): ConfigDiagnostic {
  const found = diagnostics.filter((d) => re.test(d.message));
  assert.equal(found.length, 1, `one diagnostic matching ${re}: ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0] as ConfigDiagnostic;
}

const GOOD = `{
  // comments and trailing commas are fine
  "improvementThreshold": 0.2,
  "defaults": { "timeoutSeconds": 60, "samples": 3, "env": { "CI": "1" } },
  "capabilities": [
    { "name": "test-pass-rate", "type": "output_quality", "baseline": 0.9, "target": 1, "unit": "ratio",
      "probe": { "command": "npm test -- --json", "parse": { "format": "jest-json" } },
      "evaluatorFiles": ["test/**"] },
    { "name": "startup-ms", "type": "efficiency", "direction": "lower", "baseline": 120, "target": 80,
      "unit": "ms", "probe": { "command": "node bench/startup.js", "parse": { "regex": "startup: ([0-9.]+)" },
      "samples": 10, "env": { "MODE": "bench" } }, "guardrail": true },
    { "name": "from-ci", "type": "performance", "baseline": 1, "target": 2, "guardrail": { "margin": 0.1 } },
  ],
}`;

describe('config file parsing', () => {
  it('reads a valid file with comments, filling defaults and inferring formats', () => {
    const { config, diagnostics } = parseConfig(GOOD);
    assert.deepEqual(diagnostics, []);
    assert.ok(config);
    assert.equal(config.improvementThreshold, 0.2);
    const [tests, startup, ci] = config.capabilities;
    assert.deepEqual(tests?.probe, {
      command: 'npm test -- --json', parse: { format: 'jest-json' }, samples: 3, timeoutSeconds: 60, env: { CI: '1' }, maxOutputBytes: 4 * 1024 * 1024,
    });
    assert.equal(tests?.direction, 'higher');
    assert.deepEqual(tests?.evaluatorFiles, ['test/**']);
    assert.deepEqual(startup?.probe?.parse, { format: 'regex', regex: 'startup: ([0-9.]+)' });
    assert.equal(startup?.probe?.samples, 10);
    assert.deepEqual(startup?.probe?.env, { CI: '1', MODE: 'bench' });
    assert.deepEqual(startup?.guardrail, { margin: 0.05 });
    assert.equal(ci?.probe, null);
    assert.deepEqual(ci?.guardrail, { margin: 0.1 });
    assert.equal(ci?.description, '');
  });

  it('places a syntax error at its line and returns no config', () => {
    const text = '{\n  "capabilities": [\n    { "name": "a" "type": "x", "baseline": 1, "target": 2 }\n  ]\n}';
    const { config, diagnostics } = parseConfig(text);
    assert.equal(config, null);
    const d = only(diagnostics, /Comma expected/);
    assert.deepEqual([d.range.startLine, d.range.startCharacter], [where(text, '"type"').line, where(text, '"type"').character]);
    assert.equal(d.severity, 'error');
  });

  it('refuses an empty file', () => {
    const { config, diagnostics } = parseConfig('   ');
    assert.equal(config, null);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.range.startLine, 0);
  });

  it('places each schema error on its node, with a JSON path', () => {
    const text = `{
  "capabilities": [
    { "name": "ok", "type": "t", "baseline": 1, "target": 2 },
    { "name": "bad-format", "type": "t", "baseline": 1, "target": 2,
      "probe": { "command": "x", "parse": { "format": "yaml" } } },
    { "name": "no-target", "type": "t", "baseline": 1 },
    { "name": "string-baseline", "type": "t",
      "baseline": "120", "target": 2 },
    { "name": "regex-missing", "type": "t", "baseline": 1, "target": 2,
      "probe": { "command": "x", "parse": { "format": "regex" }, "samples": 0 } }
  ]
}`;
    const { config, diagnostics } = parseConfig(text);
    assert.equal(config, null);
    const format = only(diagnostics, /must be one of: "number", "regex"/);
    assert.equal(format.range.startLine, where(text, '"yaml"').line);
    assert.equal(format.range.startCharacter, where(text, '"yaml"').character);
    assert.equal(format.path, 'capabilities[1].probe.parse.format');
    const missing = only(diagnostics, /missing the required property "target"/);
    assert.equal(missing.range.startLine, where(text, '"name": "no-target"').line);
    assert.equal(missing.range.startCharacter, where(text, '"name": "no-target"').character);
    const type = only(diagnostics, /"baseline" must be a number/);
    assert.equal(type.range.startLine, where(text, '"120"').line);
    assert.equal(type.path, 'capabilities[3].baseline');
    const regex = only(diagnostics, /missing the required property "regex"/);
    assert.equal(regex.range.startLine, where(text, '"parse": { "format": "regex" }').line);
    const samples = only(diagnostics, /"samples" must be >= 1/);
    assert.equal(samples.range.startLine, where(text, '"samples": 0').line);
    assert.ok(diagnostics.every((d) => d.severity === 'error'));
  });

  it('warns about unknown properties at their key but keeps the config', () => {
    const text = '{\n  "capabilities": [\n    { "name": "a", "type": "t", "baseline": 1, "target": 2,\n      "tarrget": 3 }\n  ]\n}';
    const { config, diagnostics } = parseConfig(text);
    const d = only(diagnostics, /Unknown property "tarrget"/);
    assert.equal(d.severity, 'warning');
    assert.deepEqual([d.range.startLine, d.range.startCharacter, d.range.endCharacter],
      [where(text, '"tarrget"').line, where(text, '"tarrget"').character, where(text, '"tarrget"').character + '"tarrget"'.length]);
    assert.equal(d.path, 'capabilities[0].tarrget');
    assert.equal(config?.capabilities.length, 1);
  });

  it('reports a duplicate capability name at the second one, naming the first line', () => {
    const text = '{\n  "capabilities": [\n    { "name": "speed", "type": "t", "baseline": 1, "target": 2 },\n    { "name": "other", "type": "t", "baseline": 1, "target": 2 },\n    { "name": "speed", "type": "t", "baseline": 3, "target": 4 }\n  ]\n}';
    const { config, diagnostics } = parseConfig(text);
    assert.equal(config, null);
    const d = only(diagnostics, /Duplicate capability name "speed" \(first defined on line 3\)/);
    assert.equal(d.range.startLine, where(text, '"speed"', 2).line);
    assert.equal(d.range.startCharacter, where(text, '"speed"', 2).character);
    assert.equal(d.path, 'capabilities[2].name');
  });

  it('checks regexes and JSON paths, and warns about a target on the wrong side of the baseline', () => {
    const text = `{
  "capabilities": [
    { "name": "a", "type": "t", "baseline": 1, "target": 2, "probe": { "command": "x", "parse": { "regex": "([0-9" } } },
    { "name": "b", "type": "t", "baseline": 1, "target": 2, "probe": { "command": "x", "parse": { "path": "a..b" } } },
    { "name": "c", "type": "t", "direction": "lower", "baseline": 100,
      "target": 150 }
  ]
}`;
    const { config, diagnostics } = parseConfig(text);
    assert.equal(config, null);
    assert.equal(only(diagnostics, /Invalid probe regex/).range.startLine, 2);
    assert.equal(only(diagnostics, /Invalid JSON path/).range.startLine, 3);
    const w = only(diagnostics, /target is above the baseline although lower is better/);
    assert.equal(w.severity, 'warning');
    assert.equal(w.range.startLine, where(text, '150').line);
  });

  it('reads the file from a folder, or says it does not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-config-'));
    try {
      assert.equal((await readConfigFile(dir)).exists, false);
      mkdirSync(path.join(dir, '.vscode'));
      writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), GOOD);
      const read = await readConfigFile(dir);
      assert.ok(read.exists);
      assert.equal(read.config?.capabilities.length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a schema that helps in the editor: comments allowed, every property described', () => {
    const s = schema as unknown as Record<string, unknown>;
    assert.equal(s.allowComments, true);
    assert.equal(s.allowTrailingCommas, true);
    const undescribed: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, prop] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (key !== '$schema' && key !== 'margin' && !prop.description && !prop.$ref && !prop.title) undescribed.push(`${at}.${key}`);
        visit(prop, `${at}.${key}`);
      }
      for (const [key, def] of Object.entries((n.definitions ?? {}) as Record<string, unknown>)) visit(def, `#${key}`);
    };
    visit(s, '');
    assert.deepEqual(undescribed, []);
    assert.ok(Array.isArray(s.defaultSnippets));
  });
});

describe('config file parsing: messages', () => {
  it('names types in words and points at the whole file when its top is wrong', () => {
    const top = parseConfig('[]');
    assert.equal(top.diagnostics[0]?.message, 'The file must be an object.');
    assert.equal(top.diagnostics[0]?.range.startLine, 0);
    const env = parseConfig('{"capabilities": [{"name": "a", "type": "t", "baseline": 1, "target": 2,\n "probe": {"command": "x", "parse": {}, "env": {"A": 1}}}]}');
    assert.equal(env.diagnostics.length, 1);
    assert.equal(env.diagnostics[0]?.message, '"A" must be a string.');
    assert.equal(env.diagnostics[0]?.path, 'capabilities[0].probe.env.A');
    assert.equal(env.diagnostics[0]?.range.startLine, 1);
  });
});
