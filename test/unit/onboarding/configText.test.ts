import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config/parseConfig';
import { configText, type MeasuredProposal } from '../../../src/engine/onboarding/configText';
import { suggestTarget, targetProblem } from '../../../src/engine/onboarding/targets';
import type { ProposedCapability } from '../../../src/engine/onboarding/types';

const tests: ProposedCapability = {
  name: 'tests-pass-rate', type: 'output_quality', unit: 'ratio', direction: 'higher', target: { absolute: 1 }, source: 'npm',
  description: 'Share of the npm test cases that pass.', why: '"test": "node --test" — TAP, read per case',
  probe: { command: 'npm test --silent', env: { NODE_OPTIONS: '--test-reporter=tap' }, parse: { format: 'tap' }, timeoutSeconds: 600 },
};
const bench: ProposedCapability = {
  name: 'bench-ms', type: 'performance', unit: 'ms', direction: 'lower', target: { relativeToBaseline: 0.9 }, source: 'npm',
  description: 'Wall time of npm run bench.', why: 'npm run bench — its wall time, 5 samples',
  probe: { command: 'npm run bench --silent', parse: { format: 'wall-time' }, samples: 5 },
};
const m = (p: ProposedCapability, baseline: number): MeasuredProposal => ({ proposal: p, baseline, target: suggestTarget(p, baseline) });

describe('set-up config text', () => {
  it('a new file: commented JSONC that the config parser accepts, baselines = first measurement', () => {
    const { text, added } = configText(null, [m(tests, 2 / 3), m(bench, 123.456)]);
    assert.deepEqual(added, ['tests-pass-rate', 'bench-ms']);
    assert.match(text, /^\/\/ Capabilities of this folder/);
    assert.match(text, /\/\/ tests-pass-rate: "test": "node --test" — TAP, read per case; baseline = first measurement\./);
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    const [t, b] = parsed.config!.capabilities;
    assert.equal(t!.baseline, 0.6667);
    assert.equal(t!.target, 1);
    assert.deepEqual(t!.guardrail !== null, true, 'a pass rate guards the other capabilities');
    assert.equal(t!.probe!.env.NODE_OPTIONS, '--test-reporter=tap');
    assert.equal(b!.baseline, 123.5);
    assert.equal(b!.target, 111.1);
    assert.equal(b!.probe!.samples, 5);
    assert.equal(b!.guardrail, null);
  });

  it('an existing file keeps its comments and its capabilities; only new names are added, each with its comment', () => {
    const existing = [
      '// my own notes: keep me',
      '{',
      '  "improvementThreshold": 0.1, // and me',
      '  "capabilities": [',
      '    /* hand-written */',
      '    { "name": "bench-ms", "type": "performance", "baseline": 999, "target": 1, "unit": "ms", "direction": "lower" }',
      '  ]',
      '}',
      '',
    ].join('\n');
    const { text, added, kept } = configText(existing, [m(tests, 1), m(bench, 50)]);
    assert.deepEqual(added, ['tests-pass-rate']);
    assert.deepEqual(kept, ['bench-ms']);
    for (const c of ['// my own notes: keep me', '// and me', '/* hand-written */']) assert.ok(text.includes(c), `kept ${c}`);
    assert.match(text, /\n\s+\/\/ tests-pass-rate: [^\n]+\n\s+\{/);
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(parsed.config!.capabilities.map((c) => [c.name, c.baseline]), [['bench-ms', 999], ['tests-pass-rate', 1]]);
    assert.equal(parsed.config!.improvementThreshold, 0.1);
  });

  it('an existing file without a capabilities list gets one', () => {
    const { text, added } = configText('// only a comment\n{ "improvementThreshold": 0.2 }\n', [m(bench, 10)]);
    assert.deepEqual(added, ['bench-ms']);
    assert.ok(text.startsWith('// only a comment'));
    assert.deepEqual(parseConfig(text).config!.capabilities.map((c) => c.name), ['bench-ms']);
  });

  it('suggests targets from the baseline and explains odd ones', () => {
    assert.equal(suggestTarget(bench, 200), 180);
    assert.equal(suggestTarget(bench, 1234.5678), 1111);
    assert.equal(suggestTarget(tests, 0.5), 1);
    assert.equal(targetProblem(bench, 200, 150), null);
    assert.match(targetProblem(bench, 200, 250)!, /Lower is better/);
    assert.match(targetProblem(tests, 0.5, 0.2)!, /Higher is better/);
    assert.match(targetProblem(tests, 0.5, 2)!, /between 0 and 1/);
    assert.equal(targetProblem(tests, 0.5, Number.NaN), 'Enter a number.');
  });
});
