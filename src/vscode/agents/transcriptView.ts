// "Show Drafting Transcript": the prompts, answers and verdicts behind an experiment or a proposal, as a
// Markdown preview. The report is the agents layer's (transcriptMarkdown); this only renders it.
import * as vscode from 'vscode';
import { engineChunk } from '../../chunkLoader';
import type { SelfImprovementApi } from '../../engine/api';
import type { EngineHost } from '../engineHost';
import { TRANSCRIPT_SCHEME } from '../ids';
import { Disposables } from '../lifecycle';
import type { Ui } from '../ui';

/** An experiment id from a number, an experiment ({ id }) or an improvement ({ experimentId }). */
function experimentIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { id?: unknown; experimentId?: unknown };
  if ('experimentId' in o) return typeof o.experimentId === 'number' ? o.experimentId : undefined;
  return typeof o.id === 'number' ? o.id : undefined;
}

export const transcriptUri = (experimentId: number): vscode.Uri => vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: `/drafts-${experimentId}.md` });

export class TranscriptView extends Disposables {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());

  constructor(private readonly host: EngineHost, private readonly ui: Ui) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: async (uri) => {
        const id = Number(/drafts-(\d+)/.exec(uri.path)?.[1]);
        const t = Number.isInteger(id) ? engineChunk().agents.transcriptFor(await this.host.get(), id) : null;
        return t ? engineChunk().agents.transcriptMarkdown(t) : `No drafts were made for experiment ${id}.\n`;
      },
    }));
  }

  /** The command: opens the transcript beside the editor; without drafts, says so and how to make some. */
  async show(engine: SelfImprovementApi, arg: unknown): Promise<vscode.Uri | undefined> {
    const agents = engineChunk().agents;
    let id = experimentIdOf(arg);
    if (arg !== undefined && id === undefined) {
      void this.ui.info(vscode.l10n.t('This proposal was not drafted by a language model (it has no experiment), so there is no transcript.'));
      return undefined;
    }
    if (id === undefined) {
      const drafted = engine.listExperiments().filter((e) => agents.transcriptFor(engine, e.id)?.originId === e.id);
      if (!drafted.length) { void this.ui.info(vscode.l10n.t('No experiment has drafts yet: run "Draft Candidate with a Language Model…" on an experiment first.')); return undefined; }
      id = (await this.ui.pick(drafted.map((e) => ({ label: e.name, description: `#${e.id} ${e.verdict ?? e.status}`, value: e.id })), { placeHolder: vscode.l10n.t('Drafting transcript of which experiment?') }))?.value;
      if (id === undefined) return undefined;
    }
    const t = agents.transcriptFor(engine, id);
    if (!t) {
      void this.ui.info(vscode.l10n.t('Experiment #{0} has no drafts: run "Draft Candidate with a Language Model…" on it to make some.', id));
      return undefined;
    }
    const uri = transcriptUri(t.originId);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    return uri;
  }
}
