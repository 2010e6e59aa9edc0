// Every command the extension contributes, once: its id and how registerCommand (registerCommand.ts) runs it.
// package.json "contributes.commands" must list exactly these (test/unit/vscode/commandTable.test.ts checks
// both ways). No `vscode` import: the unit test reads this table beside package.json.
//
// To add a command: one row here, its entry in package.json (title, category "Self-Improvement", an icon when
// a menu shows it as a button), and one registerCommand(ctx, CommandId.X, handler) beside its handler.

/** How the one registrar runs a command; everything else (messages, logging) is the same for all. */
export interface CommandOptions {
  /** The handler gets the engine (opened on first use) as its first argument, before the command's own. */
  readonly engine?: true;
  /**
   * Runs the workspace's own commands (probes): refused before anything is asked when the workspace is not
   * trusted, with why and how to trust it. package.json gives these `"enablement": "isWorkspaceTrusted"`.
   */
  readonly trust?: true;
  /** Changes the database: refused at once, with the next step, while this window only reads it (another holds the lock). */
  readonly writes?: true;
  /** Shown as its title, on purpose without an icon, in a menu's button group (VS Code renders it as a text button). */
  readonly textButton?: true;
}

export interface CommandSpec extends CommandOptions {
  readonly id: `selfImprovement.${string}`;
}

