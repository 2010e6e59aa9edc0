import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand, UntrustedWorkspaceError } from '../../../src/engine/probes';
import { isAlive, waitFor } from './helpers';

const trusted = (): boolean => true;

describe('probe runner (runCommand)', function () {
  this.timeout(15000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'si-run-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  const readPid = async (file: string): Promise<number> => {
    assert.ok(await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '', 5000), 'pid file written');
    return Number(readFileSync(file, 'utf8').trim());
  };

  it('runs in the folder through the shell and captures output, exit code and duration', async () => {
    const r = await runCommand({ command: 'pwd; echo oops >&2; exit 3', cwd: dir, timeoutMs: 5000, isTrusted: trusted });
    assert.equal(r.stdout.trim(), dir);
    assert.equal(r.stderr.trim(), 'oops');
    assert.equal(r.exitCode, 3);
    assert.equal(r.signal, null);
    assert.equal(r.timedOut, false);
    assert.equal(r.cancelled, false);
    assert.equal(r.truncated, false);
    assert.ok(r.durationMs > 0 && r.durationMs < 5000);
  });

  it('treats an infinite timeout as none (not as an immediate one)', async () => {
    const r = await runCommand({ command: 'sleep 0.1; echo finished', cwd: dir, timeoutMs: Number.POSITIVE_INFINITY, isTrusted: trusted });
    assert.equal(r.timedOut, false);
    assert.equal(r.stdout.trim(), 'finished');
  });

  it('extends the inherited environment', async () => {
    const r = await runCommand({ command: 'echo "$SI_PROBE_VAR:$HOME"', cwd: dir, env: { SI_PROBE_VAR: 'on' }, timeoutMs: 5000, isTrusted: trusted });
    assert.equal(r.stdout.trim(), `on:${process.env.HOME ?? ''}`);
  });

  it('kills a hanging command and its grandchild at the timeout, leaving no orphan', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const started = Date.now();
    const pending = runCommand({
      command: `node -e "const c=require('child_process').spawn('sleep',['30'],{stdio:'inherit'}); require('fs').writeFileSync('${pidFile}', String(c.pid)); setInterval(()=>{},1000)"`,
      cwd: dir, timeoutMs: 3000, killGraceMs: 500, isTrusted: trusted,
    });
    const grandchild = await readPid(pidFile);
    assert.ok(isAlive(grandchild), 'grandchild running before the timeout');
    const r = await pending;
    assert.equal(r.timedOut, true);
    assert.ok(Date.now() - started < 8000, 'returned soon after the timeout');
    assert.ok(await waitFor(() => !isAlive(grandchild), 2000), `grandchild ${grandchild} is gone`);
  });

  it('SIGKILLs a process that ignores SIGTERM after the grace period', async () => {
    const pidFile = path.join(dir, 'stubborn.pid');
    const pending = runCommand({
      command: `node -e "process.on('SIGTERM',()=>{}); require('fs').writeFileSync('${pidFile}', String(process.pid)); setInterval(()=>{},1000)"`,
      cwd: dir, timeoutMs: 2500, killGraceMs: 300, isTrusted: trusted,
    });
    const pid = await readPid(pidFile);
    const r = await pending;
    assert.equal(r.timedOut, true);
    assert.ok(await waitFor(() => !isAlive(pid), 2000), 'the stubborn process is gone');
  });

  it('stops the tree when cancelled through the AbortSignal', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    const controller = new AbortController();
    const pending = runCommand({ command: `sleep 30 & echo $! > ${pidFile}; wait`, cwd: dir, timeoutMs: 20000, killGraceMs: 300, signal: controller.signal, isTrusted: trusted });
    const pid = await readPid(pidFile);
    controller.abort();
    const r = await pending;
    assert.equal(r.cancelled, true);
    assert.equal(r.timedOut, false);
    assert.ok(await waitFor(() => !isAlive(pid), 2000), 'the background sleep is gone');
  });

  it('does not spawn at all when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runCommand({ command: 'touch spawned', cwd: dir, timeoutMs: 1000, signal: controller.signal, isTrusted: trusted });
    assert.equal(r.cancelled, true);
    assert.equal(existsSync(path.join(dir, 'spawned')), false);
  });

  it('stops what a finished command left running in the background', async () => {
    const pidFile = path.join(dir, 'daemon.pid');
    const r = await runCommand({ command: `(sleep 30 & echo $! > ${pidFile}); echo done`, cwd: dir, timeoutMs: 10000, killGraceMs: 300, isTrusted: trusted });
    assert.equal(r.stdout.trim(), 'done');
    assert.equal(r.timedOut, false);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(await waitFor(() => !isAlive(pid), 2000), 'the left-over sleep is gone');
  });

  it('caps captured output per stream and says it was truncated', async () => {
    const r = await runCommand({
      command: 'node -e "process.stdout.write(\'x\'.repeat(200000)); process.stderr.write(\'e\')"',
      cwd: dir, timeoutMs: 5000, maxOutputBytes: 1000, isTrusted: trusted,
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.length, 1000);
    assert.equal(r.stderr, 'e');
    assert.equal(r.truncated, true);
  });

  it('refuses to spawn in an untrusted workspace, saying why and how to trust', async () => {
    await assert.rejects(
      runCommand({ command: 'touch spawned', cwd: dir, timeoutMs: 1000, isTrusted: () => false }),
      (error: unknown) => {
        assert.ok(error instanceof UntrustedWorkspaceError);
        assert.match(error.message, /not trusted/);
        assert.match(error.message, /Workspaces: Manage Workspace Trust/);
        return true;
      });
    assert.equal(existsSync(path.join(dir, 'spawned')), false);
  });

  it('rejects clearly when the folder does not exist', async () => {
    await assert.rejects(runCommand({ command: 'true', cwd: path.join(dir, 'missing'), timeoutMs: 1000, isTrusted: trusted }), /does not exist/);
  });
});
