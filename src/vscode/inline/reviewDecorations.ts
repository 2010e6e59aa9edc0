// How the review view looks: the lines a hunk would replace on the theme's removed-line background, its
// proposed lines on the inserted-line background (each with a bar in the gutter's diff colours and an
// overview-ruler mark), lines edited since the proposal on a dashed warning outline; and beside every row
// the file's own line number (with − / + for removed / added rows), since the view's rows are not the file's
// lines. Only backgrounds and margins: the text keeps its syntax colours.
import * as vscode from 'vscode';
import type { ReviewView } from '../../engine/review';

/** What was last drawn on a review editor (decorations cannot be read back through the API). */
export interface DrawnView {
  readonly removed: number;
  readonly added: number;
  readonly stale: number;
}

const bar = (color: string): vscode.DecorationRenderOptions => ({
  isWholeLine: true, borderWidth: '0 0 0 3px', borderStyle: 'solid', borderColor: new vscode.ThemeColor(color),
});

export class ReviewDecorations implements vscode.Disposable {
  readonly drawn = new WeakMap<vscode.TextEditor, DrawnView>();
  private readonly removed = vscode.window.createTextEditorDecorationType({
    ...bar('editorGutter.deletedBackground'),
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    ...bar('editorGutter.addedBackground'),
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly stale = vscode.window.createTextEditorDecorationType({
    isWholeLine: true, border: '1px dashed', borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly numbers = vscode.window.createTextEditorDecorationType({
    before: { color: new vscode.ThemeColor('editorLineNumber.foreground'), margin: '0 1ch 0 0' },
  });

  /** Draws `view` on a review editor; undefined clears it. */
  render(editor: vscode.TextEditor, view: ReviewView | undefined): void {
    const removed: vscode.Range[] = [];
    const added: vscode.Range[] = [];
    const stale: vscode.Range[] = [];
    const numbers: vscode.DecorationOptions[] = [];
    if (view) {
      const staleIds = new Set(view.hunks.filter((h) => h.status === 'stale').map((h) => h.id));
      const width = String(Math.max(1, ...view.rows.map((r) => r.docLine + 1))).length;
      view.rows.forEach((r, row) => {
        const range = new vscode.Range(row, 0, row, 0);
        if (r.kind === 'removed') (r.hunkId && staleIds.has(r.hunkId) ? stale : removed).push(range);
        if (r.kind === 'added') added.push(range);
        const num = r.kind === 'added' ? ''.padStart(width) : String(r.docLine + 1).padStart(width);
        const sign = r.kind === 'added' ? '+' : r.kind === 'removed' ? '−' : ' ';
        // U+00A0 keeps the padding (CSS collapses ordinary spaces in generated content).
        numbers.push({ range, renderOptions: { before: { contentText: `${num} ${sign}`.replace(/ /g, '\u00a0') } } });
      });
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.added, added);
    editor.setDecorations(this.stale, stale);
    editor.setDecorations(this.numbers, numbers);
    this.drawn.set(editor, { removed: removed.length, added: added.length, stale: stale.length });
  }

  dispose(): void {
    for (const t of [this.removed, this.added, this.stale, this.numbers]) t.dispose();
  }
}
