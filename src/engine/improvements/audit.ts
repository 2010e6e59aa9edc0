// audit_events: every state change of an improvement or experiment, chained: hash = sha256(prevHash +
// canonical JSON of the event), so editing or deleting an event afterwards breaks verification. The hash
// is the verifier's own (verdicts/auditChain.hashAuditEvent), so writer and verifier cannot drift apart.
import type { AuditEvent } from '../types';
import { fromJson, toJson } from '../json';
import { nowIso, type StoreContext } from '../context';
import { hashAuditEvent } from '../verdicts/auditChain';

export interface AuditInput {
  actor: string;
  entity: AuditEvent['entity'];
  entityId: number;
  action: string;
  details?: Record<string, unknown> | null;
  hashBefore?: string | null;
  hashAfter?: string | null;
}

interface AuditRow {
  id: number; at: string; actor: string; entity: AuditEvent['entity']; entity_id: number; action: string; details: string | null;
  hash_before: string | null; hash_after: string | null; prev_hash: string | null; hash: string;
}

function toEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id, at: r.at, actor: r.actor, entity: r.entity, entityId: r.entity_id, action: r.action, details: fromJson(r.details, null),
    hashBefore: r.hash_before, hashAfter: r.hash_after, prevHash: r.prev_hash, hash: r.hash,
  };
}

export class AuditLog {
  constructor(private readonly ctx: StoreContext) {}

  append(input: AuditInput): AuditEvent {
    const prev = this.ctx.db.get<{ hash: string }>('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1');
    const prevHash = prev?.hash ?? null;
    // Round-trip details through JSON so the hash covers exactly what is stored.
    const details = input.details ? fromJson<Record<string, unknown> | null>(toJson(input.details), null) : null;
    const event = {
      at: nowIso(this.ctx), actor: input.actor, entity: input.entity, entityId: input.entityId, action: input.action,
      details, hashBefore: input.hashBefore ?? null, hashAfter: input.hashAfter ?? null,
    };
    const hash = hashAuditEvent(prevHash, event);
    const id = this.ctx.db.insert(
      `INSERT INTO audit_events (at, actor, entity, entity_id, action, details, hash_before, hash_after, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [event.at, event.actor, event.entity, event.entityId, event.action, toJson(details), event.hashBefore, event.hashAfter, prevHash, hash]);
    return { id, ...event, prevHash, hash };
  }

  /** The newest event of one entity, or null. */
  last(entity: AuditEvent['entity'], entityId: number): AuditEvent | null {
    const row = this.ctx.db.get<AuditRow>('SELECT * FROM audit_events WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1', [entity, entityId]);
    return row ? toEvent(row) : null;
  }

  list(filter: { entity?: AuditEvent['entity']; entityId?: number } = {}): AuditEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.entity !== undefined) { where.push('entity = ?'); params.push(filter.entity); }
    if (filter.entityId !== undefined) { where.push('entity_id = ?'); params.push(filter.entityId); }
    return this.ctx.db.all<AuditRow>(`SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`, params).map(toEvent);
  }
}
