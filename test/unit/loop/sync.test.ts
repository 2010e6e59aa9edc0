import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { previouslyDeclared, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';

const cap = (name: string, extra = ''): string => `{ "name": "${name}", "type": "efficiency", "baseline": 10, "target": 20${extra} }`;
const file = (...caps: string[]): string => `{\n  "capabilities": [\n    ${caps.join(',\n    ')}\n  ]\n}\n`;

describe('loop: syncCapabilitiesFromConfig', () => {
  let engine: SelfImprovementEngine;
  beforeEach(async () => { engine = await SelfImprovementEngine.open({ random: seededRandom(1) }); });
  afterEach(async () => { await engine.close(); });

  it('adds, updates and archives (history kept), remembering what each folder declared', () => {
    engine.registerCapability({ name: 'from-api', type: 'x', baseline: 1, target: 2 });
    const first = syncCapabilitiesFromConfig(engine, parseConfig(file(cap('a'), cap('b'))), '/ws/one');
    assert.deepEqual([first.applied, first.added, first.archived], [true, ['a', 'b'], []]);
    assert.deepEqual(previouslyDeclared(engine, '/ws/one'), ['a', 'b']);
    engine.measureCapability('b', 12);
    const second = syncCapabilitiesFromConfig(engine, parseConfig(file(cap('a', ', "unit": "ms"'))), '/ws/one');
    assert.deepEqual(second.updated, ['a']);
    assert.equal(engine.getCapability('a').unit, 'ms');
    assert.deepEqual(second.archived, ['b'], 'only what this file declared before is archived');
    assert.equal(engine.getCapability('b').archived, true);
    assert.equal(engine.getMeasurements('b').length, 1, 'history kept');
    assert.equal(engine.getCapability('from-api').archived, false, 'capabilities from elsewhere are left alone');
    // Another folder's file does not archive this one's capabilities.
    syncCapabilitiesFromConfig(engine, parseConfig(file(cap('c'))), '/ws/two');
    assert.equal(engine.getCapability('a').archived, false);
    // Declared again: unarchived.
    const third = syncCapabilitiesFromConfig(engine, parseConfig(file(cap('a', ', "unit": "ms"'), cap('b'))), '/ws/one');
    assert.deepEqual(third.updated, ['b']);
    assert.equal(engine.getCapability('b').archived, false);
  });

  it('a broken file never touches the database: not even the remembered names', () => {
    syncCapabilitiesFromConfig(engine, parseConfig(file(cap('a'), cap('b'))), '/ws');
    engine.measureCapability('a', 15);
    const before = JSON.stringify([engine.listCapabilities({ includeArchived: true }), engine.getMeasurements('a'), previouslyDeclared(engine, '/ws')]);
    const broken = `{\n  "capabilities": [\n    ${cap('a')},\n    { "name": "b", "type": "efficiency", "baseline": "ten", "target": 20 }\n  ]\n}\n`;
    const parsed = parseConfig(broken);
    assert.equal(parsed.config, null);
    const err = parsed.diagnostics.find((d) => d.severity === 'error')!;
    assert.equal(err.range.startLine, 3, 'the diagnostic sits on the broken capability\'s line');
    const r = syncCapabilitiesFromConfig(engine, parsed, '/ws');
    assert.deepEqual([r.applied, r.added, r.updated, r.archived], [false, [], [], []]);
    assert.equal(JSON.stringify([engine.listCapabilities({ includeArchived: true }), engine.getMeasurements('a'), previouslyDeclared(engine, '/ws')]), before);
    // A syntax error too.
    assert.equal(syncCapabilitiesFromConfig(engine, parseConfig('{ "capabilities": [ '), '/ws').applied, false);
    assert.equal(engine.getCapability('b').archived, false);
  });
});
