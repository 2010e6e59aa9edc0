// capability_profiles and performance_metrics: registration, updates and the measurement series.
import type { Capability, CapabilityInput, Direction, Measurement } from '../types';
import { DuplicateNameError, InvalidInputError, UnknownCapabilityError } from '../errors';
import { assertFinite, assertNonEmpty, assertOneOf, assertPositiveInt } from '../validate';
import { fromJson, toJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import { storedNumber } from '../storage/storedNumber';

const DIRECTIONS: readonly Direction[] = ['higher', 'lower'];

interface CapabilityRow {
  id: number; name: string; type: string; description: string; baseline: number; target: number; unit: string;
  direction: Direction; current_value: number | null; measurement_count: number; last_measured_at: string | null;
  archived: number; created_at: string; updated_at: string;
}

function toCapability(r: CapabilityRow): Capability {
  return {
    id: r.id, name: r.name, type: r.type, description: r.description, baseline: r.baseline, target: r.target,
    unit: r.unit, direction: r.direction, current: r.current_value, measurementCount: r.measurement_count,
    lastMeasuredAt: r.last_measured_at, createdAt: r.created_at, updatedAt: r.updated_at, archived: r.archived === 1,
  };
}

function toMeasurement(r: { id: number; capability_name: string; value: number; context: string | null; experiment_id: number | null; recorded_at: string }): Measurement {
  return { id: r.id, capabilityName: r.capability_name, value: r.value, context: fromJson(r.context, null), experimentId: r.experiment_id, recordedAt: r.recorded_at };
}

export function validateCapabilityFields(input: Partial<CapabilityInput>): void {
  if (input.type !== undefined) assertNonEmpty(input.type, 'type');
  if (input.baseline !== undefined) assertFinite(input.baseline, 'baseline');
  if (input.target !== undefined) assertFinite(input.target, 'target');
  if (input.direction !== undefined) assertOneOf(input.direction, DIRECTIONS, 'direction');
}

export class CapabilityStore {
  constructor(private readonly ctx: StoreContext) {}

  register(input: CapabilityInput): Capability {
    assertNonEmpty(input?.name, 'name');
    assertNonEmpty(input.type, 'type');
    assertFinite(input.baseline, 'baseline');
    assertFinite(input.target, 'target');
    validateCapabilityFields(input);
    if (this.find(input.name)) throw new DuplicateNameError('capability', input.name);
    const now = nowIso(this.ctx);
    this.ctx.db.insert(
      `INSERT INTO capability_profiles (name, type, description, baseline, target, unit, direction, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [input.name, input.type, input.description ?? '', input.baseline, input.target, input.unit ?? '', input.direction ?? 'higher', now, now]);
    return this.get(input.name);
  }

  update(name: string, changes: Partial<Omit<CapabilityInput, 'name'>>): Capability {
    const cap = this.get(name);
    validateCapabilityFields(changes);
    const next = { ...cap, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Capability;
    this.ctx.db.run(
      `UPDATE capability_profiles SET type = ?, description = ?, baseline = ?, target = ?, unit = ?, direction = ?, archived = 0, updated_at = ?
       WHERE id = ?`,
      [next.type, next.description, next.baseline, next.target, next.unit, next.direction, nowIso(this.ctx), cap.id]);
    return this.get(name);
  }

  archive(name: string): void {
    const cap = this.get(name);
    this.ctx.db.run('UPDATE capability_profiles SET archived = 1, updated_at = ? WHERE id = ?', [nowIso(this.ctx), cap.id]);
  }

  purge(name: string): void {
    const cap = this.get(name);
    this.ctx.db.run('DELETE FROM performance_metrics WHERE capability_name = ?', [cap.name]);
    this.ctx.db.run('DELETE FROM capability_profiles WHERE id = ?', [cap.id]);
  }

  find(name: string): Capability | null {
    const row = this.ctx.db.get<CapabilityRow>('SELECT * FROM capability_profiles WHERE name = ?', [name]);
    return row ? toCapability(row) : null;
  }

  get(name: string): Capability {
    if (typeof name !== 'string') throw new InvalidInputError('capability name must be a string.');
    const cap = this.find(name);
    if (!cap) throw new UnknownCapabilityError(name);
    return cap;
  }

  list(includeArchived = false): Capability[] {
    return this.ctx.db.all<CapabilityRow>(
      `SELECT * FROM capability_profiles ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY name`).map(toCapability);
  }

  /** Appends to the series and makes `value` the capability's current value. */
  recordMeasurement(name: string, value: number, context?: Record<string, unknown>): { capability: Capability; measurement: Measurement } {
    assertFinite(value, 'value');
    const cap = this.get(name);
    const now = nowIso(this.ctx);
    const experimentId = typeof context?.experimentId === 'number' ? context.experimentId : null;
    const contextJson = toJson(context);
    const id = this.ctx.db.insert(
      'INSERT INTO performance_metrics (capability_name, value, context, experiment_id, recorded_at) VALUES (?, ?, ?, ?, ?)',
      [cap.name, value, contextJson, experimentId, now]);
    this.ctx.db.run(
      `UPDATE capability_profiles SET current_value = ?, measurement_count = measurement_count + 1, last_measured_at = ?, updated_at = ?
       WHERE id = ?`, [value, now, now, cap.id]);
    // Both results are what a re-read would return (two statements fewer on the hottest write path;
    // test/unit/engine/measurePath.test.ts compares them with re-reads).
    const stored = storedNumber(value);
    return {
      capability: { ...cap, current: stored, measurementCount: cap.measurementCount + 1, lastMeasuredAt: now, updatedAt: now },
      measurement: {
        id, capabilityName: cap.name, value: stored, context: fromJson(contextJson, null),
        experimentId: experimentId === null ? null : storedNumber(experimentId), recordedAt: now,
      },
    };
  }

  measurement(id: number): Measurement {
    return toMeasurement(this.ctx.db.get('SELECT * FROM performance_metrics WHERE id = ?', [id])!);
  }

  /** Newest first. */
  measurements(name: string, limit?: number): Measurement[] {
    const cap = this.get(name);
    if (limit !== undefined) assertPositiveInt(limit, 'limit');
    return this.ctx.db.all<Parameters<typeof toMeasurement>[0]>(
      `SELECT * FROM performance_metrics WHERE capability_name = ? ORDER BY recorded_at DESC, id DESC ${limit ? `LIMIT ${limit}` : ''}`,
      [cap.name]).map(toMeasurement);
  }
}
