// A throw-away PostgreSQL server for the team tests: Debian's postgresql (installed with apt-get when we are
// root and it is missing), initdb in a temporary data directory, postgres on a free loopback port with its
// unix socket in that directory, one database, TLS available (self-signed, CN=localhost) but not required.
// postgres refuses to run as root: as root, every server process runs as the `postgres` system user (created
// by the Debian package) and the directory is owned by it. Stopped and removed afterwards; a directory left by
// a crashed run (its owner pid is dead) is stopped and removed at the next start.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'si-pg-';
export const DB_NAME = 'si_team_test';
export const DB_USER = 'si';
export const DB_PASSWORD = 'si-test-password';

export class PgSetupError extends Error {
  constructor(message) { super(message); this.code = 'PG_SETUP'; }
}

function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function ensureInstalled(log) {
  let bin = findBinDir();
  if (bin) return bin;
  if (process.getuid?.() !== 0) {
    throw new PgSetupError('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres). Install it once with `sudo apt-get install -y postgresql` (Debian/Ubuntu), then run `npm run test:pg` again.');
  }
  log('PostgreSQL not found: installing Debian\'s postgresql with apt-get …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new PgSetupError(`apt-get ${args.join(' ')} failed (exit ${r.status}); install postgresql by hand and retry.`);
  }
  bin = findBinDir();
  if (!bin) throw new PgSetupError('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/postgres was found.');
  return bin;
}

/** As root: the uid/gid of the `postgres` user; otherwise null (we run as ourselves). */
function serverUser() {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new PgSetupError('Running as root but there is no `postgres` system user (the Debian postgresql package creates it); postgres refuses to run as root.');
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (err) { return err.code === 'EPERM'; }
}

/** Stops and removes servers left behind by runs that died (their owner process is gone). */
function reapStale(binDir, user, log) {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    let owner = NaN;
    try { owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8')); } catch { /* half-made dir */ }
    if (Number.isFinite(owner) && isAlive(owner)) continue;
    log(`removing a test server left by a crashed run: ${dir}`);
    if (fs.existsSync(path.join(dir, 'data', 'postmaster.pid'))) {
      spawnSync(path.join(binDir, 'pg_ctl'), ['stop', '-D', path.join(dir, 'data'), '-m', 'immediate', '-w'], { stdio: 'ignore', ...(user ?? {}) });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(bin, args, user, what) {
  const r = spawnSync(bin, args, { encoding: 'utf8', ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new PgSetupError(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim()}`);
  return r.stdout;
}

/**
 * Starts a fresh server. Returns { url, tlsUrl, stop(), start(), restart(), binDir, dir }. stop()/start() keep
 * the data (for "the server went away mid-sync" tests); destroy() stops it and removes the directory.
 */
export async function startPgServer({ log = (m) => console.error(`[pg] ${m}`) } = {}) {
  const binDir = ensureInstalled(log);
  const user = serverUser();
  reapStale(binDir, user, log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, DB_PASSWORD + '\n');
  // Self-signed certificate for localhost, so tests can connect with sslmode=verify-full.
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
    '-days', '2', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  fs.chmodSync(key, 0o600);
  if (user) {
    for (const f of [dir, pwfile, cert, key, path.join(dir, 'owner.pid')]) fs.chownSync(f, user.uid, user.gid);
  }
  run(path.join(binDir, 'initdb'), ['-D', data, '-U', DB_USER, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8'], user, 'initdb');
  const port = await freePort();
  const options = [
    '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`, '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60',
    '-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`,
  ].map((o) => (o.includes(' ') ? `'${o}'` : o)).join(' ');
  const logFile = path.join(dir, 'server.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  const server = {
    binDir, dir, port, cert,
    url: `postgres://${DB_USER}:${encodeURIComponent(DB_PASSWORD)}@127.0.0.1:${port}/${DB_NAME}`,
    /** TLS with the certificate verified (the host name must be localhost for that). */
    tlsUrl: `postgres://${DB_USER}:${encodeURIComponent(DB_PASSWORD)}@localhost:${port}/${DB_NAME}?sslmode=verify-full&sslrootcert=${encodeURIComponent(cert)}`,
    start() { run(pgCtl, ['start', '-D', data, '-w', '-t', '60', '-l', logFile, '-o', options], user, 'pg_ctl start'); },
    /** Fast shutdown: open connections are terminated, as when a server restarts. */
    stop() { run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60'], user, 'pg_ctl stop'); },
    restart() { server.stop(); server.start(); },
    running() { return spawnSync(pgCtl, ['status', '-D', data], { ...(user ?? {}) }).status === 0; },
    destroy() {
      try { if (server.running()) spawnSync(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], { stdio: 'ignore', ...(user ?? {}) }); } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    log() { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } },
  };
  try {
    server.start();
    run(path.join(binDir, 'createdb'), ['-h', dir, '-p', String(port), '-U', DB_USER, DB_NAME], user, 'createdb');
  } catch (err) {
    const tail = server.log().split('\n').slice(-20).join('\n');
    server.destroy();
    throw new PgSetupError(`${err.message}\n${tail}`);
  }
  log(`PostgreSQL ${path.basename(path.dirname(binDir))} on 127.0.0.1:${port} (data in ${dir})`);
  return server;
}
