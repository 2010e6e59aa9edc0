// npm: the "test" script, read per case whenever its runner can print a per-case report (node:test and
// mocha as TAP, Jest and Vitest as Jest-style JSON), and "bench"-like scripts timed with samples.
// Every command runs through `npm ... --silent`, so npm's "> pkg@1.0.0 test" banner never reaches a parser.
import { readJsonObject } from './files';
import { HYPERFINE_DIR, timingProposal } from './timing';
import type { DetectOptions, ProposedCapability } from './types';

/** The npm placeholder test script ("Error: no test specified") fails on purpose: not a test suite. */
const PLACEHOLDER_TEST = /no test specified/i;
/** Script names that measure time: bench, benchmark, perf, and their "bench:…"-style variants. */
const BENCH_NAME = /^(bench|benchmarks?|perf)([:_.-].*)?$/i;

export type TestRunner = 'node:test' | 'jest' | 'vitest' | 'mocha' | 'tape' | 'unknown';

const word = (name: string): RegExp => new RegExp(`(^|[\\s/&|;(])${name}(\\s|$|[&|;)])`);

/** Which runner a test script calls (from the script itself; devDependencies break ties). */
export function testRunnerOf(script: string, deps: Record<string, unknown> = {}): TestRunner {
  if (/\bnode\b[^&|;]*\s--test\b/.test(script)) return 'node:test';
  if (word('jest').test(script)) return 'jest';
  if (word('vitest').test(script)) return 'vitest';
  if (word('mocha').test(script)) return 'mocha';
  if (word('tape').test(script)) return 'tape';
  for (const r of ['jest', 'vitest', 'mocha'] as const) if (r in deps && word('npx').test(script)) return r;
  return 'unknown';
}

/** The probe that reads `npm test` per case for this runner (null: only its exit code can be read). */
function perCaseProbe(runner: TestRunner, script: string): Pick<ProposedCapability, 'probe' | 'why'> | null {
  const timeoutSeconds = 600;
  switch (runner) {
    case 'node:test':
      // A reporter already named in the script would compete with ours for stdout.
      if (/--test-reporter\b/.test(script) && !/--test-reporter[= ]tap\b/.test(script)) return null;
      // Through NODE_OPTIONS rather than appended arguments: after a file name they would reach the tests.
      return { probe: { command: 'npm test --silent', env: { NODE_OPTIONS: '--test-reporter=tap' }, parse: { format: 'tap' }, timeoutSeconds },
        why: 'node:test prints TAP (reporter set through NODE_OPTIONS), read per case' };
    case 'mocha':
      return { probe: { command: 'npm test --silent -- --reporter tap', parse: { format: 'tap' }, timeoutSeconds }, why: 'mocha\'s TAP reporter, read per case' };
    case 'tape':
      return { probe: { command: 'npm test --silent', parse: { format: 'tap' }, timeoutSeconds }, why: 'tape prints TAP, read per case' };
    case 'jest':
      return { probe: { command: 'npm test --silent -- --json', parse: { format: 'jest-json' }, timeoutSeconds }, why: 'Jest\'s --json report, read per case' };
    case 'vitest':
      return { probe: { command: 'npm test --silent -- --run --reporter=json', parse: { format: 'jest-json' }, timeoutSeconds }, why: 'Vitest\'s JSON report, read per case' };
    default:
      return null;
  }
}

export function exitCodeTestProposal(name: string, command: string, what: string, source: ProposedCapability['source']): ProposedCapability {
  return {
    name, type: 'reliability', unit: 'ratio', direction: 'higher', target: { absolute: 1 }, source,
    description: `${what} succeeds (1) or fails (0).`,
    probe: { command, parse: { format: 'exit-code' }, timeoutSeconds: 600 },
    why: `${what}: its exit code says whether the suite passes (no per-case report to read)`,
  };
}

export async function detectNpm(folder: string, options: DetectOptions, looked: string[]): Promise<ProposedCapability[]> {
  const pkg = await readJsonObject(folder, 'package.json');
  if (!pkg) { looked.push('package.json (none, or not valid JSON)'); return []; }
  const proposals: ProposedCapability[] = [];
  const scripts = (pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {}) as Record<string, unknown>;
  const deps = { ...(pkg.dependencies as object | undefined), ...(pkg.devDependencies as object | undefined) } as Record<string, unknown>;
  const test = typeof scripts.test === 'string' ? scripts.test : null;
  if (test && !PLACEHOLDER_TEST.test(test)) {
    const runner = testRunnerOf(test, deps);
    const perCase = perCaseProbe(runner, test);
    const fallback = exitCodeTestProposal('tests-pass', 'npm test --silent', 'npm test', 'npm');
    if (perCase) {
      proposals.push({
        name: 'tests-pass-rate', type: 'output_quality', unit: 'ratio', direction: 'higher', target: { absolute: 1 }, source: 'npm',
        description: 'Share of the npm test cases that pass (per case, so experiments compare them pairwise).',
        probe: perCase.probe,
        why: `"test": "${test}" — ${perCase.why}`,
        fallback: { ...fallback, why: `"test": "${test}" — the per-case report could not be read, so the exit code is used` },
      });
    } else {
      proposals.push({ ...fallback, why: `"test": "${test}" — ${runner === 'unknown' ? 'no known test runner' : `${runner} with its own reporter`}; its exit code says whether the suite passes` });
    }
  } else looked.push(test ? 'package.json "test" (the npm placeholder)' : 'package.json "test" (none)');

  const benches = Object.keys(scripts).filter((s) => BENCH_NAME.test(s) && typeof scripts[s] === 'string');
  for (const name of benches) {
    const script = scripts[name] as string;
    const own = /\bhyperfine\b[^&|;]*--export-json[= ]+(\S+)/.exec(script);
    if (own) {
      // The script runs hyperfine itself: read its report rather than timing hyperfine.
      proposals.push({
        name: `${safeName(name)}-ms`, type: 'performance', unit: 'ms', direction: 'lower', target: { relativeToBaseline: 0.9 }, source: 'npm',
        description: `Mean time of the command hyperfine times in npm run ${name}.`,
        probe: { command: `npm run ${name} --silent`, parse: { format: 'hyperfine-json', file: stripQuotes(own[1]!), use: 'times' }, timeoutSeconds: 600 },
        why: `"${name}": "${script}" — hyperfine's own JSON report, every timing a sample`,
      });
      continue;
    }
    proposals.push(timingProposal(`${safeName(name)}-ms`, `npm run ${name} --silent`, `npm run ${name}`, 'npm', options));
  }
  if (!benches.length) looked.push('package.json "bench"/"benchmark"/"perf" scripts (none)');
  return proposals;
}

/** A capability name from a script name ("bench:parse" → "bench-parse"). */
export function safeName(script: string): string {
  return script.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'script';
}

const stripQuotes = (s: string): string => s.replace(/^['"]|['"]$/g, '');

export { HYPERFINE_DIR };
