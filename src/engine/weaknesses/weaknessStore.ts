// identified_weaknesses: manual registration, the automatic weakness kept per capability, resolution.
import type { Capability, Direction, Severity, Weakness, WeaknessInput, WeaknessType } from '../types';
import { InvalidInputError, InvalidStateError, NotFoundError } from '../errors';
import { assertNonEmpty, assertOneOf, assertUnit } from '../validate';
import { fromJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import { gapOf, severityForGap } from '../capabilities/gap';
import { storedNumber } from '../storage/storedNumber';
import { SEVERITIES, WEAKNESS_TYPES, priorityOf, weaknessTypeFor } from './priority';

/** Evidence kept per weakness; older entries drop off so a busy capability does not grow without bound. */
export const MAX_EVIDENCE = 20;

interface WeaknessRow {
  id: number; name: string; type: WeaknessType; severity: Severity; description: string; impact: number; priority: number;
  capability_name: string | null; direction: Direction | null; evidence: string; status: 'open' | 'resolved'; automatic: number; identified_at: string; resolved_at: string | null;
}

function toWeakness(r: WeaknessRow): Weakness {
  return {
    id: r.id, name: r.name, type: r.type, severity: r.severity, description: r.description, impact: r.impact, priority: r.priority,
    capabilityName: r.capability_name, direction: r.direction ?? null, evidence: fromJson<string[]>(r.evidence, []), status: r.status, automatic: r.automatic === 1,
    identifiedAt: r.identified_at, resolvedAt: r.resolved_at,
  };
}

const fmt = (x: number): string => Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');

export class WeaknessStore {
  constructor(private readonly ctx: StoreContext) {}

  /** `capabilityDirection`: the named capability's direction (the caller has looked the capability up). */
  identify(input: WeaknessInput, capabilityDirection?: Direction): Weakness {
    assertNonEmpty(input?.name, 'name');
    assertOneOf(input.type, WEAKNESS_TYPES, 'type');
    assertOneOf(input.severity, SEVERITIES, 'severity');
    assertUnit(input.impact, 'impact');
    if (typeof input.description !== 'string') throw new InvalidInputError('description must be a string.');
    if (input.evidence !== undefined && (!Array.isArray(input.evidence) || input.evidence.some((e) => typeof e !== 'string'))) {
      throw new InvalidInputError('evidence must be an array of strings.');
    }
    if (input.direction !== undefined) assertOneOf(input.direction, ['higher', 'lower'] as const, 'direction');
    if (input.capabilityName !== undefined && capabilityDirection && input.direction && input.direction !== capabilityDirection) {
      throw new InvalidInputError(`${input.capabilityName} is "${capabilityDirection} is better"; a weakness of it cannot say "${input.direction}". Leave direction out to take the capability's.`);
    }
    if (input.capabilityName === undefined && input.direction === undefined) {
      throw new InvalidInputError('A weakness without a capability needs a direction: is higher or lower better? (A build time or latency: "lower"; a pass rate or score: "higher".)');
    }
    const id = this.ctx.db.insert(
      `INSERT INTO identified_weaknesses (name, type, severity, description, impact, priority, capability_name, direction, evidence, automatic, identified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      [input.name, input.type, input.severity, input.description, input.impact, priorityOf(input.impact, input.severity),
        input.capabilityName ?? null, input.capabilityName === undefined ? input.direction! : null, JSON.stringify((input.evidence ?? []).slice(-MAX_EVIDENCE)), nowIso(this.ctx)]);
    return this.get(id);
  }

  get(id: number): Weakness {
    const row = this.ctx.db.get<WeaknessRow>('SELECT * FROM identified_weaknesses WHERE id = ?', [id]);
    if (!row) throw new NotFoundError('weakness', id);
    return toWeakness(row);
  }

  list(status: 'open' | 'resolved' | 'all' = 'all'): Weakness[] {
    assertOneOf(status, ['open', 'resolved', 'all'] as const, 'status');
    const where = status === 'all' ? '' : 'WHERE status = ?';
    return this.ctx.db.all<WeaknessRow>(`SELECT * FROM identified_weaknesses ${where} ORDER BY priority DESC, id`, status === 'all' ? [] : [status]).map(toWeakness);
  }

  /** Open weaknesses with impact ≥ minImpact, highest priority first. */
  analyze(minImpact = 0): Weakness[] {
    assertUnit(minImpact, 'minImpact');
    return this.ctx.db.all<WeaknessRow>(
      `SELECT * FROM identified_weaknesses WHERE status = 'open' AND impact >= ? ORDER BY priority DESC, impact DESC, id`, [minImpact]).map(toWeakness);
  }

  resolve(id: number, note?: string): Weakness {
    return this.resolveRead(this.get(id), note);
  }

  /** Resolves `w` (as just read); returns the row as a re-read would. */
  private resolveRead(w: Weakness, note?: string): Weakness {
    if (w.status === 'resolved') throw new InvalidStateError(`Weakness ${w.id} is already resolved.`);
    const evidence = note ? [...w.evidence, note].slice(-MAX_EVIDENCE) : [...w.evidence];
    const resolvedAt = nowIso(this.ctx);
    this.ctx.db.run(`UPDATE identified_weaknesses SET status = 'resolved', resolved_at = ?, evidence = ? WHERE id = ?`,
      [resolvedAt, JSON.stringify(evidence), w.id]);
    return { ...w, status: 'resolved', resolvedAt, evidence };
  }

  delete(id: number): void {
    this.get(id);
    this.ctx.db.run('DELETE FROM identified_weaknesses WHERE id = ?', [id]);
  }

  openAutomaticFor(capabilityName: string): Weakness | null {
    const row = this.ctx.db.get<WeaknessRow>(
      `SELECT * FROM identified_weaknesses WHERE capability_name = ? AND automatic = 1 AND status = 'open' ORDER BY id DESC LIMIT 1`, [capabilityName]);
    return row ? toWeakness(row) : null;
  }

  /**
   * Automatic detection after a measurement: short of target → create or update the capability's one
   * open automatic weakness (severity, impact, priority, evidence); on target → resolve it.
   */
  track(cap: Capability, value: number, at: string): { weakness: Weakness | null; resolved: Weakness | null } {
    const gap = gapOf(cap, value);
    const open = this.openAutomaticFor(cap.name);
    const unit = cap.unit ? ` ${cap.unit}` : '';
    if (gap <= 0) {
      if (!open) return { weakness: null, resolved: null };
      return { weakness: null, resolved: this.resolveRead(open, `${at}: measured ${fmt(value)}${unit}, target ${fmt(cap.target)}${unit} reached`) };
    }
    const { severity, impact } = severityForGap(gap);
    // "short of" reads right only when higher is better; a time 150 % over its target is "above" it.
    const gapText = `${(gap * 100).toFixed(1)} % ${cap.direction === 'lower' ? 'above' : 'short of'}`;
    const line = `${at}: measured ${fmt(value)}${unit}, ${gapText} target ${fmt(cap.target)}${unit}`;
    const description = `${cap.name} is ${gapText} its target (${fmt(value)} vs ${fmt(cap.target)}${unit}, ${cap.direction} is better).`;
    const priority = priorityOf(impact, severity);
    // The weakness returned is what a re-read would give: the hottest write path skips the re-read.
    if (open) {
      const evidence = [...open.evidence, line].slice(-MAX_EVIDENCE);
      this.ctx.db.run(
        'UPDATE identified_weaknesses SET severity = ?, impact = ?, priority = ?, description = ?, evidence = ? WHERE id = ?',
        [severity, impact, priority, description, JSON.stringify(evidence), open.id]);
      return { weakness: { ...open, severity, impact: storedNumber(impact), priority: storedNumber(priority), description, evidence }, resolved: null };
    }
    const name = `${cap.name} below target`;
    const type = weaknessTypeFor(cap.type);
    const id = this.ctx.db.insert(
      `INSERT INTO identified_weaknesses (name, type, severity, description, impact, priority, capability_name, evidence, automatic, identified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      [name, type, severity, description, impact, priority, cap.name, JSON.stringify([line]), at]);
    return {
      weakness: {
        id, name, type, severity, description, impact: storedNumber(impact), priority: storedNumber(priority), capabilityName: cap.name,
        direction: null, evidence: [line], status: 'open', automatic: true, identifiedAt: at, resolvedAt: null,
      },
      resolved: null,
    };
  }
}
