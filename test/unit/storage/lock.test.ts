import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/engine/storage/database';
import { ReadOnlyError } from '../../../src/engine/errors';
import { lockPath, readLock, tryAcquireLock } from '../../../src/engine/storage/lock';
import { DatabaseBusyError } from '../../../src/engine/storage/storage-errors';
import { tempDir } from './helpers';

const holderScript = path.join(__dirname, 'fixture-lock-holder.js');

function startHolder(file: string): Promise<{ child: ChildProcessWithoutNullStreams; next: () => Promise<string> }> {
  const child = spawn(process.execPath, [holderScript, file]);
  const lines: string[] = [];
  const waiters: Array<(l: string) => void> = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i); buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line); else lines.push(line);
    }
  });
  const next = (): Promise<string> => lines.length ? Promise.resolve(lines.shift()!) : new Promise((r) => waiters.push(r));
  return next().then((first) => { assert.equal(first, 'locked'); return { child, next }; });
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.on('exit', (code) => r(code)));

describe('storage: one writer per file', () => {
  let dir: string;
  let file: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeEach(() => { dir = tempDir(); file = path.join(dir, 'x.db'); });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes pid, hostname and time into the lock file and removes it on close', async () => {
    const db = await Database.open({ path: file });
    const info = readLock(lockPath(file))!;
    assert.equal(info.pid, process.pid);
    assert.equal(info.hostname, os.hostname());
    assert.ok(!Number.isNaN(Date.parse(info.since)));
    await db.close();
    assert.equal(fs.existsSync(lockPath(file)), false);
  });

  it('a second writer in another process gets a clear "in use by" error', async () => {
    const holder = await startHolder(file);
    children.push(holder.child);
    await assert.rejects(Database.open({ path: file }), (err: unknown) => {
      assert.ok(err instanceof DatabaseBusyError);
      assert.match(err.message, new RegExp(`in use by pid ${holder.child.pid} on host ${os.hostname()} since \\d{4}-`));
      return true;
    });
    holder.child.stdin.write('exit\n');
    await exited(holder.child);
  });

  it('a second opener asking for read-only can read, cannot write, and sees later saves after reload()', async () => {
    const holder = await startHolder(file);
    children.push(holder.child);
    holder.child.stdin.write('write one\n');
    assert.equal(await holder.next(), 'written');
    const ro = await Database.open({ path: file, lock: 'readonly' });
    assert.equal(ro.readOnly, true);
    assert.equal(ro.lockHolder?.pid, holder.child.pid);
    assert.deepEqual(ro.all('SELECT action_name FROM rl_outcomes'), [{ action_name: 'one' }]);
    assert.throws(() => ro.run('DELETE FROM rl_outcomes'), (err: unknown) => err instanceof ReadOnlyError && /read-only: pid \d+/.test(err.message));
    assert.throws(() => ro.insert("INSERT INTO rl_outcomes (action_type, action_name, success, recorded_at) VALUES ('t','x',1,'n')"), ReadOnlyError);
    assert.throws(() => ro.transaction(() => 1), ReadOnlyError);
    holder.child.stdin.write('write two\n');
    assert.equal(await holder.next(), 'written');
    await ro.reload();
    assert.deepEqual(ro.all('SELECT action_name FROM rl_outcomes ORDER BY id'), [{ action_name: 'one' }, { action_name: 'two' }]);
    const mtime = fs.statSync(file).mtimeMs;
    await ro.close();
    assert.equal(fs.statSync(file).mtimeMs, mtime, 'the read-only opener never writes');
    assert.ok(fs.existsSync(lockPath(file)), "closing the read-only opener leaves the writer's lock alone");
    holder.child.stdin.write('exit\n');
    await exited(holder.child);
  });

  it('the lock is released when the writing process exits without closing', async () => {
    const holder = await startHolder(file);
    children.push(holder.child);
    holder.child.stdin.write('exit\n');
    await exited(holder.child);
    assert.equal(fs.existsSync(lockPath(file)), false);
    const db = await Database.open({ path: file });
    await db.close();
  });

  it('a lock left by a killed process (dead pid on this host) is taken over', async () => {
    const holder = await startHolder(file);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    assert.equal(readLock(lockPath(file))?.pid, holder.child.pid, 'SIGKILL leaves the lock file');
    const db = await Database.open({ path: file });
    assert.equal(readLock(lockPath(file))?.pid, process.pid);
    await db.close();
  });

  it('a lock from another host is treated as live (its pid cannot be checked)', async () => {
    fs.writeFileSync(lockPath(file), JSON.stringify({ pid: 1234567, hostname: 'some-other-host', since: '2026-01-01T00:00:00.000Z', token: 'x' }));
    await assert.rejects(Database.open({ path: file }), /in use by pid 1234567 on host some-other-host since 2026-01-01/);
  });

  it('a half-written (unreadable) old lock file counts as stale', async () => {
    fs.writeFileSync(lockPath(file), '{"pid": 12');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath(file), old, old);
    const r = tryAcquireLock(file);
    assert.equal(r.acquired, true);
    if (r.acquired) r.lock.release();
  });

  it('a second open in the same process is refused too (one writer per file, not per process)', async () => {
    const db = await Database.open({ path: file });
    await assert.rejects(Database.open({ path: file }), DatabaseBusyError);
    const ro = await Database.open({ path: file, lock: 'readonly' });
    assert.equal(ro.readOnly, true);
    await ro.close();
    await db.close();
  });
});
