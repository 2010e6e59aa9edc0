// Stable error codes. Bundles are minified separately (extension, engine chunk, MCP server, CLI), so class
// names and `instanceof` across them mean nothing; adapters match an error by its `code` with hasErrorCode.
// Tiny and dependency-free on purpose: the thin bundles may import it by value.

export const ErrorCode = {
  UnknownCapability: 'SI_UNKNOWN_CAPABILITY',
  NotFound: 'SI_NOT_FOUND',
  DuplicateName: 'SI_DUPLICATE_NAME',
  InvalidInput: 'SI_INVALID_INPUT',
  FileChanged: 'SI_FILE_CHANGED',
  InvalidState: 'SI_INVALID_STATE',
  ReadOnly: 'SI_READ_ONLY',
  HunkMismatch: 'SI_HUNK_MISMATCH',
  Untrusted: 'SI_UNTRUSTED',
  ProbeParse: 'SI_PROBE_PARSE',
  ProbeCommand: 'SI_PROBE_COMMAND',
  ProbeTimeout: 'SI_PROBE_TIMEOUT',
  ProbeCancelled: 'SI_PROBE_CANCELLED',
  DatabaseBusy: 'SI_DATABASE_BUSY',
  DatabaseCorrupt: 'SI_DATABASE_CORRUPT',
  NewerSchema: 'SI_NEWER_SCHEMA',
  ForeignDatabase: 'SI_FOREIGN_DATABASE',
  DatabaseUnwritable: 'SI_DATABASE_UNWRITABLE',
  AbSetup: 'SI_AB_SETUP',
  AbRun: 'SI_AB_RUN',
  Git: 'SI_GIT',
  HumanOnly: 'SI_HUMAN_ONLY',
  ToolInput: 'SI_TOOL_INPUT',
  DraftAnswer: 'SI_DRAFT_ANSWER',
  DraftFiles: 'SI_DRAFT_FILES',
  DraftModel: 'SI_DRAFT_MODEL',
  DatabaseInUse: 'SI_DATABASE_IN_USE',
  /** A command needs .vscode/self-improvement.json and no folder has one: adapters offer Set Up. */
  NoConfig: 'SI_NO_CONFIG',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** True when `err` carries the stable `code` (works across bundles, and on plain objects from a worker or a JSON round trip). */
export function hasErrorCode(err: unknown, ...codes: ErrorCode[]): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (codes as string[]).includes(code);
}
