// Seals the audit trail's head outside the events table (issue 19 item 8): the database writes the
// head computed here to `<database>.audit-head` after every save (storage's sidecar), and verification
// compares the trail with the head read from disk. A head that the trail no longer extends (the file
// was edited while the engine was closed) is never overwritten, so the evidence stays until a person looks.
import type { AuditEvent } from '../types';
import type { StoreContext } from '../context';
import { nowIso } from '../context';
import { checkAgainstHead, parseAuditHead, type AuditHead, type ChainCheck } from '../verdicts/auditChain';

export const AUDIT_HEAD_SUFFIX = '.audit-head';
/** engine_metadata key: set once the first head is sealed, so a missing head file is noticed. */
const SEALED_KEY = 'audit.headSealed';

export class AuditSeal {
  constructor(private readonly ctx: StoreContext, private readonly onDisk: () => string | null | undefined) {}

  /** Whether the file said, when opened, that its head had been sealed (then a missing head file is a finding). */
  private sealedAtOpen = false;

  /**
   * Marks the trail as sealed from now on (writers, once); the save this causes writes the first head.
   * Returns true when it marked it now: the caller saves at once, because the mark is durable in the change
   * journal as soon as anything is written through, while the head file only comes with a save.
   */
  start(): boolean {
    this.sealedAtOpen = this.isSealed();
    if (this.ctx.db.readOnly || this.ctx.db.path === undefined || this.sealedAtOpen) return false;
    this.ctx.db.run('INSERT OR REPLACE INTO engine_metadata (key, value, updated_at) VALUES (?, ?, ?)', [SEALED_KEY, 'true', nowIso(this.ctx)]);
    return true;
  }

  /** The head to write with the save being made now; null keeps the file as it is (it no longer matches the trail). */
  content(): string | null {
    const previousText = this.onDisk();
    const previous = previousText ? parseAuditHead(previousText) : null;
    if (previous && previous.lastId !== null && previous.count > 0) {
      // Two indexed look-ups rather than the whole trail: the sealed event, and how many events led up to it.
      const at = this.ctx.db.get<{ hash: string; n: number }>('SELECT hash, (SELECT count(*) FROM audit_events WHERE id <= ?) AS n FROM audit_events WHERE id = ?', [previous.lastId, previous.lastId]);
      if (!at || Number(at.n) !== previous.count || at.hash !== previous.lastHash) return null; // as extendsHead, in SQL
    }
    const last = this.ctx.db.get<{ id: number; hash: string; n: number }>('SELECT id, hash, (SELECT count(*) FROM audit_events) AS n FROM audit_events ORDER BY id DESC LIMIT 1');
    const head: AuditHead = { version: 1, count: Number(last?.n ?? 0), lastId: last?.id ?? null, lastHash: last?.hash ?? null, sealedAt: nowIso(this.ctx) };
    return JSON.stringify(head);
  }

  /** The intact chain checked against the head on disk (nothing to check for an in-memory database or a trail never sealed). */
  check(events: readonly AuditEvent[], chain: ChainCheck): ChainCheck {
    if (this.ctx.db.path === undefined) return chain;
    const text = this.onDisk();
    if (text === null || text === undefined) return checkAgainstHead(events, this.sealedAtOpen ? null : undefined, chain);
    return checkAgainstHead(events, parseAuditHead(text), chain);
  }

  private isSealed(): boolean {
    return this.ctx.db.get<{ value: string }>('SELECT value FROM engine_metadata WHERE key = ?', [SEALED_KEY]) !== undefined;
  }
}
