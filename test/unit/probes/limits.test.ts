// Issue 19 item 9: probe limits that could be escaped. A descendant in its own session (setsid) keeps the
// output pipes open and is out of reach of the group kill; a user regex can backtrack for minutes. Both
// must be bounded. (The mocha timeout is the guard: before the fix these hung for 30 s to minutes.)
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../../../src/engine/probes';
import { parseRegex } from '../../../src/engine/probes/parsers';
import { isAlive, waitFor } from './helpers';

const trusted = (): boolean => true;

describe('probe limits that cannot be escaped (issue 19 item 9)', function () {
  this.timeout(15_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'si-limits-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  const escaped = (pidFile: string): string => `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 300' & sleep 30`;
  const readPid = async (file: string): Promise<number> => {
    assert.ok(await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '', 5000), 'pid file written');
    return Number(readFileSync(file, 'utf8').trim());
  };

  it('a timeout resolves although an escaped (setsid) descendant holds stdout open, and that descendant is stopped', async () => {
    const pidFile = path.join(dir, 'escaped.pid');
    const r = await runCommand({ command: escaped(pidFile), cwd: dir, timeoutMs: 1500, killGraceMs: 300, isTrusted: trusted });
    assert.equal(r.timedOut, true);
    const pid = await readPid(pidFile);
    assert.ok(await waitFor(() => !isAlive(pid), 3000), `the escaped process ${pid} was stopped too`);
  });

  it('a cancel resolves too, and stops the escaped descendant', async () => {
    const pidFile = path.join(dir, 'escaped.pid');
    const ac = new AbortController();
    const pending = runCommand({ command: escaped(pidFile), cwd: dir, timeoutMs: 60_000, killGraceMs: 300, isTrusted: trusted, signal: ac.signal });
    const pid = await readPid(pidFile);
    ac.abort();
    const r = await pending;
    assert.equal(r.cancelled, true);
    assert.ok(await waitFor(() => !isAlive(pid), 3000), `the escaped process ${pid} was stopped too`);
  });

  it('a command that exits while an escaped descendant keeps the pipe open still resolves, with its output', async () => {
    const pidFile = path.join(dir, 'escaped.pid');
    const r = await runCommand({ command: `echo value 42; setsid sh -c 'echo $$ > ${pidFile}; exec sleep 300' & while [ ! -s ${pidFile} ]; do sleep 0.05; done`, cwd: dir, timeoutMs: 60_000, killGraceMs: 300, isTrusted: trusted });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.trim(), 'value 42');
    const pid = await readPid(pidFile);
    assert.ok(await waitFor(() => !isAlive(pid), 3000), `what it left running (${pid}) was stopped`);
  });

  it('a catastrophically backtracking regex is stopped with a clear error instead of blocking the event loop', () => {
    assert.throws(() => parseRegex(`${'a'.repeat(41)}!`, '(a+)+$'), /took longer than .* stopped.*backtrack/s);
  });

  it('ordinary regexes still work, groups and named groups included', () => {
    assert.equal(parseRegex('startup: 12.5 ms\nstartup: 13 ms\n', 'startup: ([0-9.]+)').value, 13);
    assert.equal(parseRegex('t=7', 't=(?<v>\\d+)', 'v').value, 7);
  });
});
