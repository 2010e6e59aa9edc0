// The server the root hook (hooks.mjs) started, for the suites.
export interface TestPgServer {
  url: string;
  /** TLS with the certificate verified (sslmode=verify-full, the test CA). */
  tlsUrl: string;
  port: number;
  dir: string;
  start(): void;
  stop(): void;
  restart(): void;
  running(): boolean;
}

export function pgServer(): TestPgServer {
  const s = (globalThis as { __siTestPg?: TestPgServer }).__siTestPg;
  if (!s) throw new Error('No test PostgreSQL server: run these suites with `npm run test:pg` (test/pg/hooks.mjs starts it).');
  return s;
}
