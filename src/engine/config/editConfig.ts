// Edits of a folder's .vscode/self-improvement.json as text in, text out: jsonc-parser edits, so the
// person's comments and layout stay. Nothing is written here (the adapter writes the file).
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { InvalidInputError } from '../errors';
import type { CapabilityInput, Direction } from '../types';
import type { ParseFormat } from '../probes/types';
import { CONFIG_FILE } from './types';

/** A probe as a person declares it (the file's shape, before defaults). */
export interface DeclaredProbe {
  command: string;
  parse: { format: ParseFormat; regex?: string };
  samples?: number;
  timeoutSeconds?: number;
}

/** A capability as the file declares it: the engine's input, with its direction spelled out and an optional probe. */
export type DeclaredCapability = Omit<CapabilityInput, 'direction'> & { direction: Direction; probe?: DeclaredProbe };

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/**
 * Why a goal makes no sense for its direction, or null when it does: with "lower is better" a target
 * above the baseline (or "higher is better" and a target below it) asks to get worse.
 */
export function goalProblem(direction: Direction, baseline: number, target: number): string | null {
  if (!Number.isFinite(baseline) || !Number.isFinite(target)) return 'The baseline and the target must be numbers.';
  if (direction === 'lower' && target > baseline) {
    return `Lower is better, but the target (${target}) is above the baseline (${baseline}): reaching it would mean getting worse. Choose a target below ${baseline}, or "higher is better".`;
  }
  if (direction === 'higher' && target < baseline) {
    return `Higher is better, but the target (${target}) is below the baseline (${baseline}): reaching it would mean getting worse. Choose a target above ${baseline}, or "lower is better".`;
  }
  return null;
}

const NEW_FILE = `// Capabilities of this folder for the Self-Improvement Engine: each has a baseline, a target, which way
// is better, and a probe (a command run in this folder, trusted workspaces only) that measures it.
{
  "capabilities": []
}
`;

function capabilitiesOf(text: string): { names: string[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (!root || errors.length) throw new InvalidInputError(`${CONFIG_FILE} is not valid JSON with comments; fix it (see the Problems panel) before adding to it.`);
  const list = findNodeAtLocation(root, ['capabilities']);
  if (list && list.type !== 'array') throw new InvalidInputError(`"capabilities" in ${CONFIG_FILE} is not a list; fix it before adding to it.`);
  const names = (list?.children ?? []).map((n) => {
    const v = getNodeValue(n) as { name?: unknown } | null;
    return v && typeof v.name === 'string' ? v.name : '';
  });
  return { names };
}

/** The names the file declares (empty for no file). */
export function declaredNames(text: string | null): string[] {
  return text === null ? [] : capabilitiesOf(text).names.filter(Boolean);
}

/** The file's text with `cap` appended to "capabilities" (a new commented file when `text` is null). */
export function addCapabilityToConfig(text: string | null, cap: DeclaredCapability): string {
  const problem = goalProblem(cap.direction, cap.baseline, cap.target);
  if (problem) throw new InvalidInputError(problem);
  const base = text ?? NEW_FILE;
  const { names } = capabilitiesOf(base);
  if (names.includes(cap.name)) throw new InvalidInputError(`${CONFIG_FILE} already declares "${cap.name}".`);
  const value: Record<string, unknown> = { name: cap.name, type: cap.type };
  if (cap.description) value.description = cap.description;
  Object.assign(value, { baseline: cap.baseline, target: cap.target });
  if (cap.unit) value.unit = cap.unit;
  value.direction = cap.direction;
  if (cap.probe) value.probe = cap.probe;
  const at = names.length; // append; also creates the list when the file has none
  return applyEdits(base, modify(base, names.length ? ['capabilities', at] : ['capabilities'], names.length ? value : [value], { formattingOptions: FORMAT, isArrayInsertion: names.length > 0 }));
}

/** The file's text with `probe` set on the capability `name` (replacing one it had). */
export function setProbeInConfig(text: string, name: string, probe: DeclaredProbe): string {
  const { names } = capabilitiesOf(text);
  const i = names.indexOf(name);
  if (i < 0) throw new InvalidInputError(`${CONFIG_FILE} does not declare "${name}"; add the capability to it first.`);
  return applyEdits(text, modify(text, ['capabilities', i, 'probe'], probe, { formattingOptions: FORMAT }));
}

/** The file's text without the capability `name` (unchanged when it does not declare it). */
export function removeCapabilityFromConfig(text: string, name: string): string {
  const i = capabilitiesOf(text).names.indexOf(name);
  return i < 0 ? text : applyEdits(text, modify(text, ['capabilities', i], undefined, { formattingOptions: FORMAT }));
}
