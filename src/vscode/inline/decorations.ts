// How undecided hunks look in the file: the lines a hunk would replace on the theme's removed-line background
// with an overview-ruler mark; a short after-text saying what is proposed; stale hunks marked as edited.
// The buffer itself is never touched to show a proposal.
import * as vscode from 'vscode';
import type { TrackedHunk } from '../../engine/review';

const plural = (n: number): string => (n === 1 ? vscode.l10n.t('1 line') : vscode.l10n.t('{0} lines', n));

/** The after-text of a hunk: what it would do, said briefly (the hover and lenses say the rest). */
export function noteText(h: TrackedHunk): string {
  if (h.status === 'stale') return vscode.l10n.t('  ⚠ edited since proposed: Diff or Re-propose');
  if (h.count === 0) return vscode.l10n.t('  ⊕ {0} proposed', plural(h.added.length));
  if (h.added.length === 0) return vscode.l10n.t('  ⊖ proposed for deletion');
  return vscode.l10n.t('  → {0} proposed', plural(h.added.length));
}

/** The line a hunk's lens, note and hover sit on: its first line; for an insertion, the line above the point. */
export function anchorLine(h: TrackedHunk, lineCount: number): number {
  const line = h.length === 0 ? h.line - 1 : h.line + h.length - 1;
  return Math.max(0, Math.min(lineCount - 1, line));
}

export function firstLine(h: TrackedHunk, lineCount: number): number {
  return Math.max(0, Math.min(lineCount - 1, h.length === 0 ? Math.max(h.line - 1, 0) : h.line));
}

/** The whole-line range of a hunk's region (none for an insertion point). */
function regionRange(h: TrackedHunk, lineCount: number): vscode.Range | undefined {
  if (h.length === 0) return undefined;
  const last = Math.min(lineCount - 1, h.line + h.length - 1);
  return new vscode.Range(h.line, 0, last, 0);
}

/** What was last drawn on an editor (for tests: decorations cannot be read back through the API). */
export interface DrawnHunks {
  readonly regions: number;
  readonly stale: number;
  readonly insertions: number;
  readonly notes: readonly string[];
}

export class InlineDecorations implements vscode.Disposable {
  readonly drawn = new WeakMap<vscode.TextEditor, DrawnHunks>();
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly stale = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  /** Insertion points: a mark in the overview ruler on the line above. */
  private readonly insertion = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly note = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 1em' },
  });

  /** Draws `hunks` (the undecided ones of every review of the file) on one editor; none clears it. */
  render(editor: vscode.TextEditor, hunks: readonly TrackedHunk[]): void {
    const n = editor.document.lineCount;
    const removed: vscode.Range[] = [];
    const stale: vscode.Range[] = [];
    const insertion: vscode.Range[] = [];
    const notes: vscode.DecorationOptions[] = [];
    for (const h of hunks) {
      const region = regionRange(h, n);
      if (region) (h.status === 'stale' ? stale : removed).push(region);
      else insertion.push(new vscode.Range(anchorLine(h, n), 0, anchorLine(h, n), 0));
      const at = anchorLine(h, n);
      const end = editor.document.lineAt(at).range.end;
      notes.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: noteText(h) } } });
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.stale, stale);
    editor.setDecorations(this.insertion, insertion);
    editor.setDecorations(this.note, notes);
    this.drawn.set(editor, { regions: removed.length, stale: stale.length, insertions: insertion.length, notes: notes.map((o) => o.renderOptions?.after?.contentText ?? '') });
  }

  dispose(): void {
    for (const t of [this.removed, this.stale, this.insertion, this.note]) t.dispose();
  }
}
