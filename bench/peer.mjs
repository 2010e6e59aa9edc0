// Benchmark-only peers (better-sqlite3 compiles from C source here: no prebuilt binary can be downloaded),
// installed on first use into bench/.tmp/peers (git-ignored), never by a plain `npm install`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '.tmp/peers');

/** Requires `name` (installing `spec`, e.g. "better-sqlite3@12", the first time). */
export function requirePeer(name, spec = name) {
  const req = createRequire(path.join(dir, 'package.json'));
  try { return req(name); } catch { /* not installed yet */ }
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  console.error(`bench: installing ${spec} into ${path.relative(process.cwd(), dir)} (once; compiles native code)`);
  // npm_config_user_agent etc. from an outer npm must not steer this install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, spec], { stdio: 'inherit', env });
  return req(name);
}
