// The approval workflow of spec system 6: propose → approve (written through before the file is
// touched) → apply with hash checks → rollback; restore and mark failed when applying fails.
import type { CodeImprovement, ImprovementInput } from '../types';
import type { FilesPort } from '../ports';
import { FileChangedError, InvalidInputError, InvalidStateError, NotFoundError } from '../errors';
import { assertNonEmpty } from '../validate';
import { nowIso, type StoreContext } from '../context';
import { normalizeRelativePath } from '../files/relativePath';
import { sha256 } from './hashing';
import { buildProposedContent } from './proposal';
import { AuditLog } from './audit';
import { ImprovementStore } from './improvementStore';

export interface WorkflowDeps extends StoreContext {
  files: FilesPort;
  audit: AuditLog;
  store: ImprovementStore;
  autoImprove: () => boolean;
  experimentExists: (id: number) => boolean;
  changed: (id: number) => void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class CodeImprovements {
  constructor(private readonly d: WorkflowDeps) {}

  async propose(input: ImprovementInput): Promise<CodeImprovement> {
    assertNonEmpty(input?.name, 'name');
    const filePath = normalizeRelativePath(input.filePath);
    if (typeof input.newCode !== 'string') throw new InvalidInputError('newCode must be a string.');
    if (input.oldCode !== undefined && typeof input.oldCode !== 'string') throw new InvalidInputError('oldCode must be a string.');
    if (input.experimentId !== undefined && !this.d.experimentExists(input.experimentId)) throw new NotFoundError('experiment', input.experimentId);
    const original = await this.d.files.read(filePath);
    if (original === null) throw new InvalidInputError(`${filePath} does not exist under the root folder; propose changes to existing files only.`);
    const proposed = buildProposedContent(original, input.newCode, input.oldCode, filePath);
    if (proposed === original) throw new InvalidInputError(`The proposal does not change ${filePath}.`);
    const proposedBy = input.proposedBy ?? 'user';
    const imp = this.d.db.transaction(() => {
      const created = this.d.store.insert({
        name: input.name, description: input.description ?? '', filePath, functionName: input.functionName ?? null,
        experimentId: input.experimentId ?? null, status: 'pending', originalContent: original, proposedContent: proposed,
        hashBefore: sha256(original), proposedBy, proposedAt: nowIso(this.d),
      });
      this.d.audit.append({ actor: proposedBy, entity: 'improvement', entityId: created.id, action: 'proposed',
        details: { filePath, name: input.name, experimentId: input.experimentId ?? null }, hashBefore: created.hashBefore, hashAfter: sha256(proposed) });
      return created;
    });
    this.d.changed(imp.id);
    return this.d.autoImprove() ? this.approve(imp.id, 'system') : imp;
  }

  async approve(id: number, approvedBy: string): Promise<CodeImprovement> {
    assertNonEmpty(approvedBy, 'approvedBy');
    const imp = this.d.store.get(id);
    if (imp.status !== 'pending') throw new InvalidStateError(`Improvement ${id} is ${imp.status}; only pending improvements can be approved.`);
    // Synchronous up to here, so a second approval of the same id sees 'approved' and is refused.
    this.d.db.transaction(() => {
      this.d.store.update(id, { status: 'approved', approvedBy, approvedAt: nowIso(this.d) });
      this.d.audit.append({ actor: approvedBy, entity: 'improvement', entityId: id, action: 'approved', hashBefore: imp.hashBefore });
    });
    this.d.changed(id);

    const backToPending = async (reason: string, currentHash: string | null): Promise<void> => {
      this.d.db.transaction(() => {
        this.d.store.update(id, { status: 'pending', approvedBy: null, approvedAt: null });
        this.d.audit.append({ actor: approvedBy, entity: 'improvement', entityId: id, action: 'apply_refused',
          details: { reason }, hashBefore: imp.hashBefore, hashAfter: currentHash });
      });
      this.d.changed(id);
      // Not saved now (e.g. the disk is full): the coalesced save retries; memory already says pending.
      await this.d.db.writeThrough().catch(() => undefined);
    };
    try {
      await this.d.db.writeThrough();
    } catch (err) {
      // The approval is not durable, so the file is not touched; memory goes back to pending so that a
      // retry is accepted (issue 19 item 7).
      await backToPending(`the approval could not be saved: ${message(err)}`, null);
      throw err;
    }
    let current: string | null;
    try {
      current = await this.readOrNull(imp.filePath);
    } catch (err) {
      await backToPending(`could not read the file: ${message(err)}`, null);
      throw err;
    }
    const currentHash = current === null ? null : sha256(current);
    if (currentHash !== imp.hashBefore) {
      await backToPending(current === null ? 'file missing' : 'file changed since proposal', currentHash);
      throw new FileChangedError(imp.filePath, imp.hashBefore, currentHash, 'apply');
    }

    const expected = sha256(imp.proposedContent);
    try {
      await this.d.files.write(imp.filePath, imp.proposedContent);
      const written = await this.d.files.read(imp.filePath);
      if (written === null || sha256(written) !== expected) throw new Error(`verification failed: ${imp.filePath} does not hold the proposed text after writing`);
    } catch (err) {
      const restoreError = await this.restoreOriginal(imp.filePath, imp.originalContent, imp.hashBefore);
      const error = `Applying failed: ${message(err)}${restoreError ? `; restoring the original also failed: ${restoreError}` : '; the original file was restored'}`;
      this.d.db.transaction(() => {
        this.d.store.update(id, { status: 'failed', error });
        this.d.audit.append({ actor: approvedBy, entity: 'improvement', entityId: id, action: 'failed',
          details: { error, restored: restoreError === null }, hashBefore: imp.hashBefore });
      });
      this.d.changed(id);
      await this.d.db.writeThrough();
      return this.d.store.get(id);
    }
    const applied = this.d.db.transaction(() => {
      const u = this.d.store.update(id, { status: 'applied', hashAfter: expected, appliedAt: nowIso(this.d) });
      this.d.audit.append({ actor: approvedBy, entity: 'improvement', entityId: id, action: 'applied', hashBefore: imp.hashBefore, hashAfter: expected });
      return u;
    });
    this.d.changed(id);
    await this.d.db.writeThrough();
    return applied;
  }

  reject(id: number, reason?: string, rejectedBy = 'user'): CodeImprovement {
    const imp = this.d.store.get(id);
    if (imp.status !== 'pending') throw new InvalidStateError(`Improvement ${id} is ${imp.status}; only pending improvements can be rejected.`);
    const out = this.d.db.transaction(() => {
      const u = this.d.store.update(id, { status: 'rejected', rejectedReason: reason ?? null });
      this.d.audit.append({ actor: rejectedBy, entity: 'improvement', entityId: id, action: 'rejected', details: { reason: reason ?? null }, hashBefore: imp.hashBefore });
      return u;
    });
    this.d.changed(id);
    return out;
  }

  async rollback(id: number, by = 'user'): Promise<CodeImprovement> {
    const imp = this.d.store.get(id);
    if (imp.status !== 'applied') throw new InvalidStateError(`Improvement ${id} is ${imp.status}; only applied improvements can be rolled back.`);
    const current = await this.readOrNull(imp.filePath);
    const currentHash = current === null ? null : sha256(current);
    if (currentHash !== imp.hashAfter) {
      this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_refused',
        details: { reason: current === null ? 'file missing' : 'file changed since applied' }, hashBefore: imp.hashAfter, hashAfter: currentHash });
      this.d.changed(id);
      await this.d.db.writeThrough();
      throw new FileChangedError(imp.filePath, imp.hashAfter ?? '', currentHash, 'rollback');
    }
    this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_started', hashBefore: imp.hashAfter, hashAfter: imp.hashBefore });
    await this.d.db.writeThrough();
    try {
      await this.d.files.write(imp.filePath, imp.originalContent);
    } catch (err) {
      const error = `Rollback failed: ${message(err)}`;
      this.d.db.transaction(() => {
        this.d.store.update(id, { error });
        this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rollback_failed', details: { error }, hashBefore: imp.hashAfter });
      });
      this.d.changed(id);
      await this.d.db.writeThrough();
      throw new InvalidStateError(`${error}. The file was left as it was; the improvement stays applied.`);
    }
    const out = this.d.db.transaction(() => {
      const u = this.d.store.update(id, { status: 'rolled_back', rolledBackAt: nowIso(this.d) });
      this.d.audit.append({ actor: by, entity: 'improvement', entityId: id, action: 'rolled_back', hashBefore: imp.hashAfter, hashAfter: imp.hashBefore });
      return u;
    });
    this.d.changed(id);
    await this.d.db.writeThrough();
    return out;
  }

  /**
   * An improvement found 'approved' when the engine opens was interrupted between approval and
   * application. The file decides: it holds the proposal → applied; the original → back to pending
   * (approve again); anything else → failed, file left alone.
   */
  async reconcile(id: number): Promise<CodeImprovement> {
    const imp = this.d.store.get(id);
    if (imp.status !== 'approved') return imp;
    const current = await this.readOrNull(imp.filePath);
    const hash = current === null ? null : sha256(current);
    const proposedHash = sha256(imp.proposedContent);
    const actor = 'system';
    const out = this.d.db.transaction(() => {
      if (hash === proposedHash) {
        this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'applied', details: { recovered: true }, hashBefore: imp.hashBefore, hashAfter: hash });
        return this.d.store.update(id, { status: 'applied', hashAfter: hash, appliedAt: nowIso(this.d) });
      }
      if (hash === imp.hashBefore) {
        this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'approval_interrupted', details: { recovered: true }, hashBefore: imp.hashBefore, hashAfter: hash });
        return this.d.store.update(id, { status: 'pending', approvedBy: null, approvedAt: null });
      }
      const error = 'Interrupted while applying, and the file now matches neither the original nor the proposal; it was left as it is.';
      this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'failed', details: { recovered: true, error }, hashBefore: imp.hashBefore, hashAfter: hash });
      return this.d.store.update(id, { status: 'failed', error });
    });
    this.d.changed(id);
    await this.d.db.writeThrough();
    return out;
  }

  /**
   * Writes the original text back and reads it again: null only when the file really holds the original
   * (so "restored" is never said of a write that went elsewhere or did not happen); else what went wrong.
   */
  private async restoreOriginal(filePath: string, original: string, hash: string): Promise<string | null> {
    try {
      await this.d.files.write(filePath, original);
      const now = await this.d.files.read(filePath);
      return now !== null && sha256(now) === hash ? null : `${filePath} does not hold the original text after writing it back`;
    } catch (e) {
      return message(e);
    }
  }

  /**
   * An applied improvement whose newest audit event is 'rollback_started' was interrupted while rolling
   * back (for whole-file and inline rollbacks alike: the event records the file's hash before and the
   * hash the rollback writes). The file decides: it holds what the rollback writes → finish it
   * (rolled_back); it still holds what was there → stays applied, audited as interrupted, so rolling back
   * again works; anything else → stays applied with an error, file left alone.
   */
  async reconcileRollback(id: number): Promise<CodeImprovement> {
    const imp = this.d.store.get(id);
    const started = this.d.audit.last('improvement', id);
    if ((imp.status !== 'applied' && imp.status !== 'partially_applied') || started?.action !== 'rollback_started') return imp;
    const current = await this.readOrNull(imp.filePath);
    const hash = current === null ? null : sha256(current);
    const actor = 'system';
    const out = this.d.db.transaction(() => {
      if (hash !== null && hash === started.hashAfter) {
        this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'rolled_back', details: { recovered: true }, hashBefore: started.hashBefore, hashAfter: hash });
        return this.d.store.update(id, { status: 'rolled_back', rolledBackAt: nowIso(this.d) });
      }
      if (hash !== null && hash === started.hashBefore) {
        this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'rollback_interrupted', details: { recovered: true }, hashBefore: started.hashBefore, hashAfter: hash });
        return this.d.store.get(id);
      }
      const error = 'Interrupted while rolling back, and the file now matches neither the applied text nor the original; it was left as it is.';
      this.d.audit.append({ actor, entity: 'improvement', entityId: id, action: 'rollback_interrupted', details: { recovered: true, error }, hashBefore: started.hashBefore, hashAfter: hash });
      return this.d.store.update(id, { error });
    });
    this.d.changed(id);
    await this.d.db.writeThrough();
    return out;
  }

  private async readOrNull(filePath: string): Promise<string | null> {
    return this.d.files.read(filePath);
  }
}
