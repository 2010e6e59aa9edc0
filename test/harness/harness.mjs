// Shared harness: an isolated code-server (a real VS Code) + headless Debian Chromium driven by playwright-core.
// Adapted from ../shared/vscode-test-recipe (proven on this machine).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const CODE_SERVER = process.env.CODE_SERVER_BIN || path.join(ROOT, '.vscode-test/cs/code-server');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const t0 = Date.now();
export const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
export const log = (...a) => console.log(`[${elapsed()}]`, ...a);

export const freePort = () => new Promise((res, rej) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  s.on('error', rej);
});

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none',
  'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.colorTheme': 'Default Dark Modern',
};

/** Copies a folder (the demo or a test workspace) so tests never change the fixtures. */
export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/**
 * Starts code-server in temp dirs (or the given ones). `vsix` installs a package first; `env` adds
 * variables for the server and its extension host (e.g. SELF_IMPROVEMENT_SEED_DB).
 */
export async function startCodeServer({ vsix, extensionsDir, userDataDir, workspace, port, env: extraEnv = {}, rootDir, keepRoot, workspaceTrust = false } = {}) {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server not found at ${CODE_SERVER}: run scripts/install-code-server.sh (or set CODE_SERVER_BIN)`);
  const root = rootDir ? (fs.mkdirSync(rootDir, { recursive: true }), rootDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'si-vscode-'));
  const d = (n) => { const p = path.join(root, n); fs.mkdirSync(p, { recursive: true }); return p; };
  const ud = userDataDir || d('user-data'), ws = workspace ? path.resolve(workspace) : d('workspace'), xdg = d('xdg');
  const ext = extensionsDir || d('extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  const settingsFile = path.join(ud, 'User', 'settings.json');
  // workspaceTrust: a really untrusted workspace (Restricted Mode): trust on, never asked, the folder not trusted.
  const settings = workspaceTrust ? { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : USER_SETTINGS;
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  // Keep code-server's config.yaml / coder-logs out of $HOME and its vscode-*.sock files out of /tmp.
  const env = { ...process.env, ...extraEnv, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, TMPDIR: d('tmp') };
  env.SI_TEST_RESULTS ||= path.join(root, 'results.json');
  const common = ['--user-data-dir', ud, '--extensions-dir', ext];
  if (vsix) {
    execFileSync(CODE_SERVER, [...common, '--install-extension', vsix, '--force'], { env, stdio: 'pipe' });
    log('installed', path.basename(vsix));
  }
  port ||= await freePort();
  const logFile = fs.openSync(path.join(root, 'code-server.log'), 'w');
  const proc = spawn(CODE_SERVER, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', ws], { env, stdio: ['ignore', logFile, logFile], detached: true });
  const stop = () => { try { process.kill(-proc.pid, 'SIGTERM'); } catch {} }; // the whole process group
  process.on('exit', stop); // also on crashes: never leave code-server + extension host running
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(url + '/healthz')).ok) break; } catch {}
    if (i > 300 || proc.exitCode !== null) throw new Error('code-server did not start; see ' + root);
    await new Promise((r) => setTimeout(r, 100));
  }
  log('code-server up on', url);
  return { root, ws, url, port, proc, authority: `127.0.0.1:${port}`, resultsFile: env.SI_TEST_RESULTS, userDataDir: ud, stop, keepRoot };
}

export async function launchBrowser({ width = 1400, height = 900 } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'si-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width, height },
    env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile }, // keeps Crashpad out of ~/.config
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const close = context.close.bind(context);
  context.close = async () => { await close(); fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 }); };
  return context;
}

/** Tiny assertion collector that prints a closing "N passed, N failed" line. */
export function makeChecks() {
  const r = { passed: 0, failed: 0 };
  return {
    async check(name, fn) {
      try { await fn(); r.passed++; log('PASS', name); } catch (e) { r.failed++; log('FAIL', name, '-', String(e?.message ?? e).split('\n')[0]); }
    },
    summary() { console.log(`${r.passed} passed, ${r.failed} failed`); return r.failed === 0 && r.passed > 0; },
    get failed() { return r.failed; },
  };
}

/** Where e2e runs leave their screenshots. */
export const SHOTS = path.join(ROOT, 'test-results/screenshots');

/** The vsix under test (argv or the default package), or a failed run when there is none. */
export function vsixUnderTest(arg) {
  const vsix = path.resolve(arg || path.join(ROOT, 'self-improvement-engine.vsix'));
  if (!fs.existsSync(vsix)) { console.error(`no vsix at ${vsix}: run npm run package`); console.log('0 passed, 1 failed'); process.exit(1); }
  fs.mkdirSync(SHOTS, { recursive: true });
  return vsix;
}

/**
 * A fresh copy of the demo workspace as a git repository of its own (one commit), so experiments run in
 * clones of the demo — not of whatever repository the copy happens to sit in (this project's, under
 * .vscode-test/). Returns the folder.
 */
export function demoWorkspace(dest) {
  const ws = copyDir(path.join(ROOT, 'test/fixtures/demo'), dest);
  const git = (...args) => execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', '-c', 'init.defaultBranch=main',
    '-c', 'core.hooksPath=/dev/null', ...args], { cwd: ws, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'word-stats demo');
  return ws;
}

/** Seeds `seedDb` for the demo workspace `ws` through the engine and the demo's real probes. */
export function seedDemo(ws, seedDb, extraArgs = []) {
  execFileSync(process.execPath, [path.join(ROOT, 'out/seed/seed-demo.js'), '--db', seedDb, '--root', ws,
    '--wasm', path.join(ROOT, 'node_modules/sql.js/dist/sql-wasm.wasm'), ...extraArgs], { stdio: 'inherit' });
  // The seed wrote the measured baselines into the config: that is the demo's committed state.
  execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', 'commit', '-q', '-am', 'baselines measured on this machine'], { cwd: ws, stdio: 'pipe' });
}

/** A fresh demo workspace and a database the engine seeded against it. */
export function seededDemo(prefix) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const ws = demoWorkspace(path.join(tmp, 'word-stats'));
  const seedDb = path.join(tmp, 'seed.sqlite');
  seedDemo(ws, seedDb);
  return { tmp, ws, seedDb };
}

export async function waitUntil(what, fn, timeout = 20_000) {
  const end = Date.now() + timeout;
  while (!(await fn())) { if (Date.now() > end) throw new Error(`timed out: ${what}`); await new Promise((r) => setTimeout(r, 200)); }
}

/** Page helpers: checks that leave a screenshot when they fail, named screenshots, palette commands. */
export function pageHelpers(page, checks, failurePrefix) {
  let failShots = 0;
  return {
    check: (name, fn) => checks.check(name, async () => {
      try { await fn(); } catch (e) { await page.screenshot({ path: path.join(SHOTS, `${failurePrefix}-${++failShots}.png`) }).catch(() => {}); throw e; }
    }),
    shot: async (name, locator = page) => { const file = path.join(SHOTS, name); await locator.screenshot({ path: file }); log('screenshot', path.relative(ROOT, file)); },
    /** Runs a command from the palette by its title. */
    palette: async (title) => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const short = title.replace(/^Self-Improvement: /, '');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: short }).first().waitFor();
      await page.keyboard.press('Enter');
    },
  };
}

/**
 * The end of every e2e run (in its `finally`): the browser and server closed, temp folders removed when every
 * check passed (kept for debugging otherwise). Returns `ok`; the caller exits after its `finally`, so an error
 * thrown outside a check still fails the run.
 */
export async function finishRun(ok, { context, server, tmp }) {
  await context.close();
  server.stop();
  if (ok) { fs.rmSync(server.root, { recursive: true, force: true }); fs.rmSync(tmp, { recursive: true, force: true }); }
  else log('kept', server.root, 'and', tmp, 'for debugging (code-server.log inside)');
  return ok;
}
