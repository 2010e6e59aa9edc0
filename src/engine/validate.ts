// Input checks shared by the engine's modules: refuse bad input early with a clear, typed error.
import { InvalidInputError } from './errors';

export function assertFinite(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`${what} must be a finite number (got ${String(value)}).`);
  }
}

export function assertFiniteArray(values: unknown, what: string): asserts values is number[] {
  if (!Array.isArray(values) || values.length === 0) throw new InvalidInputError(`${what} must be a non-empty array of numbers.`);
  values.forEach((v, i) => assertFinite(v, `${what}[${i}]`));
}

export function assertNonEmpty(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(`${what} must be a non-empty string.`);
}

export function assertUnit(value: unknown, what: string): asserts value is number {
  assertFinite(value, what);
  if (value < 0 || value > 1) throw new InvalidInputError(`${what} must be between 0 and 1 (got ${value}).`);
}

export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): asserts value is T {
  if (!allowed.includes(value as T)) throw new InvalidInputError(`${what} must be one of ${allowed.join(', ')} (got ${String(value)}).`);
}

export function assertPositiveInt(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidInputError(`${what} must be a positive integer (got ${String(value)}).`);
  }
}
