// Team store errors: each carries a stable `code` (compare codes, never class names: bundles differ) and a
// message that says what to do next. Local work is never lost by any of them.
export type TeamErrorCode =
  | 'TEAM_NOT_CONFIGURED'
  | 'TEAM_URL_INVALID'
  | 'TEAM_UNREACHABLE'
  | 'TEAM_AUTH_FAILED'
  | 'TEAM_PRIVILEGES'
  | 'TEAM_SCHEMA_NEWER'
  | 'TEAM_AUDIT_CHAIN_BROKEN'
  | 'TEAM_LOCAL_READ_ONLY'
  | 'TEAM_RUN_INVALID';

export class TeamError extends Error {
  constructor(readonly code: TeamErrorCode, message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'TeamError';
  }
}

export function isTeamError(err: unknown, code?: TeamErrorCode): err is TeamError {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    && (err as { code: string }).code.startsWith('TEAM_') && (code === undefined || (err as { code: string }).code === code);
}

// node-postgres / Node socket error codes that mean "the server is not there right now".
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** Turns a driver error into a TeamError with a next step; TeamErrors pass through. */
export function teamErrorFrom(err: unknown, where: string): TeamError {
  if (isTeamError(err)) return err as TeamError;
  const e = err as { code?: string; message?: string };
  const detail = e?.message ?? String(err);
  if (e?.code === '28P01' || e?.code === '28000') {
    return new TeamError('TEAM_AUTH_FAILED', `The team store at ${where} refused the credentials (${detail}). Check the user and password in SELF_IMPROVEMENT_TEAM_URL (or run "Self-Improvement: Connect Team Store…" again).`, err);
  }
  if (e?.code === '42501') {
    return new TeamError('TEAM_PRIVILEGES', `The team store at ${where} refused an operation for lack of privileges (${detail}). See docs/team.md for the privileges the team user needs.`, err);
  }
  if ((e?.code && UNREACHABLE.has(e.code)) || /Connection terminated|connect ECONN|timeout|server closed the connection|terminating connection/i.test(detail)) {
    return new TeamError('TEAM_UNREACHABLE', `The team store at ${where} is not reachable (${detail}). Nothing local was lost; sync again when it is back (it resumes where it stopped).`, err);
  }
  return new TeamError('TEAM_UNREACHABLE', `The team store at ${where} failed: ${detail}. Nothing local was lost; sync again later.`, err);
}
