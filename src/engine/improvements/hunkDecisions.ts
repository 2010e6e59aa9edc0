// Inline review on the engine side: per-hunk decisions (who, when, SHA-256 before/after, each an audit event),
// the improvement's status following them, and rollback of exactly the approved hunks.
import type { CodeImprovement, HunkDecision, HunkDecisionInput, HunkDecisionKind, ImprovementHunk, ImprovementStatus } from '../types';
import type { FilesPort } from '../ports';
import { FileChangedError, InvalidInputError, InvalidStateError } from '../errors';
import { assertNonEmpty, assertOneOf } from '../validate';
import { nowIso, type StoreContext } from '../context';
import { checkApplied, decisionSummary, describeHunk, reverseHunks, splitHunks, startReview, type Decisions, type Hunk, type HunkStatus } from '../review';
import { sha256 } from './hashing';
import type { AuditLog } from './audit';
import type { ImprovementStore } from './improvementStore';
import type { HunkDecisionStore } from './hunkDecisionStore';

export interface HunkWorkflowDeps extends StoreContext {
  files: FilesPort;
  audit: AuditLog;
  store: ImprovementStore;
  decisions: HunkDecisionStore;
  changed: (id: number) => void;
}

const KINDS: readonly HunkDecisionKind[] = ['approved', 'rejected', 'reverted'];
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Which decisions may follow a hunk's latest one: undecided (none, reverted) → approved/rejected; approved → reverted. */
function allowed(current: HunkDecisionKind | null, next: HunkDecisionKind): boolean {
  if (next === 'reverted') return current === 'approved';
  return current === null || current === 'reverted';
}

export class HunkDecisions {
  constructor(private readonly d: HunkWorkflowDeps) {}

  /** Was the improvement decided hunk by hunk (at least one decision recorded)? */
  isInline(id: number): boolean {
    return this.d.decisions.has(id);
  }

  hunks(id: number): ImprovementHunk[] {
    const imp = this.d.store.get(id);
    const latest = this.d.decisions.latest(id);
    return splitHunks(imp.originalContent, imp.proposedContent).map((h) => ({ ...h, decision: latest.get(h.id)?.decision ?? null }));
  }

  list(id: number): HunkDecision[] {
    this.d.store.get(id);
    return this.d.decisions.list(id);
  }

  /** Hunk id → status for the review model (startReview's `decisions`). */
  statuses(id: number): Decisions {
    const out: Record<string, HunkStatus> = {};
    for (const [hunkId, d] of this.d.decisions.latest(id)) out[hunkId] = d.decision;
    return out;
  }

  /**
   * Records one decision; when every hunk is decided the improvement becomes applied / partially_applied /
   * rejected (and pending again when an approval is undone). Approvals and reverts are written through: they
   * vouch for the user's code.
   */
  async record(id: number, input: HunkDecisionInput): Promise<CodeImprovement> {
    const out = this.recordNow(id, input);
    if (input.decision !== 'rejected') await this.d.db.writeThrough();
    return out;
  }

  /** The synchronous part of record (also used to reject the rest of a partly decided proposal). */
  recordNow(id: number, input: HunkDecisionInput): CodeImprovement {
    if (!input || typeof input !== 'object') throw new InvalidInputError('A hunk decision is required.');
    assertOneOf(input.decision, KINDS, 'decision');
    assertNonEmpty(input.hunkId, 'hunkId');
    const actor = input.actor ?? 'user';
    assertNonEmpty(actor, 'actor');
    for (const key of ['hashBefore', 'hashAfter'] as const) {
      const v = input[key];
      if (v !== undefined && v !== null && !/^[0-9a-f]{64}$/.test(v)) throw new InvalidInputError(`${key} must be a SHA-256 hex digest.`);
    }
    const imp = this.d.store.get(id);
    const inline = this.d.decisions.has(id);
    if (!(imp.status === 'pending' || (inline && (imp.status === 'applied' || imp.status === 'partially_applied')))) {
      throw new InvalidStateError(`Improvement ${id} is ${imp.status}; its changes can no longer be decided one by one.`);
    }
    const hunks = splitHunks(imp.originalContent, imp.proposedContent);
    const hunk = hunks.find((h) => h.id === input.hunkId);
    if (!hunk) throw new InvalidInputError(`Improvement ${id} has no change ${input.hunkId}; its proposal has ${hunks.length}.`);
    const latest = this.d.decisions.latest(id);
    const current = latest.get(hunk.id)?.decision ?? null;
    if (!allowed(current, input.decision)) {
      throw new InvalidStateError(`Change ${hunk.index + 1} of improvement ${id} is ${current ?? 'undecided'}; it cannot become ${input.decision}.`);
    }
    const out = this.d.db.transaction(() => {
      const at = nowIso(this.d);
      const decision = this.d.decisions.insert({
        improvementId: id, hunkId: hunk.id, hunkIndex: hunk.index, decision: input.decision, actor, at,
        hashBefore: input.hashBefore ?? null, hashAfter: input.hashAfter ?? null,
      });
      this.d.audit.append({
        actor, entity: 'improvement', entityId: id, action: `hunk_${input.decision}`,
        details: { hunkId: hunk.id, hunkIndex: hunk.index, change: describeHunk(hunk).text, decisionId: decision.id },
        hashBefore: decision.hashBefore, hashAfter: decision.hashAfter,
      });
      latest.set(hunk.id, decision);
      return this.followDecisions(imp, hunks, latest, decision);
    });
    this.d.changed(id);
    return out;
  }

