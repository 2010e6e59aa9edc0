import * as assert from 'node:assert/strict';
import { addCapabilityToConfig, declaredNames, goalProblem, parseConfig, setProbeInConfig } from '../../../src/engine/config';

const WITH_COMMENTS = `{
  // keep this comment
  "improvementThreshold": 0.1,
  "capabilities": [
    { "name": "a", "type": "performance", "baseline": 10, "target": 5, "direction": "lower" } // and this one
  ]
}
`;

describe('config edits (Register Capability, Add a Probe)', () => {
  it('refuses a goal that asks to get worse, with the reason; accepts a sensible or equal one', () => {
    assert.match(goalProblem('lower', 120, 200)!, /Lower is better, but the target \(200\) is above the baseline \(120\)/);
    assert.match(goalProblem('higher', 0.9, 0.5)!, /Higher is better, but the target \(0.5\) is below/);
    assert.equal(goalProblem('lower', 120, 80), null);
    assert.equal(goalProblem('higher', 1, 1), null);
    assert.throws(() => addCapabilityToConfig(null, { name: 'x', type: 'performance', baseline: 120, target: 200, direction: 'lower' }), /above the baseline/);
  });

  it('a new file: commented, valid, with the capability and its probe', () => {
    const text = addCapabilityToConfig(null, { name: 'startup-ms', type: 'performance', baseline: 120, target: 80, unit: 'ms', direction: 'lower',
      probe: { command: 'node bench.js', parse: { format: 'number' }, samples: 5 } });
    assert.match(text, /^\/\/ Capabilities of this folder/);
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    const cap = parsed.config!.capabilities[0]!;
    assert.equal(cap.name, 'startup-ms');
    assert.equal(cap.direction, 'lower');
    assert.equal(cap.probe!.command, 'node bench.js');
    assert.equal(cap.probe!.parse.format, 'number');
  });

  it('appends to an existing file and keeps its comments; refuses a duplicate name', () => {
    const text = addCapabilityToConfig(WITH_COMMENTS, { name: 'b', type: 'output_quality', baseline: 0.5, target: 1, direction: 'higher' });
    assert.match(text, /\/\/ keep this comment/);
    assert.match(text, /\/\/ and this one/);
    assert.deepEqual(declaredNames(text), ['a', 'b']);
    assert.equal(parseConfig(text).config!.improvementThreshold, 0.1);
    assert.throws(() => addCapabilityToConfig(text, { name: 'a', type: 'performance', baseline: 1, target: 0, direction: 'lower' }), /already declares "a"/);
    assert.throws(() => addCapabilityToConfig('{ "capabilities": [ ', { name: 'c', type: 'performance', baseline: 1, target: 0, direction: 'lower' }), /not valid JSON/);
  });

  it('sets a probe on a declared capability, comments kept; refuses an undeclared one', () => {
    const text = setProbeInConfig(WITH_COMMENTS, 'a', { command: 'npm test', parse: { format: 'tap' } });
    assert.match(text, /\/\/ keep this comment/);
    const cap = parseConfig(text).config!.capabilities[0]!;
    assert.equal(cap.probe!.command, 'npm test');
    assert.equal(cap.probe!.parse.format, 'tap');
    assert.throws(() => setProbeInConfig(WITH_COMMENTS, 'nope', { command: 'x', parse: { format: 'number' } }), /does not declare "nope"/);
  });
});
