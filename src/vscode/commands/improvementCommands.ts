import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { CodeImprovement, ImprovementStatus } from '../../engine/types';
import { ErrorCode, hasErrorCode } from '../../engine/errorCodes';
import { activeProposalId, closeProposalTabs } from '../diffTracker';
import { CommandId } from './commandTable';
import { registerCommand } from './registerCommand';
import { diffTitle, parseProposalUri, proposalUri } from '../proposalContent';
import { statusLabel } from '../trees/improvementsTree';
import { currentUser, idArg, pickOne, type CommandContext } from './commandContext';

/** Arguments a caller (a test, another command, later an agent) may pass instead of answering prompts. */
export interface ProposeArgs {
  uri?: vscode.Uri;
  name?: string;
  functionName?: string;
  /** The text to replace (must occur once); default: the selection, or a function picked from the symbols. */
  oldCode?: string;
  newCode?: string;
  description?: string;
  experimentId?: number;
}

const improvementPickItem = (i: CodeImprovement): vscode.QuickPickItem =>
  ({ label: `#${i.id} ${i.name}`, description: `${statusLabel(i.status)} · ${i.filePath}`, detail: i.description || undefined });

/** The improvement id from a tree element, a number, a proposal URI (editor title), or the active diff. */
function improvementIdArg(arg: unknown): number | undefined {
  if (arg instanceof vscode.Uri) return parseProposalUri(arg)?.id ?? activeProposalId();
  return idArg(arg);
}

async function pickImprovement(ctx: CommandContext, engine: SelfImprovementApi, arg: unknown, statuses: ImprovementStatus[] | undefined,
  placeHolder: string, none: string): Promise<CodeImprovement | undefined> {
  const id = improvementIdArg(arg) ?? (arg === undefined ? activeProposalId() : undefined);
  if (id !== undefined) return engine.getImprovement(id);
  const list = engine.listImprovements().filter((i) => !statuses || statuses.includes(i.status));
  const picked = await pickOne(ctx.ui, undefined, list, improvementPickItem, placeHolder, none);
  return typeof picked === 'number' ? engine.getImprovement(picked) : picked;
}

function fileUri(host: CommandContext['host'], improvement: CodeImprovement): vscode.Uri {
  if (!host.folder) throw new Error(vscode.l10n.t('Open the folder of {0} to review this improvement.', improvement.filePath));
  return vscode.Uri.joinPath(host.folder, improvement.filePath);
}

/** Pending: the file as it is now against the proposal. Otherwise: what it was against what was proposed. */
export async function openProposalDiff(ctx: CommandContext, improvement: CodeImprovement): Promise<void> {
  const left = improvement.status === 'pending' ? fileUri(ctx.host, improvement) : proposalUri(improvement, 'original');
  await vscode.commands.executeCommand('vscode.diff', left, proposalUri(improvement), diffTitle(improvement), { preview: false });
}

type SymbolLike = vscode.DocumentSymbol | vscode.SymbolInformation;
const CODE_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class]);

function flatten(symbols: SymbolLike[], prefix = ''): { name: string; range: vscode.Range; kind: vscode.SymbolKind }[] {
  return symbols.flatMap((s) => {
    const range = 'range' in s ? s.range : s.location.range;
    const name = prefix ? `${prefix}.${s.name}` : s.name;
    const own = CODE_KINDS.has(s.kind) ? [{ name, range, kind: s.kind }] : [];
    return [...own, ...('children' in s ? flatten(s.children, name) : [])];
  });
}

async function pickFunction(ctx: CommandContext, doc: vscode.TextDocument): Promise<{ name: string; code: string } | undefined> {
  const symbols = await vscode.commands.executeCommand<SymbolLike[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri);
  const candidates = flatten(symbols ?? []);
  if (!candidates.length) {
    void ctx.ui.warn(vscode.l10n.t('Select the code to replace: no functions were found in {0}.', path.basename(doc.fileName)));
    return undefined;
  }
  const picked = await ctx.ui.pick(candidates.map((c) => ({
    label: c.name, description: vscode.l10n.t('lines {0}–{1}', c.range.start.line + 1, c.range.end.line + 1), value: c,
  })), { placeHolder: vscode.l10n.t('Function to replace (or cancel and select the code instead)') });
  return picked && { name: picked.value.name.split('.').pop() ?? picked.value.name, code: doc.getText(picked.value.range) };
}

