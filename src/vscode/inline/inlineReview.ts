// Inline review: a pending proposal shown hunk by hunk in the file itself, decided one hunk at a time.
// Stable API only. The adapter maps document changes into the pure hunk model (engine/review) and the model
// out to decorations, lenses, hovers and context keys; decisions go to the engine (recordHunkDecision).
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement, EngineChange, HunkDecisionKind } from '../../engine/types';
import type { HunkEdit, TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { ErrorCode, hasErrorCode } from '../../engine/errorCodes';
import { currentUser } from '../commands/commandContext';
import { CommandId, type PlainCommandId } from '../commands/commandTable';
import { registerCommand } from '../commands/registerCommand';
import { ContextKey, type ContextKeys } from '../contextKeys';
import { Disposables } from '../lifecycle';
import { errorMessage } from '../log';
import type { Ui } from '../ui';
import { InlineDecorations, type DrawnHunks } from './decorations';
import { InlineHoverProvider, InlineLensProvider, lensLine, type SessionSource } from './providers';
import { ReviewSession, type ImpliedDecision } from './session';

/** What inline review needs from the extension: the lazily opened engine, the log, the message wrapper and the context keys. */
export interface InlineReviewDeps {
  readonly host: {
    get(): Promise<SelfImprovementApi>;
    readonly current: SelfImprovementApi | undefined;
    readonly onDidChange: vscode.Event<EngineChange | undefined>;
    readonly folder: vscode.Uri | undefined;
  };
  readonly log: vscode.LogOutputChannel;
  readonly ui: Ui;
  readonly keys: ContextKeys;
}

const key = (uri: vscode.Uri): string => uri.toString();
/** Statuses under which an improvement keeps its inline review while its file is open (undo may still revert). */
const KEEP = new Set(['pending', 'applied', 'partially_applied']);

function uriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.includes(':')) return vscode.Uri.parse(arg);
  return undefined;
}

function toRange(e: HunkEdit): vscode.Range {
  return new vscode.Range(e.startLine, e.startCharacter, e.endLine, e.endCharacter);
}

/** Is the editor one side of a diff (whose own colours already show the change)? */
function inDiff(e: vscode.TextEditor): boolean {
  const tab = vscode.window.tabGroups.all.find((g) => g.viewColumn === e.viewColumn)?.activeTab;
  const input = tab?.input;
  return input instanceof vscode.TabInputTextDiff && (key(input.original) === key(e.document.uri) || key(input.modified) === key(e.document.uri));
}

