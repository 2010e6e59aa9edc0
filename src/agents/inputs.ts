// Validation of what an agent sends (LM tools, MCP, the exported API): one place, errors that say
// exactly which field was wrong and what is expected, so a model can correct itself.

import { ErrorCode } from '../engine/errorCodes';

export class ToolInputError extends Error {
  readonly code = ErrorCode.ToolInput;
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

export interface ListWeaknessesInput { status: 'open' | 'resolved' | 'all'; minImpact: number }
export interface CapabilityHistoryInput { name: string; limit: number }
export interface GenerateExperimentsInput { weaknessId: number; count: number }
export interface RunExperimentInput { experimentId: number; patch: string; maxSamplesPerArm?: number; maxMinutes?: number }
export interface ProposeImprovementInput {
  name: string; filePath: string; newCode: string; oldCode?: string; description?: string; experimentId?: number;
}

type Obj = Record<string, unknown>;

function object(input: unknown): Obj {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new ToolInputError(`The input must be a JSON object, got ${Array.isArray(input) ? 'an array' : typeof input}.`);
  return input as Obj;
}

function rejectUnknown(o: Obj, allowed: readonly string[]): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) throw new ToolInputError(`Unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed.join(', ')}.`);
}

function str(o: Obj, key: string, opts: { required: true; max?: number }): string;
function str(o: Obj, key: string, opts: { required: false; max?: number }): string | undefined;
function str(o: Obj, key: string, opts: { required: boolean; max?: number }): string | undefined {
  const v = o[key];
  if (v === undefined) {
    if (opts.required) throw new ToolInputError(`"${key}" is required (a string).`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ToolInputError(`"${key}" must be a string, got ${typeof v}.`);
  if (opts.required && v.trim() === '') throw new ToolInputError(`"${key}" must not be empty.`);
  if (opts.max !== undefined && v.length > opts.max) throw new ToolInputError(`"${key}" is too long (${v.length} characters, at most ${opts.max}).`);
  return v;
}

function int(o: Obj, key: string, opts: { required: boolean; min: number; max: number; fallback?: number }): number | undefined {
  const v = o[key];
  if (v === undefined) {
    if (opts.required) throw new ToolInputError(`"${key}" is required (an integer).`);
    return opts.fallback;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ToolInputError(`"${key}" must be an integer, got ${JSON.stringify(v)}.`);
  if (v < opts.min || v > opts.max) throw new ToolInputError(`"${key}" must be between ${opts.min} and ${opts.max}, got ${v}.`);
  return v;
}

export function parseListWeaknesses(input: unknown): ListWeaknessesInput {
  const o = object(input);
  rejectUnknown(o, ['status', 'minImpact']);
  const status = o.status ?? 'open';
  if (status !== 'open' && status !== 'resolved' && status !== 'all') throw new ToolInputError(`"status" must be "open", "resolved" or "all", got ${JSON.stringify(status)}.`);
  const minImpact = o.minImpact ?? 0;
  if (typeof minImpact !== 'number' || !Number.isFinite(minImpact) || minImpact < 0 || minImpact > 1) {
    throw new ToolInputError(`"minImpact" must be a number from 0 to 1, got ${JSON.stringify(minImpact)}.`);
  }
  return { status, minImpact };
}

export function parseCapabilityHistory(input: unknown): CapabilityHistoryInput {
  const o = object(input);
  rejectUnknown(o, ['name', 'limit']);
  return { name: str(o, 'name', { required: true, max: 200 }), limit: int(o, 'limit', { required: false, min: 1, max: 200, fallback: 20 })! };
}

export function parseGenerateExperiments(input: unknown): GenerateExperimentsInput {
  const o = object(input);
  rejectUnknown(o, ['weaknessId', 'count']);
  return { weaknessId: int(o, 'weaknessId', { required: true, min: 1, max: Number.MAX_SAFE_INTEGER })!, count: int(o, 'count', { required: false, min: 1, max: 10, fallback: 3 })! };
}

/** Largest patch accepted (a model pasting a whole repository is a mistake, not a candidate). */
export const MAX_PATCH_CHARS = 200_000;

export function parseRunExperiment(input: unknown): RunExperimentInput {
  const o = object(input);
  rejectUnknown(o, ['experimentId', 'patch', 'maxSamplesPerArm', 'maxMinutes']);
  const experimentId = int(o, 'experimentId', { required: true, min: 1, max: Number.MAX_SAFE_INTEGER })!;
  const patch = str(o, 'patch', { required: true, max: MAX_PATCH_CHARS });
  if (!/^(diff --git |--- |@@ )/m.test(patch)) throw new ToolInputError('"patch" must be a unified diff (lines starting with "--- a/…", "+++ b/…" and "@@ … @@"), relative to the workspace folder.');
  const maxSamplesPerArm = int(o, 'maxSamplesPerArm', { required: false, min: 6, max: 100 });
  const maxMinutes = o.maxMinutes;
  if (maxMinutes !== undefined && (typeof maxMinutes !== 'number' || !Number.isFinite(maxMinutes) || maxMinutes <= 0 || maxMinutes > 120)) {
    throw new ToolInputError(`"maxMinutes" must be a number above 0 and at most 120, got ${JSON.stringify(maxMinutes)}.`);
  }
  return { experimentId, patch, ...(maxSamplesPerArm !== undefined ? { maxSamplesPerArm } : {}), ...(maxMinutes !== undefined ? { maxMinutes: maxMinutes as number } : {}) };
}

export function parseProposeImprovement(input: unknown): ProposeImprovementInput {
  const o = object(input);
  rejectUnknown(o, ['name', 'filePath', 'newCode', 'oldCode', 'description', 'experimentId']);
  const filePath = str(o, 'filePath', { required: true, max: 1000 }).replace(/\\/g, '/');
  if (filePath.startsWith('/') || /^[a-zA-Z]:/.test(filePath) || filePath.split('/').includes('..')) {
    throw new ToolInputError(`"filePath" must be relative to the workspace folder and stay inside it, got "${filePath}".`);
  }
  const oldCode = str(o, 'oldCode', { required: false, max: MAX_PATCH_CHARS });
  if (oldCode !== undefined && oldCode === '') throw new ToolInputError('"oldCode" must not be empty when given (omit it to replace the whole file).');
  const description = str(o, 'description', { required: false, max: 4000 });
  const experimentId = int(o, 'experimentId', { required: false, min: 1, max: Number.MAX_SAFE_INTEGER });
  return {
    name: str(o, 'name', { required: true, max: 200 }), filePath, newCode: str(o, 'newCode', { required: false, max: MAX_PATCH_CHARS }) ?? requireNewCode(),
    ...(oldCode !== undefined ? { oldCode } : {}), ...(description !== undefined ? { description } : {}), ...(experimentId !== undefined ? { experimentId } : {}),
  };
}

function requireNewCode(): never {
  throw new ToolInputError('"newCode" is required (a string: the replacement for "oldCode", or the whole new file).');
}