async function askNewCode(ctx: CommandContext): Promise<string | undefined> {
  const source = await ctx.ui.pick([
    { label: vscode.l10n.t('From Clipboard'), value: 'clipboard' as const },
    { label: vscode.l10n.t('From File…'), value: 'file' as const },
  ], { placeHolder: vscode.l10n.t('Where is the new code?') });
  if (!source) return undefined;
  if (source.value === 'clipboard') {
    const text = await vscode.env.clipboard.readText();
    if (!text) void ctx.ui.warn(vscode.l10n.t('The clipboard is empty.'));
    return text || undefined;
  }
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use as New Code') });
  return files?.[0] ? new TextDecoder().decode(await vscode.workspace.fs.readFile(files[0])) : undefined;
}

async function propose(ctx: CommandContext, engine: SelfImprovementApi, args: ProposeArgs): Promise<CodeImprovement | undefined> {
  const doc = args.uri ? await vscode.workspace.openTextDocument(args.uri) : vscode.window.activeTextEditor?.document;
  if (!doc) {
    void ctx.ui.warn(vscode.l10n.t('Open the file to improve in an editor first.'));
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder || doc.uri.scheme !== 'file') {
    void ctx.ui.warn(vscode.l10n.t('Only files inside the workspace folder can be improved.'));
    return undefined;
  }
  const editor = vscode.window.activeTextEditor?.document === doc ? vscode.window.activeTextEditor : undefined;
  let oldCode = args.oldCode;
  let functionName = args.functionName;
  if (oldCode === undefined && editor && !editor.selection.isEmpty) oldCode = doc.getText(editor.selection);
  if (oldCode === undefined) {
    const fn = await pickFunction(ctx, doc);
    if (!fn) return undefined;
    oldCode = fn.code;
    functionName ??= fn.name;
  }
  const newCode = args.newCode ?? await askNewCode(ctx);
  if (newCode === undefined) return undefined;
  const filePath = path.posix.relative(folder.uri.path, doc.uri.path);
  const name = args.name ?? await ctx.ui.input({
    title: vscode.l10n.t('Propose Improvement'), prompt: vscode.l10n.t('A short name for this change'),
    value: functionName ? vscode.l10n.t('Improve {0}', functionName) : vscode.l10n.t('Improve {0}', path.basename(filePath)),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name is required.')),
  });
  if (name === undefined) return undefined;
  const improvement = await engine.applyImprovement({
    name: name.trim(), filePath, functionName, oldCode, newCode, description: args.description, experimentId: args.experimentId, proposedBy: currentUser(),
  });
  if (improvement.status === 'pending') {
    // The diff keeps the focus: the Improvements view updates on its own (focusing it would steal the diff's focus).
    await openProposalDiff(ctx, improvement);
  } else {
    void ctx.ui.info(vscode.l10n.t('Improvement "{0}" was {1} (autoImprove is on).', improvement.name, statusLabel(improvement.status)));
  }
  return improvement;
}

/**
 * After a FileChangedError: the same new content, proposed against the file as it is now. Always pending
 * (proposeForReview), whatever autoImprove says: the person asked to review it.
 */
async function reproposeAgainstCurrent(ctx: CommandContext, engine: SelfImprovementApi, stale: CodeImprovement): Promise<CodeImprovement> {
  const fresh = await engine.proposeForReview({
    name: stale.name, filePath: stale.filePath, functionName: stale.functionName ?? undefined, newCode: stale.proposedContent,
    description: stale.description, experimentId: stale.experimentId ?? undefined, proposedBy: stale.proposedBy,
  });
  if (stale.status === 'pending') engine.rejectImprovement(stale.id, vscode.l10n.t('Superseded by #{0} (the file had changed)', fresh.id), currentUser());
  await closeProposalTabs(stale.id);
  await openProposalDiff(ctx, fresh);
  return fresh;
}

