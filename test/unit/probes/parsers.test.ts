import * as assert from 'node:assert/strict';
import {
  combineCases, ProbeParseError, parseExitCode, parseHyperfineJson, parseJestJson, parseJsonAtPath, parseJsonPath, parseJunit,
  parseLastNumber, parseProbeOutput, parseRegex, parseTap, parseWallTime,
} from '../../../src/engine/probes';

function assertParseError(fn: () => unknown, expectedPart: RegExp, shownPart?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ProbeParseError, `expected ProbeParseError, got ${String(error)}`);
    assert.match(error.message, expectedPart);
    if (shownPart) assert.match(error.message, shownPart);
    return true;
  });
}

describe('probe parsers', () => {
  describe('last number', () => {
    it('takes the last number, with sign, decimals and exponent', () => {
      assert.equal(parseLastNumber('warming up 1/3\nrun 3\nresult: -12.5e2 ms\n').value, -1250);
      assert.equal(parseLastNumber('42').value, 42);
      assert.equal(parseLastNumber('took .5s').value, 0.5);
    });
    it('says what came when there is no number', () => {
      assertParseError(() => parseLastNumber('no digits here\nat all'), /a number/, /no digits here/);
      assertParseError(() => parseLastNumber(''), /a number/, /was empty/);
    });
  });

  describe('regex', () => {
    it('reads group 1 of the last match by default', () => {
      assert.equal(parseRegex('startup: 12.5\nstartup: 14.25\n', 'startup: ([0-9.]+)').value, 14.25);
    });
    it('reads a numbered or named group', () => {
      assert.equal(parseRegex('a=1 b=2', 'a=(\\d) b=(\\d)', 2).value, 2);
      assert.equal(parseRegex('p95=310ms', 'p95=(?<v>\\d+)ms', 'v').value, 310);
    });
    it('fails with the pattern and the output when nothing matches or the group is not a number', () => {
      assertParseError(() => parseRegex('nothing', 'startup: ([0-9.]+)'), /startup: \(\[0-9\.\]\+\)/, /nothing/);
      assertParseError(() => parseRegex('v=abc', 'v=(\\w+)'), /to be a number, not "abc"/);
      assertParseError(() => parseRegex('v=1', 'v=(\\d)(x)?', 2), /capture group 2/);
    });
    it('refuses an invalid pattern', () => {
      assert.throws(() => parseRegex('x', '(['), /Invalid probe regex/);
    });
  });

  describe('json path', () => {
    it('parses dotted, indexed and quoted paths', () => {
      assert.deepEqual(parseJsonPath('results[0].mean'), ['results', 0, 'mean']);
      assert.deepEqual(parseJsonPath('a["b.c"][2].d-e'), ['a', 'b.c', 2, 'd-e']);
      assert.throws(() => parseJsonPath('a..b'), /Invalid JSON path/);
      assert.throws(() => parseJsonPath('a[x]'), /Invalid JSON path/);
    });
    it('reads the number at the path, after banner lines', () => {
      const out = '> bench@1.0.0 bench\n> node bench.js\n\n{"results":[{"mean":0.125,"ok":true}]}\n';
      assert.equal(parseJsonAtPath(out, 'results[0].mean').value, 0.125);
      assert.equal(parseJsonAtPath(out, 'results[0].ok').value, 1);
      assert.equal(parseJsonAtPath('{\n  "a": {\n    "b": "7"\n  }\n}\ndone in 3s\n', 'a.b').value, 7);
    });
    it('says where the path stopped, or that the value is not a number', () => {
      assertParseError(() => parseJsonAtPath('{"results":[]}', 'results[0].mean'), /nothing at results\[0\]/);
      assertParseError(() => parseJsonAtPath('{"a":{"b":"x"}}', 'a.b'), /a number at a\.b, not "x"/);
      assertParseError(() => parseJsonAtPath('Error: boom\n  at main', 'a'), /a JSON document/, /Error: boom/);
    });
  });

  describe('exit code and wall time', () => {
    it('maps success to 1 and failure to 0', () => {
      assert.equal(parseExitCode({ exitCode: 0 }).value, 1);
      assert.equal(parseExitCode({ exitCode: 3 }).value, 0);
      assert.equal(parseExitCode({ exitCode: null }).value, 0);
    });
    it('reports the duration', () => {
      assert.equal(parseWallTime({ durationMs: 123.4 }).value, 123.4);
    });
  });

  describe('junit', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="all">
  <testsuite name="math" tests="4">
    <testcase classname="/ws/a/test/math" name="adds"/>
    <testcase classname="/ws/a/test/math" name="divides"><failure message="expected 2">trace</failure></testcase>
    <testcase classname="/ws/a/test/math" name="rounds"><skipped/></testcase>
    <testcase classname="/ws/a/test/math" name="errs"><error message="boom"/></testcase>
  </testsuite>
  <testsuite name="io"><testcase name="reads" classname="io"></testcase></testsuite>
</testsuites>`;
    it('gives the pass rate without skipped cases, and stable case ids', () => {
      const r = parseJunit(`some log line\n${xml}`, { cwd: '/ws/a' });
      assert.equal(r.value, 2 / 4);
      assert.deepEqual(r.cases, [
        { id: 'test/math > adds', pass: true },
        { id: 'test/math > divides', pass: false },
        { id: 'test/math > errs', pass: false },
        { id: 'io > reads', pass: true },
      ]);
    });
    it('accepts a lone <testsuite> and nested suites', () => {
      const r = parseJunit('<testsuite name="s"><testsuite name="inner"><testcase name="t"/></testsuite><testcase name="u"/></testsuite>');
      assert.deepEqual(r.cases, [{ id: 's > u', pass: true }, { id: 'inner > t', pass: true }]);
    });
    it('fails on non-XML, malformed XML and reports without cases', () => {
      assertParseError(() => parseJunit('PASS 3 tests'), /JUnit XML/, /PASS 3 tests/);
      assertParseError(() => parseJunit('<testsuites><testsuite></testsuites>'), /well-formed JUnit XML \(line 1/);
      assertParseError(() => parseJunit('<testsuites><testsuite name="x"/></testsuites>'), /at least one test case/);
    });
  });

  describe('tap', () => {
    it('reads flat TAP with skip and todo left out', () => {
      const r = parseTap('TAP version 13\n1..5\nok 1 - a\nnot ok 2 - b\n  ---\n  ok: not a test\n  ...\nok 3 - c # SKIP slow\nnot ok 4 - d # TODO later\nok 5 e\n');
      assert.equal(r.value, 2 / 3);
      assert.deepEqual(r.cases, [{ id: 'a', pass: true }, { id: 'b', pass: false }, { id: 'e', pass: true }]);
    });
    it('counts only leaves of node --test subtests, with parent names in ids', () => {
      const out = [
        'TAP version 13', '# Subtest: math',
        '    # Subtest: adds', '    ok 1 - adds', '    # Subtest: divides', '    not ok 2 - divides',
        '    1..2', 'not ok 1 - math', '# Subtest: io', 'ok 2 - io', '1..2', '# tests 3',
      ].join('\n');
      const r = parseTap(out);
      assert.deepEqual(r.cases, [{ id: 'math > adds', pass: true }, { id: 'math > divides', pass: false }, { id: 'io', pass: true }]);
      assert.equal(r.value, 2 / 3);
    });
    it('counts tests the plan announced but never reported as failed', () => {
      const r = parseTap('1..3\nok 1 - a\nBail out! db down\n');
      assert.equal(r.cases?.length, 3);
      assert.equal(r.value, 1 / 3);
    });
    it('fails when there is no TAP', () => {
      assertParseError(() => parseTap('Ran 3 tests in 0.1s\nOK'), /TAP output/, /Ran 3 tests/);
      assertParseError(() => parseTap('1..1\nok 1 - a # SKIP'), /at least one test/);
    });
  });

  describe('jest / vitest json', () => {
    const report = {
      numTotalTests: 4,
      testResults: [
        { name: '/ws/a/src/sum.test.js', status: 'failed', assertionResults: [
          { fullName: 'sum adds', title: 'adds', ancestorTitles: ['sum'], status: 'passed' },
          { fullName: 'sum overflows', status: 'failed' },
          { fullName: 'sum later', status: 'todo' },
          { title: 'nameless', ancestorTitles: ['sum'], status: 'pending' },
        ] },
        { name: '/ws/a/src/broken.test.js', status: 'failed', message: 'SyntaxError', assertionResults: [] },
        { name: '/ws/a/src/ok.test.js', status: 'passed', assertionResults: [{ title: 'works', ancestorTitles: ['ok'], status: 'passed' }] },
      ],
    };
    it('gives the pass rate and case ids relative to the folder', () => {
      const r = parseJestJson(`\n> jest --json\n${JSON.stringify(report)}\n`, { cwd: '/ws/a' });
      assert.equal(r.value, 2 / 4);
      assert.deepEqual(r.cases, [
        { id: 'src/sum.test.js > sum adds', pass: true },
        { id: 'src/sum.test.js > sum overflows', pass: false },
        { id: 'src/broken.test.js (failed to run)', pass: false },
        { id: 'src/ok.test.js > ok works', pass: true },
      ]);
    });
    it('fails on other JSON and on text', () => {
      assertParseError(() => parseJestJson('{"numTests": 3}'), /testResults/, /numTests/);
      assertParseError(() => parseJestJson('FAIL src/a.test.js'), /jest --json/, /FAIL src/);
      assertParseError(() => parseJestJson('{"testResults":[]}'), /at least one test/);
    });
  });

  describe('hyperfine json', () => {
    const report = { results: [{ command: 'node a.js', mean: 0.0421, stddev: 0.001, times: [0.041, 0.0432] }, { mean: 9 }] };
    it('gives the first command\'s mean in ms and every timing as samples', () => {
      const r = parseHyperfineJson(JSON.stringify(report, null, 2));
      assert.ok(Math.abs(r.value - 42.1) < 1e-9);
      assert.deepEqual(r.samples?.map((x) => Math.round(x * 10) / 10), [41, 43.2]);
    });
    it('fails without results[0].mean', () => {
      assertParseError(() => parseHyperfineJson('{"results": []}'), /hyperfine/);
      assertParseError(() => parseHyperfineJson('Benchmark 1: node a.js\n  Time (mean ± σ): 42.1 ms'), /hyperfine/, /Benchmark 1/);
    });
  });

  describe('dispatch', () => {
    const run = { exitCode: 0, durationMs: 5 };
    it('routes each format and requires its options', () => {
      assert.equal(parseProbeOutput({ format: 'number' }, 'x 3', run).value, 3);
      assert.equal(parseProbeOutput({ format: 'regex', regex: 't=(\\d+)' }, 't=9', run).value, 9);
      assert.equal(parseProbeOutput({ format: 'json', path: 'a' }, '{"a":2}', run).value, 2);
      assert.equal(parseProbeOutput({ format: 'wall-time' }, '', run).value, 5);
      assert.equal(parseProbeOutput({ format: 'exit-code' }, '', { exitCode: 1, durationMs: 1 }).value, 0);
      assert.throws(() => parseProbeOutput({ format: 'regex' }, 'x', run), /needs parse\.regex/);
      assert.throws(() => parseProbeOutput({ format: 'json' }, '{}', run), /needs parse\.path/);
    });
  });
});

describe('combineCases', () => {
  it('keeps one result per case: passing when it passed in more than half of the runs', () => {
    assert.deepEqual(combineCases([
      [{ id: 'a', pass: true }, { id: 'b', pass: false }, { id: 'c', pass: true }],
      [{ id: 'a', pass: true }, { id: 'b', pass: true }, { id: 'c', pass: false }],
      [{ id: 'a', pass: false }, { id: 'b', pass: false }],
    ]), [{ id: 'a', pass: true }, { id: 'b', pass: false }, { id: 'c', pass: false }]);
    assert.deepEqual(combineCases([]), []);
  });
});
