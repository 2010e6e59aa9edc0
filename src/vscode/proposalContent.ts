import * as path from 'path';
import * as vscode from 'vscode';
import type { CodeImprovement } from '../engine/types';
import { PROPOSAL_SCHEME } from './ids';
import type { EngineHost } from './engineHost';

export type ProposalSide = 'proposed' | 'original';

/** A unique URI per proposal (and side); the file name stays last so the editor picks the language. */
export function proposalUri(improvement: Pick<CodeImprovement, 'id' | 'filePath'>, side: ProposalSide = 'proposed'): vscode.Uri {
  return vscode.Uri.from({
    scheme: PROPOSAL_SCHEME,
    path: `/${improvement.id}/${side}/${improvement.filePath.replace(/^\/+/, '')}`,
    query: `id=${improvement.id}&side=${side}`,
  });
}

export function parseProposalUri(uri: vscode.Uri): { id: number; side: ProposalSide } | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const id = Number(params.get('id'));
  if (!Number.isInteger(id) || id <= 0) return undefined;
  return { id, side: params.get('side') === 'original' ? 'original' : 'proposed' };
}

export function diffTitle(improvement: CodeImprovement): string {
  return vscode.l10n.t('{0} ↔ Proposal #{1}: {2}', path.posix.basename(improvement.filePath), improvement.id, improvement.name);
}

/** Serves a proposal's text (the whole file it would produce, or the file it was made against). */
export class ProposalContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly host: EngineHost) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parseProposalUri(uri);
    if (!parsed) return '';
    const improvement = (await this.host.get()).getImprovement(parsed.id);
    return parsed.side === 'original' ? improvement.originalContent : improvement.proposedContent;
  }
}
