// Inline review, deciding: approve applies hunks to the file as one WorkspaceEdit (one undo step) after
// the approvals are written through; reject records and leaves the file as it is. Shared by every way of
// deciding (lenses in the review view, keys, Approve All, commands with arguments).
import * as path from 'path';
import * as vscode from 'vscode';
import type { HunkEdit, TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { ErrorCode, hasErrorCode } from '../../engine/errorCodes';
import { errorMessage } from '../log';
import type { InlineSessions } from './reviewSessions';
import type { ReviewSession } from './session';

type Edits = readonly { id: string; edit: HunkEdit }[];

function workspaceEdit(uri: vscode.Uri, edits: Edits): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(uri, new vscode.Range(e.edit.startLine, e.edit.startCharacter, e.edit.endLine, e.edit.endCharacter), e.edit.text);
  return we;
}

/**
 * Approves hunks: checks their lines still read as proposed-against, records the approvals (written through
 * before the file is touched), then applies them as one WorkspaceEdit (one undo step). Saves only when the
 * document had no unsaved edits of the person's own; then the approvals are only in the buffer, so they are
 * recorded when the person saves, never as applied while the file on disk lacks them.
 */
export async function approve(sessions: InlineSessions, s: ReviewSession, hunks: readonly TrackedHunk[]): Promise<boolean> {
  const { ui } = sessions.deps;
  const doc = sessions.document(s.uri) ?? await vscode.workspace.openTextDocument(s.uri);
  if (!hunks.length) return false;
  const wasDirty = doc.isDirty;
  const before = doc.getText();
  const seen = s.text;
  sessions.recordImplied(s, s.resync(before), seen, before);
  let state = s.state;
  const edits: { id: string; edit: HunkEdit }[] = [];
  for (const h of hunks) {
    try {
      const r = engineChunk().review.approveHunk(state, h.id);
      state = r.state;
      edits.push({ id: h.id, edit: r.edit });
    } catch (err) {
      if (!hasErrorCode(err, ErrorCode.HunkMismatch, ErrorCode.InvalidState)) throw err;
      void ui.warn(errorMessage(err));
    }
  }
  if (!edits.length) {
    sessions.fire(s.uri);
    return false;
  }
  if (wasDirty) return approveUnsaved(sessions, s, doc, state, edits);
  // Bottom-up, each edit's positions are still those of `before`.
  const after = [...edits].sort((a, b) => b.edit.lineStart - a.edit.lineStart).reduce((t, e) => engineChunk().review.applyTextChange(t, e.edit), before);
  const hashBefore = engineChunk().sha256(before);
  const hashAfter = engineChunk().sha256(after);
  try {
    await Promise.all(edits.map((e) => sessions.record(s, e.id, 'approved', hashBefore, hashAfter)));
  } catch {
    sessions.fire(s.uri);
    return false; // the failure was reported; nothing was applied
  }
  if (doc.getText() !== before) {
    // The person typed while the decision was written: nothing lands on lines that moved; undo the records.
    for (const e of edits) await sessions.record(s, e.id, 'reverted', hashBefore, engineChunk().sha256(doc.getText())).catch(() => undefined);
    void ui.warn(vscode.l10n.t('The file changed while the change was being approved; nothing was applied. Try again.'));
    sessions.fire(s.uri);
    return false;
  }
  s.state = state;
  if (!(await vscode.workspace.applyEdit(workspaceEdit(s.uri, edits)))) {
    for (const e of edits) s.state = engineChunk().review.reopenHunk(s.state, e.id);
    for (const e of edits) await sessions.record(s, e.id, 'reverted', hashAfter, hashBefore).catch(() => undefined);
    void ui.error(vscode.l10n.t('VS Code refused the edit; nothing was applied.'));
    sessions.fire(s.uri);
    return false;
  }
  s.approvals.push(...edits.map((e) => e.id));
  if (doc.isDirty) await doc.save();
  sessions.fire(s.uri);
  return true;
}

/** Approval in a document with the person's unsaved edits: the hunks go into the buffer only, recorded on save. */
async function approveUnsaved(sessions: InlineSessions, s: ReviewSession, doc: vscode.TextDocument, state: ReviewSession['state'], edits: Edits): Promise<boolean> {
  const { ui, log } = sessions.deps;
  s.state = state;
  if (!(await vscode.workspace.applyEdit(workspaceEdit(s.uri, edits)))) {
    for (const e of edits) s.state = engineChunk().review.reopenHunk(s.state, e.id);
    void ui.error(vscode.l10n.t('VS Code refused the edit; nothing was applied.'));
    sessions.fire(s.uri);
    return false;
  }
  s.approvals.push(...edits.map((e) => e.id));
  log.info(`Proposal #${s.id}: ${edits.length} change(s) approved into ${doc.uri.fsPath}, which has unsaved edits; recorded when it is saved`);
  void ui.info(vscode.l10n.t('Approved in the editor only: {0} has unsaved edits of yours, so the approval is recorded when you save it.', path.basename(doc.uri.fsPath)));
  sessions.fire(s.uri);
  return true;
}

/** Rejects hunks: the file is not touched, the decision is recorded. */
export async function reject(sessions: InlineSessions, s: ReviewSession, hunks: readonly TrackedHunk[]): Promise<boolean> {
  const doc = sessions.document(s.uri);
  const hash = doc ? engineChunk().sha256(doc.getText()) : null;
  const done: Promise<void>[] = [];
  for (const h of hunks) {
    s.state = engineChunk().review.rejectHunk(s.state, h.id);
    done.push(sessions.record(s, h.id, 'rejected', hash, hash));
  }
  sessions.fire(s.uri);
  await Promise.all(done).catch(() => undefined);
  return hunks.length > 0;
}