  /** Sets the improvement's status from its hunks' latest decisions, with an audit event when it changes. */
  private followDecisions(imp: CodeImprovement, hunks: readonly Hunk[], latest: Map<string, HunkDecision>, last: HunkDecision): CodeImprovement {
    const statuses = hunks.map((h) => ({ status: (latest.get(h.id)?.decision ?? 'pending') as HunkStatus }));
    const summary = decisionSummary(statuses);
    const next: ImprovementStatus = summary;
    if (next === imp.status) return this.d.store.get(imp.id);
    const approved = statuses.filter((s) => s.status === 'approved').length;
    const rejected = statuses.filter((s) => s.status === 'rejected').length;
    const at = nowIso(this.d);
    // A rejection leaves the file as it was: its hash is the latest one a decision reported.
    const fileHash = [...latest.values()].filter((d) => d.hashAfter !== null).sort((a, b) => b.id - a.id)[0]?.hashAfter ?? null;
    let updated: CodeImprovement;
    if (next === 'applied' || next === 'partially_applied') {
      const approvers = [...latest.values()].filter((d) => d.decision === 'approved').sort((a, b) => a.id - b.id);
      updated = this.d.store.update(imp.id, {
        status: next, hashAfter: fileHash, appliedAt: at, approvedBy: approvers[approvers.length - 1]?.actor ?? last.actor, approvedAt: at,
      });
    } else if (next === 'rejected') {
      updated = this.d.store.update(imp.id, { status: 'rejected', rejectedReason: 'Every change was rejected in the editor.' });
    } else {
      updated = this.d.store.update(imp.id, { status: 'pending', hashAfter: null, appliedAt: null, approvedBy: null, approvedAt: null });
    }
    this.d.audit.append({
      actor: last.actor, entity: 'improvement', entityId: imp.id, action: next === 'pending' ? 'reopened' : next,
      details: { via: 'inline', approved, rejected, total: hunks.length }, hashBefore: imp.hashBefore, hashAfter: fileHash,
    });
    return updated;
  }

  /** Rejects every undecided hunk of a partly decided proposal (a whole "Reject" after some inline decisions). */
  rejectRest(id: number, by: string): CodeImprovement {
    return this.d.db.transaction(() => {
      let out = this.d.store.get(id);
      for (const h of this.hunks(id)) {
        if (h.decision === null || h.decision === 'reverted') out = this.recordNow(id, { hunkId: h.id, decision: 'rejected', actor: by });
      }
      return out;
    });
  }

  /**
   * Rolls back an improvement decided hunk by hunk: restores exactly what its approved hunks replaced, wherever
   * they sit now (edits elsewhere in the file are kept). Refuses, writing nothing, when those lines were edited.
   */
  async rollback(id: number, by: string): Promise<CodeImprovement> {
    const imp = this.d.store.get(id);
    if (imp.status !== 'applied' && imp.status !== 'partially_applied') {
      throw new InvalidStateError(`Improvement ${id} is ${imp.status}; only applied improvements can be rolled back.`);
    }
    const current = await this.d.files.read(imp.filePath);
    const currentHash = current === null ? null : sha256(current);
    const latest = this.d.decisions.latest(id);
    const approvedIds = new Set([...latest.values()].filter((d) => d.decision === 'approved').map((d) => d.hunkId));
    let restored: string | null = null;
    let refusal = current === null ? 'file missing' : '';
    if (current !== null) {
      try {
        const state = startReview(imp.originalContent, imp.proposedContent, current, this.statuses(id));
        const applied = state.hunks.filter((h) => approvedIds.has(h.id));
        const edited = applied.filter((h) => h.status !== 'approved' || !checkApplied(state.lines, h, h.line));
        if (edited.length) refusal = `the applied lines of ${edited.map((h) => `change ${h.index + 1}`).join(', ')} were edited since`;
        else restored = reverseHunks(current, applied);
      } catch (err) {
        refusal = message(err);
      }
    }
    if (restored === null) {
      this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_refused',
        details: { reason: refusal, via: 'inline' }, hashBefore: imp.hashAfter, hashAfter: currentHash });
      this.d.changed(id);
      await this.d.db.writeThrough();
      throw new FileChangedError(imp.filePath, imp.hashAfter ?? '', currentHash, 'rollback');
    }
    const restoredHash = sha256(restored);
    this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_started',
      details: { via: 'inline', hunks: approvedIds.size }, hashBefore: currentHash, hashAfter: restoredHash });
    await this.d.db.writeThrough();
    try {
      await this.d.files.write(imp.filePath, restored);
    } catch (err) {
      const error = `Rollback failed: ${message(err)}`;
      this.d.db.transaction(() => {
        this.d.store.update(id, { error });
        this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_failed', details: { error }, hashBefore: currentHash });
      });
      this.d.changed(id);
      await this.d.db.writeThrough();
      throw new InvalidStateError(`${error}. The file was left as it was; the improvement stays ${imp.status.replace('_', ' ')}.`);
    }
    const out = this.d.db.transaction(() => {
      const u = this.d.store.update(id, { status: 'rolled_back', rolledBackAt: nowIso(this.d) });
      this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rolled_back',
        details: { via: 'inline', hunks: [...approvedIds] }, hashBefore: currentHash, hashAfter: restoredHash });
      return u;
    });
    this.d.changed(id);
    await this.d.db.writeThrough();
    return out;
  }
}
