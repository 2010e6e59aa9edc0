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

let databases = 0;
/** A new, empty database on the test server (each suite gets its own team store); returns its URL. */
export async function freshDatabase(prefix = 'team'): Promise<string> {
  const { Client } = await import('pg');
  const name = `${prefix}_${process.pid}_${++databases}`;
  const admin = new Client({ connectionString: pgServer().url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(pgServer().url);
  url.pathname = `/${name}`;
  return url.toString();
}