export const COMMANDS = {
  // capabilities
  RegisterCapability: { id: 'selfImprovement.registerCapability', engine: true, writes: true },
  RecordMeasurement: { id: 'selfImprovement.recordMeasurement', engine: true, writes: true },
  RemoveCapability: { id: 'selfImprovement.removeCapability', engine: true, writes: true },
  // weaknesses
  AnalyzeWeaknesses: { id: 'selfImprovement.analyzeWeaknesses', engine: true },
  IdentifyWeakness: { id: 'selfImprovement.identifyWeakness', engine: true, writes: true },
  ResolveWeakness: { id: 'selfImprovement.resolveWeakness', engine: true, writes: true },
  DeleteWeakness: { id: 'selfImprovement.deleteWeakness', engine: true, writes: true },
  // experiments
  GenerateExperiments: { id: 'selfImprovement.generateExperiments', engine: true, writes: true },
  RunExperiment: { id: 'selfImprovement.runExperiment', engine: true, writes: true },
  DeleteExperiment: { id: 'selfImprovement.deleteExperiment', engine: true, writes: true },
  DraftCandidate: { id: 'selfImprovement.draftCandidate', engine: true, writes: true },
  Improve: { id: 'selfImprovement.improve', engine: true, trust: true, writes: true },
  ShowDraftingTranscript: { id: 'selfImprovement.showDraftingTranscript', engine: true },
  // improvements (side-by-side review)
  ProposeImprovement: { id: 'selfImprovement.proposeImprovement', engine: true, writes: true },
  ReviewImprovement: { id: 'selfImprovement.reviewImprovement', engine: true },
  ApproveImprovement: { id: 'selfImprovement.approveImprovement', engine: true, writes: true },
  RejectImprovement: { id: 'selfImprovement.rejectImprovement', engine: true, writes: true },
  RollbackImprovement: { id: 'selfImprovement.rollbackImprovement', engine: true, writes: true },
  DeleteImprovement: { id: 'selfImprovement.deleteImprovement', engine: true, writes: true },
  // change sets (an experiment's several files)
  ReviewAllFiles: { id: 'selfImprovement.reviewAllFiles', engine: true },
  ApproveAllFiles: { id: 'selfImprovement.approveAllFiles', engine: true, writes: true },
  RejectAllFiles: { id: 'selfImprovement.rejectAllFiles', engine: true, writes: true },
  // reports
  ShowSelfAssessment: { id: 'selfImprovement.showSelfAssessment', engine: true },
  ShowHistory: { id: 'selfImprovement.showHistory', engine: true },
  Refresh: { id: 'selfImprovement.refresh', engine: true },
  // inline review (handlers in src/vscode/inline)
  ReviewInline: { id: 'selfImprovement.reviewInline' },
  InlineApproveHunk: { id: 'selfImprovement.inline.approveHunk', writes: true },
  InlineRejectHunk: { id: 'selfImprovement.inline.rejectHunk', writes: true },
  InlineApproveAll: { id: 'selfImprovement.inline.approveAll', writes: true },
  InlineRejectAll: { id: 'selfImprovement.inline.rejectAll', writes: true },
  InlineShowDiff: { id: 'selfImprovement.inline.showDiff' },
  InlineRepropose: { id: 'selfImprovement.inline.repropose', writes: true },
  InlineNextHunk: { id: 'selfImprovement.inline.nextHunk' },
  InlinePreviousHunk: { id: 'selfImprovement.inline.previousHunk' },
  InlineUndoApproval: { id: 'selfImprovement.inline.undoApproval', writes: true },
  // the native diff editor's title: Approve / Reject of the whole proposal, as text (handlers in src/vscode/inline)
  DiffApprove: { id: 'selfImprovement.diff.approve', textButton: true },
  DiffReject: { id: 'selfImprovement.diff.reject', textButton: true },
  // set-up: detect, run each probe once, write the config (handler in src/vscode/onboarding)
  SetUp: { id: 'selfImprovement.setUp', engine: true, trust: true, writes: true },
  // measurement, experiments on a change, calibration, audit (handlers in src/vscode/measure)
  MeasureCapability: { id: 'selfImprovement.measureCapability', engine: true, trust: true, writes: true },
  MeasureAll: { id: 'selfImprovement.measureAll', engine: true, trust: true, writes: true },
  RunExperimentOnChange: { id: 'selfImprovement.runExperimentOnChange', engine: true, trust: true, writes: true },
  IsMyChangeBetter: { id: 'selfImprovement.isMyChangeBetter', engine: true, trust: true, writes: true },
  // the config file (handlers in src/vscode/measure/configCommands.ts); Register Capability writes it too
  AddProbe: { id: 'selfImprovement.addProbe', engine: true, writes: true },
  CalibrateNoise: { id: 'selfImprovement.calibrateNoise', engine: true, trust: true, writes: true },
  VerifyAuditTrail: { id: 'selfImprovement.verifyAuditTrail', engine: true },
  ExportAuditTrail: { id: 'selfImprovement.exportAuditTrail', engine: true },
  ShowEvidence: { id: 'selfImprovement.showEvidence', engine: true },
  // dashboard (handler in src/vscode/dashboard; the panel reads the engine when it draws)
  OpenDashboard: { id: 'selfImprovement.openDashboard' },
  FilterByOrigin: { id: 'selfImprovement.filterByOrigin', engine: true },
  // team store (handler in src/vscode/team)
  ConnectTeamStore: { id: 'selfImprovement.connectTeamStore' },
  // alerts (handler in src/vscode/alerts)
  SetAlertWebhook: { id: 'selfImprovement.setAlertWebhook' },
  ClearAlertWebhook: { id: 'selfImprovement.clearAlertWebhook' },
} as const satisfies Record<string, CommandSpec>;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey]['id'];

/** The ids by name: `CommandId.ApproveImprovement` wherever a command is executed or put on a lens/status item. */
export const CommandId = Object.fromEntries(Object.entries(COMMANDS).map(([k, spec]) => [k, spec.id])) as { readonly [K in CommandKey]: (typeof COMMANDS)[K]['id'] };

/** Commands whose handler gets the engine first, and those whose handler gets only the command's arguments. */
export type EngineCommandId = Extract<(typeof COMMANDS)[CommandKey], { engine: true }>['id'];
export type PlainCommandId = Exclude<CommandId, EngineCommandId>;

const BY_ID = new Map<string, CommandSpec>(Object.values(COMMANDS).map((spec) => [spec.id, spec]));

export function commandSpec(id: CommandId): CommandSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`${id} is not in the command table (src/vscode/commands/commandTable.ts).`);
  return spec;
}
