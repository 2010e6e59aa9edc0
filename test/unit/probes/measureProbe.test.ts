import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  measureProbe, ProbeCancelledError, ProbeCommandError, ProbeParseError, ProbeTimeoutError, UntrustedWorkspaceError,
} from '../../../src/engine/probes';

const trusted = (): boolean => true;

describe('measureProbe', function () {
  this.timeout(15000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'si-probe-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('repeats the command `samples` times, one value per run, and reports each sample', async () => {
    // Each run appends a line and prints how many lines there are: 1, 2, 3.
    const seen: number[] = [];
    const m = await measureProbe(
      { command: 'echo x >> runs.txt; echo "count: $(wc -l < runs.txt)"', parse: { format: 'regex', regex: 'count: *(\\d+)' }, samples: 3 },
      { cwd: dir, isTrusted: trusted, onSample: (s, i, total) => { seen.push(i); assert.equal(total, 3); assert.equal(s.values.length, 1); } },
    );
    assert.deepEqual(m.samples, [1, 2, 3]);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(m.durationsMs.length, 3);
    assert.equal(m.cases, undefined);
  });

  it('runs in probe.cwd under the folder with defaults.env under the probe env', async () => {
    const sub = path.join(dir, 'pkg');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'value.txt'), '41');
    const m = await measureProbe(
      { command: 'echo "$(cat value.txt) $A $B"', cwd: 'pkg', parse: { format: 'regex', regex: '^(\\d+) one two$' }, env: { B: 'two' } },
      { cwd: dir, isTrusted: trusted, env: { A: 'one', B: 'overridden' } },
    );
    assert.deepEqual(m.samples, [41]);
  });

  it('reads test reports even when the command exits non-zero, with per-run cases', async () => {
    const m = await measureProbe(
      { command: 'printf "1..2\\nok 1 - a\\nnot ok 2 - b\\n"; exit 1', parse: { format: 'tap' }, samples: 2 },
      { cwd: dir, isTrusted: trusted },
    );
    assert.deepEqual(m.samples, [0.5, 0.5]);
    assert.deepEqual(m.cases?.[1], [{ id: 'a', pass: true }, { id: 'b', pass: false }]);
  });

  it('exit-code gives 1 on success and 0 on failure; wall-time gives milliseconds', async () => {
    assert.deepEqual((await measureProbe({ command: 'exit 2', parse: { format: 'exit-code' } }, { cwd: dir, isTrusted: trusted })).samples, [0]);
    assert.deepEqual((await measureProbe({ command: 'true', parse: { format: 'exit-code' } }, { cwd: dir, isTrusted: trusted })).samples, [1]);
    const t = await measureProbe({ command: 'sleep 0.2', parse: { format: 'wall-time' } }, { cwd: dir, isTrusted: trusted });
    assert.ok((t.samples[0] as number) >= 190 && (t.samples[0] as number) < 2000, `wall time ${t.samples[0]}`);
  });

  it('refuses a failing command for a value format, quoting stderr', async () => {
    await assert.rejects(
      measureProbe({ command: 'echo "Error: no bench" >&2; exit 4', parse: { format: 'number' } }, { cwd: dir, isTrusted: trusted }),
      (e: unknown) => e instanceof ProbeCommandError && e.exitCode === 4 && /exited with code 4/.test(e.message) && /no bench/.test(e.message));
  });

  it('says the output was cut rather than parsing a truncated output', async () => {
    await assert.rejects(
      measureProbe({ command: 'node -e "console.log(\'1 \'.repeat(5000))"', parse: { format: 'number' }, maxOutputBytes: 100 }, { cwd: dir, isTrusted: trusted }),
      /more than 100 bytes.*maxOutputBytes/s);
  });

  it('reads parse.file after the run, and refuses a stale report the run did not rewrite', async () => {
    const write = await measureProbe(
      { command: 'echo \'{"results":[{"mean":0.5,"times":[0.4,0.6]}]}\' > report.json', parse: { format: 'hyperfine-json', file: 'report.json', use: 'times' } },
      { cwd: dir, isTrusted: trusted },
    );
    assert.deepEqual(write.samples.map((x) => Math.round(x)), [400, 600]);
    utimesSync(path.join(dir, 'report.json'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    await assert.rejects(
      measureProbe({ command: 'true', parse: { format: 'hyperfine-json', file: 'report.json' } }, { cwd: dir, isTrusted: trusted }),
      (e: unknown) => e instanceof ProbeParseError && /write report\.json/.test(e.message) && /left unchanged/.test(e.message));
  });

  it('turns a timeout and a cancel into typed errors', async () => {
    await assert.rejects(
      measureProbe({ command: 'sleep 10', parse: { format: 'number' }, timeoutSeconds: 0.3 }, { cwd: dir, isTrusted: trusted, killGraceMs: 200 }),
      (e: unknown) => e instanceof ProbeTimeoutError && /did not finish/.test(e.message));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(
      measureProbe({ command: 'sleep 10', parse: { format: 'number' }, samples: 3 }, { cwd: dir, isTrusted: trusted, signal: controller.signal, killGraceMs: 200 }),
      ProbeCancelledError);
  });

  it('stops between samples when trust is withdrawn', async () => {
    let calls = 0;
    await assert.rejects(
      measureProbe({ command: 'echo 1', parse: { format: 'number' }, samples: 3 }, { cwd: dir, isTrusted: () => ++calls < 2 }),
      UntrustedWorkspaceError);
    assert.equal(calls, 2);
  });
});
