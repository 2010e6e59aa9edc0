// Reads `.vscode/self-improvement.json` (JSON with comments): syntax errors, schema errors and the
// checks a schema cannot express (duplicate names, valid regexes), each at its line, then defaults.
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { compileProbeRegex, parseJsonPath } from '../probes/parsers';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../probes/runCommand';
import { DEFAULT_TIMEOUT_SECONDS } from '../probes/measureProbe';
import type { ParseFormat, ParseSpec } from '../probes/types';
import { lexicalProblems } from './lexicalChecks';
import { formatPath, LineIndex } from './positions';
import { schemaDiagnostics } from './schemaValidation';
import { type CapabilityConfig, type ConfigDiagnostic, type ConfigParseResult, type ProbeDefaults, type ResolvedProbe, type SelfImprovementConfig, SUITE_FORMATS } from './types';

export const DEFAULT_GUARDRAIL_MARGIN = 0.05;

/* The raw file after schema validation. */
interface RawParse { format?: ParseFormat; regex?: string; group?: number | string; path?: string; stream?: ParseSpec['stream']; file?: string; use?: ParseSpec['use'] }
interface RawProbe { command: string; cwd?: string; parse: RawParse; samples?: number; timeoutSeconds?: number; env?: Record<string, string>; maxOutputBytes?: number; deterministic?: boolean }
interface RawCapability {
  name: string; type: string; description?: string; baseline: number; target: number; unit?: string; direction?: 'higher' | 'lower';
  probe?: RawProbe; evaluatorFiles?: string[]; guardrail?: boolean | { margin: number };
}
interface RawConfig { improvementThreshold?: number; defaults?: Partial<ProbeDefaults>; capabilities?: RawCapability[] }

function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

function child(node: Node | undefined, key: string | number): Node | undefined {
  if (!node) return undefined;
  if (typeof key === 'number') return node.type === 'array' ? node.children?.[key] : undefined;
  return node.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;
}

/** Fills in the format a probe implies (`regex` given → regex, `path` → json, else number). */
export function resolveFormat(parse: RawParse): ParseFormat {
  return parse.format ?? (parse.regex !== undefined ? 'regex' : parse.path !== undefined ? 'json' : 'number');
}

function semanticDiagnostics(raw: RawConfig, root: Node, lines: LineIndex): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  const at = (node: Node | undefined, segments: (string | number)[], message: string, severity: 'error' | 'warning' = 'error'): void => {
    const target = node ?? root;
    out.push({ message, severity, range: lines.range(target.offset, target.length), path: formatPath(segments) });
  };
  const capsNode = child(root, 'capabilities');
  const firstLine = new Map<string, number>();
  // Runs on files that may also have schema errors, so nothing here trusts the shapes.
  const caps: unknown[] = Array.isArray(raw.capabilities) ? raw.capabilities : [];
  caps.forEach((item, i) => {
    if (item === null || typeof item !== 'object') return;
    const cap = item as Partial<RawCapability>;
    const capNode = child(capsNode, i);
    const nameNode = child(capNode, 'name');
    const previous = typeof cap.name === 'string' ? firstLine.get(cap.name) : undefined;
    if (typeof cap.name !== 'string') {
      // the schema reports it
    } else if (previous !== undefined) {
      at(nameNode, ['capabilities', i, 'name'], `Duplicate capability name "${cap.name}" (first defined on line ${previous + 1}).`);
    } else if (nameNode) {
      firstLine.set(cap.name, lines.position(nameNode.offset).line);
    }
    const direction = cap.direction ?? 'higher';
    const { target, baseline } = cap;
    if (typeof target === 'number' && typeof baseline === 'number' &&
      ((direction === 'higher' && target < baseline) || (direction === 'lower' && target > baseline))) {
      at(child(capNode, 'target'), ['capabilities', i, 'target'],
        `The target is ${direction === 'higher' ? 'below' : 'above'} the baseline although ${direction} is better; check "direction".`, 'warning');
    }
    const parse = cap.probe?.parse;
    if (!parse || typeof parse !== 'object') return;
    const parseNode = child(child(capNode, 'probe'), 'parse');
    const format = resolveFormat(parse);
    if (typeof cap.probe?.deterministic === 'boolean' && !SUITE_FORMATS.has(format)) {
      at(child(child(capNode, 'probe'), 'deterministic'), ['capabilities', i, 'probe', 'deterministic'],
        `"deterministic" only changes pass/fail suites (${[...SUITE_FORMATS].join(', ')}); a "${format}" probe is always sampled.`, 'warning');
    }
    if (typeof parse.regex === 'string') {
      try { compileProbeRegex(parse.regex); } catch (e) { at(child(parseNode, 'regex'), ['capabilities', i, 'probe', 'parse', 'regex'], (e as Error).message); }
      if (format !== 'regex') at(child(parseNode, 'regex'), ['capabilities', i, 'probe', 'parse', 'regex'], `"regex" is ignored with format "${format}".`, 'warning');
    }
    if (typeof parse.path === 'string') {
      try { parseJsonPath(parse.path); } catch (e) { at(child(parseNode, 'path'), ['capabilities', i, 'probe', 'parse', 'path'], (e as Error).message); }
      if (format !== 'json') at(child(parseNode, 'path'), ['capabilities', i, 'probe', 'parse', 'path'], `"path" is ignored with format "${format}".`, 'warning');
    }
  });
  return out;
}

