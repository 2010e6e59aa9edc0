// Tamper-evident audit trail: each event's hash = sha256(prevHash + canonical JSON of its content),
// so editing, removing or reordering an event afterwards breaks the chain at that event; the head sealed
// outside the table (AuditHead) catches what a chain alone cannot: removal from the end, and recomputation.
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

/**
 * The trail's head as sealed outside the events table (the `<database>.audit-head` file, written after
 * each save): how many events there were, and the last one's id and hash. A chain can only show that
 * each event follows the one before; the head shows where the trail ended, so events removed from the
 * end (or all of them), or a chain recomputed after an edit, no longer match it.
 */
export interface AuditHead {
  version: 1;
  count: number;
  lastId: number | null;
  lastHash: string | null;
  sealedAt: string;
}

export function parseAuditHead(text: string): AuditHead | null {
  try {
    const h = JSON.parse(text) as Partial<AuditHead>;
    if (h.version !== 1 || typeof h.count !== 'number' || (h.lastId !== null && typeof h.lastId !== 'number') || (h.lastHash !== null && typeof h.lastHash !== 'string')) return null;
    return { version: 1, count: h.count, lastId: h.lastId ?? null, lastHash: h.lastHash ?? null, sealedAt: String(h.sealedAt ?? '?') };
  } catch {
    return null;
  }
}

/** True when `events` (in trail order) still contain the sealed head unchanged: same event, same hash, same count up to it. */
export function extendsHead(events: readonly Pick<AuditEvent, 'id' | 'hash'>[], head: AuditHead): boolean {
  if (head.count === 0 || head.lastId === null) return true;
  const upTo = events.filter((e) => e.id <= head.lastId!);
  return upTo.length === head.count && upTo[upTo.length - 1]?.id === head.lastId && upTo[upTo.length - 1].hash === head.lastHash;
}

/**
 * Checks an intact chain against its sealed head. `head` undefined: no head is expected (a trail from
 * before heads were sealed, or an in-memory database); null: one is expected but missing or unreadable.
 */
export function checkAgainstHead(events: readonly AuditEvent[], head: AuditHead | null | undefined, chain: ChainCheck): ChainCheck {
  if (!chain.ok) return chain;
  if (head === undefined) return chain;
  const fail = (firstBrokenId: number | null, reason: string): ChainCheck => ({ ok: false, checked: chain.checked, firstBrokenId, reason });
  if (head === null) {
    return fail(null, 'The sealed head of the trail (the .audit-head file beside the database) is missing or unreadable, so events removed from the end of the trail cannot be ruled out. ' +
      'It was deleted or damaged (or the process stopped right after its very first save).');
  }
  if (head.count === 0 || head.lastId === null) return withNewer(chain, events.length);
  const last = events[events.length - 1];
  const at = events.find((e) => e.id === head.lastId);
  if (!at) {
    return fail(head.lastId, `The trail ends at ${last ? `event ${last.id}` : 'no event at all'} (${events.length} events), but its sealed head (${head.sealedAt}) names event ${head.lastId} ` +
      `as the last of ${head.count}: events were removed from the end of the trail.`);
  }
  if (at.hash !== head.lastHash || !extendsHead(events, head)) {
    return fail(head.lastId, `Event ${head.lastId} no longer has the hash (or the events before it the count) that the sealed head (${head.sealedAt}) records: ` +
      'the trail was rewritten, e.g. events edited or removed and the chain recomputed.');
  }
  return withNewer(chain, events.filter((e) => e.id > head.lastId!).length);
}

function withNewer(chain: ChainCheck, newer: number): ChainCheck {
  return newer === 0 ? { ...chain, reason: `${chain.reason} The sealed head matches.` }
    : { ...chain, reason: `${chain.reason} The sealed head matches; the last ${newer} event${newer === 1 ? ' was' : 's were'} added after the sealed head (not anchored yet: sealed at the next save).` };
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
