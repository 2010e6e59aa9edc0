// One lifecycle for everything the extension owns: a class that holds disposables extends Disposables,
// hands each one to register() as it creates it, and is disposed once by its owner (the root object,
// SelfImprovementExtension, is disposed by VS Code). No `vscode` import: structural, so it is unit-tested
// in plain Node (test/unit/vscode/lifecycle.test.ts).

export interface DisposableLike {
  dispose(): unknown;
}

/** A function run on dispose, as a disposable (timers, flags, maps to clear). */
export function toDisposable(fn: () => unknown): DisposableLike {
  return { dispose: fn };
}

/** Thrown by dispose() when some disposables threw; every one was still disposed. */
export class DisposeErrors extends Error {
  constructor(readonly errors: readonly unknown[]) {
    super(`${errors.length} disposable${errors.length === 1 ? '' : 's'} failed to dispose: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')}`);
    this.name = 'DisposeErrors';
  }
}

/**
 * Owns disposables: disposed in reverse order of registration (what was built on something goes first),
 * each one even when an earlier one threw; the errors are collected and thrown together at the end.
 * Registering after dispose disposes at once (a late async registration must not leak).
 */
export class Disposables implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private disposedFlag = false;

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  register<T extends DisposableLike>(d: T): T {
    if (this.disposedFlag) {
      d.dispose();
      return d;
    }
    this.owned.push(d);
    return d;
  }

  dispose(): void {
    this.disposedFlag = true;
    const errors: unknown[] = [];
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (err) {
        errors.push(...(err instanceof DisposeErrors ? err.errors : [err]));
      }
    }
    if (errors.length) throw new DisposeErrors(errors);
  }
}
