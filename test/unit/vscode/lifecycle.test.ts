import * as assert from 'node:assert/strict';
import { Disposables, DisposeErrors, toDisposable } from '../../../src/vscode/lifecycle';
import { ContextKey, ContextKeys } from '../../../src/vscode/contextKeys';

class Owner extends Disposables {
  readonly own = <T extends { dispose(): unknown }>(d: T): T => this.register(d);
}

describe('lifecycle: one Disposable base', () => {
  it('disposes in reverse order of registration', () => {
    const order: string[] = [];
    const o = new Owner();
    for (const name of ['a', 'b', 'c']) o.own(toDisposable(() => order.push(name)));
    o.dispose();
    assert.deepEqual(order, ['c', 'b', 'a']);
    assert.equal(o.isDisposed, true);
  });

  it('disposes every one even when some throw, and throws their errors together', () => {
    const order: string[] = [];
    const o = new Owner();
    o.own(toDisposable(() => order.push('first')));
    o.own(toDisposable(() => { throw new Error('second broke'); }));
    o.own(toDisposable(() => order.push('third')));
    o.own(toDisposable(() => { throw new Error('fourth broke'); }));
    assert.throws(() => o.dispose(), (err: unknown) => {
      assert.ok(err instanceof DisposeErrors);
      assert.deepEqual(err.errors.map((e) => (e as Error).message), ['fourth broke', 'second broke']);
      assert.match(err.message, /2 disposables failed to dispose: fourth broke; second broke/);
      return true;
    });
    assert.deepEqual(order, ['third', 'first']);
  });

  it('a child owner\'s errors reach the parent flat, after all of the parent\'s are disposed', () => {
    const parent = new Owner();
    const child = parent.own(new Owner());
    child.own(toDisposable(() => { throw new Error('inner'); }));
    let after = false;
    parent.own(toDisposable(() => { after = true; }));
    assert.throws(() => parent.dispose(), (err: unknown) => err instanceof DisposeErrors && err.errors.length === 1 && (err.errors[0] as Error).message === 'inner');
    assert.equal(after, true);
  });

  it('disposes a second time as a no-op, and disposes what is registered after dispose at once', () => {
    let count = 0;
    const o = new Owner();
    o.own(toDisposable(() => count++));
    o.dispose();
    o.dispose();
    assert.equal(count, 1);
    o.own(toDisposable(() => count++));
    assert.equal(count, 2, 'a late registration does not leak');
  });
});

describe('context keys: one setter', () => {
  it('sets a key only when its value changes', () => {
    const calls: unknown[][] = [];
    const keys = new ContextKeys({ executeCommand: async (...args: unknown[]) => { calls.push(args); return undefined; } } as never);
    keys.set(ContextKey.InlinePending, true);
    keys.set(ContextKey.InlinePending, true);
    keys.set(ContextKey.InlinePending, false);
    keys.set(ContextKey.Loaded, true);
    assert.deepEqual(calls, [
      ['setContext', 'selfImprovement.inlinePending', true],
      ['setContext', 'selfImprovement.inlinePending', false],
      ['setContext', 'selfImprovement.loaded', true],
    ]);
  });
});
