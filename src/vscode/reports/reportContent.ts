import * as vscode from 'vscode';
import { REPORT_SCHEME } from '../ids';
import type { EngineHost } from '../engineHost';
import { assessmentMarkdown, historyMarkdown } from './markdown';

export type ReportKind = 'self-assessment' | 'history';

export const reportUri = (kind: ReportKind): vscode.Uri =>
  vscode.Uri.from({ scheme: REPORT_SCHEME, path: kind === 'history' ? '/Improvement History.md' : '/Self-Assessment.md' });

/** Read-only Markdown documents rendered from the engine; they update when the engine changes. */
export class ReportContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly host: EngineHost) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const engine = await this.host.get();
    return uri.path.includes('History')
      ? historyMarkdown(engine.getImprovementHistory(), engine.getAuditTrail(), new Date(),
        Object.fromEntries(engine.listCapabilities({ includeArchived: true }).map((c) => [c.name, c.unit])))
      : assessmentMarkdown(engine.getSelfAssessment(), new Date());
  }

  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === REPORT_SCHEME) this.changed.fire(doc.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Opens a report as a Markdown preview (falls back to the plain document if the preview is unavailable). */
export async function openReport(kind: ReportKind): Promise<vscode.Uri> {
  const uri = reportUri(kind);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
  return uri;
}
