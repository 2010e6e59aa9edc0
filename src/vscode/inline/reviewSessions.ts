// Inline review, sessions and engine sync: which proposals are under review in which open documents, kept
// in step with the person's edits (shift, stale, undo/redo) and with the engine (decisions made elsewhere),
// and every decision recorded in order. Rendering and commands read this; it draws nothing.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement, EngineChange, HunkDecisionKind } from '../../engine/types';
import type { TrackedHunk } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { currentUser } from '../commands/commandContext';
import { errorMessage } from '../log';
import type { ContextKeys } from '../contextKeys';
import type { Ui } from '../ui';
import { parseReviewUri } from './reviewDocument';
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

export const uriKey = (uri: vscode.Uri): string => uri.toString();
/** Statuses under which an improvement keeps its inline review while its file is open (undo may still revert). */
const KEEP = new Set(['pending', 'applied', 'partially_applied']);

export class InlineSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, ReviewSession[]>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** A file's reviews changed (undefined: any file's may have). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private syncTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(readonly deps: InlineReviewDeps) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClosed(d)),
      vscode.workspace.onDidOpenTextDocument((d) => { if (d.uri.scheme === 'file' || parseReviewUri(d.uri)) this.scheduleSync(); }),
      vscode.workspace.onDidSaveTextDocument((d) => this.recordSaved(d)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleSync()),
      // Only improvement changes (and the engine opening/closing: undefined) can start, end or decide a review.
      deps.host.onDidChange((c) => { if (!c || c.kind === 'improvement') this.scheduleSync(); }),
    );
    if (deps.host.current) this.scheduleSync();
  }

  sessionsFor(uri: vscode.Uri): readonly ReviewSession[] {
    return this.sessions.get(uriKey(uri)) ?? [];
  }

  /** The review of improvement `id`, whichever file it is in. */
  session(id: number): ReviewSession | undefined {
    for (const list of this.sessions.values()) for (const s of list) if (s.id === id) return s;
    return undefined;
  }

  /** The text of improvement `id`'s file as it is open now, if it is. */
  fileText(id: number): string | undefined {
    const imp = this.deps.host.current?.listImprovements().find((i) => i.id === id);
    const uri = imp && this.fileUri(imp.filePath);
    return uri && this.document(uri)?.getText();
  }

  /** Undecided hunks of a file across its reviews, top to bottom. */
  openHunks(uri: vscode.Uri): { session: ReviewSession; hunk: TrackedHunk }[] {
    return this.sessionsFor(uri).flatMap((session) => session.open().map((hunk) => ({ session, hunk }))).sort((a, b) => a.hunk.line - b.hunk.line);
  }

  /** The open document of a file, if any. */
  document(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => uriKey(d.uri) === uriKey(uri));
  }

  fire(uri: vscode.Uri | undefined): void {
    if (!this.disposed) this.changed.fire(uri);
  }

  /** Resolves once sessions reflect the engine and the open editors (tests; "Review Inline"). */
  async settle(extra?: vscode.TextDocument): Promise<void> {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    await this.sync(extra);
    for (const list of this.sessions.values()) for (const s of list) await s.queue;
  }

  relativePath(uri: vscode.Uri): string | undefined {
    const folder = this.deps.host.folder;
    if (!folder || uri.scheme !== 'file') return undefined;
    const rel = path.posix.relative(folder.path, uri.path);
    return rel && !rel.startsWith('..') && !path.posix.isAbsolute(rel) ? rel : undefined;
  }

  fileUri(rel: string): vscode.Uri | undefined {
    return this.deps.host.folder && vscode.Uri.joinPath(this.deps.host.folder, rel);
  }

  // ── sessions follow the engine, the visible editors and the open review views ──

  scheduleSync(): void {
    if (this.disposed) return;
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => { void this.sync(); }, 50);
  }

  private sync(extra?: vscode.TextDocument): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow(extra)).catch((err) => this.deps.log.error(`Inline review: ${errorMessage(err)}`));
    return this.syncing;
  }

  /** The file documents that should be under review: visible ones, `extra`, and the files behind open review views. */
  private async reviewedDocuments(engine: SelfImprovementApi, extra?: vscode.TextDocument): Promise<Map<string, vscode.TextDocument>> {
    const docs = new Map<string, vscode.TextDocument>();
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.scheme === 'file') docs.set(uriKey(e.document.uri), e.document);
    if (extra) docs.set(uriKey(extra.uri), extra);
    for (const d of vscode.workspace.textDocuments) {
      const parsed = parseReviewUri(d.uri);
      if (!parsed || d.isClosed) continue;
      const imp = engine.listImprovements().find((i) => i.id === parsed.id);
      const uri = imp && this.fileUri(imp.filePath);
      if (!uri || docs.has(uriKey(uri))) continue;
      // The review view keeps its file's document open (VS Code may close one that no editor shows).
      docs.set(uriKey(uri), this.document(uri) ?? await vscode.workspace.openTextDocument(uri));
    }
    return docs;
  }

  private async syncNow(extra?: vscode.TextDocument): Promise<void> {
    const engine = this.deps.host.current;
    if (!engine || this.disposed) return;
    const improvements = engine.listImprovements();
    const byId = new Map(improvements.map((i) => [i.id, i]));
    const touched = new Set<string>();
    // Drop reviews whose improvement was deleted, decided as a whole, rolled back or failed.
    for (const [k, list] of this.sessions) {
      const kept = list.filter((s) => {
        const imp = byId.get(s.id);
        return imp !== undefined && KEEP.has(imp.status) && (imp.status === 'pending' || s.recorded.size > 0);
      });
      for (const s of kept) if (this.followEngine(engine, s)) touched.add(k);
      if (kept.length !== list.length) touched.add(k);
      if (kept.length) this.sessions.set(k, kept);
      else this.dropKey(k);
    }
    // Start reviews of pending proposals for the documents that should be under review.
    for (const [k, doc] of await this.reviewedDocuments(engine, extra)) {
      const rel = this.relativePath(doc.uri);
      if (!rel || doc.isClosed) continue;
      const list = this.sessions.get(k) ?? [];
      for (const imp of improvements) {
        if (imp.status !== 'pending' || imp.filePath !== rel || list.some((s) => s.id === imp.id)) continue;
        list.push(this.start(engine, imp, doc));
        touched.add(k);
      }
      if (list.length && !this.sessions.has(k)) {
        this.sessions.set(k, list);
        this.watch(doc.uri);
      }
    }
    for (const k of touched) this.fire(vscode.Uri.parse(k));
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
    const k = uriKey(uri);
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
    const doc = this.document(uri);
    if (!doc) return;
    const text = doc.getText();
    for (const s of this.sessionsFor(uri)) {
      const before = s.text;
      this.recordImplied(s, s.resync(text), before, text);
    }
    this.fire(uri);
  }

  private onClosed(doc: vscode.TextDocument): void {
    if (parseReviewUri(doc.uri)) return;
    const k = uriKey(doc.uri);
    if (!this.sessions.has(k)) return;
    this.dropKey(k);
    this.fire(doc.uri);
    // A review view may still show it: the next sync reopens the document and starts again from its text.
    this.scheduleSync();
  }

  private dropKey(k: string): void {
    this.sessions.delete(k);
    this.watchers.get(k)?.dispose();
    this.watchers.delete(k);
  }

  // ── the person edits: shift, stale, undo/redo ───────────────────────────

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    const list = this.sessions.get(uriKey(e.document.uri));
    if (!list || !e.contentChanges.length) return;
    const text = e.document.getText();
    for (const s of list) {
      const before = s.text;
      this.recordImplied(s, s.track(e.contentChanges, text), before, text);
    }
    this.fire(e.document.uri);
  }

  recordImplied(s: ReviewSession, implied: readonly ImpliedDecision[], before: string, after: string): void {
    for (const { hunk, decision } of implied) {
      const reason = decision === 'reverted' ? 'undone in the editor' : 'redone in the editor';
      this.deps.log.info(`Proposal #${s.id}, change ${hunk.index + 1}: ${reason}; recording ${decision}`);
      this.record(s, hunk.id, decision, engineChunk().sha256(before), engineChunk().sha256(after)).catch(() => undefined);
    }
  }

  /** Records a decision in order with the session's others; `recorded` is set at once so nothing is recorded twice. */
  record(s: ReviewSession, hunkId: string, decision: HunkDecisionKind, hashBefore: string | null, hashAfter: string | null): Promise<void> {
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

  /** On save: hunks approved in the buffer but not yet recorded (an approval into unsaved edits) are now on disk. */
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

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.syncTimer);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.sessions.clear();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
