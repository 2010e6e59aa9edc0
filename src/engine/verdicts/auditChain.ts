// Tamper-evident audit trail: each event's hash = sha256(prevHash + canonical JSON of its content),
// so editing, removing or reordering an event afterwards breaks the chain at that event.
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { canonicalJson } from '../json';
import type { AuditEvent } from '../types';

// The encoding lives in ../json (one implementation); re-exported for this module's existing importers.
export { canonicalJson };

/** The fields an event's hash covers: everything but its row id and the chain fields themselves. */
export type AuditContent = Pick<AuditEvent, 'at' | 'actor' | 'entity' | 'entityId' | 'action' | 'details' | 'hashBefore' | 'hashAfter'>;

export function auditContent(event: AuditContent): AuditContent {
  const { at, actor, entity, entityId, action, details, hashBefore, hashAfter } = event;
  return { at, actor, entity, entityId, action, details: details ?? null, hashBefore: hashBefore ?? null, hashAfter: hashAfter ?? null };
}

/** sha256 hex of (prevHash ?? '') + canonicalJson(content fields). The first event has prevHash null. */
export function hashAuditEvent(prevHash: string | null, content: AuditContent): string {
  return createHash('sha256').update((prevHash ?? '') + canonicalJson(auditContent(content)), 'utf8').digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** Id of the first event whose link does not hold; null when the chain is intact. */
  firstBrokenId: number | null;
  reason: string;
}

/**
 * Verifies events in trail order (ascending id). `anchorHash` is the hash the first event must follow
 * (null for a trail from its beginning; give the last kept hash when older events were archived).
 */
export function verifyAuditChain(events: readonly AuditEvent[], anchorHash: string | null = null): ChainCheck {
  if (!Array.isArray(events)) throw new InvalidInputError('verifyAuditChain needs an array of audit events.');
  let prev = anchorHash;
  let prevId = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const broken = (reason: string): ChainCheck => ({ ok: false, checked: i, firstBrokenId: typeof e?.id === 'number' ? e.id : null, reason });
    if (!e || typeof e !== 'object') return broken(`Entry ${i + 1} is not an audit event.`);
    if (typeof e.id !== 'number' || e.id <= prevId) return broken(`Event ${String(e.id)} is out of order (after event ${prevId}): events were reordered or renumbered.`);
    if ((e.prevHash ?? null) !== prev) {
      return broken(i === 0 && prev === null
        ? `Event ${e.id} is the first event but points to an earlier one: the start of the trail was removed.`
        : `Event ${e.id} does not point to the event before it: an event was removed or inserted before it.`);
    }
    let expected: string;
    try {
      expected = hashAuditEvent(prev, e);
    } catch (err) {
      return broken(`Event ${e.id} cannot be hashed: ${(err as Error).message}`);
    }
    if (e.hash !== expected) return broken(`Event ${e.id} was changed after it was recorded: its content no longer matches its hash.`);
    prev = e.hash;
    prevId = e.id;
  }
  return { ok: true, checked: events.length, firstBrokenId: null, reason: events.length ? `All ${events.length} events are intact.` : 'The trail is empty.' };
}

const FIELD_ORDER: readonly (keyof AuditEvent)[] = ['id', 'at', 'actor', 'entity', 'entityId', 'action', 'details', 'hashBefore', 'hashAfter', 'prevHash', 'hash'];

/** One JSON object per line in a fixed field order, newline-terminated; '' for no events. */
export function toJsonLines(events: readonly AuditEvent[]): string {
  if (!Array.isArray(events)) throw new InvalidInputError('toJsonLines needs an array of audit events.');
  return events.map((e) => JSON.stringify(Object.fromEntries(FIELD_ORDER.map((k) => [k, e[k] ?? null]))) + '\n').join('');
}

/** Reads an exported trail back (for verifying an export); blank lines are skipped. */
export function fromJsonLines(text: string): AuditEvent[] {
  if (typeof text !== 'string') throw new InvalidInputError('fromJsonLines needs text.');
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as AuditEvent];
    } catch {
      throw new InvalidInputError(`Line ${i + 1} of the audit trail is not valid JSON.`);
    }
  });
}
