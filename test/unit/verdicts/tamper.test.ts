import assert from 'node:assert/strict';
import { tamperFlags } from '../../../src/engine/verdicts/tamper';

const config = '.vscode/self-improvement.json';
const byFile = (flags: { file: string; reasons: string[] }[]) => Object.fromEntries(flags.map((f) => [f.file, f.reasons]));

describe('verdicts / tamperFlags', () => {
  it('flags the benchmark script the probe runs, not the code it measures', () => {
    const flags = byFile(tamperFlags({ changedFiles: ['bench/startup.js', 'src/app.ts'], probeCommand: 'node bench/startup.js --runs 5', configPath: config }));
    assert.deepEqual(Object.keys(flags), ['bench/startup.js']);
    assert.ok(flags['bench/startup.js'].includes('named in the probe command ("bench/startup.js")'));
    assert.ok(flags['bench/startup.js'].some((r) => /benchmark/.test(r)));
  });

  it('flags the config file, declared evaluator globs, and package.json for npm scripts', () => {
    const flags = byFile(tamperFlags({
      changedFiles: ['./.vscode/self-improvement.json', 'evals/cases/math.yaml', 'package.json', 'lib/x.ts'],
      probeCommand: 'npm test -- --reporter=json',
      configPath: config,
      evaluatorFiles: ['evals/**/*.yaml', 'scorer.py'],
    }));
    assert.deepEqual(Object.keys(flags).sort(), ['.vscode/self-improvement.json', 'evals/cases/math.yaml', 'package.json']);
    assert.deepEqual(flags['.vscode/self-improvement.json'], ['is the capabilities config file']);
    assert.ok(flags['evals/cases/math.yaml'].includes('declared as an evaluator file ("evals/**/*.yaml")'));
    assert.deepEqual(flags['package.json'], ['defines the package scripts the probe runs']);
  });

  it('flags files inside a folder the command names, --opt=path arguments and quoted paths', () => {
    const flags = byFile(tamperFlags({
      changedFiles: ['tests/unit/helpers.py', 'jest.config.js', 'my data/score.py', 'src/main.py'],
      probeCommand: ['pytest tests/ -q', 'npx jest --config=jest.config.js', 'python "my data/score.py" && echo done'],
      configPath: config,
    }));
    assert.ok(flags['tests/unit/helpers.py'].includes('inside "tests", which the probe command names'));
    assert.ok(flags['jest.config.js'].includes('named in the probe command ("jest.config.js")'));
    assert.ok(flags['jest.config.js'].includes('configures the test runner'));
    assert.ok(flags['my data/score.py'].includes('named in the probe command ("my data/score.py")'));
    assert.equal(flags['src/main.py'], undefined);
  });

  it('recognises common test and benchmark names across languages, and Windows separators', () => {
    const files = ['src/a.test.ts', 'src/b.spec.jsx', 'pkg/x_test.go', 'test_y.py', 'src/FooTest.java', 'src\\__tests__\\z.js', 'src/contest.ts', 'src/latest.ts'];
    const flagged = tamperFlags({ changedFiles: files, probeCommand: 'make check', configPath: config }).map((f) => f.file);
    assert.deepEqual(flagged, ['src/a.test.ts', 'src/b.spec.jsx', 'pkg/x_test.go', 'test_y.py', 'src/FooTest.java', 'src/__tests__/z.js']);
  });

  it('returns nothing for no changes or unrelated changes, and refuses bad input', () => {
    assert.deepEqual(tamperFlags({ changedFiles: [], probeCommand: 'node bench.js', configPath: config }), []);
    assert.deepEqual(tamperFlags({ changedFiles: ['README.md'], probeCommand: 'curl https://example.com/x.json', configPath: config }), []);
    assert.throws(() => tamperFlags({ changedFiles: 'a.ts' as never, probeCommand: 'x', configPath: config }), /needs/);
    assert.throws(() => tamperFlags({ changedFiles: [], probeCommand: 3 as never, configPath: config }), /probeCommand/);
  });
});
