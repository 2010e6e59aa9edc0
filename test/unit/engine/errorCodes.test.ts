import assert from 'node:assert/strict';
import * as chunk from '../../../src/chunk';
import { ErrorCode, hasErrorCode } from '../../../src/engine/errorCodes';

// Every error the engine chunk exports carries a stable, distinct code: adapters in other bundles match
// codes, because minified class names differ from bundle to bundle.
describe('engine / error codes', () => {
  const errorClasses = Object.entries({ ...chunk, ...chunk.agents })
    .filter(([name, v]) => typeof v === 'function' && /Error$/.test(name) && name !== 'EngineError') as [string, new (...a: never[]) => Error][];

  it('gives each exported error class its own code from ErrorCode', () => {
    assert.ok(errorClasses.length >= 12, `found only ${errorClasses.map(([n]) => n).join(', ')}`);
    const seen = new Map<string, string>();
    const known = new Set<string>(Object.values(ErrorCode));
    for (const [name, Cls] of errorClasses) {
      // Codes are instance fields: build one with placeholder arguments its constructor accepts.
      const Ctor = Cls as unknown as new (...a: unknown[]) => Error & { code?: string };
      const shapes: unknown[][] = [['x', 'y', 'z', { pid: 1, hostname: 'h', since: 's' }, []], ['x', ['problem']], ['x']];
      const made = shapes.map((a) => { try { return new Ctor(...a); } catch { return undefined; } }).find((e) => e !== undefined);
      assert.ok(made, `${name} could not be constructed`);
      assert.ok(typeof made.code === 'string' && known.has(made.code), `${name} has no ErrorCode (code: ${String(made.code)})`);
      assert.ok(!seen.has(made.code), `${name} and ${seen.get(made.code)} share ${made.code}`);
      seen.set(made.code, name);
    }
  });

  it('matches by code, across copies of a class and on plain objects', () => {
    const err = new chunk.FileChangedError('a.ts', 'h1', 'h2');
    assert.equal(err.name, 'FileChangedError');
    assert.ok(hasErrorCode(err, ErrorCode.FileChanged));
    assert.ok(hasErrorCode({ code: 'SI_FILE_CHANGED', message: 'from a worker' }, ErrorCode.FileChanged, ErrorCode.InvalidState));
    assert.ok(!hasErrorCode(err, ErrorCode.InvalidState));
    assert.ok(!hasErrorCode(Object.assign(new Error('fs'), { code: 'ENOENT' }), ErrorCode.NotFound));
    assert.ok(!hasErrorCode(undefined, ErrorCode.NotFound));
    assert.ok(!hasErrorCode('SI_FILE_CHANGED', ErrorCode.FileChanged));
  });
});