export function registerImprovementCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    registerCommand(ctx, CommandId.ProposeImprovement, (engine, arg?: unknown) =>
      propose(ctx, engine, arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as ProposeArgs) : { uri: arg instanceof vscode.Uri ? arg : undefined })),

    registerCommand(ctx, CommandId.ReviewImprovement, async (engine, arg?: unknown) => {
      const improvement = await pickImprovement(ctx, engine, arg, undefined, vscode.l10n.t('Improvement to review'), vscode.l10n.t('No improvements yet.'));
      if (!improvement) return undefined;
      await openProposalDiff(ctx, improvement);
      return improvement;
    }),

    registerCommand(ctx, CommandId.ApproveImprovement, async (engine, arg?: unknown) => {
      const improvement = await pickImprovement(ctx, engine, arg, ['pending'], vscode.l10n.t('Improvement to approve'), vscode.l10n.t('No pending improvements.'));
      if (!improvement) return undefined;
      try {
        const result = await engine.approveImprovement(improvement.id, currentUser());
        await closeProposalTabs(improvement.id);
        if (result.status === 'applied') {
          void ctx.ui.info(vscode.l10n.t('Applied "{0}" to {1}. Roll it back from the Improvements view if needed.', result.name, result.filePath));
        } else {
          // e.g. failed: the write did not verify and the original was restored; say so, never "Applied".
          void ctx.ui.error(vscode.l10n.t('"{0}" was not applied ({1}): {2}', result.name, statusLabel(result.status), result.error ?? vscode.l10n.t('no reason recorded')));
        }
        return result;
      } catch (err) {
        if (!hasErrorCode(err, ErrorCode.FileChanged) || !(err instanceof Error)) throw err;
        const review = vscode.l10n.t('Review Against Current');
        if ((await ctx.ui.warn(err.message, review)) === review) return reproposeAgainstCurrent(ctx, engine, engine.getImprovement(improvement.id));
        return engine.getImprovement(improvement.id);
      }
    }),

    registerCommand(ctx, CommandId.RejectImprovement, async (engine, arg?: unknown, reasonArg?: unknown) => {
      const improvement = await pickImprovement(ctx, engine, arg, ['pending'], vscode.l10n.t('Improvement to reject'), vscode.l10n.t('No pending improvements.'));
      if (!improvement) return undefined;
      const reason = typeof reasonArg === 'string' ? reasonArg
        : await ctx.ui.input({ title: vscode.l10n.t('Reject "{0}"', improvement.name), prompt: vscode.l10n.t('Reason (optional)') });
      if (reason === undefined) return undefined;
      const rejected = engine.rejectImprovement(improvement.id, reason.trim() || undefined, currentUser());
      await closeProposalTabs(improvement.id);
      void ctx.ui.info(vscode.l10n.t('Rejected "{0}".', rejected.name));
      return rejected;
    }),

    registerCommand(ctx, CommandId.RollbackImprovement, async (engine, arg?: unknown) => {
      const improvement = await pickImprovement(ctx, engine, arg, ['applied', 'partially_applied'], vscode.l10n.t('Improvement to roll back'), vscode.l10n.t('No applied improvements.'));
      if (!improvement) return undefined;
      const rolledBack = await engine.rollbackImprovement(improvement.id, currentUser());
      void ctx.ui.info(vscode.l10n.t('Rolled back "{0}": {1} is as it was before.', rolledBack.name, rolledBack.filePath));
      return rolledBack;
    }),

    registerCommand(ctx, CommandId.DeleteImprovement, async (engine, arg?: unknown) => {
      const improvement = await pickImprovement(ctx, engine, arg, ['pending', 'rejected', 'rolled_back', 'failed'], vscode.l10n.t('Improvement to delete'), vscode.l10n.t('No improvements to delete.'));
      if (!improvement) return false;
      if (!(await ctx.ui.confirm(vscode.l10n.t('Delete improvement "{0}" and its proposal?', improvement.name), vscode.l10n.t('Delete')))) return false;
      engine.deleteImprovement(improvement.id);
      await closeProposalTabs(improvement.id);
      return true;
    }),
  ];
}
