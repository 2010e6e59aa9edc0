#!/usr/bin/env node
// VS Code's own CLI contract for extension tests, served by code-server's remote *node* extension host and
// driven by headless Chromium:
//   run-exthost-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [WORKSPACE_FOLDER]
// so it works as @vscode/test-electron's `vscodeExecutablePath`. Exit code = the test run's exit code.
// code-server rejects those flags, but its web workbench reads them from the URL query
// `payload=[["extensionDevelopmentPath",URI],["extensionTestsPath",URI]]`; when the tests finish the
// workbench calls window.codeAutomationExit(code, logs), which we expose via Playwright.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer, launchBrowser, log, copyDir } from '../harness/harness.mjs';

const opts = {}; const positional = [];
// Further --extensionDevelopmentPath folders (the test-only fake-lm extension) are packaged and installed:
// the web workbench keeps its payload in a Map, so only one extensionDevelopmentPath survives there.
const moreDevPaths = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const m = /^--(extensionDevelopmentPath|extensionTestsPath)(?:=(.*))?$/.exec(a);
  if (m && m[1] === 'extensionDevelopmentPath' && opts.extensionDevelopmentPath) moreDevPaths.push(m[2] ?? process.argv[++i]);
  else if (m) opts[m[1]] = m[2] ?? process.argv[++i];
  else if (!a.startsWith('-')) positional.push(a); // other VS Code flags (--disable-extensions, ...) are ignored
}
if (!opts.extensionDevelopmentPath || !opts.extensionTestsPath) {
  console.error('usage: run-exthost-tests.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
  process.exit(2);
}
const fixture = positional.find((p) => fs.existsSync(p) && fs.statSync(p).isDirectory());
const TIMEOUT_MS = Number(process.env.SI_TEST_TIMEOUT_MS || 300_000);

// Tests change files: run them on a copy of the fixture folder.
const wsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'si-exthost-ws-'));
const workspace = fixture ? copyDir(fixture, path.join(wsRoot, path.basename(fixture))) : undefined;
if (moreDevPaths.length > 1) { console.error('run-exthost-tests.mjs: at most two --extensionDevelopmentPath'); process.exit(2); }
const vsix = moreDevPaths.length ? path.join(wsRoot, `${path.basename(moreDevPaths[0])}.vsix`) : undefined;
if (vsix) {
  const { createVSIX } = await import('@vscode/vsce');
  await createVSIX({ cwd: path.resolve(moreDevPaths[0]), packagePath: vsix, allowMissingRepository: true, skipLicense: true, dependencies: false });
}
// SI_EXTHOST_UNTRUSTED=1: a really untrusted workspace (Restricted Mode) running only the untrusted suite.
const untrusted = process.env.SI_EXTHOST_UNTRUSTED === '1';
const server = await startCodeServer({ workspace, vsix, workspaceTrust: untrusted, env: untrusted ? { SI_TEST_SUITES: 'untrusted' } : {} });
const context = await launchBrowser();
let code = 1;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  let exit;
  const exited = new Promise((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationExit', (c, logs) => {
    for (const l of (c !== 0 && Array.isArray(logs) ? logs : [])) {
      fs.writeFileSync(path.join(server.root, 'browser-' + l.relativePath.replace(/[\\/]/g, '_')), l.contents);
    }
    exit(c);
  });
  page.on('console', (m) => { // extension-host console.log lines are forwarded to the browser console
    const text = m.text().replace(/^%c\s*\w+\s+color:\s*#\w+\s*/, '');
    if (/^[✔✘] /.test(text)) console.log('  [exthost]', text);
  });
  const remote = (p) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(opts.extensionTestsPath)],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.ws)}&payload=${encodeURIComponent(payload)}`);
  code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  log('extension host exited with', code);
  if (fs.existsSync(server.resultsFile)) { // written by our mocha runner (src/test/suite/index.ts)
    const res = JSON.parse(fs.readFileSync(server.resultsFile, 'utf8'));
    for (const r of res.results) console.log(`  ${r.state === 'passed' ? 'ok  ' : 'FAIL'} ${r.title}${r.error ? '\n      ' + r.error.split('\n').slice(0, 3).join('\n      ') : ''}`);
    console.log(`${res.passed} passed, ${res.failed} failed`);
    if (code === 0 && (res.failed > 0 || res.passed === 0)) code = 1;
  } else {
    console.log('0 passed, 0 failed (no results file: the test run did not start)');
    code = 1;
  }
} finally {
  await context.close();
  server.stop();
  if (code === 0) { fs.rmSync(server.root, { recursive: true, force: true }); fs.rmSync(wsRoot, { recursive: true, force: true }); }
  else log('kept', server.root, 'for debugging (code-server.log, browser-*.log)');
}
process.exit(code === 0 ? 0 : 1);