function normalize(raw: RawConfig): SelfImprovementConfig {
  const defaults: ProbeDefaults = {
    timeoutSeconds: raw.defaults?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    samples: raw.defaults?.samples ?? 1,
    maxOutputBytes: raw.defaults?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    env: { ...raw.defaults?.env },
  };
  const capabilities = (raw.capabilities ?? []).map((cap): CapabilityConfig => {
    let probe: ResolvedProbe | null = null;
    if (cap.probe) {
      const p = cap.probe;
      const parse: ParseSpec = { format: resolveFormat(p.parse) };
      for (const key of ['regex', 'group', 'path', 'stream', 'file', 'use'] as const) {
        if (p.parse[key] !== undefined) (parse as unknown as Record<string, unknown>)[key] = p.parse[key];
      }
      probe = {
        command: p.command, parse,
        samples: p.samples ?? defaults.samples,
        timeoutSeconds: p.timeoutSeconds ?? defaults.timeoutSeconds,
        env: { ...defaults.env, ...p.env },
        maxOutputBytes: p.maxOutputBytes ?? defaults.maxOutputBytes,
        ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
        ...(p.deterministic !== undefined ? { deterministic: p.deterministic } : {}),
      };
    }
    return {
      name: cap.name, type: cap.type, description: cap.description ?? '', baseline: cap.baseline, target: cap.target,
      unit: cap.unit ?? '', direction: cap.direction ?? 'higher', probe, evaluatorFiles: cap.evaluatorFiles ?? [],
      guardrail: cap.guardrail === true ? { margin: DEFAULT_GUARDRAIL_MARGIN } : typeof cap.guardrail === 'object' ? { margin: cap.guardrail.margin } : null,
    };
  });
  return { improvementThreshold: raw.improvementThreshold ?? null, defaults, capabilities };
}

/** Parses and validates the file's text. `config` is null whenever any diagnostic is an error. */
export function parseConfig(input: string): ConfigParseResult {
  // A UTF-8 byte order mark (editors on Windows write one): read as a space, so every offset stays the
  // same; VS Code's document text has it stripped already, a file read from disk does not.
  const text = input.charCodeAt(0) === 0xfeff ? ` ${input.slice(1)}` : input;
  const lines = new LineIndex(text);
  const problems = lexicalProblems(text);
  const lexical: ConfigDiagnostic[] = problems.map((p) => ({ message: p.message, severity: 'error', range: lines.range(p.offset, p.length), path: '' }));
  if (problems.some((p) => p.fatal)) return { config: null, diagnostics: lexical };
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (syntax.length > 0 || !root) {
    const diagnostics: ConfigDiagnostic[] = syntax.map((e) => ({
      message: `${words(printParseErrorCode(e.error))}.`, severity: 'error', range: lines.range(e.offset, e.length), path: '',
    }));
    if (diagnostics.length === 0) diagnostics.push({ message: 'The file is empty: expected an object such as { "capabilities": [] }.', severity: 'error', range: lines.range(0, 0), path: '' });
    return { config: null, diagnostics: [...lexical, ...diagnostics] };
  }
  const value = getNodeValue(root) as unknown;
  const diagnostics = [...lexical, ...schemaDiagnostics(value, root, lines)];
  if (value !== null && typeof value === 'object') diagnostics.push(...semanticDiagnostics(value as RawConfig, root, lines));
  diagnostics.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCharacter - b.range.startCharacter);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { config: ok ? normalize(value as RawConfig) : null, diagnostics };
}
