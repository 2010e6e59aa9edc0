// The review view's document: read-only text served under our own scheme — the file as it is now with each
// undecided hunk's proposed lines under the lines they would replace (engine/review reviewView). The file
// on disk and its buffer are never touched to show it; the name keeps the file's extension, so the editor
// colours it in the file's language.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReviewView } from '../../engine/review';
import { engineChunk } from '../../chunkLoader';
import { REVIEW_SCHEME } from '../ids';
import type { ReviewSession } from './session';

/** One review view per proposal: `self-improvement-review:/<id>/<dir>/Review #<id> · <name>`, its id in the query. */
export function reviewUri(improvement: { readonly id: number; readonly filePath: string }): vscode.Uri {
  const dir = path.posix.dirname(improvement.filePath.replace(/^\/+/, ''));
  const name = `Review #${improvement.id} · ${path.posix.basename(improvement.filePath)}`;
  return vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/${improvement.id}/${dir === '.' ? '' : `${dir}/`}${name}`, query: `id=${improvement.id}` });
}

export function parseReviewUri(uri: vscode.Uri): { id: number } | undefined {
  if (uri.scheme !== REVIEW_SCHEME) return undefined;
  const id = Number(new URLSearchParams(uri.query).get('id'));
  return Number.isInteger(id) && id > 0 ? { id } : undefined;
}

/** What the provider reads: the review of a proposal (if one is open) and the text of its file. */
export interface ReviewSource {
  session(id: number): ReviewSession | undefined;
  /** The file's text as open now (a view with nothing left to review shows the file as it is). */
  fileText(id: number): string | undefined;
}

export class ReviewDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly served = new Map<string, { readonly text: string; readonly view?: ReviewView }>();
  private readonly servedEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Text for `uri` was handed to VS Code (its document updates right after, or already reads so). */
  readonly onDidServe = this.servedEmitter.event;

  constructor(private readonly source: ReviewSource) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const parsed = parseReviewUri(uri);
    const s = parsed && this.source.session(parsed.id);
    const view = s && engineChunk().review.reviewView(s.state);
    const text = view ? view.text : (parsed && this.source.fileText(parsed.id)) ?? '';
    this.served.set(uri.toString(), { text, view });
    setTimeout(() => this.servedEmitter.fire(uri), 0);
    return text;
  }

  /**
   * The view a review document shows now: the one last served, and only if the document reads it (between
   * a refresh and VS Code's update, rows would not match the text).
   */
  viewOf(doc: vscode.TextDocument): ReviewView | undefined {
    return this.isCurrent(doc) ? this.served.get(doc.uri.toString())?.view : undefined;
  }

  /** Does the document read what was last served for it (so its rows can be drawn, or cleared)? */
  isCurrent(doc: vscode.TextDocument): boolean {
    return this.served.get(doc.uri.toString())?.text === doc.getText();
  }

  /** Asks VS Code to fetch the review views of these proposals again (only those open). */
  refresh(ids: ReadonlySet<number>): void {
    for (const d of vscode.workspace.textDocuments) {
      const parsed = parseReviewUri(d.uri);
      if (parsed && ids.has(parsed.id) && !d.isClosed) this.changed.fire(d.uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.servedEmitter.dispose();
    this.served.clear();
  }
}
