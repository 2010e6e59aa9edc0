// Beyond npm: pytest (JUnit XML, per case), go test, cargo test/bench, and Makefile targets.
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { exists, readText } from './files';
import { exitCodeTestProposal, safeName } from './npmScripts';
import { HYPERFINE_DIR, timingProposal } from './timing';
import type { DetectOptions, ProposedCapability } from './types';

async function hasTestFiles(folder: string, dirs: string[], pattern: RegExp): Promise<boolean> {
  for (const dir of dirs) {
    try {
      if ((await readdir(path.join(folder, dir))).some((f) => pattern.test(f))) return true;
    } catch { /* no such folder */ }
  }
  return false;
}

export async function detectPytest(folder: string, options: DetectOptions, looked: string[]): Promise<ProposedCapability[]> {
  const pyproject = await readText(folder, 'pyproject.toml');
  const setupCfg = await readText(folder, 'setup.cfg');
  const configured = /\[tool\.pytest/.test(pyproject ?? '') || /\[tool:pytest\]/.test(setupCfg ?? '')
    || await exists(folder, 'pytest.ini') || await exists(folder, 'conftest.py')
    || await hasTestFiles(folder, ['.', 'tests', 'test'], /^test_.*\.py$|_test\.py$/);
  if (!configured) { looked.push('pytest (no pytest.ini, [tool.pytest], conftest.py or test_*.py)'); return []; }
  const python = options.hasTool?.('python3') === false && options.hasTool?.('python') ? 'python' : 'python3';
  const report = `${HYPERFINE_DIR}/pytest-junit.xml`;
  return [{
    name: 'pytest-pass-rate', type: 'output_quality', unit: 'ratio', direction: 'higher', target: { absolute: 1 }, source: 'pytest',
    description: 'Share of the pytest cases that pass (per case, from its JUnit XML report).',
    probe: { command: `${python} -m pytest -q -p no:cacheprovider --junitxml=${report}`, parse: { format: 'junit', file: report }, timeoutSeconds: 600 },
    why: 'pytest tests found — its JUnit XML report, read per case',
    fallback: exitCodeTestProposal('pytest-pass', `${python} -m pytest -q -p no:cacheprovider`, 'pytest', 'pytest'),
  }];
}

export async function detectGo(folder: string, _options: DetectOptions, looked: string[]): Promise<ProposedCapability[]> {
  if (!(await exists(folder, 'go.mod'))) { looked.push('go.mod (none)'); return []; }
  // No parser reads `go test -json` per case yet, so the suite's exit code it is.
  return [exitCodeTestProposal('go-test-pass', 'go test ./...', 'go test ./...', 'go')];
}

export async function detectCargo(folder: string, options: DetectOptions, looked: string[]): Promise<ProposedCapability[]> {
  const manifest = await readText(folder, 'Cargo.toml');
  if (manifest === null) { looked.push('Cargo.toml (none)'); return []; }
  const proposals = [exitCodeTestProposal('cargo-test-pass', 'cargo test --quiet', 'cargo test', 'cargo')];
  if (/\[\[bench\]\]/.test(manifest) || await exists(folder, 'benches')) {
    proposals.push(timingProposal('cargo-bench-ms', 'cargo bench --quiet', 'cargo bench', 'cargo', options));
  } else looked.push('cargo benches (no benches/ or [[bench]])');
  return proposals;
}

const TEST_TARGETS = ['test', 'check'];
const BENCH_TARGETS = /^(bench|benchmarks?|perf)([_.-].*)?$/;

/** Targets a Makefile defines (rules, not variable assignments or special targets). */
export function makeTargets(text: string): string[] {
  const targets = new Set<string>();
  for (const m of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9_.-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9_.-]*)*)[ \t]*:(?![=:])/gm)) {
    for (const t of (m[1] ?? '').split(/[ \t]+/)) targets.add(t);
  }
  return [...targets];
}

/** Makefile `test`/`check` (only when no other detector found a test suite) and bench-like targets. */
export async function detectMake(folder: string, options: DetectOptions, looked: string[], haveTests: boolean): Promise<ProposedCapability[]> {
  const text = await readText(folder, 'Makefile') ?? await readText(folder, 'makefile') ?? await readText(folder, 'GNUmakefile');
  if (text === null) { looked.push('Makefile (none)'); return []; }
  const targets = makeTargets(text);
  const proposals: ProposedCapability[] = [];
  const test = TEST_TARGETS.find((t) => targets.includes(t));
  if (test && !haveTests) proposals.push(exitCodeTestProposal(`make-${test}-pass`, `make -s ${test}`, `make ${test}`, 'make'));
  for (const t of targets.filter((x) => BENCH_TARGETS.test(x))) {
    proposals.push(timingProposal(`make-${safeName(t)}-ms`, `make -s ${t}`, `make ${t}`, 'make', options));
  }
  if (!proposals.length) looked.push(`Makefile targets (${targets.length ? targets.join(', ') : 'none'}: no test/check or bench target)`);
  return proposals;
}
