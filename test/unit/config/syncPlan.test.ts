import * as assert from 'node:assert/strict';
import { syncPlan } from '../../../src/engine/config';
import type { Capability } from '../../../src/engine/types';

function stored(name: string, over: Partial<Capability> = {}): Capability {
  return {
    id: 1, name, type: 'performance', description: '', baseline: 100, target: 80, unit: 'ms', direction: 'lower',
    current: null, measurementCount: 0, lastMeasuredAt: null, createdAt: '', updatedAt: '', archived: false, ...over,
  };
}
const declared = (name: string, over: Record<string, unknown> = {}) => ({
  name, type: 'performance', description: '', baseline: 100, target: 80, unit: 'ms', direction: 'lower' as const, ...over,
});

describe('syncPlan', () => {
  it('adds new, updates changed fields only, archives removed, keeps unchanged', () => {
    const plan = syncPlan(
      [declared('same'), declared('changed', { target: 60, unit: 'ms' }), declared('new', { direction: undefined, unit: undefined })],
      [stored('same'), stored('changed'), stored('removed')],
    );
    assert.deepEqual(plan.add, [{ name: 'new', type: 'performance', description: '', baseline: 100, target: 80, unit: '', direction: 'higher' }]);
    assert.deepEqual(plan.update, [{ name: 'changed', changes: { target: 60 }, unarchive: false }]);
    assert.deepEqual(plan.archive, ['removed']);
    assert.deepEqual(plan.unchanged, ['same']);
  });

  it('brings back an archived capability the file lists again, and leaves archived ones alone otherwise', () => {
    const plan = syncPlan([declared('back')], [stored('back', { archived: true }), stored('gone', { archived: true })]);
    assert.deepEqual(plan.update, [{ name: 'back', changes: {}, unarchive: true }]);
    assert.deepEqual(plan.archive, []);
  });

  it('with previouslyDeclared, archives only what this file used to declare', () => {
    const plan = syncPlan([], [stored('from-file'), stored('from-api')], { previouslyDeclared: ['from-file'] });
    assert.deepEqual(plan.archive, ['from-file']);
  });

  it('an empty file archives everything active; a duplicate in the file counts once', () => {
    assert.deepEqual(syncPlan([], [stored('a'), stored('b')]).archive, ['a', 'b']);
    const dup = syncPlan([declared('x'), declared('x', { target: 1 })], []);
    assert.equal(dup.add.length, 1);
    assert.equal(dup.add[0]?.target, 80);
  });
});