export class InlineReview extends Disposables implements SessionSource {
  private readonly sessions = new Map<string, ReviewSession[]>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeSessions = this.changed.event;
  private readonly decorations = new InlineDecorations();
  private syncing: Promise<void> = Promise.resolve();
  private syncTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly deps: InlineReviewDeps) {
    super();
    const selector: vscode.DocumentSelector = { scheme: 'file' };
    for (const d of [
      this.changed, this.decorations,
      vscode.languages.registerCodeLensProvider(selector, new InlineLensProvider(this)),
      vscode.languages.registerHoverProvider(selector, new InlineHoverProvider(this)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.drop(d.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.recordSaved(d)),
      vscode.window.onDidChangeVisibleTextEditors(() => { this.renderAll(); this.scheduleSync(); }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === vscode.window.activeTextEditor) this.updateContext(); }),
      // Only improvement changes (and the engine opening/closing: undefined) can start, end or decide a review.
      deps.host.onDidChange((c) => { if (!c || c.kind === 'improvement') this.scheduleSync(); }),
      ...this.registerCommands(),
    ]) this.register(d);
    if (deps.host.current) this.scheduleSync();
  }

  // ── what the providers and tests read ───────────────────────────────────

  sessionsFor(uri: vscode.Uri): readonly ReviewSession[] {
    return this.sessions.get(key(uri)) ?? [];
  }

  /** Undecided hunks of a file across its reviews, top to bottom. */
  openHunks(uri: vscode.Uri): { session: ReviewSession; hunk: TrackedHunk }[] {
    return this.sessionsFor(uri).flatMap((session) => session.open().map((hunk) => ({ session, hunk }))).sort((a, b) => a.hunk.line - b.hunk.line);
  }

  /** What is drawn on `editor` now (undefined: never drawn). */
  drawnOn(editor: vscode.TextEditor): DrawnHunks | undefined {
    return this.decorations.drawn.get(editor);
  }

  /** Resolves once sessions reflect the engine and the visible editors (tests; "Review Inline"). */
  async settle(): Promise<void> {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    await this.sync();
    for (const list of this.sessions.values()) for (const s of list) await s.queue;
  }

  // ── sessions follow the engine and the visible editors ──────────────────

  private scheduleSync(): void {
    if (this.disposed) return;
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => { void this.sync(); }, 50);
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((err) => this.deps.log.error(`Inline review: ${errorMessage(err)}`));
    return this.syncing;
  }

  private relativePath(uri: vscode.Uri): string | undefined {
    const folder = this.deps.host.folder;
    if (!folder || uri.scheme !== 'file') return undefined;
    const rel = path.posix.relative(folder.path, uri.path);
    return rel && !rel.startsWith('..') && !path.posix.isAbsolute(rel) ? rel : undefined;
  }

  private async syncNow(extra?: vscode.TextDocument): Promise<void> {
    const engine = this.deps.host.current;
    if (!engine || this.disposed) return;
    const improvements = engine.listImprovements();
    const byId = new Map(improvements.map((i) => [i.id, i]));
    let touched = false;
    // Drop reviews whose improvement was deleted, decided as a whole, rolled back or failed.
    for (const [k, list] of this.sessions) {
      const kept = list.filter((s) => {
        const imp = byId.get(s.id);
        return imp !== undefined && KEEP.has(imp.status) && (imp.status === 'pending' || s.recorded.size > 0);
      });
      for (const s of kept) touched = this.followEngine(engine, s) || touched;
      if (kept.length !== list.length) touched = true;
      if (kept.length) this.sessions.set(k, kept);
      else this.dropKey(k);
    }
    // Start reviews of pending proposals for files now visible.
    const docs = new Map<string, vscode.TextDocument>();
    for (const e of vscode.window.visibleTextEditors) docs.set(key(e.document.uri), e.document);
    if (extra) docs.set(key(extra.uri), extra);
    for (const [k, doc] of docs) {
      const rel = this.relativePath(doc.uri);
      if (!rel) continue;
      const list = this.sessions.get(k) ?? [];
      for (const imp of improvements) {
        if (imp.status !== 'pending' || imp.filePath !== rel || list.some((s) => s.id === imp.id)) continue;
        const session = this.start(engine, imp, doc);
        list.push(session);
        touched = true;
      }
      if (list.length && !this.sessions.has(k)) {
        this.sessions.set(k, list);
        this.watch(doc.uri);
      }
    }
    if (touched) this.renderAll();
  }

  private start(engine: SelfImprovementApi, imp: CodeImprovement, doc: vscode.TextDocument): ReviewSession {
    const decisions = new Map<string, HunkDecisionKind>();
    for (const h of engine.getHunks(imp.id)) if (h.decision) decisions.set(h.id, h.decision);
    const session = new ReviewSession(imp, doc.uri, doc.getText(), decisions);
    // An approval undone while the file was closed (or saved without it) shows up at once.
    this.recordImplied(session, session.implied(), session.text, session.text);
    this.deps.log.info(`Inline review of proposal #${imp.id} in ${imp.filePath}: ${session.open().length} undecided of ${session.state.hunks.length}`);
    return session;
  }

  /** Decisions made elsewhere (whole Reject from the tree, another window) reach the review. */
  private followEngine(engine: SelfImprovementApi, s: ReviewSession): boolean {
    let changed = false;
    for (const h of engine.getHunks(s.id)) {
      const mine = s.hunk(h.id);
      if (!mine || !h.decision || s.recorded.get(h.id) === h.decision) continue;
      s.recorded.set(h.id, h.decision);
      if (h.decision === 'rejected' && mine.status !== 'rejected') s.state = engineChunk().review.rejectHunk(s.state, h.id);
      changed = true;
    }
    return changed;
  }

  private watch(uri: vscode.Uri): void {
    const k = key(uri);
    if (this.watchers.has(k)) return;
    const folder = this.deps.host.folder;
    const rel = this.relativePath(uri);
    if (!folder || !rel) return;
    // Someone else changed the file on disk: once the editor has reloaded it, re-check every hunk.
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, rel), true, false, true);
    const recheck = (): void => { setTimeout(() => this.recheck(uri), 150); };
    this.watchers.set(k, vscode.Disposable.from(w, w.onDidChange(recheck)));
  }

  /** Re-reads the document (e.g. after it changed on disk) and brings every review of it in step. */
  recheck(uri: vscode.Uri): void {
    const doc = vscode.workspace.textDocuments.find((d) => key(d.uri) === key(uri));
    if (!doc) return;
    const text = doc.getText();
    for (const s of this.sessionsFor(uri)) {
      const before = s.text;
      this.recordImplied(s, s.resync(text), before, text);
    }
    this.render(uri);
  }

  private drop(uri: vscode.Uri): void {
    if (!this.sessions.has(key(uri))) return;
    this.dropKey(key(uri));
    this.changed.fire();
    this.updateContext();
  }

  private dropKey(k: string): void {
    this.sessions.delete(k);
    this.watchers.get(k)?.dispose();
    this.watchers.delete(k);
  }

  // ── the person edits: shift, stale, undo/redo ───────────────────────────

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    const list = this.sessions.get(key(e.document.uri));
    if (!list || !e.contentChanges.length) return;
    const text = e.document.getText();
    for (const s of list) {
      const before = s.text;
      this.recordImplied(s, s.track(e.contentChanges, text), before, text);
    }
    this.render(e.document.uri);
  }

  private recordImplied(s: ReviewSession, implied: readonly ImpliedDecision[], before: string, after: string): void {
    for (const { hunk, decision } of implied) {
      const reason = decision === 'reverted' ? 'undone in the editor' : 'redone in the editor';
      this.deps.log.info(`Proposal #${s.id}, change ${hunk.index + 1}: ${reason}; recording ${decision}`);
      this.record(s, hunk.id, decision, engineChunk().sha256(before), engineChunk().sha256(after));
    }
  }

  /** Records a decision in order with the session's others; `recorded` is set at once so nothing is recorded twice. */
  private record(s: ReviewSession, hunkId: string, decision: HunkDecisionKind, hashBefore: string | null, hashAfter: string | null): Promise<void> {
    const previous = s.recorded.get(hunkId);
    s.recorded.set(hunkId, decision);
    const run = s.queue.then(async () => {
      const engine = await this.deps.host.get();
      await engine.recordHunkDecision(s.id, { hunkId, decision, actor: currentUser(), hashBefore, hashAfter });
    });
    s.queue = run.catch((err) => {
      if (previous === undefined) s.recorded.delete(hunkId);
      else s.recorded.set(hunkId, previous);
      this.deps.log.error(`Could not record ${decision} of a change of proposal #${s.id}: ${errorMessage(err)}`);
      void this.deps.ui.error(errorMessage(err));
    });
    return run;
  }

  // ── drawing ─────────────────────────────────────────────────────────────

  private renderAll(): void {
    const seen = new Set<string>();
    for (const e of vscode.window.visibleTextEditors) {
      if (seen.has(key(e.document.uri))) continue;
      seen.add(key(e.document.uri));
      this.render(e.document.uri);
    }
    this.changed.fire();
    this.updateContext();
  }

  /** Decorations on every visible editor of the file (all groups), lenses refreshed, context keys updated. */
  private render(uri: vscode.Uri): void {
    const hunks = this.openHunks(uri).map((x) => x.hunk);
    for (const e of vscode.window.visibleTextEditors) {
      if (key(e.document.uri) === key(uri)) this.decorations.render(e, inDiff(e) ? [] : hunks);
    }
    this.changed.fire();
    this.updateContext();
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const open = editor ? this.openHunks(editor.document.uri) : [];
    this.deps.keys.set(ContextKey.InlinePending, open.length > 0);
    this.deps.keys.set(ContextKey.InlineHunkAtCursor, !!editor && this.atCursor(editor) !== undefined);
  }

  private atCursor(editor: vscode.TextEditor): { session: ReviewSession; hunk: TrackedHunk } | undefined {
    const line = editor.selection.active.line;
    for (const session of this.sessionsFor(editor.document.uri)) {
      const hunk = engineChunk().review.hunkAtLine(session.state, line) ?? session.open().find((h) => h.length === 0 && line === h.line - 1);
      if (hunk) return { session, hunk };
    }
    return undefined;
  }

  // ── commands ────────────────────────────────────────────────────────────

  private registerCommands(): vscode.Disposable[] {
    const cmd = (id: PlainCommandId, fn: (...args: unknown[]) => Promise<unknown>): vscode.Disposable => registerCommand(this.deps, id, fn);
    return [
      cmd(CommandId.ReviewInline, (arg) => this.reviewInline(arg)),
      cmd(CommandId.InlineApproveHunk, async (u, id, h) => { const t = this.target(u, id, h); return t ? this.approve(t.session, [t.hunk]) : false; }),
      cmd(CommandId.InlineRejectHunk, async (u, id, h) => { const t = this.target(u, id, h); return t ? this.reject(t.session, [t.hunk]) : false; }),
      cmd(CommandId.InlineApproveAll, async (u, id) => { const s = this.sessionArg(u, id); return s ? this.approve(s, s.open().filter((h) => h.status !== 'stale')) : false; }),
      cmd(CommandId.InlineRejectAll, async (u, id) => { const s = this.sessionArg(u, id); return s ? this.reject(s, s.open()) : false; }),
      cmd(CommandId.InlineShowDiff, async (u, id) => { const s = this.sessionArg(u, id); return s ? vscode.commands.executeCommand(CommandId.ReviewImprovement, s.id) : undefined; }),
      cmd(CommandId.InlineRepropose, async (u, id, h) => { const t = this.target(u, id, h); return t ? this.repropose(t.session, t.hunk) : undefined; }),
      cmd(CommandId.InlineNextHunk, async () => this.move('next')),
      cmd(CommandId.InlinePreviousHunk, async () => this.move('previous')),
    ];
  }

  private sessionArg(u: unknown, id: unknown): ReviewSession | undefined {
    const uri = uriArg(u) ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    const list = this.sessionsFor(uri);
    return typeof id === 'number' ? list.find((s) => s.id === id) : list.find((s) => s.open().length > 0);
  }

  /** The hunk a lens/hover names, else the one at the cursor of the active editor. */
  private target(u: unknown, id: unknown, h: unknown): { session: ReviewSession; hunk: TrackedHunk } | undefined {
    const uri = uriArg(u);
    if (uri && typeof id === 'number' && typeof h === 'string') {
      const session = this.sessionsFor(uri).find((s) => s.id === id);
      const hunk = session?.hunk(h);
      if (session && hunk) return { session, hunk };
      void this.deps.ui.info(vscode.l10n.t('That change is no longer under review.'));
      return undefined;
    }
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.atCursor(editor);
    if (!found) void this.deps.ui.info(vscode.l10n.t('Put the cursor on a proposed change first.'));
    return found;
  }

  private document(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => key(d.uri) === key(uri));
  }

  /**
   * Approves hunks: checks their lines still read as proposed-against, records the approvals (written through
   * before the file is touched), then applies them as one WorkspaceEdit (one undo step). Saves only when the
   * document had no unsaved edits of the person's own; then the approvals are only in the buffer, so they are
   * recorded when the person saves (recordSaved), never as applied while the file on disk lacks them.
   */
  private async approve(s: ReviewSession, hunks: readonly TrackedHunk[]): Promise<boolean> {
    const doc = this.document(s.uri);
    if (!doc || !hunks.length) return false;
    const wasDirty = doc.isDirty;
    const before = doc.getText();
    const seen = s.text;
    this.recordImplied(s, s.resync(before), seen, before);
    let state = s.state;
    const edits: { id: string; edit: HunkEdit }[] = [];
    for (const h of hunks) {
      try {
        const r = engineChunk().review.approveHunk(state, h.id);
        state = r.state;
        edits.push({ id: h.id, edit: r.edit });
      } catch (err) {
        if (!hasErrorCode(err, ErrorCode.HunkMismatch, ErrorCode.InvalidState)) throw err;
        void this.deps.ui.warn(errorMessage(err));
      }
    }
    if (!edits.length) {
      this.render(s.uri);
      return false;
    }
    // Bottom-up, each edit's positions are still those of `before`.
    const after = [...edits].sort((a, b) => b.edit.lineStart - a.edit.lineStart).reduce((t, e) => engineChunk().review.applyTextChange(t, e.edit), before);
    const hashBefore = engineChunk().sha256(before);
    const hashAfter = engineChunk().sha256(after);
    if (wasDirty) return this.approveUnsaved(s, doc, state, edits);
    const recorded = edits.map((e) => this.record(s, e.id, 'approved', hashBefore, hashAfter));
    try {
      await Promise.all(recorded);
    } catch {
      this.render(s.uri);
      return false; // the failure was reported; nothing was applied
    }
    if (doc.getText() !== before) {
      // The person typed while the decision was written: nothing lands on lines that moved; undo the records.
      for (const e of edits) await this.record(s, e.id, 'reverted', hashBefore, engineChunk().sha256(doc.getText())).catch(() => undefined);
      void this.deps.ui.warn(vscode.l10n.t('The file changed while the change was being approved; nothing was applied. Try again.'));
      this.render(s.uri);
      return false;
    }
    s.state = state;
    const we = new vscode.WorkspaceEdit();
    for (const e of edits) we.replace(s.uri, toRange(e.edit), e.edit.text);
    const ok = await vscode.workspace.applyEdit(we);
    if (!ok) {
      for (const e of edits) s.state = engineChunk().review.reopenHunk(s.state, e.id);
      for (const e of edits) await this.record(s, e.id, 'reverted', hashAfter, hashBefore).catch(() => undefined);
      void this.deps.ui.error(vscode.l10n.t('VS Code refused the edit; nothing was applied.'));
      this.render(s.uri);
      return false;
    }
    if (!wasDirty && doc.isDirty) await doc.save();
    this.render(s.uri);
    return true;
  }

  /** Approval in a document with the person's unsaved edits: the hunks go into the buffer only, recorded on save. */
  private async approveUnsaved(s: ReviewSession, doc: vscode.TextDocument, state: ReviewSession['state'], edits: readonly { id: string; edit: HunkEdit }[]): Promise<boolean> {
    s.state = state;
    const we = new vscode.WorkspaceEdit();
    for (const e of edits) we.replace(s.uri, toRange(e.edit), e.edit.text);
    if (!(await vscode.workspace.applyEdit(we))) {
      for (const e of edits) s.state = engineChunk().review.reopenHunk(s.state, e.id);
      void this.deps.ui.error(vscode.l10n.t('VS Code refused the edit; nothing was applied.'));
      this.render(s.uri);
      return false;
    }
    this.deps.log.info(`Proposal #${s.id}: ${edits.length} change(s) approved into ${doc.uri.fsPath}, which has unsaved edits; recorded when it is saved`);
    void this.deps.ui.info(vscode.l10n.t('Approved in the editor only: {0} has unsaved edits of yours, so the approval is recorded when you save it.', path.basename(doc.uri.fsPath)));
    this.render(s.uri);
    return true;
  }

  /** On save: hunks approved in the buffer but not yet recorded (approveUnsaved) are now on disk; record them. */
  private recordSaved(doc: vscode.TextDocument): void {
    const text = doc.getText();
    const hash = engineChunk().sha256(text);
    for (const s of this.sessionsFor(doc.uri)) {
      const seen = s.text;
      this.recordImplied(s, s.resync(text), seen, text);
      for (const h of s.state.hunks) {
        if (h.status === 'approved' && s.recorded.get(h.id) === undefined) this.record(s, h.id, 'approved', null, hash).catch(() => undefined);
      }
    }
  }

  /** Rejects hunks: the file is not touched, the decision is recorded. */
  private async reject(s: ReviewSession, hunks: readonly TrackedHunk[]): Promise<boolean> {
    const doc = this.document(s.uri);
    const hash = doc ? engineChunk().sha256(doc.getText()) : null;
    const done: Promise<void>[] = [];
    for (const h of hunks) {
      s.state = engineChunk().review.rejectHunk(s.state, h.id);
      done.push(this.record(s, h.id, 'rejected', hash, hash));
    }
    this.render(s.uri);
    await Promise.all(done).catch(() => undefined);
    return hunks.length > 0;
  }

  /** A stale hunk proposed again: its added lines against the region as the person left it. */
  private async repropose(s: ReviewSession, h: TrackedHunk): Promise<CodeImprovement | undefined> {
    const doc = this.document(s.uri);
    const rel = doc && this.relativePath(doc.uri);
    if (!doc || !rel) return undefined;
    const lines = doc.getText().split(/\r\n|\r|\n/);
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const proposed = [...lines.slice(0, h.line), ...h.added, ...lines.slice(h.line + h.length)].join(eol);
    const engine = await this.deps.host.get();
    // The person asked to review it: pending whatever autoImprove says.
    const fresh = await engine.proposeForReview({
      name: vscode.l10n.t('{0} (change {1} re-proposed)', s.improvement.name, h.index + 1), filePath: rel, newCode: proposed,
      description: s.improvement.description, proposedBy: currentUser(),
    });
    if (s.hunk(h.id)?.status !== 'rejected') await this.reject(s, [h]);
    await this.settle();
    return fresh;
  }

  private async move(direction: 'next' | 'previous'): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return false;
    const line = editor.selection.active.line;
    const candidates = this.sessionsFor(editor.document.uri).map((s) => engineChunk().review.adjacentHunk(s.state, line, direction)).filter((h): h is TrackedHunk => !!h);
    if (!candidates.length) return false;
    const after = candidates.filter((h) => (direction === 'next' ? h.line > line : h.line < line));
    const pool = after.length ? after : candidates;
    const pick = pool.reduce((best, h) => (direction === 'next' ? (h.line < best.line ? h : best) : (h.line > best.line ? h : best)));
    const at = new vscode.Position(lensLine(pick, editor.document.lineCount), 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.updateContext();
    return true;
  }

  /** "Review Inline": open the improvement's file (the person asked, so it may take focus) and show its hunks. */
  private async reviewInline(arg: unknown): Promise<boolean> {
    const engine = await this.deps.host.get();
    const id = typeof arg === 'number' ? arg : arg && typeof arg === 'object' && 'id' in arg && typeof (arg as { id: unknown }).id === 'number' ? (arg as { id: number }).id : undefined;
    let imp: CodeImprovement | undefined = id !== undefined ? engine.getImprovement(id) : undefined;
    const uri = uriArg(arg) ?? (imp ? undefined : vscode.window.activeTextEditor?.document.uri);
    if (!imp && uri) {
      const rel = this.relativePath(uri);
      imp = engine.listImprovements({ status: 'pending' }).filter((i) => i.filePath === rel).pop();
    }
    if (!imp || imp.status !== 'pending') {
      void this.deps.ui.info(vscode.l10n.t('No pending proposal to review inline here.'));
      return false;
    }
    const folder = this.deps.host.folder;
    if (!folder) throw new Error(vscode.l10n.t('Open the folder of {0} to review this improvement.', imp.filePath));
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, imp.filePath), { preview: false });
    await this.syncing;
    await this.syncNow(editor.document);
    const first = this.openHunks(editor.document.uri).find((x) => x.session.id === imp!.id);
    if (first) {
      const at = new vscode.Position(lensLine(first.hunk, editor.document.lineCount), 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    this.renderAll();
    return true;
  }

  override dispose(): void {
    this.disposed = true;
    clearTimeout(this.syncTimer);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.sessions.clear();
    super.dispose();
  }
}

/** Registers inline review (providers, listeners, commands); dispose to remove it all. */
export function registerInlineReview(deps: InlineReviewDeps): InlineReview {
  return new InlineReview(deps);
}
