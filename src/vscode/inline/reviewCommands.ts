// Inline review, commands and navigation: open the review view, decide the hunk a lens names or the one at
// the cursor, take an approval back, move between hunks. Decisions change the file only through one
// WorkspaceEdit each (one undo step); nothing here moves the focus except "Review Inline", which the
// person asked for.
import * as vscode from 'vscode';
import type { CodeImprovement } from '../../engine/types';
import type { HunkEdit, TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { ErrorCode, hasErrorCode } from '../../engine/errorCodes';
import { currentUser } from '../commands/commandContext';
import { errorMessage } from '../log';
import { CommandId, type PlainCommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { lensLine } from './providers';
import { approve, reject } from './reviewDecide';
import { parseReviewUri, reviewUri } from './reviewDocument';
import type { InlineRenderer } from './reviewRendering';
import { uriKey, type InlineSessions } from './reviewSessions';
import type { ReviewSession } from './session';

type Target = { session: ReviewSession; hunk: TrackedHunk };

function uriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.includes(':')) return vscode.Uri.parse(arg);
  return undefined;
}

function toRange(e: HunkEdit): vscode.Range {
  return new vscode.Range(e.startLine, e.startCharacter, e.endLine, e.endCharacter);
}

function place(editor: vscode.TextEditor, line: number): void {
  const at = new vscode.Position(Math.max(0, Math.min(line, editor.document.lineCount - 1)), 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export class InlineCommands {
  constructor(private readonly sessions: InlineSessions, private readonly renderer: InlineRenderer) {}

  /** The commands, through the extension's one registrar (failures logged and shown once; writes refused read-only). */
  register(): vscode.Disposable[] {
    const cmd = (id: PlainCommandId, fn: (...args: unknown[]) => Promise<unknown>): vscode.Disposable => registerCommand(this.sessions.deps, id, fn);
    return [
      cmd(CommandId.ReviewInline, (arg, hunkId) => this.reviewInline(arg, hunkId)),
      cmd(CommandId.InlineApproveHunk, async (u, id, h) => { const t = this.target(u, id, h); return t ? approve(this.sessions, t.session, [t.hunk]) : false; }),
      cmd(CommandId.InlineRejectHunk, async (u, id, h) => { const t = this.target(u, id, h); return t ? reject(this.sessions, t.session, [t.hunk]) : false; }),
      cmd(CommandId.InlineApproveAll, async (u, id) => { const s = this.sessionArg(u, id); return s ? approve(this.sessions, s, s.open().filter((h) => h.status !== 'stale')) : false; }),
      cmd(CommandId.InlineRejectAll, async (u, id) => { const s = this.sessionArg(u, id); return s ? reject(this.sessions, s, s.open()) : false; }),
      cmd(CommandId.InlineShowDiff, async (u, id) => { const s = this.sessionArg(u, id); return s ? vscode.commands.executeCommand(CommandId.ReviewImprovement, s.id) : undefined; }),
      cmd(CommandId.InlineRepropose, async (u, id, h) => { const t = this.target(u, id, h); return t ? this.repropose(t.session, t.hunk) : undefined; }),
      cmd(CommandId.InlineNextHunk, async (u, row) => this.move('next', u, row)),
      cmd(CommandId.InlinePreviousHunk, async (u, row) => this.move('previous', u, row)),
      cmd(CommandId.InlineUndoApproval, async (u, id) => this.undoApproval(u, id)),
      // Text buttons of the native diff editor's title: the whole proposal, as the tree's commands do it.
      cmd(CommandId.DiffApprove, async (...args) => vscode.commands.executeCommand(CommandId.ApproveImprovement, ...args)),
      cmd(CommandId.DiffReject, async (...args) => vscode.commands.executeCommand(CommandId.RejectImprovement, ...args)),
    ];
  }

  /** The file a URI stands for: itself, or the file behind a review view. */
  private fileOf(uri: vscode.Uri): vscode.Uri | undefined {
    const parsed = parseReviewUri(uri);
    return parsed ? this.sessions.session(parsed.id)?.uri : uri;
  }

  private sessionArg(u: unknown, id: unknown): ReviewSession | undefined {
    if (typeof id === 'number' && this.sessions.session(id)) return this.sessions.session(id);
    const given = uriArg(u) ?? vscode.window.activeTextEditor?.document.uri;
    const uri = given && this.fileOf(given);
    return uri && this.sessions.sessionsFor(uri).find((s) => s.open().length > 0);
  }

  /** The hunk a lens names, else the one at the cursor of the active editor (a review view, or the file). */
  private target(_u: unknown, id: unknown, h: unknown): Target | undefined {
    if (typeof id === 'number' && typeof h === 'string') {
      const session = this.sessions.session(id);
      const hunk = session?.hunk(h);
      if (session && hunk) return { session, hunk };
      void this.sessions.deps.ui.info(vscode.l10n.t('That change is no longer under review.'));
      return undefined;
    }
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.atCursor(editor);
    if (!found) {
      this.sessions.deps.log.info(`No change under review at line ${editor ? editor.selection.active.line + 1 : '-'} of ${editor?.document.uri.toString() ?? 'no editor'}`);
      void this.sessions.deps.ui.info(vscode.l10n.t('Put the cursor on a proposed change first.'));
    }
    return found;
  }

  private atCursor(editor: vscode.TextEditor): Target | undefined {
    const line = editor.selection.active.line;
    const review = this.renderer.reviewOf(editor.document);
    if (review) {
      const vh = engineChunk().review.hunkAtRow(review.view, line);
      const hunk = vh && review.session.hunk(vh.id);
      return hunk && { session: review.session, hunk };
    }
    for (const session of this.sessions.sessionsFor(editor.document.uri)) {
      const hunk = engineChunk().review.hunkAtLine(session.state, line) ?? session.open().find((h) => h.length === 0 && line === h.line - 1);
      if (hunk) return { session, hunk };
    }
    return undefined;
  }

  /** Takes the last approval made in this review back out of the file (its edit reversed, one undo step). */
  private async undoApproval(u: unknown, id: unknown): Promise<boolean> {
    const s = typeof id === 'number' ? this.sessions.session(id) : this.sessionArg(u, id) ?? this.reviewAtActive();
    const hunkId = s && this.renderer.undoable(s)[0];
    const doc = s && this.sessions.document(s.uri);
    if (!s || !hunkId || !doc) {
      void this.sessions.deps.ui.info(vscode.l10n.t('No approval to take back in this review.'));
      return false;
    }
    const wasDirty = doc.isDirty;
    let edit: HunkEdit;
    try {
      edit = engineChunk().review.unapproveEdit(s.state, hunkId);
    } catch (err) {
      if (!hasErrorCode(err, ErrorCode.HunkMismatch, ErrorCode.InvalidState)) throw err;
      void this.sessions.deps.ui.warn(errorMessage(err));
      return false;
    }
    const we = new vscode.WorkspaceEdit();
    we.replace(s.uri, toRange(edit), edit.text);
    if (!(await vscode.workspace.applyEdit(we))) {
      void this.sessions.deps.ui.error(vscode.l10n.t('VS Code refused the edit; nothing was changed.'));
      return false;
    }
    // The edit's change event tracks the hunk back to undecided and records it as reverted (with hashes).
    s.approvals.splice(s.approvals.lastIndexOf(hunkId), 1);
    if (!wasDirty && doc.isDirty) await doc.save();
    await s.queue;
    return true;
  }

  private reviewAtActive(): ReviewSession | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor && this.renderer.reviewOf(editor.document)?.session;
  }

  /** A stale hunk proposed again: its added lines against the region as the person left it. */
  private async repropose(s: ReviewSession, h: TrackedHunk): Promise<CodeImprovement | undefined> {
    const doc = this.sessions.document(s.uri);
    const rel = doc && this.sessions.relativePath(doc.uri);
    if (!doc || !rel) return undefined;
    const lines = doc.getText().split(/\r\n|\r|\n/);
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const proposed = [...lines.slice(0, h.line), ...h.added, ...lines.slice(h.line + h.length)].join(eol);
    const engine = await this.sessions.deps.host.get();
    // The person asked to review it: pending whatever autoImprove says.
    const fresh = await engine.proposeForReview({
      name: vscode.l10n.t('{0} (change {1} re-proposed)', s.improvement.name, h.index + 1), filePath: rel, newCode: proposed,
      description: s.improvement.description, proposedBy: currentUser(),
    });
    if (s.hunk(h.id)?.status !== 'rejected') await reject(this.sessions, s, [h]);
    await this.sessions.settle();
    return fresh;
  }

  /** Next/previous hunk: in a review view (rows), else in the file (lines). From a lens, its editor and row. */
  private async move(direction: 'next' | 'previous', u: unknown, row: unknown): Promise<boolean> {
    const given = uriArg(u);
    const active = vscode.window.activeTextEditor;
    const editor = given ? (active && uriKey(active.document.uri) === uriKey(given) ? active : vscode.window.visibleTextEditors.find((e) => uriKey(e.document.uri) === uriKey(given))) : active;
    if (!editor) return false;
    const from = typeof row === 'number' ? row : editor.selection.active.line;
    const review = this.renderer.reviewOf(editor.document);
    if (review) {
      const vh = engineChunk().review.adjacentViewHunk(review.view, from, direction);
      if (!vh) return false;
      place(editor, vh.firstRow);
      return true;
    }
    const candidates = this.sessions.sessionsFor(editor.document.uri).map((s) => engineChunk().review.adjacentHunk(s.state, from, direction)).filter((h): h is TrackedHunk => !!h);
    if (!candidates.length) return false;
    const after = candidates.filter((h) => (direction === 'next' ? h.line > from : h.line < from));
    const pool = after.length ? after : candidates;
    const pick = pool.reduce((best, h) => (direction === 'next' ? (h.line < best.line ? h : best) : (h.line > best.line ? h : best)));
    place(editor, lensLine(pick, editor.document.lineCount));
    return true;
  }

  /**
   * "Review Inline": the review view of a pending proposal, focused (the person asked), its cursor on the
   * named hunk or the first undecided one. The file itself stays as it is.
   */
  private async reviewInline(arg: unknown, hunkId: unknown): Promise<vscode.TextEditor | undefined> {
    const engine = await this.sessions.deps.host.get();
    const id = typeof arg === 'number' ? arg : arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'number' ? (arg as { id: number }).id : undefined;
    let imp: CodeImprovement | undefined = id !== undefined ? engine.getImprovement(id) : undefined;
    const given = uriArg(arg) ?? (imp ? undefined : vscode.window.activeTextEditor?.document.uri);
    const uri = given && this.fileOf(given);
    if (!imp && uri) {
      const rel = this.sessions.relativePath(uri);
      imp = engine.listImprovements({ status: 'pending' }).filter((i) => i.filePath === rel).pop();
    }
    if (!imp || imp.status !== 'pending') {
      void this.sessions.deps.ui.info(vscode.l10n.t('No pending proposal to review inline here.'));
      return undefined;
    }
    const file = this.sessions.fileUri(imp.filePath);
    if (!file) throw new Error(vscode.l10n.t('Open the folder of {0} to review this improvement.', imp.filePath));
    const doc = this.sessions.document(file) ?? await vscode.workspace.openTextDocument(file);
    await this.sessions.settle(doc);
    const review = await vscode.workspace.openTextDocument(reviewUri(imp));
    const editor = await vscode.window.showTextDocument(review, { preview: false });
    this.renderer.render(file);
    const shown = this.renderer.reviewOf(editor.document) ?? await this.viewReady(editor.document);
    const vh = shown && (shown.view.hunks.find((h) => h.id === hunkId) ?? shown.view.hunks[0]);
    if (vh) place(editor, vh.firstRow);
    return editor;
  }

  /** Waits (briefly, on VS Code's own update events) until the review document reads the served view. */
  private viewReady(doc: vscode.TextDocument): Promise<ReturnType<InlineRenderer['reviewOf']>> {
    return new Promise((resolve) => {
      const done = (): void => { sub.dispose(); clearTimeout(timer); resolve(this.renderer.reviewOf(doc)); };
      const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && this.renderer.reviewOf(doc)) done(); });
      const timer = setTimeout(done, 2000);
    });
  }
}
