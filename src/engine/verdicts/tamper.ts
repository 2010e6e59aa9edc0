// Tamper flags: a candidate that edits the probe's own files (what measures it) cannot be trusted to be
// measured fairly, so such a change is flagged in the verdict and never applied automatically.
import { InvalidInputError } from '../errors';

export interface TamperInput {
  /** Files the candidate changes, relative to the workspace folder. */
  changedFiles: readonly string[];
  /** The probe's command line (one or several). */
  probeCommand: string | readonly string[];
  /** The capabilities config file, e.g. ".vscode/self-improvement.json". */
  configPath: string;
  /** Files (or globs with * and **) the capability declares as its evaluator. */
  evaluatorFiles?: readonly string[];
}

export interface TamperFlag {
  file: string;
  reasons: string[];
}

/** Slash-separated, no leading "./", no trailing "/". */
export function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/').replace(/\/$/, '');
}

/** Splits a shell command into words, honouring quotes; operators (&&, |, ;, >) become word breaks. */
function words(command: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'&|;<>()]+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * Words that name files or folders: after "--opt=" splits, those with a slash or a file extension. Exported
 * so that what a drafting prompt says "measures the capability" is exactly what the tamper check flags.
 */
export function pathsIn(command: string): string[] {
  return words(command)
    .flatMap((w) => (w.startsWith('-') && w.includes('=') ? [w.slice(w.indexOf('=') + 1)] : w.startsWith('-') ? [] : [w]))
    .filter((w) => w.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(w))
    .filter((w) => !/^[a-z]+:\/\//i.test(w))
    .map(normalizePath)
    .filter((w) => w !== '' && w !== '.');
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Common test and benchmark file names across ecosystems, each with the reason it gives. */
const EVALUATOR_PATTERNS: readonly [RegExp, string][] = [
  [/(^|\/)(test|tests|__tests__|spec|specs|e2e|bench|benches|benchmark|benchmarks|evals?)\//i, 'lies in a test, benchmark or eval folder'],
  [/\.(test|spec|bench|benchmark|e2e)\.[cm]?[jt]sx?$/i, 'is a test or benchmark file'],
  [/(^|\/)test_[^/]*\.py$|_test\.(py|go)$|(^|\/)conftest\.py$/i, 'is a test file'],
  [/(Test|Tests|Spec|Benchmark)\.(java|kt|cs|scala)$/, 'is a test or benchmark file'],
  [/(^|\/)(jest|vitest|playwright|karma|cypress)\.config\.[cm]?[jt]s$|(^|\/)\.mocharc(\.[a-z]+)?$|(^|\/)(pytest\.ini|tox\.ini|\.nycrc(\.json)?)$/i, 'configures the test runner'],
];

export function tamperFlags(input: TamperInput): TamperFlag[] {
  if (!input || typeof input !== 'object' || !Array.isArray(input.changedFiles)) {
    throw new InvalidInputError('tamperFlags needs { changedFiles, probeCommand, configPath, evaluatorFiles? }.');
  }
  const commands = typeof input.probeCommand === 'string' ? [input.probeCommand] : input.probeCommand;
  if (!Array.isArray(commands) || commands.some((c) => typeof c !== 'string')) throw new InvalidInputError('probeCommand must be a string or an array of strings.');
  if (typeof input.configPath !== 'string') throw new InvalidInputError('configPath must be a string.');
  const named = commands.flatMap(pathsIn);
  const config = normalizePath(input.configPath);
  const declared = (input.evaluatorFiles ?? []).map((g) => ({ glob: g, re: globToRegExp(normalizePath(g)) }));
  const runsPackageScript = commands.some((c) => /\b(npm|pnpm|yarn|bun)\b\s+(run\s+|run-script\s+)?\S+/.test(c));

  const flags: TamperFlag[] = [];
  for (const raw of input.changedFiles) {
    if (typeof raw !== 'string') throw new InvalidInputError('changedFiles must be strings.');
    const file = normalizePath(raw);
    const reasons: string[] = [];
    for (const p of named) {
      if (file === p) reasons.push(`named in the probe command ("${p}")`);
      else if (file.startsWith(p + '/')) reasons.push(`inside "${p}", which the probe command names`);
    }
    if (config !== '' && file === config) reasons.push('is the capabilities config file');
    for (const d of declared) if (d.re.test(file)) reasons.push(`declared as an evaluator file ("${d.glob}")`);
    if (runsPackageScript && /(^|\/)package\.json$/.test(file) && !file.includes('node_modules/')) {
      reasons.push('defines the package scripts the probe runs');
    }
    for (const [re, why] of EVALUATOR_PATTERNS) if (re.test(file)) reasons.push(why);
    if (reasons.length) flags.push({ file, reasons: [...new Set(reasons)] });
  }
  return flags;
}
