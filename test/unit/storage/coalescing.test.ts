// Save coalescing (about 1 s after the last change, at most 5 s after the first), checked on an injected
// clock and timer: no waiting, no wall-time assertions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database, type SaveTimers } from '../../../src/engine/storage/database';
import { tempDir } from './helpers';

class FakeTimers implements SaveTimers {
  t = 0;
  private seq = 0;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const id = ++this.seq; this.pending.set(id, { at: this.t + ms, fn }); return id; }
  clearTimeout(handle: unknown): void { this.pending.delete(handle as number); }
  /** When the one pending save would fire (null: none scheduled). */
  get next(): number | null { return this.pending.size ? Math.min(...[...this.pending.values()].map((p) => p.at)) : null; }
  /** Moves the clock to `to`, firing whatever falls due on the way. */
  advanceTo(to: number): void {
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.t = due[1].at;
      this.pending.delete(due[0]);
      due[1].fn();
    }
    this.t = to;
  }
}

describe('storage: save coalescing timings (injected clock)', () => {
  let dir: string;
  let timers: FakeTimers;
  let db: Database;
  const change = (): void => db.run("INSERT OR REPLACE INTO engine_metadata VALUES ('k', 'v', 'now')");
  /** Lets a save that fired finish writing (the write itself is real file I/O). */
  const settle = (): Promise<void> => db.saved();

  beforeEach(async () => {
    dir = tempDir('sie-coalesce-');
    timers = new FakeTimers();
    db = await Database.open({ path: path.join(dir, 'c.db'), timers });
  });
  afterEach(async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('saves 1 s after the last change: each change moves the save, and one save covers them all', async () => {
    const before = db.saveCount;
    change();
    assert.equal(timers.next, 1000);
    timers.advanceTo(600);
    change();
    assert.equal(timers.next, 1600, 'moved to 1 s after the latest change');
    timers.advanceTo(1599);
    await settle();
    assert.equal(db.saveCount, before, 'nothing saved before then');
    timers.advanceTo(1600);
    await settle();
    assert.equal(db.saveCount, before + 1, 'one save for both changes');
    assert.equal(db.hasUnsavedChanges, false);
    assert.equal(timers.next, null, 'nothing more scheduled');
  });

  it('never later than 5 s after the first unsaved change, however often changes keep coming', async () => {
    const before = db.saveCount;
    for (let t = 0; t <= 4800; t += 400) {
      timers.advanceTo(t);
      change();
    }
    assert.equal(timers.next, 5000, 'capped at first change + 5 s, not last change + 1 s (5800)');
    timers.advanceTo(5000);
    await settle();
    assert.equal(db.saveCount, before + 1);
  });

  it('a write-through is durable in the journal without a save; the coalesced save still folds it', async () => {
    const before = db.saveCount;
    change();
    assert.equal(timers.next, 1000);
    await db.writeThrough();
    assert.equal(db.saveCount, before, 'no save: the journal fsync is the durability point');
    assert.equal(timers.next, 1000, 'the coalesced save stays scheduled');
    timers.advanceTo(1000);
    await settle();
    assert.equal(db.saveCount, before + 1);
    assert.equal(db.hasUnsavedChanges, false);
  });
});
