// Inline review, rendering: what every visible editor shows of the reviews, redrawn whenever a review, the
// visible editors or the tabs change. The file's own editors get pointers (removed-line marks, lenses,
// hover) — never the original side of a diff editor, never a file with nothing pending; the review views
// get their text refreshed and the removed/added colours. Context keys follow the active editor.
import * as vscode from 'vscode';
import type { ReviewView } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { InlineDecorations, type DrawnHunks } from './decorations';
import { ContextKey } from '../contextKeys';
import { REVIEW_SCHEME } from '../ids';
import { InlineHoverProvider, InlineLensProvider } from './providers';
import { ReviewDecorations, type DrawnView } from './reviewDecorations';
import { parseReviewUri, ReviewDocumentProvider } from './reviewDocument';
import { ReviewLensProvider } from './reviewLenses';
import { uriKey, type InlineSessions } from './reviewSessions';
import type { ReviewSession } from './session';

/**
 * Is the editor the file shown as a plain text tab (the active tab of its group)? Not so for either side of
 * a diff editor (whose own colours show the change), nor when the tab model cannot place it.
 */
function plainEditor(e: vscode.TextEditor): boolean {
  const input = vscode.window.tabGroups.all.find((g) => g.viewColumn === e.viewColumn)?.activeTab?.input;
  return input instanceof vscode.TabInputText && uriKey(input.uri) === uriKey(e.document.uri);
}

export class InlineRenderer implements vscode.Disposable {
  readonly documents: ReviewDocumentProvider;
  private readonly fileDecorations = new InlineDecorations();
  private readonly reviewDecorations = new ReviewDecorations();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly sessions: InlineSessions) {
    this.documents = new ReviewDocumentProvider(sessions);
    const files: vscode.DocumentSelector = { scheme: 'file' };
    const source = { sessionsFor: (u: vscode.Uri) => sessions.sessionsFor(u), onDidChangeSessions: this.changed.event };
    this.disposables.push(
      this.changed, this.fileDecorations, this.reviewDecorations, this.documents,
      vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, this.documents),
      vscode.languages.registerCodeLensProvider(files, new InlineLensProvider(source)),
      vscode.languages.registerHoverProvider(files, new InlineHoverProvider(source)),
      vscode.languages.registerCodeLensProvider({ scheme: REVIEW_SCHEME }, new ReviewLensProvider({
        session: (id) => sessions.session(id), viewOf: (d) => this.documents.viewOf(d), undoable: (s) => this.undoable(s).length,
        onDidChangeViews: this.changed.event,
      })),
      sessions.onDidChange((uri) => (uri ? this.render(uri) : this.renderAll())),
      this.documents.onDidServe((uri) => this.drawReview(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.scheme === REVIEW_SCHEME) this.drawReview(e.document.uri); }),
      vscode.workspace.onDidOpenTextDocument((d) => { if (d.uri.scheme === REVIEW_SCHEME) void this.matchLanguage(d); }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      // A diff opening over a file's editor (or closing) changes which editors are plain: redraw.
      vscode.window.tabGroups.onDidChangeTabs(() => this.renderAll()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === vscode.window.activeTextEditor) this.updateContext(); }),
    );
  }

  /** What is drawn on a file editor now (undefined: never drawn). */
  drawnOn(editor: vscode.TextEditor): DrawnHunks | undefined {
    return this.fileDecorations.drawn.get(editor);
  }

  /** What is drawn on a review editor now. */
  drawnView(editor: vscode.TextEditor): DrawnView | undefined {
    return this.reviewDecorations.drawn.get(editor);
  }

  /** The review behind a review document and the view it shows now (undefined while it is being refreshed). */
  reviewOf(doc: vscode.TextDocument): { session: ReviewSession; view: ReviewView } | undefined {
    const parsed = parseReviewUri(doc.uri);
    const session = parsed && this.sessions.session(parsed.id);
    const view = this.documents.viewOf(doc);
    return session && view ? { session, view } : undefined;
  }

  /** Approvals made in this review that are still applied, latest first: what Undo Approval can take back. */
  undoable(s: ReviewSession): string[] {
    return [...s.approvals].reverse().filter((id) => s.hunk(id)?.status === 'approved');
  }

  renderAll(): void {
    const seen = new Set<string>();
    for (const e of vscode.window.visibleTextEditors) {
      if (e.document.uri.scheme !== 'file' || seen.has(uriKey(e.document.uri))) continue;
      seen.add(uriKey(e.document.uri));
      this.drawFile(e.document.uri);
    }
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.scheme === REVIEW_SCHEME) this.drawReview(e.document.uri);
    this.changed.fire();
    this.updateContext();
  }

  /** A file's reviews changed: its editors redrawn, its review views refreshed, lenses and context keys updated. */
  render(uri: vscode.Uri): void {
    this.drawFile(uri);
    this.documents.refresh(new Set(this.sessions.sessionsFor(uri).map((s) => s.id)));
    this.changed.fire();
    this.updateContext();
  }

  private drawFile(uri: vscode.Uri): void {
    const hunks = this.sessions.openHunks(uri).map((x) => x.hunk);
    for (const e of vscode.window.visibleTextEditors) {
      if (uriKey(e.document.uri) === uriKey(uri)) this.fileDecorations.render(e, plainEditor(e) ? hunks : []);
    }
  }

  private drawReview(uri: vscode.Uri): void {
    for (const e of vscode.window.visibleTextEditors) {
      if (uriKey(e.document.uri) !== uriKey(uri)) continue;
      // Between a refresh and VS Code's update the rows would not match the text: the next event draws.
      if (!this.documents.isCurrent(e.document)) continue;
      const view = this.documents.viewOf(e.document);
      if (e.options.lineNumbers !== vscode.TextEditorLineNumbersStyle.Off) e.options = { lineNumbers: vscode.TextEditorLineNumbersStyle.Off };
      this.reviewDecorations.render(e, view);
    }
    this.changed.fire();
    this.updateContext();
  }

  /** The review view takes its file's language (the name's extension usually gives it already). */
  private async matchLanguage(doc: vscode.TextDocument): Promise<void> {
    const parsed = parseReviewUri(doc.uri);
    const s = parsed && this.sessions.session(parsed.id);
    const file = s && this.sessions.document(s.uri);
    if (file && file.languageId !== doc.languageId) await vscode.languages.setTextDocumentLanguage(doc, file.languageId).then(undefined, () => undefined);
  }

  private setContext(k: ContextKey, value: boolean): void {
    this.sessions.deps.keys.set(k, value);
  }

  private updateContext(): void {
    const editor = vscode.window.activeTextEditor;
    const review = editor && this.reviewOf(editor.document);
    if (review) {
      this.setContext(ContextKey.InlinePending, review.view.hunks.length > 0);
      this.setContext(ContextKey.InlineHunkAtCursor, engineChunk().review.hunkAtRow(review.view, editor.selection.active.line) !== undefined);
      this.setContext(ContextKey.InlineCanUndo, this.undoable(review.session).length > 0);
      return;
    }
    // In the file itself the proposed lines are not on screen: nothing is decided from there by key.
    this.setContext(ContextKey.InlinePending, !!editor && this.sessions.openHunks(editor.document.uri).length > 0);
    this.setContext(ContextKey.InlineHunkAtCursor, false);
    this.setContext(ContextKey.InlineCanUndo, false);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
